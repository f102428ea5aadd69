// timeouts: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> timeouts(const Params&, const std::string&)
{
    throw RuntimeError("lesson timeouts has no program yet");
    co_return "";
}

std::vector<Prediction> timeoutsPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
