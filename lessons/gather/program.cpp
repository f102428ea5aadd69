// gather: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> gather(const Params&, const std::string&)
{
    throw RuntimeError("lesson gather has no program yet");
    co_return "";
}

std::vector<Prediction> gatherPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
