// coroutines-are-lazy: a coroutine called and dropped, awaited directly, or wrapped in a task.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

// A named namespace, not an anonymous one: the never-awaited warning names the coroutine from its
// signature, and that must read 'greet' whatever the compiler calls an anonymous namespace.
namespace coroutines_are_lazy {

Task<std::string> greet(std::string who)
{
    line(10);
    print("greet " + who + ": body starts");
    line(11);
    co_await asyncio::sleep(1.0);
    line(12);
    print("greet " + who + ": body ends");
    co_return "hello, " + who;
}

// Python's repr of a str without quotes inside: 'hello, A'.
std::string repr(const std::string& s)
{
    return "'" + s + "'";
}

} // namespace coroutines_are_lazy

Task<std::string> coroutinesAreLazy(const Params& params, const std::string&)
{
    using coroutines_are_lazy::greet;
    using coroutines_are_lazy::repr;
    EventLoop& loop = runningLoop();
    const std::string mode = params.text("mode");
    line(17);
    if (mode == "forgot-await") {
        // This only builds a coroutine object and throws it away: the body never runs, and the
        // object's destruction at the end of this statement reports it was never awaited.
        line(20);
        static_cast<void>(greet("A"));
        line(21);
        print("main: called greet() without await");
    } else if (mode == "await") {
        line(23);
        print("main: awaiting greet() directly");
        // The body runs right here, inside main's own task: no new task is made.
        line(25);
        std::string result = co_await greet("A");
        line(26);
        print("main: got " + repr(result));
    } else {
        line(28);
        TaskRef<std::string> task = loop.createTask(greet("A"), "greet");
        // The task is only scheduled: its body starts when main next yields to the loop.
        line(30);
        print("main: task created, its body has not started yet");
        line(31);
        std::string result = co_await task;
        line(32);
        print("main: got " + repr(result));
    }
    line(33);
    print("main: returning");
    co_return "";
}

std::vector<Prediction> coroutinesAreLazyPredictions()
{
    return {
        {"How many lines does greet's body print?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             return std::to_string(printsAtLine(runs.front(), 10) + printsAtLine(runs.front(), 12)); // greet's body
         }},
        {"How many tasks does the run have, main included?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) { return std::to_string(tasksCreated(*runs.front().trace)); }},
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
    };
}

} // namespace loopscope::lessons::programs
