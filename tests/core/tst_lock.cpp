// asyncio.Lock: mutual exclusion, FIFO hand-off, errors and cancellation of waiters.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestLock : public QObject
{
    Q_OBJECT
private slots:
    void mutualExclusionInFifoOrder()
    {
        LoopFixture f;
        Lock lock("L");
        int inside = 0;
        int maxInside = 0;
        // Arrivals: A at 0, C at 0.1, B at 0.2 -> the lock goes A, C, B.
        auto worker = [&](std::string name, double arrive) -> Task<void> {
            co_await asyncio::sleep(arrive);
            print(name + " wants");
            auto held = co_await lock.hold();
            maxInside = std::max(maxInside, ++inside);
            print(name + " in");
            co_await asyncio::sleep(1.0);
            --inside;
            print(name + " out");
        };
        auto main = [&]() -> Task<void> {
            co_await gather(worker("A", 0), worker("B", 0.2), worker("C", 0.1));
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(3));
        QCOMPARE(maxInside, 1);
        QCOMPARE(qtLines(f.console()), qtLines({
                                           "0.000 A wants",
                                           "0.000 A in",
                                           "0.100 C wants",
                                           "0.200 B wants",
                                           "1.000 A out",
                                           "1.000 C in",
                                           "2.000 C out",
                                           "2.000 B in",
                                           "3.000 B out",
                                       }));
        // Acquired/Released alternate strictly: never two holders.
        QCOMPARE(qtLines(f.lines(kinds({EventKind::Acquired, EventKind::Released}))),
                 qtLines({
                     "0.000 acquired Task-2",
                     "1.000 released Task-2",
                     "1.000 acquired Task-4",
                     "2.000 released Task-4",
                     "2.000 acquired Task-3",
                     "3.000 released Task-3",
                 }));
    }

    void handoffIsVisibleInTrace()
    {
        LoopFixture f;
        Lock lock("L");
        TaskRef<void> a, b;
        auto holder = [&]() -> Task<void> {
            auto held = co_await lock.hold();
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            a = f.loop.createTask(holder(), "A");
            b = f.loop.createTask(holder(), "B");
            co_await a;
            co_await b;
        };
        f.loop.run(main());
        const ObjectId L = lock.id();
        const std::size_t released = findEvent(f.trace, [&](const Event& e) {
            return e.kind == EventKind::Released && e.task == a.id().value && e.a() == L.value;
        });
        QVERIFY(released < f.trace.size());
        QCOMPARE(f.trace[released].t, sec(1));
        // Released by A, then at once B's step is scheduled: reason Handoff, waker A, object L.
        const Event& next = f.trace[released + 1];
        QCOMPARE(next.kind, EventKind::StepScheduled);
        QCOMPARE(next.task, b.id().value);
        QCOMPARE(WakeReason(next.sub), WakeReason::Handoff);
        QCOMPARE(next.a(), a.id().value);
        QCOMPARE(next.b(), L.value);
        // B takes the lock when it runs (the next loop turn): resumed, then Acquired.
        const std::size_t resumed = findEvent(
            f.trace, [&](const Event& e) { return e.kind == EventKind::TaskResumed && e.task == b.id().value; },
            released);
        QVERIFY(resumed < f.trace.size());
        const std::size_t nextTurn = findEvent(
            f.trace, [](const Event& e) { return e.kind == EventKind::LoopPhase && LoopPhase(e.sub) == LoopPhase::RunReady; },
            released);
        QVERIFY(nextTurn < resumed);
        const Event& acquired = f.trace[resumed + 1];
        QCOMPARE(acquired.kind, EventKind::Acquired);
        QCOMPARE(acquired.task, b.id().value);
        QCOMPARE(acquired.a(), L.value);
        QCOMPARE(acquired.t, sec(1));
    }

    void releaseUnlockedThrows()
    {
        LoopFixture f;
        Lock lock;
        std::vector<std::string> errors;
        auto main = [&]() -> Task<void> {
            try {
                lock.release();
            } catch (const RuntimeError& e) {
                errors.push_back(e.what());
            }
            co_await lock.acquire();
            lock.release();
            try {
                lock.release();
            } catch (const RuntimeError& e) {
                errors.push_back(e.message());
            }
        };
        f.loop.run(main());
        QCOMPARE(qtLines(errors), qtLines({"RuntimeError: Lock is not acquired.", "Lock is not acquired."}));
        QVERIFY(!lock.locked());
    }

    void newcomerDoesNotJumpWokenWaiter()
    {
        LoopFixture f;
        Lock lock("L");
        bool lockedAfterRelease = true;
        auto user = [&](std::string name) -> Task<void> {
            auto held = co_await lock.hold();
            print(name + " in");
        };
        auto main = [&]() -> Task<void> {
            co_await lock.acquire();
            auto b = f.loop.createTask(user("B"), "B");
            co_await asyncio::sleep(1.0);
            lock.release(); // B is woken, but runs only at the next turn
            lockedAfterRelease = lock.locked();
            // D arrives while the lock is free but B is still queued: D must wait behind B.
            auto d = f.loop.createTask(user("D"), "D");
            co_await b;
            co_await d;
        };
        f.loop.run(main());
        QVERIFY(!lockedAfterRelease);
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 B in", "1.000 D in"}));
        QCOMPARE(qtLines(f.lines(kinds({EventKind::Acquired}))),
                 qtLines({"0.000 acquired main", "1.000 acquired B", "1.000 acquired D"}));
    }

    void cancelledWaiterLeavesQueue()
    {
        LoopFixture f;
        Lock lock("L");
        TaskRef<void> b, c;
        std::vector<TaskId> waitersAfterCancel;
        std::size_t waitersBeforeCancel = 0;
        auto user = [&](std::string name) -> Task<void> {
            try {
                auto held = co_await lock.hold();
                print(name + " in");
                co_await asyncio::sleep(1.0);
                print(name + " out");
            } catch (const CancelledError&) {
                print(name + " cancelled");
                throw;
            }
        };
        auto main = [&]() -> Task<void> {
            auto a = f.loop.createTask(user("A"), "A");
            b = f.loop.createTask(user("B"), "B");
            c = f.loop.createTask(user("C"), "C");
            co_await asyncio::sleep(0.5);
            waitersBeforeCancel = lock.waiters().size();
            b.cancel();
            lock.waiters().forEach([&](const FutureWait& w) { waitersAfterCancel.push_back(w.task()->id()); });
            std::vector<TaskRef<void>> all{a, b, c};
            co_await gatherReturnExceptions(std::move(all));
        };
        const auto out = f.loop.run(main());
        QCOMPARE(waitersBeforeCancel, 2u);
        QVERIFY(waitersAfterCancel == std::vector<TaskId>{c.id()});
        QVERIFY(b->cancelled());
        QCOMPARE(finishTime(f.trace, b.id()), sec(0.5));
        QCOMPARE(out.total, sec(2));
        QCOMPARE(qtLines(f.console()),
                 qtLines({"0.000 A in", "0.500 B cancelled", "1.000 A out", "1.000 C in", "2.000 C out"}));
        // B never held the lock.
        QCOMPARE(eventsWhere(f.trace, [&](const Event& e) { return e.kind == EventKind::Acquired && e.task == b.id().value; })
                     .size(),
                 0u);
        QVERIFY(!lock.locked());
        QVERIFY(lock.waiters().empty());
    }

    void wokenThenCancelledWaiterPassesLockOn()
    {
        LoopFixture f;
        Lock lock("L");
        TaskRef<void> a, b, c;
        int cancellingB = 0;
        auto holder = [&]() -> Task<void> {
            co_await lock.acquire();
            co_await asyncio::sleep(1.0);
            lock.release(); // wakes B...
            b.cancel();     // ...which is cancelled before it runs
            cancellingB = b->cancelling();
        };
        auto user = [&](std::string name) -> Task<void> {
            auto held = co_await lock.hold();
            print(name + " in");
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            a = f.loop.createTask(holder(), "A");
            b = f.loop.createTask(user("B"), "B");
            c = f.loop.createTask(user("C"), "C");
            std::vector<TaskRef<void>> all{a, b, c};
            co_await gatherReturnExceptions(std::move(all));
        };
        const auto out = f.loop.run(main());
        QCOMPARE(cancellingB, 1);
        QVERIFY(b->cancelled());
        QCOMPARE(finishTime(f.trace, b.id()), sec(1));
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 C in"}));
        QCOMPARE(out.total, sec(2));
        // A hands over to B; B, cancelled, hands over to C.
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.kind == EventKind::Acquired || e.kind == EventKind::Released ||
                            (e.kind == EventKind::StepScheduled && WakeReason(e.sub) == WakeReason::Handoff) ||
                            e.kind == EventKind::CancelDelivered;
                 })),
                 qtLines({
                     "0.000 acquired A",
                     "1.000 released A",
                     "1.000 step_scheduled B hand-off",
                     "1.000 cancel_delivered B",
                     "1.000 step_scheduled C hand-off",
                     "1.000 acquired C",
                     "2.000 released C",
                 }));
        const Event toC = eventsWhere(f.trace, [&](const Event& e) {
            return e.kind == EventKind::StepScheduled && e.task == c.id().value && WakeReason(e.sub) == WakeReason::Handoff;
        }).at(0);
        QCOMPARE(toC.a(), b.id().value);
        QVERIFY(!lock.locked());
    }
};

QTEST_GUILESS_MAIN(TestLock)
#include "tst_lock.moc"
