// complexity: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> complexity(const Params&, const std::string&)
{
    throw RuntimeError("lesson complexity has no program yet");
    co_return "";
}

std::vector<Prediction> complexityPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
