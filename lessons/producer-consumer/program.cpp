// producer-consumer: not written yet.

#include "lessons/programs.h"

namespace loopscope::lessons::programs {

Task<std::string> producerConsumer(const Params&, const std::string&)
{
    throw RuntimeError("lesson producer-consumer has no program yet");
    co_return "";
}

std::vector<Prediction> producerConsumerPredictions()
{
    return {};
}

} // namespace loopscope::lessons::programs
