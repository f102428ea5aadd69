// cancellation: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> cancellation(const Params&, const std::string&)
{
    throw RuntimeError("lesson cancellation has no program yet");
    co_return "";
}

std::vector<Prediction> cancellationPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
