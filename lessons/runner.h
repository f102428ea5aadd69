#pragma once
// Runs one variant of a lesson on a fresh loop with a recorder. What comes back is the variant's
// recording (core/recording.h): its trace and how it ended; the loop is gone.

#include "core/recording.h"
#include "lesson.h"

namespace loopscope::lessons {

VariantRun runVariant(const Lesson& lesson, const Params& params, const std::string& variant);

// Every variant, in the lesson's order: what prediction answers are computed from.
std::vector<VariantRun> runAllVariants(const Lesson& lesson, const Params& params);

} // namespace loopscope::lessons
