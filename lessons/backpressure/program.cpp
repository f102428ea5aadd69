// backpressure: n fetches of t seconds, through Semaphore(k) (bounded) or all at once (unbounded).
// Mirrors listing.py; the numbers passed to line() are the listing's lines. The in-flight counters
// live in the run (the listing's globals), so the peak is known and printed for both variants.

#include "lessons/answers.h"
#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <algorithm>
#include <optional>

namespace loopscope::lessons::programs {

namespace {

constexpr std::int64_t kShow = 3; // SHOW: print a line for the first SHOW fetches only

struct InFlight
{
    std::int64_t now = 0;  // in_flight
    std::int64_t peak = 0; // peak
};

Task<void> download(std::int64_t i, double start, double t, InFlight& flight)
{
    EventLoop& loop = runningLoop();
    line(19);
    ++flight.now;
    line(20);
    flight.peak = std::max(flight.peak, flight.now);
    line(21);
    co_await asyncio::sleep(t);
    line(22);
    --flight.now;
    line(23);
    if (i < kShow) {
        line(24);
        print("fetch " + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s, " +
              std::to_string(flight.now) + " still in flight");
    }
}

Task<void> fetch(std::int64_t i, Semaphore* limit, double start, double t, InFlight& flight)
{
    line(28);
    if (!limit) {
        line(29);
        co_await download(i, start, t, flight);
        line(30);
        co_return;
    }
    line(31);
    auto slot = co_await limit->hold();
    line(32);
    co_await download(i, start, t, flight);
}

} // namespace

Task<std::string> backpressure(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n"), k = params.integer("k");
    const double t = params.number("t");
    InFlight flight;
    line(37);
    const double start = loop.time();
    line(38);
    std::optional<Semaphore> limit;
    if (variant == "bounded")
        limit.emplace(k, "limit");
    line(39);
    std::vector<TaskRef<void>> tasks;
    tasks.reserve(std::size_t(n));
    for (std::int64_t i = 0; i < n; ++i)
        tasks.push_back(loop.createTask(fetch(i, limit ? &*limit : nullptr, start, t, flight),
                                        "fetch-" + std::to_string(i)));
    line(40);
    co_await gather(std::move(tasks));
    line(41);
    print("main: " + variant + ", " + std::to_string(n) + " fetches in " + fixed2(loop.time() - start) + " s");
    line(42);
    print("main: peak in flight " + std::to_string(flight.peak));
    co_return "";
}

std::vector<Prediction> backpressurePredictions()
{
    // runs[0] is bounded, runs[1] unbounded (the lesson's variant order).
    return {
        {"How many seconds will the bounded run take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(0).total)); }},
        {"How many seconds will the unbounded run take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(1).total)); }},
        {"How many fetches will be in flight at once, at the peak of the unbounded run?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // A fetch is in flight while it sleeps in its download.
             return std::to_string(peakWaiting(*runs.at(1).trace, WaitKind::Sleep));
         }},
    };
}

} // namespace loopscope::lessons::programs
