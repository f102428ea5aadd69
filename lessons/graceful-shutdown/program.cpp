// graceful-shutdown: cancel the workers at `at`, let each clean up, then gather them with
// return_exceptions=True. Mirrors listing.py line for line; line() numbers are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

constexpr double kJob = 0.7; // JOB: seconds one job takes

Task<void> worker(std::string name, double start, double cleanup)
{
    EventLoop& loop = runningLoop();
    std::int64_t jobs = 0;
    line(16);
    print(name + ": started");
    std::exception_ptr cancelled;
    try {
        for (;;) {
            line(19);
            co_await asyncio::sleep(kJob);
            ++jobs;
        }
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    line(22);
    print(name + ": cancelled after " + std::to_string(jobs) + " jobs at " + fixed2(loop.time() - start) +
          " s, cleaning up");
    line(23);
    co_await asyncio::sleep(cleanup); // e.g. flush buffers, close connections
    line(24);
    print(name + ": cleanup done at " + fixed2(loop.time() - start) + " s");
    line(25);
    std::rethrow_exception(cancelled); // re-raise, so the task really ends cancelled
}

} // namespace

Task<std::string> gracefulShutdown(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t workers = params.integer("workers");
    const double at = params.number("at");
    const double cleanup = params.number("cleanup");
    const double start = loop.time();
    line(31);
    std::vector<std::string> names;
    for (std::int64_t i = 1; i <= workers; ++i)
        names.push_back("worker-" + std::to_string(i));
    line(32);
    std::vector<TaskRef<void>> tasks;
    for (const auto& name : names)
        tasks.push_back(loop.createTask(worker(name, start, cleanup), name));
    line(33);
    co_await asyncio::sleep(at);
    line(34);
    print("main: shutting down at " + fixed2(loop.time() - start) + " s");
    for (auto& task : tasks) {
        line(36);
        task.cancel();
    }
    line(39);
    const auto results = co_await gatherReturnExceptions(tasks);
    line(40);
    std::int64_t cancelled = 0;
    for (const auto& r : results)
        cancelled += r.error && isCancellation(r.error);
    line(41);
    print("main: " + std::to_string(cancelled) + " of " + std::to_string(workers) + " workers cancelled at " +
          fixed2(loop.time() - start) + " s");
    line(42);
    const std::size_t pending = loop.pendingTasks() - 1; // every unfinished task but main itself
    line(43);
    print("main: " + std::to_string(pending) + " other tasks still pending");
    co_return "";
}

std::vector<Prediction> gracefulShutdownPredictions()
{
    return {
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How many jobs has worker-1 finished when it is cancelled?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // Each job is one sleep: the steps worker-1 took on after a sleep, before the cancel.
             const VariantRun& run = runs.front();
             return std::to_string(stepsBeforeCancel(*run.trace, taskNamed(run, "worker-1")));
         }},
    };
}

} // namespace loopscope::lessons::programs
