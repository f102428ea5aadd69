// loop-cycle: tasks made with create_task sleep for their delays and are gathered; they finish in
// delay order but gather returns argument order. Mirrors listing.py line for line.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

// Python's repr of a list of ints: "[2, 1, 3]".
std::string intList(const std::vector<std::int64_t>& values)
{
    std::string out = "[";
    for (std::size_t k = 0; k < values.size(); ++k)
        out += (k ? ", " : "") + std::to_string(values[k]);
    return out + "]";
}

Task<std::int64_t> sleeper(std::int64_t i, double seconds, double start, std::vector<std::int64_t>& finished)
{
    EventLoop& loop = runningLoop();
    line(13);
    print("task " + std::to_string(i) + ": sleeping " + fixed2(seconds) + " s");
    // The sleep arms a timer; the loop moves this task back to the ready queue when it expires.
    line(15);
    co_await asyncio::sleep(seconds);
    line(16);
    print("task " + std::to_string(i) + ": woke at " + fixed2(loop.time() - start) + " s");
    line(17);
    finished.push_back(i);
    co_return i;
}

} // namespace

Task<std::string> loopCycle(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    std::vector<std::int64_t> finished; // task numbers, in the order the tasks actually finished
    const double start = loop.time();
    line(24);
    const std::vector<double> seconds = params.list("delays");
    // create_task only schedules each task; none runs until main reaches its first await.
    line(26);
    std::vector<TaskRef<std::int64_t>> tasks;
    for (std::size_t k = 0; k < seconds.size(); ++k) {
        const auto i = std::int64_t(k + 1);
        tasks.push_back(loop.createTask(sleeper(i, seconds[k], start, finished), "task-" + std::to_string(i)));
    }
    line(28);
    print("main: created " + std::to_string(tasks.size()) + " tasks");
    line(29);
    std::vector<std::int64_t> results = co_await gather(std::move(tasks));
    line(30);
    print("main: finishing order " + intList(finished));
    line(31);
    print("main: gather results " + intList(results));
    line(32);
    print("main: total " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> loopCyclePredictions()
{
    static const std::string argumentOrder = "the order the tasks were created";
    static const std::string finishingOrder = "the order the tasks finished";
    return {
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"Which task (its number) finishes first?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // Task k is main's k-th child; the first of them to end finished first.
             const Trace& trace = *runs.front().trace;
             const TaskId main = findTask(trace, "main");
             const auto created = creationOrder(trace);
             for (const auto& [task, state] : taskEndings(trace)) {
                 if (task == main)
                     continue;
                 const auto at = std::find(created.begin(), created.end(), task);
                 return std::to_string(at - created.begin()); // main is created first: index k is task k
             }
             return std::string("?");
         }},
        {"In which order does gather return the results?", AnswerKind::Choice, {argumentOrder, finishingOrder},
         [](const std::vector<VariantRun>& runs) {
             // gather hands back its awaitables' results in the order it was given them, which
             // here is the order main created the tasks, however they finished. The recording
             // holds when each task ended, not the list gather returned, so this answer is
             // gather's contract (tests/core/tst_gather checks it on the scheduler).
             (void)runs;
             return argumentOrder;
         }},
    };
}

} // namespace loopscope::lessons::programs
