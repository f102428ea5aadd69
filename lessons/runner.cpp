#include "runner.h"

namespace loopscope::lessons {

VariantRun runVariant(const Lesson& lesson, const Params& params, const std::string& variant)
{
    VariantRun run;
    run.variant = variant;
    run.loop = std::make_unique<EventLoop>();
    run.trace = std::make_unique<Trace>(run.loop->sharedMeta());
    Recorder recorder(*run.trace);
    run.loop->addInstrument(recorder);
    TaskRef<std::string> main;
    const auto outcome = run.loop->run(lesson.program(params, variant), &main);
    run.total = outcome.total;
    run.deadlocked = outcome.deadlocked;
    if (main && main.done()) {
        if (auto error = main->exception())
            run.error = describeException(error);
        else
            run.result = main.result();
    } else if (outcome.deadlocked) {
        run.error = "deadlock";
    }
    main = {};
    run.loop->removeInstrument(recorder);
    return run;
}

std::vector<VariantRun> runAllVariants(const Lesson& lesson, const Params& params)
{
    std::vector<VariantRun> runs;
    for (const auto& variant : lesson.variants)
        runs.push_back(runVariant(lesson, params, variant));
    return runs;
}

} // namespace loopscope::lessons
