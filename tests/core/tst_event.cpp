// asyncio.Event (AsyncEvent): set() wakes every waiter at the next turn, wait() on a set event
// does not suspend, clear() makes wait() suspend again.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestEvent : public QObject
{
    Q_OBJECT
private slots:
    void setWakesAllWaitersAtNextTurn()
    {
        LoopFixture f;
        AsyncEvent ev("ready");
        std::vector<TaskRef<void>> waiters;
        auto waiter = [&](std::string name) -> Task<void> {
            co_await ev.wait();
            print(name + " woke");
        };
        std::size_t queuedBeforeSet = 0;
        auto main = [&]() -> Task<void> {
            for (int i = 1; i <= 3; ++i) {
                const std::string n = "w" + std::to_string(i);
                waiters.push_back(f.loop.createTask(waiter(n), n));
            }
            co_await asyncio::sleep(1.0);
            queuedBeforeSet = ev.waiters().size();
            print("set");
            ev.set();
            print("after set"); // the setter keeps running: waiters wake at the next turn
            std::vector<TaskRef<void>> all = waiters;
            co_await gather(std::move(all));
        };
        f.loop.run(main());
        QCOMPARE(queuedBeforeSet, 3u);
        QVERIFY(ev.isSet());
        QVERIFY(ev.waiters().empty());
        QCOMPARE(qtLines(f.console()),
                 qtLines({"1.000 set", "1.000 after set", "1.000 w1 woke", "1.000 w2 woke", "1.000 w3 woke"}));
        // At the set: the state change, then every waiter scheduled (FIFO) with reason event set.
        const std::size_t setAt = findEvent(f.trace, kinds({EventKind::PrimitiveState}));
        QVERIFY(setAt < f.trace.size());
        QCOMPARE(f.trace[setAt].sub, std::uint8_t(1));
        QCOMPARE(f.trace[setAt].a(), ev.id().value);
        for (std::size_t i = 0; i < 3; ++i) {
            const Event& e = f.trace[setAt + 1 + i];
            QCOMPARE(e.kind, EventKind::StepScheduled);
            QCOMPARE(e.task, waiters[i].id().value);
            QCOMPARE(WakeReason(e.sub), WakeReason::EventSet);
            QCOMPARE(e.b(), ev.id().value);
        }
        // They run in a later iteration than the one in which set() ran.
        const std::size_t firstResume = findEvent(
            f.trace, [&](const Event& e) { return e.kind == EventKind::TaskResumed && e.task == waiters[0].id().value; },
            setAt);
        const std::size_t runReady = findEvent(
            f.trace,
            [](const Event& e) { return e.kind == EventKind::LoopPhase && LoopPhase(e.sub) == LoopPhase::RunReady; },
            setAt);
        QVERIFY(runReady < firstResume);
    }

    void waitOnSetEventDoesNotSuspend()
    {
        LoopFixture f;
        AsyncEvent ev("ready");
        TaskRef<void> late;
        auto lateWaiter = [&]() -> Task<void> {
            co_await ev.wait();
            print("passed");
        };
        auto main = [&]() -> Task<void> {
            ev.set();
            late = f.loop.createTask(lateWaiter(), "late");
            co_await late;
        };
        f.loop.run(main());
        QCOMPARE(qtLines(f.console()), qtLines({"0.000 passed"}));
        // The late waiter ran in one step: resumed, printed, finished — never suspended.
        QCOMPARE(qtLines(f.lines([&](const Event& e) { return e.task == late.id().value; })),
                 qtLines({"0.000 task_created late", "0.000 step_scheduled late created", "0.000 task_resumed late",
                          "0.000 print late passed", "0.000 task_finished late done"}));
    }

    void clearMakesWaitSuspendAgain()
    {
        LoopFixture f;
        AsyncEvent ev("ready");
        bool setAfterClear = true;
        auto waiter = [&]() -> Task<void> {
            co_await ev.wait();
            print("first pass");
            co_await asyncio::sleep(0.5);
            co_await ev.wait(); // cleared meanwhile: waits for the second set
            print("second pass");
        };
        auto main = [&]() -> Task<void> {
            auto w = f.loop.createTask(waiter(), "w");
            co_await asyncio::sleep(1.0);
            ev.set();
            co_await asyncio::sleep(0.1);
            ev.clear();
            ev.clear(); // clearing a clear event changes nothing
            setAfterClear = ev.isSet();
            co_await asyncio::sleep(2.0);
            ev.set();
            ev.set(); // setting a set event changes nothing
            co_await w;
        };
        const auto out = f.loop.run(main());
        QVERIFY(!setAfterClear);
        QCOMPARE(out.total, sec(3.1));
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 first pass", "3.100 second pass"}));
        // One state event per real change.
        std::vector<std::string> states;
        for (const Event& e : eventsWhere(f.trace, kinds({EventKind::PrimitiveState})))
            states.push_back(timeText(e.t) + (e.sub ? " set" : " clear"));
        QCOMPARE(qtLines(states), qtLines({"1.000 set", "1.100 clear", "3.100 set"}));
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.kind == EventKind::TaskSuspended && e.task == 2;
                 })),
                 qtLines({"0.000 task_suspended w event", "1.000 task_suspended w sleep", "1.500 task_suspended w event"}));
    }

    void cancelledWaiterLeavesEvent()
    {
        LoopFixture f;
        AsyncEvent ev("ready");
        TaskRef<void> a, b;
        std::size_t waitersAfterCancel = 99;
        auto waiter = [&](std::string name) -> Task<void> {
            co_await ev.wait();
            print(name + " woke");
        };
        auto main = [&]() -> Task<void> {
            a = f.loop.createTask(waiter("a"), "a");
            b = f.loop.createTask(waiter("b"), "b");
            co_await asyncio::sleep(1.0);
            a.cancel();
            waitersAfterCancel = ev.waiters().size();
            ev.set();
            std::vector<TaskRef<void>> all{a, b};
            co_await gatherReturnExceptions(std::move(all));
        };
        f.loop.run(main());
        QCOMPARE(waitersAfterCancel, 1u);
        QVERIFY(a->cancelled());
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 b woke"}));
    }
};

QTEST_GUILESS_MAIN(TestEvent)
#include "tst_event.moc"
