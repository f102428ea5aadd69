// asyncio-run: the life of asyncio.run(main()); with `nested`, main calls asyncio.run again inside
// the running loop and fails with RuntimeError. Mirrors listing.py line for line. The loop's own
// lifecycle (created, running main, cancelling leftovers, closed) is recorded by EventLoop::run,
// which the runner calls the way the listing's last line calls asyncio.run.

#include "core/replay.h"
#include "lessons/answers.h"
#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace asyncio_run {

Task<void> ticker()
{
    try {
        while (true) {
            line(12);
            co_await asyncio::sleep(0.5);
            line(13);
            print("ticker: tick");
        }
    } catch (const CancelledError&) {
        // Nobody awaits this task; asyncio.run cancels it when main returns.
        line(16);
        print("ticker: cancelled by asyncio.run on its way out");
        throw;
    }
}

// Python's asyncio.sleep is a coroutine function: calling it builds a coroutine object that does
// nothing yet. asyncio::sleep is an awaitable operation, so this wraps it into such an object.
Task<void> sleep(double seconds)
{
    co_await asyncio::sleep(seconds);
}

// The final state of the task named `name` at the end of the run.
std::string finalState(const VariantRun& run, std::string_view name)
{
    Replay replay(*run.trace);
    const ReplayState& end = replay.stateAfter(run.trace->size());
    for (std::size_t id = 1; id < end.tasks.size(); ++id) {
        if (!end.tasks[id].exists || run.trace->meta().taskName(TaskId(std::uint32_t(id))) != name)
            continue;
        switch (end.tasks[id].phase) {
        case TaskPhase::Done: return "done";
        case TaskPhase::Failed: return "failed";
        case TaskPhase::Cancelled: return "cancelled";
        default: return "still pending";
        }
    }
    return "still pending";
}

} // namespace asyncio_run

Task<std::string> asyncioRun(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const bool nested = params.flag("nested");
    line(21);
    print("main: running in the loop that asyncio.run created");
    line(22);
    TaskRef<void> background = loop.createTask(asyncio_run::ticker(), "ticker");
    line(23);
    co_await asyncio::sleep(1.2);
    line(24);
    if (nested) {
        line(25);
        print("main: calling asyncio.run() inside the running loop");
        line(26);
        Task<void> inner = asyncio_run::sleep(0.1);
        // Raises RuntimeError: one thread runs one loop at a time. We let it escape, so main's
        // task fails with it and asyncio.run re-raises it after cleaning up.
        line(30);
        EventLoop fresh;
        // run() takes the coroutine by value and, refusing it, destroys it on the way out. The
        // listing closes it (line 32) so that no never-awaited warning follows; here it has to
        // be marked as taken before the hand-over for the same effect.
        inner.claim();
        fresh.run(std::move(inner));
    }
    line(33);
    print("main: returning; " + loop.meta().taskName(background->id()) + " is still pending");
    co_return "";
}

std::vector<Prediction> asyncioRunPredictions()
{
    static const std::string returns = "it returns normally";
    static const std::string fails = "it fails with RuntimeError";
    static const std::vector<std::string> states = {"done", "failed", "cancelled", "still pending"};
    return {
        {"How many times does the ticker tick?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // One tick per sleep the ticker wakes from before asyncio.run cancels it.
             const VariantRun& run = runs.front();
             return std::to_string(stepsBeforeCancel(*run.trace, taskNamed(run, "ticker")));
         }},
        {"How does the ticker task end?", AnswerKind::Choice, states,
         [](const std::vector<VariantRun>& runs) { return asyncio_run::finalState(runs.front(), "ticker"); }},
        {"How does main's task end?", AnswerKind::Choice, {returns, fails},
         [](const std::vector<VariantRun>& runs) {
             return runs.front().error.rfind("RuntimeError", 0) == 0 ? fails : returns;
         }},
    };
}

} // namespace loopscope::lessons::programs
