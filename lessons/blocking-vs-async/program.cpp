// blocking-vs-async: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> blockingVsAsync(const Params&, const std::string&)
{
    throw RuntimeError("lesson blocking-vs-async has no program yet");
    co_return "";
}

std::vector<Prediction> blockingVsAsyncPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
