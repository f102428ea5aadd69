// backpressure: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> backpressure(const Params&, const std::string&)
{
    throw RuntimeError("lesson backpressure has no program yet");
    co_return "";
}

std::vector<Prediction> backpressurePredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
