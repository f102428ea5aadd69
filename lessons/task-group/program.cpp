// task-group: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> taskGroup(const Params&, const std::string&)
{
    throw RuntimeError("lesson task-group has no program yet");
    co_return "";
}

std::vector<Prediction> taskGroupPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
