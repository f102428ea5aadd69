// graceful-shutdown: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> gracefulShutdown(const Params&, const std::string&)
{
    throw RuntimeError("lesson graceful-shutdown has no program yet");
    co_return "";
}

std::vector<Prediction> gracefulShutdownPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
