// async-generators: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> asyncGenerators(const Params&, const std::string&)
{
    throw RuntimeError("lesson async-generators has no program yet");
    co_return "";
}

std::vector<Prediction> asyncGeneratorsPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
