// event-loop: n fetches wait together; the loop is busy only for slivers. Mirrors listing.py
// line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

struct FetchResult
{
    std::int64_t id;
    std::string status;
};

Task<FetchResult> fetch(std::int64_t i, double start, double delay)
{
    EventLoop& loop = runningLoop();
    line(12);
    print("fetch " + std::to_string(i) + ": start at " + fixed2(loop.time() - start) + " s");
    line(14);
    co_await asyncio::sleep(delay);
    line(15);
    print("fetch " + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s");
    co_return FetchResult{i, "ok"};
}

} // namespace

Task<std::string> eventLoop(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n");
    const double delay = params.number("delay");
    const double start = loop.time();
    line(23);
    std::vector<TaskRef<FetchResult>> tasks;
    for (std::int64_t i = 1; i <= n; ++i)
        tasks.push_back(loop.createTask(fetch(i, start, delay), "fetch-" + std::to_string(i)));
    line(25);
    auto results = co_await gather(std::move(tasks));
    line(26);
    print("main: " + std::to_string(results.size()) + " results after " + fixed2(loop.time() - start) + " s");
    const std::string first =
        "{'id': " + std::to_string(results[0].id) + ", 'status': '" + results[0].status + "'}";
    line(27);
    print("main: first result " + first);
    co_return "";
}

std::vector<Prediction> eventLoopPredictions()
{
    return {
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How many fetches are waiting at the same moment, just after they all start?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // Every fetch that started (line 12) before the first finished (line 15) is waiting.
             return std::to_string(printsBefore(runs.front(), 12, 15));
         }},
    };
}

} // namespace loopscope::lessons::programs
