// gather: three fetches taking 1, 2 and 3 s, gathered; optionally one raises ConnectionError.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <optional>

namespace loopscope::lessons::programs {

namespace {

Task<std::string> fetch(std::int64_t i, double start, std::int64_t fail)
{
    EventLoop& loop = runningLoop();
    line(12);
    print("fetch " + std::to_string(i) + ": start");
    line(13);
    co_await asyncio::sleep(double(i)); // fetch i takes i seconds
    line(14);
    if (i == fail) {
        line(15);
        print("fetch " + std::to_string(i) + ": failing at " + fixed2(loop.time() - start) + " s");
        line(16);
        throw ConnectionError("fetch " + std::to_string(i) + " failed");
    }
    line(17);
    print("fetch " + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s");
    co_return "result " + std::to_string(i);
}

// Python's repr of an exception raised with one message: ConnectionError('fetch 2 failed').
std::string exceptionRepr(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const PyException& e) {
        return e.typeName() + "('" + e.message() + "')";
    } catch (...) {
        return describeException(error);
    }
}

std::string pyList(const std::vector<std::string>& reprs)
{
    std::string out = "[";
    for (std::size_t k = 0; k < reprs.size(); ++k)
        out += (k ? ", " : "") + reprs[k];
    return out + "]";
}

} // namespace

Task<std::string> gather(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t fail = params.integer("fail");
    const bool returnExceptions = params.flag("return_exceptions");
    const double start = loop.time();
    line(24);
    std::vector<TaskRef<std::string>> tasks;
    for (std::int64_t i : {1, 2, 3})
        tasks.push_back(loop.createTask(fetch(i, start, fail), "fetch-" + std::to_string(i)));
    // C++ cannot await inside a catch block: the handler keeps the exception, and the rest of
    // the listing's except branch runs just after it.
    std::optional<std::exception_ptr> raised;
    line(25);
    try {
        line(26);
        std::vector<std::string> results; // each result's repr, in argument order
        std::vector<TaskRef<std::string>> children = tasks;
        if (returnExceptions) {
            auto outcomes = co_await gatherReturnExceptions(std::move(children));
            for (const auto& outcome : outcomes)
                results.push_back(outcome.ok() ? "'" + *outcome.value + "'" : exceptionRepr(outcome.error));
        } else {
            auto values = co_await asyncio::gather(std::move(children));
            for (const auto& value : values)
                results.push_back("'" + value + "'");
        }
        line(27);
        print("main: results " + pyList(results) + " at " + fixed2(loop.time() - start) + " s");
    } catch (const ConnectionError&) {
        line(28);
        raised = std::current_exception();
    }
    if (raised) {
        line(29);
        print("main: gather raised " + exceptionRepr(*raised) + " at " + fixed2(loop.time() - start) + " s");
        // gather did not cancel the other fetches: they are still running. Wait for them (a
        // second gather that collects the failure instead of raising it again), or asyncio.run
        // would cancel them when main returns.
        line(33);
        std::vector<TaskRef<std::string>> children = tasks;
        co_await gatherReturnExceptions(std::move(children));
        line(34);
        print("main: all fetches over at " + fixed2(loop.time() - start) + " s");
        std::vector<std::string> cancelled;
        for (const auto& t : tasks)
            cancelled.push_back(t->cancelled() ? "True" : "False");
        line(35);
        print("main: cancelled = " + pyList(cancelled));
    }
    co_return "";
}

std::vector<Prediction> gatherPredictions()
{
    return {
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"At what time does main wake up from the gather (results or exception)?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) {
             const VariantRun& run = runs.front();
             const TimeNs woke = resumedAfter(*run.trace, taskNamed(run, "main"), WaitKind::Gather);
             return woke < 0 ? std::string("?") : fixed2(nsToSeconds(woke));
         }},
        {"How many fetches finish with a result?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             return std::to_string(printsAtLine(runs.front(), 17)); // each fetch's "done" line
         }},
    };
}

} // namespace loopscope::lessons::programs
