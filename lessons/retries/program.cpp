// retries: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> retries(const Params&, const std::string&)
{
    throw RuntimeError("lesson retries has no program yet");
    co_return "";
}

std::vector<Prediction> retriesPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
