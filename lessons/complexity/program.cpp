// complexity: a sweep of n from 1 to max_n; for each n, n fetches of t seconds one after another,
// all at once, or k at a time through a Semaphore. Each printed line is one point of the plot of
// total time against n. Mirrors listing.py; line() numbers are the listing's lines.

#include "lessons/answers.h"
#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

// 1, 2, 5, 10, 20, 50, ... up to max_n, and always max_n itself.
std::vector<std::int64_t> sweep(std::int64_t maxN)
{
    std::vector<std::int64_t> sizes;
    for (std::int64_t step = 1; step <= maxN; step *= 10)
        for (std::int64_t m : {1, 2, 5})
            if (m * step <= maxN)
                sizes.push_back(m * step);
    if (sizes.back() != maxN)
        sizes.push_back(maxN);
    return sizes;
}

Task<void> fetch(double t, Semaphore* limit = nullptr)
{
    line(25);
    if (!limit) {
        line(26);
        co_await asyncio::sleep(t);
        line(27);
        co_return;
    }
    line(28);
    auto slot = co_await limit->hold();
    line(29);
    co_await asyncio::sleep(t);
}

Task<void> run(std::int64_t n, const std::string& variant, std::int64_t k, double t)
{
    line(33);
    if (variant == "sequential") {
        for (std::int64_t i = 0; i < n; ++i) {
            line(35);
            co_await fetch(t);
        }
    } else if (variant == "concurrent") {
        line(37);
        std::vector<Task<void>> fetches;
        fetches.reserve(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            fetches.push_back(fetch(t));
        co_await gather(std::move(fetches));
    } else {
        line(39);
        Semaphore limit(k, "limit");
        line(40);
        std::vector<Task<void>> fetches;
        fetches.reserve(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            fetches.push_back(fetch(t, &limit));
        co_await gather(std::move(fetches));
    }
}

// How long the largest n took: each n's line is printed as its run ends and the next begins, so
// it is the time from the one but last line to the last.
std::string largestTook(const VariantRun& run)
{
    const auto printed = console(run);
    if (printed.empty())
        return "";
    const TimeNs began = printed.size() > 1 ? printed[printed.size() - 2].t : 0;
    return fixed2(nsToSeconds(printed.back().t - began));
}

} // namespace

Task<std::string> complexity(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t maxN = params.integer("max_n"), k = params.integer("k");
    const double t = params.number("t");
    line(45);
    for (std::int64_t n : sweep(maxN)) {
        line(46);
        const double began = loop.time();
        line(47);
        co_await run(n, variant, k, t);
        line(48);
        print(variant + ": n=" + std::to_string(n) + " took " + fixed2(loop.time() - began) + " s");
        line(45);
    }
    co_return "";
}

std::vector<Prediction> complexityPredictions()
{
    // runs[0] sequential, runs[1] concurrent, runs[2] semaphore (the lesson's variant order).
    return {
        {"At the largest n, how many seconds will the sequential run take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return largestTook(runs.at(0)); }},
        {"At the largest n, how many seconds will the concurrent run take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return largestTook(runs.at(1)); }},
        {"At the largest n, how many seconds will the semaphore run take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return largestTook(runs.at(2)); }},
    };
}

} // namespace loopscope::lessons::programs
