#pragma once
// Runs one variant of a lesson on a fresh loop with a recorder: the trace and a summary.

#include "core/recorder.h"
#include "core/trace.h"
#include "lesson.h"

#include <memory>

namespace loopscope::lessons {

struct VariantRun
{
    std::string variant;
    TimeNs total = 0;
    std::string result;
    std::string error;       // main's failure, "TypeName: message"
    bool deadlocked = false;
    std::unique_ptr<EventLoop> loop; // kept for its console and warnings
    std::unique_ptr<Trace> trace;
};

VariantRun runVariant(const Lesson& lesson, const Params& params, const std::string& variant);

// Every variant, in the lesson's order: what prediction answers are computed from.
std::vector<VariantRun> runAllVariants(const Lesson& lesson, const Params& params);

} // namespace loopscope::lessons
