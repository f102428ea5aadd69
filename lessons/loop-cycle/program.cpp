// loop-cycle: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> loopCycle(const Params&, const std::string&)
{
    throw RuntimeError("lesson loop-cycle has no program yet");
    co_return "";
}

std::vector<Prediction> loopCyclePredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
