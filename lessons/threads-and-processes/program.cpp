// threads-and-processes: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> threadsAndProcesses(const Params&, const std::string&)
{
    throw RuntimeError("lesson threads-and-processes has no program yet");
    co_return "";
}

std::vector<Prediction> threadsAndProcessesPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
