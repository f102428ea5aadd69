// context-vars: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> contextVars(const Params&, const std::string&)
{
    throw RuntimeError("lesson context-vars has no program yet");
    co_return "";
}

std::vector<Prediction> contextVarsPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
