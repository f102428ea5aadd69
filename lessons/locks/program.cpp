// locks: n transactions through one Lock, or two tasks taking two locks in opposite order.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <memory>

namespace loopscope::lessons::programs {

namespace {

// locks = {"L1": asyncio.Lock(), "L2": asyncio.Lock()}. Shared, so that the locks outlive every
// frame that holds or waits for them when a deadlocked run is torn down.
struct LockPair
{
    Lock l1{"L1"};
    Lock l2{"L2"};
    Lock& operator[](const std::string& name) { return name == "L1" ? l1 : l2; }
};

Task<void> transaction(std::int64_t i, Lock& lock, double start, double hold)
{
    EventLoop& loop = runningLoop();
    const std::string name = "tx " + std::to_string(i);
    line(13);
    print(name + ": waiting for the lock");
    line(14);
    auto held = co_await lock.hold(); // waiters queue here and are let in first come, first served
    line(15);
    print(name + ": got the lock at " + fixed2(loop.time() - start) + " s");
    line(16);
    co_await asyncio::sleep(hold); // work done while holding the lock
    line(17);
    print(name + ": releasing at " + fixed2(loop.time() - start) + " s");
    line(14); // leaving `async with` releases the lock and hands it to the first waiter
    held.unlock();
}

Task<void> takeBoth(std::string name, std::string first, std::string second, std::shared_ptr<LockPair> locks,
                    double hold)
{
    line(21);
    auto firstHeld = co_await (*locks)[first].hold();
    line(22);
    print(name + ": holds " + first);
    line(23);
    co_await asyncio::sleep(hold); // give the other task time to take its first lock
    line(24);
    print(name + ": waits for " + second);
    line(25);
    auto secondHeld = co_await (*locks)[second].hold(); // never succeeds: the other task holds it
    line(26);
    print(name + ": holds both");
}

} // namespace

Task<std::string> locks(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n");
    const double hold = params.number("hold");
    const bool deadlock = params.flag("deadlock");
    const double start = loop.time();
    line(32);
    if (deadlock) {
        line(34);
        auto locks = std::make_shared<LockPair>();
        line(35);
        auto a = loop.createTask(takeBoth("A", "L1", "L2", locks, hold), "A");
        line(36);
        auto b = loop.createTask(takeBoth("B", "L2", "L1", locks, hold), "B");
        line(37);
        std::vector<TaskRef<void>> both{a, b};
        co_await gather(std::move(both));
    } else {
        line(39);
        Lock lock("lock");
        line(40);
        std::vector<TaskRef<void>> tasks;
        for (std::int64_t i = 1; i <= n; ++i)
            tasks.push_back(loop.createTask(transaction(i, lock, start, hold), "tx-" + std::to_string(i)));
        line(42);
        co_await gather(std::move(tasks));
    }
    line(43);
    print("main: all done at " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> locksPredictions()
{
    return {
        {"How many seconds until the run ends (all done, or stuck)?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How does the run end?", AnswerKind::Choice, {"all done", "deadlock"},
         [](const std::vector<VariantRun>& runs) {
             return std::string(runs.front().deadlocked ? "deadlock" : "all done");
         }},
        {"How many transactions are queued behind the holder when it releases the lock for the first time?",
         AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // Those that came to the lock (line 13) before the first release (line 17), less
             // the ones that got in (line 15).
             const VariantRun& run = runs.front();
             return std::to_string(printsBefore(run, 13, 17) - printsBefore(run, 15, 17));
         }},
    };
}

} // namespace loopscope::lessons::programs
