// The event loop: one iteration in asyncio's order, FIFO scheduling, timers, run() lifecycle.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

// Prints its index after sleeping `delay`.
Task<void> sleeper(int i, double delay)
{
    co_await asyncio::sleep(delay);
    loopscope::print(std::to_string(i));
}

// Creates one task per delay (in order), then waits for all of them; returns the print order.
Lines wakeOrder(const std::vector<double>& delays)
{
    EventLoop loop;
    auto main = [&]() -> Task<void> {
        std::vector<TaskRef<void>> tasks;
        for (std::size_t i = 0; i < delays.size(); ++i)
            tasks.push_back(runningLoop().createTask(sleeper(int(i), delays[i])));
        co_await gather(tasks);
    };
    loop.run(main());
    Lines out;
    for (const auto& p : loop.console())
        out.push_back(p.text);
    return out;
}

} // namespace

class TestLoop : public QObject
{
    Q_OBJECT
private slots:
    void runOnceFollowsAsyncioPhaseOrder()
    {
        LoopFixture f;
        auto body = []() -> Task<void> {
            loopscope::print("a1");
            co_await asyncio::sleep(1);
            loopscope::print("a2");
        };
        auto ref = f.loop.createTask(body(), "a");
        QCOMPARE(f.lines(), (Lines{"0.000 task_created a", "0.000 step_scheduled a created"}));

        QVERIFY(f.loop.runOnce());
        QCOMPARE(f.loop.iteration(), 1u);
        QCOMPARE(f.lines(), (Lines{
                                "0.000 task_created a",
                                "0.000 step_scheduled a created",
                                "0.000 loop_phase loop compute timeout",
                                "0.000 loop_phase loop wait for I/O or timers",
                                "0.000 loop_phase loop move expired timers to ready",
                                "0.000 loop_phase loop run ready handles",
                                "0.000 task_resumed a",
                                "0.000 print a a1",
                                "0.000 timer_armed a",
                                "0.000 task_suspended a sleep",
                            }));
        QVERIFY(f.loop.runOnce());
        QVERIFY(f.loop.runOnce());
        QCOMPARE(f.loop.iteration(), 3u);
        Lines all = f.lines();
        Lines tail(all.begin() + 10, all.end());
        QCOMPARE(tail, (Lines{
                           // iteration 2: nothing ready, wait jumps to the timer
                           "0.000 loop_phase loop compute timeout",
                           "0.000 loop_phase loop wait for I/O or timers",
                           "1.000 loop_phase loop move expired timers to ready",
                           "1.000 timer_fired a",
                           "1.000 loop_phase loop run ready handles",
                           "1.000 callback_run a",
                           "1.000 step_scheduled a timer",
                           // iteration 3: the task steps
                           "1.000 loop_phase loop compute timeout",
                           "1.000 loop_phase loop wait for I/O or timers",
                           "1.000 loop_phase loop move expired timers to ready",
                           "1.000 loop_phase loop run ready handles",
                           "1.000 task_resumed a",
                           "1.000 print a a2",
                           "1.000 task_finished a done",
                       }));
        QVERIFY(ref.done());
        // Nothing left: the next iteration reports there is nothing to run.
        QVERIFY(!f.loop.runOnce());
        QVERIFY(!f.loop.deadlocked());

        // Phase details: a = iteration, b = handles to run for RunReady.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> runReady;
        for (std::size_t i = 0; i < f.trace.size(); ++i) {
            const Event& e = f.trace[i];
            if (e.kind == EventKind::LoopPhase && LoopPhase(e.sub) == LoopPhase::RunReady)
                runReady.push_back({e.a(), e.b()});
        }
        QCOMPARE(runReady, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {2, 1}, {3, 1}}));
    }

    void handlesQueuedDuringAnIterationRunInTheNext()
    {
        EventLoop loop;
        Lines log;
        loop.callSoon([&] {
            log.push_back("A" + std::to_string(loop.iteration()));
            loop.callSoon([&] { log.push_back("C" + std::to_string(loop.iteration())); });
        });
        loop.callSoon([&] { log.push_back("B" + std::to_string(loop.iteration())); });
        QVERIFY(loop.runOnce());
        QCOMPARE(log, (Lines{"A1", "B1"}));
        QCOMPARE(loop.readySlots(), 1u);
        QVERIFY(loop.runOnce());
        QCOMPARE(log, (Lines{"A1", "B1", "C2"}));
        QVERIFY(!loop.runOnce());
    }

    void createTaskStartsNextTurnInFifoOrder()
    {
        LoopFixture f;
        auto child = [](std::string name) -> Task<void> {
            loopscope::print(name);
            co_return;
        };
        std::vector<TaskId> readyAtCreate, expectedReady;
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto t1 = loop.createTask(child("t1"), "t1");
            auto t2 = loop.createTask(child("t2"), "t2");
            auto t3 = loop.createTask(child("t3"), "t3");
            loopscope::print("main before");
            readyAtCreate = loop.readyTasks();
            expectedReady = {t1.id(), t2.id(), t3.id()};
            co_await asyncio::sleep(0);
            loopscope::print("main after");
        };
        f.loop.run(main());
        QCOMPARE(readyAtCreate, expectedReady);
        QCOMPARE(f.console(), (Lines{"0.000 main before", "0.000 t1", "0.000 t2", "0.000 t3", "0.000 main after"}));
        // t1..t3 and main's second step run in one RunReady, in FIFO order.
        auto steps = f.lines(kinds({EventKind::TaskResumed, EventKind::LoopPhase}));
        Lines cut;
        for (const auto& s : steps)
            if (s.find("run ready") != std::string::npos || s.find("task_resumed") != std::string::npos)
                cut.push_back(s);
        LS_COMPARE_LINES(cut, (Lines{
                          "0.000 loop_phase loop run ready handles",
                          "0.000 task_resumed main",
                          "0.000 loop_phase loop run ready handles",
                          "0.000 task_resumed t1",
                          "0.000 task_resumed t2",
                          "0.000 task_resumed t3",
                          "0.000 task_resumed main",
                      }));
    }

    void callSoonAndCallLaterOrder()
    {
        EventLoop loop;
        Lines log;
        auto note = [&](const char* what) { return [&, what] { log.push_back(timeText(loop.now()) + " " + what); }; };
        loop.callLater(2, note("A later 2"));
        loop.callLater(1, note("B later 1"));
        loop.callSoon(note("C soon"));
        loop.callLater(0, note("D later 0"));
        loop.callLater(-5, note("E later -5"));
        loop.callSoon(note("F soon"));
        QVERIFY(loop.runOnce());
        // Ready handles first, then the timers that expired in this iteration's expire phase.
        QCOMPARE(log, (Lines{"0.000 C soon", "0.000 F soon", "0.000 D later 0", "0.000 E later -5"}));
        while (loop.runOnce()) {
        }
        QCOMPARE(log, (Lines{"0.000 C soon", "0.000 F soon", "0.000 D later 0", "0.000 E later -5", "1.000 B later 1",
                             "2.000 A later 2"}));
        QCOMPARE(loop.now(), sec(2));
    }

    void runUntilStopsAtTheGivenTime()
    {
        EventLoop loop;
        Lines log;
        for (int i = 1; i <= 3; ++i)
            loop.callLater(i, [&, i] { log.push_back(timeText(loop.now()) + " t" + std::to_string(i)); });
        loop.runUntil(sec(2));
        QCOMPARE(log, (Lines{"1.000 t1", "2.000 t2"}));
        QCOMPARE(loop.now(), sec(2));
        const auto it = loop.iteration();
        loop.runUntil(sec(2.5)); // nothing due: no iteration
        QCOMPARE(loop.iteration(), it);
        QCOMPARE(loop.now(), sec(2));
        loop.runUntil(sec(10));
        QCOMPARE(log, (Lines{"1.000 t1", "2.000 t2", "3.000 t3"}));
        QCOMPARE(loop.now(), sec(3));
    }

    void runCancelsLeftoversAndCloses()
    {
        LoopFixture f;
        struct Guard
        {
            ~Guard() { loopscope::print("guard destroyed"); }
        };
        auto leftover = []() -> Task<void> {
            Guard g;
            try {
                co_await asyncio::sleep(10);
                loopscope::print("never");
            } catch (const CancelledError&) {
                loopscope::print("leftover caught CancelledError");
                throw;
            }
        };
        TaskRef<void> left;
        auto main = [&]() -> Task<int> {
            left = runningLoop().createTask(leftover(), "leftover");
            co_await asyncio::sleep(1);
            loopscope::print("main returns");
            co_return 42;
        };
        TaskRef<int> mainRef;
        auto out = f.loop.run(main(), &mainRef);
        QCOMPARE(out.total, sec(1));
        QVERIFY(!out.deadlocked);
        QCOMPARE(mainRef.result(), 42);
        QVERIFY(left.done());
        QVERIFY(left->cancelled());
        QCOMPARE(f.console(), (Lines{"1.000 main returns", "1.000 leftover caught CancelledError",
                                     "1.000 guard destroyed"}));
        QVERIFY(f.loop.closed());
        QVERIFY(EventLoop::current() == nullptr);

        // Phases after main finished, and the leftover's end in between.
        Lines lines = f.lines([](const Event& e) {
            if (e.kind == EventKind::LoopPhase)
                return LoopPhase(e.sub) == LoopPhase::CancelLeftovers ||
                       LoopPhase(e.sub) == LoopPhase::ShutdownExecutors || LoopPhase(e.sub) == LoopPhase::Closed;
            return e.kind == EventKind::TaskFinished || e.kind == EventKind::CancelRequested ||
                   e.kind == EventKind::CancelDelivered;
        });
        QCOMPARE(lines, (Lines{
                            "1.000 task_finished main done",
                            "1.000 loop_phase loop cancel leftover tasks",
                            "1.000 cancel_requested leftover",
                            "1.000 cancel_delivered leftover",
                            "1.000 task_finished leftover cancelled",
                            "1.000 loop_phase loop shut down executors",
                            "1.000 loop_phase loop closed",
                        }));
        QCOMPARE(f.trace[f.trace.size() - 1].kind, EventKind::LoopPhase);
        QCOMPARE(LoopPhase(f.trace[f.trace.size() - 1].sub), LoopPhase::Closed);
        QCOMPARE(LoopPhase(f.trace[0].sub), LoopPhase::Start);
        QVERIFY(!f.loop.runOnce()); // closed
    }

    void nestedRunThrowsRuntimeError()
    {
        LoopFixture f;
        auto inner = []() -> Task<void> { co_return; };
        auto main = [&]() -> Task<void> {
            try {
                f.loop.run(inner());
                loopscope::print("no error");
            } catch (const RuntimeError& e) {
                loopscope::print(e.what());
            }
            EventLoop other;
            try {
                other.run(inner());
                loopscope::print("no error");
            } catch (const RuntimeError& e) {
                loopscope::print(e.what());
            }
            co_return;
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, 0);
        QCOMPARE(f.console(), (Lines{"0.000 RuntimeError: asyncio.run() cannot be called from a running event loop",
                                     "0.000 RuntimeError: asyncio.run() cannot be called from a running event loop"}));
        // Only main ever became a task.
        QCOMPARE(f.lines(kinds({EventKind::TaskCreated})), (Lines{"0.000 task_created main"}));
    }

    void sameDeadlineTimersFireInHeapqOrder()
    {
        // Orders printed by CPython 3.11 for the same programs on a virtual-time loop:
        // create_task(worker(i, d)) for each i, then gather; worker sleeps d and records i.
        QCOMPARE(wakeOrder(std::vector<double>(10, 1.0)), (Lines{"0", "2", "6", "9", "8", "5", "7", "4", "1", "3"}));
        QCOMPARE(wakeOrder(std::vector<double>(7, 1.0)), (Lines{"0", "2", "5", "6", "4", "1", "3"}));
        QCOMPARE(wakeOrder(std::vector<double>(16, 1.0)), (Lines{"0", "2", "6", "14", "13", "15", "12", "11", "10", "9",
                                                                  "8", "5", "7", "4", "1", "3"}));
        QCOMPARE(wakeOrder({2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 2, 1}),
                 (Lines{"1", "6", "11", "3", "8", "2", "10", "5", "7", "9", "4", "0"}));
    }
};

QTEST_GUILESS_MAIN(TestLoop)
#include "tst_loop.moc"
