#include "runner.h"

#include "session.h"

namespace loopscope::lessons {

VariantRun runVariant(const Lesson& lesson, const Params& params, const std::string& variant)
{
    LessonSession session(lesson, params, variant);
    while (session.advance()) {
    }
    return session.takeResult();
}

std::vector<VariantRun> runAllVariants(const Lesson& lesson, const Params& params)
{
    std::vector<VariantRun> runs;
    for (const auto& variant : lesson.variants)
        runs.push_back(runVariant(lesson, params, variant));
    return runs;
}

} // namespace loopscope::lessons
