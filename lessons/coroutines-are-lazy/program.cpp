// coroutines-are-lazy: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> coroutinesAreLazy(const Params&, const std::string&)
{
    throw RuntimeError("lesson coroutines-are-lazy has no program yet");
    co_return "";
}

std::vector<Prediction> coroutinesAreLazyPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
