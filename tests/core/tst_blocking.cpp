// Blocking calls on the loop's thread: the clock moves, nothing else runs, timers fire late.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestBlocking : public QObject
{
    Q_OBJECT
private slots:
    void blockingSleepStallsTheLoop()
    {
        LoopFixture f;
        TaskRef<void> sleeper, blocker;
        auto sleeperBody = [&]() -> Task<void> {
            co_await asyncio::sleep(1.0);
            print("timer task woke");
        };
        auto blockerBody = [&]() -> Task<void> {
            print("blocking");
            blockingSleep(2.5); // keeps the loop: the sleeper's timer (due at 1.0) waits
            print("unblocked");
            co_return;
        };
        auto main = [&]() -> Task<void> {
            sleeper = f.loop.createTask(sleeperBody(), "sleeper");
            blocker = f.loop.createTask(blockerBody(), "blocker");
            co_await sleeper;
            co_await blocker;
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(2.5));
        QCOMPARE(qtLines(f.console()), qtLines({"0.000 blocking", "2.500 unblocked", "2.500 timer task woke"}));
        // The timer fired 1.5 s late, recorded in microseconds.
        const auto fired = eventsWhere(f.trace, [&](const Event& e) {
            return e.kind == EventKind::TimerFired && e.task == sleeper.id().value;
        });
        QCOMPARE(fired.size(), 1u);
        QCOMPARE(fired[0].t, sec(2.5));
        QCOMPARE(fired[0].b(), 1'500'000u);
        // Begin and end of the blocking call, with its label and kind.
        const auto blocking = eventsWhere(f.trace, kinds({EventKind::BlockingBegin, EventKind::BlockingEnd}));
        QCOMPARE(blocking.size(), 2u);
        QCOMPARE(blocking[0].kind, EventKind::BlockingBegin);
        QCOMPARE(blocking[0].t, 0);
        QCOMPARE(blocking[0].task, blocker.id().value);
        QCOMPARE(BlockingKind(blocking[0].sub), BlockingKind::Sleep);
        QCOMPARE(f.trace.meta().string(StringId(blocking[0].a())), std::string("time.sleep(2.5)"));
        QCOMPARE(blocking[1].kind, EventKind::BlockingEnd);
        QCOMPARE(blocking[1].t, sec(2.5));
        QCOMPARE(blocking[1].task, blocker.id().value);
        // Nothing else happened in between: the events between begin and end are none.
        const std::size_t begin = findEvent(f.trace, kinds({EventKind::BlockingBegin}));
        QCOMPARE(f.trace[begin + 1].kind, EventKind::BlockingEnd);
        // asyncio's debug mode reports the slow step.
        QCOMPARE(qtLines(f.warnings()), qtLines({"2.500 slow_callback: slow callback: task blocker ran for 2.500 s"}));
    }

    void negativeDurationRaises()
    {
        LoopFixture f;
        std::vector<std::string> errors;
        auto main = [&]() -> Task<void> {
            try {
                blockingSleep(-1);
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            try {
                cpuWork(-0.5);
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            co_return;
        };
        const auto out = f.loop.run(main());
        QCOMPARE(qtLines(errors), qtLines({"ValueError: sleep length must be non-negative",
                                           "ValueError: work duration must be non-negative"}));
        QCOMPARE(out.total, 0);
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::BlockingBegin, EventKind::BlockingEnd})).size(), 0u);
    }

    void cpuWorkAndZeroSleep()
    {
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            blockingSleep(0); // allowed: no time passes
            cpuWork(0.05, "crunch");
            print("done");
            co_return;
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, msec(50));
        QCOMPARE(qtLines(f.console()), qtLines({"0.050 done"}));
        QCOMPARE(qtLines(f.lines(kinds({EventKind::BlockingBegin, EventKind::BlockingEnd}))),
                 qtLines({"0.000 blocking_begin main", "0.000 blocking_end main", "0.000 blocking_begin main",
                          "0.050 blocking_end main"}));
        const auto begins = eventsWhere(f.trace, kinds({EventKind::BlockingBegin}));
        QCOMPARE(BlockingKind(begins[1].sub), BlockingKind::Cpu);
        QCOMPARE(f.trace.meta().string(StringId(begins[1].a())), std::string("crunch"));
        QVERIFY(f.warnings().empty()); // 50 ms is under the 100 ms slow-callback threshold
    }
};

QTEST_GUILESS_MAIN(TestBlocking)
#include "tst_blocking.moc"
