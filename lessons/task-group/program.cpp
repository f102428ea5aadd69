// task-group: the same three fetches under gather and under a TaskGroup, one of them failing.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

using Tasks = std::vector<TaskRef<std::string>>;

// repr() of a raised exception: ConnectionError('fetch 2 failed').
std::string reprOf(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const PyException& e) {
        return e.typeName() + "('" + e.message() + "')";
    } catch (...) {
        return "Exception()";
    }
}

std::string reprList(const std::vector<std::string>& items, bool quoted)
{
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + (quoted ? "'" + items[i] + "'" : items[i]);
    return out + "]";
}

Task<std::string> fetch(std::int64_t i, double start, std::int64_t fail)
{
    EventLoop& loop = runningLoop();
    const std::string name = "fetch " + std::to_string(i);
    line(12);
    print(name + ": start");
    try {
        line(14);
        co_await asyncio::sleep(double(i)); // fetch i takes i seconds
    } catch (const CancelledError&) {
        line(16);
        print(name + ": cancelled at " + fixed2(loop.time() - start) + " s");
        line(17);
        throw;
    }
    line(18);
    if (i == fail) {
        line(19);
        print(name + ": failing at " + fixed2(loop.time() - start) + " s");
        line(20);
        throw ConnectionError(name + " failed");
    }
    line(21);
    print(name + ": done at " + fixed2(loop.time() - start) + " s");
    line(22);
    co_return "result " + std::to_string(i);
}

Task<Tasks> withGather(double start, std::int64_t fail)
{
    EventLoop& loop = runningLoop();
    line(26);
    Tasks tasks;
    for (std::int64_t i = 1; i <= 3; ++i)
        tasks.push_back(loop.createTask(fetch(i, start, fail), "fetch-" + std::to_string(i)));
    bool raised = false;
    try {
        line(28);
        auto results = co_await gather(tasks);
        line(29);
        print("main: results " + reprList(results, true));
    } catch (const ConnectionError&) {
        raised = true;
        line(31);
        print("main: gather raised " + reprOf(std::current_exception()));
    }
    if (raised) { // C++ cannot await inside a catch block: the except body's await comes here
        line(32);
        co_await gatherReturnExceptions(tasks); // the siblings keep running; wait for them to finish
    }
    line(33);
    co_return tasks;
}

Task<Tasks> withTaskGroup(double start, std::int64_t fail)
{
    Tasks tasks;
    try {
        line(38);
        TaskGroup tg;
        line(39);
        for (std::int64_t i = 1; i <= 3; ++i)
            tasks.push_back(tg.createTask(fetch(i, start, fail), "fetch-" + std::to_string(i)));
        line(38); // leaving the block waits for every task in the group
        co_await tg.join();
        std::vector<std::string> results;
        for (auto& t : tasks)
            results.push_back(t.result());
        line(41);
        print("main: results " + reprList(results, true));
    } catch (const ExceptionGroup& group) {
        // The group cancelled the siblings at the first failure, waited for them to finish,
        // then raised all the errors together.
        std::vector<std::string> reprs;
        for (const auto& e : group.exceptions())
            reprs.push_back(reprOf(e));
        line(45);
        print("main: TaskGroup raised " + reprList(reprs, false));
    }
    line(46);
    co_return tasks;
}

} // namespace

Task<std::string> taskGroup(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t fail = params.integer("fail");
    const double start = loop.time();
    Tasks tasks;
    line(52);
    if (variant == "gather") {
        line(53);
        tasks = co_await withGather(start, fail);
    } else {
        line(55);
        tasks = co_await withTaskGroup(start, fail);
    }
    std::vector<std::string> cancelled;
    for (auto& t : tasks)
        cancelled.push_back(t->cancelled() ? "True" : "False");
    line(56);
    print("main: over at " + fixed2(loop.time() - start) + " s, cancelled = " + reprList(cancelled, false));
    co_return "";
}

std::vector<Prediction> taskGroupPredictions()
{
    // The fetches that printed their "cancelled" line (listing line 16).
    auto cancelledCount = [](const VariantRun& run) { return printsAtLine(run, 16); };
    return {
        {"When does main finish in the task-group variant?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.back()); }},
        {"How many fetches end cancelled in the task-group variant?", AnswerKind::Count, {},
         [cancelledCount](const std::vector<VariantRun>& runs) { return std::to_string(cancelledCount(runs.back())); }},
        {"And in the gather variant, how many fetches end cancelled?", AnswerKind::Count, {},
         [cancelledCount](const std::vector<VariantRun>& runs) { return std::to_string(cancelledCount(runs.front())); }},
    };
}

} // namespace loopscope::lessons::programs
