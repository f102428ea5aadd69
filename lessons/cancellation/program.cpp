// cancellation: a chain of `depth` coroutines awaiting each other; main cancels it at `at`.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

struct Chain
{
    std::int64_t depth;
    bool swallow;
    double start;
};

Task<std::string> level(std::int64_t k, Chain chain)
{
    EventLoop& loop = runningLoop();
    const std::string name = "level " + std::to_string(k);
    std::string result;
    bool caught = false;
    try {
        line(14);
        if (k < chain.depth) {
            line(15);
            result = co_await level(k + 1, chain);
        } else {
            line(16);
            print(name + ": innermost, waiting for a slow reply");
            line(17);
            co_await asyncio::sleep(60.0);
            line(18);
            result = "reply";
        }
    } catch (const CancelledError&) {
        line(20);
        if (!(chain.swallow && k == 1)) {
            line(21);
            print(name + ": CancelledError passes through at " + fixed2(loop.time() - chain.start) + " s");
            line(22);
            line(29); // finally: the innermost frame's runs first, the outermost's last
            print(name + ": finally, cleaning up at " + fixed2(loop.time() - chain.start) + " s");
            throw;
        }
        caught = true;
    }
    if (caught) { // C++ cannot await inside a catch block: the rest of the except body comes here
        // Anti-pattern: catching CancelledError without re-raising keeps the task alive.
        line(24);
        print(name + ": caught CancelledError, carrying on at " + fixed2(loop.time() - chain.start) + " s");
        line(25);
        co_await asyncio::sleep(1.0);
        line(26);
        result = "late reply";
    }
    line(29); // finally
    print(name + ": finally, cleaning up at " + fixed2(loop.time() - chain.start) + " s");
    co_return result;
}

} // namespace

Task<std::string> cancellation(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const double at = params.number("at");
    const double start = loop.time();
    const Chain settings{params.integer("depth"), params.flag("swallow"), start};
    line(35);
    auto chain = loop.createTask(level(1, settings), "chain");
    line(36);
    co_await asyncio::sleep(at);
    line(37);
    print("main: cancelling the chain at " + fixed2(loop.time() - start) + " s");
    line(38);
    chain.cancel();
    try {
        line(40);
        const std::string result = co_await chain;
        line(41);
        print("main: chain returned '" + result + "' at " + fixed2(loop.time() - start) + " s");
        line(42);
        print("main: warning: the chain ignored cancel() and kept running");
    } catch (const CancelledError&) {
        line(44);
        print("main: chain ended cancelled at " + fixed2(loop.time() - start) + " s");
    }
    co_return "";
}

std::vector<Prediction> cancellationPredictions()
{
    return {
        {"Whose finally line is printed first?", AnswerKind::Choice, {"the innermost level", "the outermost level"},
         [](const std::vector<VariantRun>& runs) {
             // Every level runs in the chain's one task, so the recording cannot tell their frames
             // apart; the answer is the rule the run follows: a CancelledError (or a return)
             // leaves the innermost frame first, so its finally runs first, at any depth.
             // tst_lesson_cancellation checks the printed order against it.
             (void)runs;
             return std::string("the innermost level");
         }},
        {"How does the chain end?", AnswerKind::Choice, {"cancelled", "returns a value"},
         [](const std::vector<VariantRun>& runs) {
             return std::string(endState(runs.front(), "chain") == "cancelled" ? "cancelled" : "returns a value");
         }},
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
    };
}

} // namespace loopscope::lessons::programs
