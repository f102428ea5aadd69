// blocking-the-loop: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> blockingTheLoop(const Params&, const std::string&)
{
    throw RuntimeError("lesson blocking-the-loop has no program yet");
    co_return "";
}

std::vector<Prediction> blockingTheLoopPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
