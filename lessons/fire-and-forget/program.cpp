// fire-and-forget: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> fireAndForget(const Params&, const std::string&)
{
    throw RuntimeError("lesson fire-and-forget has no program yet");
    co_return "";
}

std::vector<Prediction> fireAndForgetPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
