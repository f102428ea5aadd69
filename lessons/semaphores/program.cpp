// semaphores: n jobs through Semaphore(k), each holding a slot for t seconds. Mirrors listing.py.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

Task<void> job(std::int64_t i, Semaphore& slots, double start, std::int64_t k, double t, std::int64_t& inUse)
{
    EventLoop& loop = runningLoop();
    line(16);
    auto slot = co_await slots.hold();
    ++inUse;
    line(18);
    print("job " + std::to_string(i) + ": slot taken at " + fixed2(loop.time() - start) + " s, " +
          std::to_string(inUse) + " of " + std::to_string(k) + " in use");
    line(19);
    co_await asyncio::sleep(t);
    --inUse;
    line(21);
    print("job " + std::to_string(i) + ": slot freed at " + fixed2(loop.time() - start) + " s");
}

} // namespace

Task<std::string> semaphores(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n"), k = params.integer("k");
    const double t = params.number("t");
    const double start = loop.time();
    std::int64_t inUse = 0;
    Semaphore slots(k, "slots");
    line(28);
    std::vector<TaskRef<void>> tasks;
    for (std::int64_t i = 1; i <= n; ++i)
        tasks.push_back(loop.createTask(job(i, slots, start, k, t, inUse), "job-" + std::to_string(i)));
    line(29);
    co_await gather(std::move(tasks));
    line(31);
    print("main: " + std::to_string(n) + " jobs in " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> semaphoresPredictions()
{
    return {
        {"How many seconds will all the jobs take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"At most how many jobs hold a slot at the same time?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // The semaphore's own count of permits in use, as recorded.
             return std::to_string(peakCounter(*runs.front().trace, ObjectKind::Semaphore));
         }},
    };
}

} // namespace loopscope::lessons::programs
