// asyncio.Semaphore / BoundedSemaphore: k permits, FIFO waiters, errors.

#include "core/testsupport.h"

#include <QTest>

#include <algorithm>

using namespace loopscope;
using namespace loopscope::test;

namespace {

// n tasks, each holding one of k permits for t seconds; returns the finish times of the tasks.
struct HoldersRun
{
    TimeNs total = 0;
    std::vector<TimeNs> finished;
    std::vector<std::uint32_t> counters;
    std::int64_t maxHeld = 0;
};

HoldersRun runHolders(int n, std::int64_t k, double t)
{
    LoopFixture f;
    Semaphore sem(k, "sem");
    std::vector<TaskRef<void>> tasks;
    std::int64_t held = 0;
    HoldersRun r;
    auto holder = [&]() -> Task<void> {
        auto permit = co_await sem.hold();
        r.maxHeld = std::max(r.maxHeld, ++held);
        co_await asyncio::sleep(t);
        --held;
    };
    auto main = [&]() -> Task<void> {
        for (int i = 0; i < n; ++i)
            tasks.push_back(f.loop.createTask(holder(), "h" + std::to_string(i + 1)));
        std::vector<TaskRef<void>> all = tasks;
        co_await gather(std::move(all));
    };
    r.total = f.loop.run(main()).total;
    for (auto& task : tasks)
        r.finished.push_back(finishTime(f.trace, task.id()));
    r.counters = counterValues(f.trace, sem.id());
    return r;
}

} // namespace

class TestSemaphore : public QObject
{
    Q_OBJECT
private slots:
    void fiveHoldersOfTwoPermits()
    {
        const HoldersRun r = runHolders(5, 2, 1.0);
        QVERIFY(r.finished == (std::vector<TimeNs>{sec(1), sec(1), sec(2), sec(2), sec(3)}));
        QCOMPARE(r.total, sec(3));
        QCOMPARE(r.maxHeld, 2);
    }

    void sevenThreeOne()
    {
        const HoldersRun r = runHolders(7, 3, 1.0);
        QCOMPARE(r.total, sec(3)); // ceil(7/3) * 1 s
        QVERIFY(r.finished ==
                (std::vector<TimeNs>{sec(1), sec(1), sec(1), sec(2), sec(2), sec(2), sec(3)}));
        QCOMPARE(r.maxHeld, 3);
        // Permits in use: never above k, and reaching it; back to 0 at the end.
        QVERIFY(!r.counters.empty());
        QCOMPARE(*std::max_element(r.counters.begin(), r.counters.end()), 3u);
        QCOMPARE(r.counters.back(), 0u);
    }

    void negativeInitialValueThrows()
    {
        bool thrown = false;
        try {
            Semaphore s(-1);
        } catch (const ValueError& e) {
            thrown = true;
            QCOMPARE(std::string(e.message()), std::string("Semaphore initial value must be >= 0"));
        }
        QVERIFY(thrown);
        QVERIFY_THROWS_EXCEPTION(ValueError, BoundedSemaphore(-1));
        Semaphore zero(0); // 0 is allowed
        QCOMPARE(zero.value(), 0);
    }

    void boundedOverReleaseThrows()
    {
        LoopFixture f;
        BoundedSemaphore bounded(2, "bounded");
        Semaphore plain(2, "plain");
        std::vector<std::string> errors;
        std::int64_t plainValue = 0;
        auto main = [&]() -> Task<void> {
            try {
                bounded.release(); // never acquired
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            co_await bounded.acquire();
            bounded.release(); // fine: back to 2
            try {
                bounded.release();
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            plain.release(); // an unbounded semaphore just grows
            plainValue = plain.value();
        };
        f.loop.run(main());
        QCOMPARE(qtLines(errors), qtLines({"ValueError: BoundedSemaphore released too many times",
                                           "ValueError: BoundedSemaphore released too many times"}));
        QCOMPARE(bounded.value(), 2);
        QCOMPARE(plainValue, 3);
    }

    void waitersAreServedFifo()
    {
        LoopFixture f;
        Semaphore sem(1, "sem");
        // Task i arrives at (5 - i) * 0.1 s: arrival order 5, 4, 3, 2, 1 (not creation order).
        auto user = [&](int i) -> Task<void> {
            co_await asyncio::sleep((5 - i) * 0.1);
            auto permit = co_await sem.hold();
            print("in " + std::to_string(i));
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            // Hold the permit until every user queued, so that all five wait.
            auto permit = co_await sem.hold();
            std::vector<TaskRef<void>> tasks;
            for (int i = 1; i <= 5; ++i)
                tasks.push_back(f.loop.createTask(user(i), "u" + std::to_string(i)));
            co_await asyncio::sleep(1.0);
            permit.release();
            co_await gather(std::move(tasks));
        };
        const auto out = f.loop.run(main());
        QCOMPARE(qtLines(f.console()),
                 qtLines({"1.000 in 5", "2.000 in 4", "3.000 in 3", "4.000 in 2", "5.000 in 1"}));
        QCOMPARE(out.total, sec(6));
        // The trace shows each hand-off: released by the holder, the next waiter stepped with
        // reason hand-off.
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.kind == EventKind::StepScheduled && WakeReason(e.sub) == WakeReason::Handoff;
                 })),
                 qtLines({"1.000 step_scheduled u5 hand-off", "2.000 step_scheduled u4 hand-off",
                          "3.000 step_scheduled u3 hand-off", "4.000 step_scheduled u2 hand-off",
                          "5.000 step_scheduled u1 hand-off"}));
    }

    void newcomerQueuesBehindWokenWaiter()
    {
        LoopFixture f;
        Semaphore sem(1, "sem");
        bool lockedAfterRelease = false;
        auto user = [&](std::string name) -> Task<void> {
            auto permit = co_await sem.hold();
            print(name + " in");
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            co_await sem.acquire();
            auto b = f.loop.createTask(user("B"), "B");
            co_await asyncio::sleep(1.0);
            sem.release(); // the permit is reserved for B
            lockedAfterRelease = sem.locked();
            auto d = f.loop.createTask(user("D"), "D");
            co_await b;
            co_await d;
        };
        f.loop.run(main());
        QVERIFY(lockedAfterRelease);
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 B in", "2.000 D in"}));
    }

    void cancelledWokenWaiterPassesPermitOn()
    {
        LoopFixture f;
        Semaphore sem(1, "sem");
        TaskRef<void> b;
        auto user = [&](std::string name) -> Task<void> {
            auto permit = co_await sem.hold();
            print(name + " in");
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            co_await sem.acquire();
            b = f.loop.createTask(user("B"), "B");
            auto c = f.loop.createTask(user("C"), "C");
            co_await asyncio::sleep(1.0);
            sem.release(); // reserved for B...
            b.cancel();    // ...which is cancelled before it runs: C gets it
            std::vector<TaskRef<void>> all{b, c};
            co_await gatherReturnExceptions(std::move(all));
        };
        const auto out = f.loop.run(main());
        QVERIFY(b->cancelled());
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 C in"}));
        QCOMPARE(out.total, sec(2));
        QCOMPARE(sem.value(), 1);
        QVERIFY(sem.holders().empty());
    }
};

QTEST_GUILESS_MAIN(TestSemaphore)
#include "tst_semaphore.moc"
