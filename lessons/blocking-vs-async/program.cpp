// blocking-vs-async: the same n jobs, once with a blocking time.sleep inside each coroutine
// (sequential) and once with an awaited asyncio.sleep (concurrent). Mirrors listing.py line for
// line; the numbers passed to line() are the listing's lines.

#include "lessons/answers.h"
#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

Task<void> job(std::int64_t i, double start, double delay, bool sequential)
{
    EventLoop& loop = runningLoop();
    line(14);
    print("job " + std::to_string(i) + ": start at " + fixed2(loop.time() - start) + " s");
    line(15);
    if (sequential) {
        // time.sleep never gives control back: the loop is stuck until it returns.
        line(17);
        blockingSleep(delay);
    } else {
        // await hands control to the loop, which starts the other jobs meanwhile.
        line(20);
        co_await asyncio::sleep(delay);
    }
    line(21);
    print("job " + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s");
}

} // namespace

Task<std::string> blockingVsAsync(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n");
    const double delay = params.number("delay");
    const bool sequential = variant == "sequential";
    const std::string name = variant; // the listing prints the variant's name
    const double start = loop.time();
    line(28);
    std::vector<TaskRef<void>> tasks;
    for (std::int64_t i = 1; i <= n; ++i)
        tasks.push_back(loop.createTask(job(i, start, delay, sequential), "job-" + std::to_string(i)));
    line(29);
    co_await gather(std::move(tasks));
    line(30);
    const double total = loop.time() - start;
    line(31);
    print("main: " + name + " took " + fixed2(total) + " s");
    line(32);
    print("main: speed-up over one-after-another: " + fixed2(double(n) * delay / total) + "x");
    co_return "";
}

std::vector<Prediction> blockingVsAsyncPredictions()
{
    // runs[0] is `sequential`, runs[1] is `concurrent` (the lesson's variant order).
    return {
        {"How many seconds will the sequential run (time.sleep) take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(0).total)); }},
        {"How many seconds will the concurrent run (await asyncio.sleep) take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(1).total)); }},
        {"In the sequential run, how many jobs have started when job 1 is done?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // Jobs that started (line 14) before job 1 printed that it is done (line 21).
             const VariantRun& run = runs.at(0);
             return std::to_string(printsBefore(run, 14, 21, taskNamed(run, "job-1")));
         }},
    };
}

} // namespace loopscope::lessons::programs
