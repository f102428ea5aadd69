// asyncio.sleep: exact wake times on the virtual clock, sleep(0) as a yield, timer events.

#include "testsupport.h"

#include "core/numtext.h"
#include "core/sleeplabel.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {
using Lines = std::vector<std::string>;
}

class TestSleep : public QObject
{
    Q_OBJECT
private slots:
    void wakesAtExactTimes()
    {
        LoopFixture f;
        std::vector<TimeNs> wakes;
        auto main = [&]() -> Task<void> {
            co_await asyncio::sleep(0.1);
            wakes.push_back(runningLoop().now());
            co_await asyncio::sleep(0.2);
            wakes.push_back(runningLoop().now()); // exactly 0.3 s, not 0.30000000000000004
            co_await asyncio::sleep(1.25);
            wakes.push_back(runningLoop().now());
            co_await asyncio::sleepNs(7);
            wakes.push_back(runningLoop().now());
        };
        auto out = f.loop.run(main());
        QCOMPARE(wakes, (std::vector<TimeNs>{100'000'000, 300'000'000, 1'550'000'000, 1'550'000'007}));
        QCOMPARE(out.total, 1'550'000'007);
    }

    void concurrentSleepersWakeByDeadline()
    {
        LoopFixture f;
        auto napper = [](std::string name, double d) -> Task<void> {
            co_await asyncio::sleep(d);
            loopscope::print(name);
        };
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto a = loop.createTask(napper("a", 3));
            auto b = loop.createTask(napper("b", 1));
            auto c = loop.createTask(napper("c", 2));
            co_await a;
            co_await b;
            co_await c;
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(3));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 b", "2.000 c", "3.000 a"}));
    }

    void sleepZeroYieldsToOtherReadyTasks()
    {
        LoopFixture f;
        auto spinner = [](std::string name) -> Task<void> {
            for (int i = 0; i < 3; ++i) {
                loopscope::print(name + std::to_string(i));
                co_await asyncio::sleep(0);
            }
        };
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto a = loop.createTask(spinner("A"), "A");
            auto b = loop.createTask(spinner("B"), "B");
            co_await a;
            co_await b;
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, 0);
        LS_COMPARE_LINES(f.console(),
                         (Lines{"0.000 A0", "0.000 B0", "0.000 A1", "0.000 B1", "0.000 A2", "0.000 B2"}));
        // A bare yield: no timer, the task goes straight back to the ready queue.
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::TimerArmed})).size(), 0u);
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TaskYielded})),
                         (Lines{"0.000 task_yielded A", "0.000 task_yielded B", "0.000 task_yielded A",
                                "0.000 task_yielded B", "0.000 task_yielded A", "0.000 task_yielded B"}));
    }

    void negativeDelayIsZero()
    {
        LoopFixture f;
        auto other = []() -> Task<void> {
            loopscope::print("other");
            co_return;
        };
        auto main = [&]() -> Task<void> {
            auto t = runningLoop().createTask(other(), "other");
            co_await asyncio::sleep(-1.0);
            loopscope::print("main after sleep(-1)");
            co_await t;
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, 0);
        LS_COMPARE_LINES(f.console(), (Lines{"0.000 other", "0.000 main after sleep(-1)"}));
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::TimerArmed})).size(), 0u);
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::TaskYielded})).size(), 1u);
    }

    void timerArmedAndFiredEvents()
    {
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            co_await asyncio::sleep(1.5);
            co_await asyncio::sleep(0.5);
        };
        f.loop.run(main());
        auto armed = eventsWhere(f.trace, kinds({EventKind::TimerArmed}));
        auto fired = eventsWhere(f.trace, kinds({EventKind::TimerFired}));
        QCOMPARE(armed.size(), 2u);
        QCOMPARE(fired.size(), 2u);
        QCOMPARE(armed[0].t, 0);
        QCOMPARE(armed[0].v(), sec(1.5));
        QCOMPARE(armed[1].t, sec(1.5));
        QCOMPARE(armed[1].v(), sec(2));
        QCOMPARE(fired[0].t, sec(1.5));
        QCOMPARE(fired[0].a(), 0u); // timer ids in arming order
        QCOMPARE(fired[0].b(), 0u); // lateness: none on an idle loop
        QCOMPARE(fired[1].t, sec(2));
        QCOMPARE(fired[1].a(), 1u);
        QCOMPARE(fired[1].b(), 0u);
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TimerArmed, EventKind::TimerFired, EventKind::CallbackRun,
                                        EventKind::StepScheduled, EventKind::TaskSuspended})),
                         (Lines{"0.000 step_scheduled main created", "0.000 timer_armed main",
                                "0.000 task_suspended main sleep", "1.500 timer_fired main", "1.500 callback_run main",
                                "1.500 step_scheduled main timer", "1.500 timer_armed main",
                                "1.500 task_suspended main sleep", "2.000 timer_fired main", "2.000 callback_run main",
                                "2.000 step_scheduled main timer"}));
        // The suspension is labelled like Python's repr of the call.
        const Event s = eventsWhere(f.trace, kinds({EventKind::TaskSuspended}))[0];
        QCOMPARE(f.loop.meta().string(StringId(s.b())), std::string("sleep(1.5)"));
    }

    void timerIsLateWhenTheLoopIsBlocked()
    {
        LoopFixture f;
        auto sleeper = []() -> Task<void> {
            co_await asyncio::sleep(1);
            loopscope::print("sleeper woke");
        };
        auto blocker = []() -> Task<void> {
            blockingSleep(2.5);
            co_return;
        };
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto a = loop.createTask(sleeper(), "sleeper");
            auto b = loop.createTask(blocker(), "blocker");
            co_await a;
            co_await b;
        };
        f.loop.run(main());
        LS_COMPARE_LINES(f.console(), (Lines{"2.500 sleeper woke"}));
        auto fired = eventsWhere(f.trace, kinds({EventKind::TimerFired}));
        QCOMPARE(fired.size(), 1u);
        QCOMPARE(fired[0].t, sec(2.5));
        QCOMPARE(fired[0].b(), 1'500'000u); // 1.5 s late, in microseconds
    }

    // The label is written from the integer nanoseconds when that gives the same text as
    // printf's "%.9g" of the seconds; this checks it does, at every kind of boundary.
    void labelMatchesGeneralFormatting()
    {
        auto reference = [](TimeNs ns) {
            std::string s = formatGeneral(nsToSeconds(ns), 9);
            if (s.find_first_of(".e") == std::string::npos)
                s += ".0";
            return "sleep(" + s + ")";
        };
        std::vector<TimeNs> durations{0, 1, 99'999, 100'000, 100'001, 123'456, 999'999'999, 1'000'000'000,
                                      1'000'000'001, 1'500'000'000, 123'456'789'000, 999'999'999'000'000'000,
                                      1'000'000'000'000'000'000, 12'345'678'900'000};
        std::uint64_t state = 12345;
        for (int i = 0; i < 20'000; ++i) { // random durations of every magnitude
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            durations.push_back(TimeNs((state >> 11) % (TimeNs(1) << (i % 62 + 1))));
        }
        for (TimeNs ns : durations)
            QCOMPARE(sleepLabel(ns), reference(ns));
        QCOMPARE(sleepLabel(500'000'000), std::string("sleep(0.5)"));
        QCOMPARE(sleepLabel(2'000'000'000), std::string("sleep(2.0)"));
    }
};

QTEST_GUILESS_MAIN(TestSleep)
#include "tst_sleep.moc"
