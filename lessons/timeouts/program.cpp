// timeouts: wait_for gives up on a slow query after `timeout` seconds, cancelling it and waiting
// for its cleanup. Mirrors listing.py line for line; the numbers passed to line() are its lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

Task<std::string> slowQuery(double start, double work)
{
    EventLoop& loop = runningLoop();
    line(12);
    print("query: started, needs " + fixed2(work) + " s");
    std::string rows;
    try {
        line(14);
        co_await asyncio::sleep(work);
        line(15);
        print("query: finished at " + fixed2(loop.time() - start) + " s");
        line(16);
        rows = "42 rows";
    } catch (const CancelledError&) {
        // When time is up, wait_for cancels the query: the error arrives at the await above.
        line(19);
        print("query: cancelled at " + fixed2(loop.time() - start) + " s");
        line(20);
        line(23); // finally: runs whether the query finished or was cancelled
        print("query: cleanup, connection released at " + fixed2(loop.time() - start) + " s");
        throw;
    }
    line(23); // finally
    print("query: cleanup, connection released at " + fixed2(loop.time() - start) + " s");
    co_return rows;
}

} // namespace

Task<std::string> timeouts(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const double work = params.number("work"), timeout = params.number("timeout");
    const double start = loop.time();
    line(29);
    auto query = loop.createTask(slowQuery(start, work), "query");
    try {
        line(31);
        const std::string rows = co_await asyncio::waitFor(query, timeout);
        line(32);
        print("main: got " + rows + " at " + fixed2(loop.time() - start) + " s");
    } catch (const TimeoutError&) {
        // wait_for raises only after the cancelled query has finished its cleanup.
        line(35);
        print("main: TimeoutError at " + fixed2(loop.time() - start) + " s");
    }
    line(36);
    print("main: done at " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> timeoutsPredictions()
{
    return {
        {"What does main get from wait_for?", AnswerKind::Choice, {"the rows", "TimeoutError"},
         [](const std::vector<VariantRun>& runs) {
             // wait_for cancels the query when time runs out, and raises TimeoutError in main.
             return std::string(endState(runs.front(), "query") == "cancelled" ? "TimeoutError" : "the rows");
         }},
        {"At how many seconds does the query's cleanup line run?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) {
             const TimeNs cleanup = firstPrintAtLine(runs.front(), 23); // the finally block's line
             return cleanup < 0 ? std::string("-") : fixed2(nsToSeconds(cleanup));
         }},
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
    };
}

} // namespace loopscope::lessons::programs
