// asyncio-run: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> asyncioRun(const Params&, const std::string&)
{
    throw RuntimeError("lesson asyncio-run has no program yet");
    co_return "";
}

std::vector<Prediction> asyncioRunPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
