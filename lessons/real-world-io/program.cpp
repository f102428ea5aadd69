// real-world-io: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> realWorldIo(const Params&, const std::string&)
{
    throw RuntimeError("lesson real-world-io has no program yet");
    co_return "";
}

std::vector<Prediction> realWorldIoPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
