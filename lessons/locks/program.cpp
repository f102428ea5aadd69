// locks: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> locks(const Params&, const std::string&)
{
    throw RuntimeError("lesson locks has no program yet");
    co_return "";
}

std::vector<Prediction> locksPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
