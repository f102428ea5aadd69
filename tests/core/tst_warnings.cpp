// asyncio debug-mode warnings: slow callbacks, never-awaited coroutines, unretrieved task
// exceptions, and the deadlock report.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

Task<void> nothing()
{
    co_return;
}

Task<int> failsSoon()
{
    co_await asyncio::sleep(0.5);
    throw ValueError("boom");
}

Task<void> lockPair(Lock& first, Lock& second)
{
    auto a = co_await first.hold();
    co_await asyncio::sleep(0.1);
    auto b = co_await second.hold();
    loopscope::print("never: both held");
}

} // namespace

class TestWarnings : public QObject
{
    Q_OBJECT
private slots:
    void slowCallback()
    {
        LoopFixture f;
        auto worker = [](double d) -> Task<void> {
            blockingSleep(d);
            co_return;
        };
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            co_await loop.createTask(worker(5), "worker");
            co_await loop.createTask(worker(0.05), "quick");
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(5.05));
        LS_COMPARE_LINES(f.warnings(), (Lines{"5.000 slow_callback: slow callback: task worker ran for 5.000 s"}));
        QCOMPARE(f.loop.warnings()[0].task, TaskId(2));
        LS_COMPARE_LINES(f.lines(kinds({EventKind::BlockingBegin, EventKind::BlockingEnd, EventKind::Warning})),
                         (Lines{"0.000 blocking_begin worker", "5.000 blocking_end worker",
                                "5.000 warning worker slow_callback: slow callback: task worker ran for 5.000 s",
                                "5.000 blocking_begin quick", "5.050 blocking_end quick"}));
    }

    void slowCallbackNotReportedWithoutDebug()
    {
        LoopOptions options;
        options.debug = false;
        EventLoop loop(options);
        auto main = []() -> Task<void> {
            blockingSleep(5);
            co_return;
        };
        loop.run(main());
        QVERIFY(loop.warnings().empty());
    }

    void coroutineNeverAwaited()
    {
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            co_await asyncio::sleep(1);
            {
                Task<void> dropped = nothing();
            }
            co_await nothing(); // awaited: no warning
        };
        f.loop.run(main());
        LS_COMPARE_LINES(f.warnings(), (Lines{"1.000 never_awaited: coroutine 'nothing' was never awaited"}));
        QCOMPARE(f.loop.warnings()[0].task, TaskId(1));
        LS_COMPARE_LINES(f.lines(kinds({EventKind::Warning})),
                         (Lines{"1.000 warning main never_awaited: coroutine 'nothing' was never awaited"}));
    }

    void taskExceptionNeverRetrieved()
    {
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            auto t = runningLoop().createTask(failsSoon());
            co_await asyncio::sleep(1);
            loopscope::print("dropping the task");
            t = TaskRef<int>(); // last reference: the failure was never looked at
            loopscope::print("dropped");
            co_await asyncio::sleep(1);
        };
        f.loop.run(main());
        LS_COMPARE_LINES(f.warnings(), (Lines{"1.000 exception_never_retrieved: Task exception was never retrieved: "
                                              "task Task-2 failed with ValueError: boom"}));
        LS_COMPARE_LINES(f.lines(kinds({EventKind::Print, EventKind::Warning, EventKind::TaskFinished})),
                         (Lines{"0.500 task_finished Task-2 failed", "1.000 print main dropping the task",
                                "1.000 warning Task-2 exception_never_retrieved: Task exception was never retrieved: "
                                "task Task-2 failed with ValueError: boom",
                                "1.000 print main dropped", "2.000 task_finished main done"}));
    }

    void retrievedExceptionIsNotReported()
    {
        EventLoop loop;
        auto main = [&]() -> Task<void> {
            auto t = runningLoop().createTask(failsSoon());
            co_await asyncio::sleep(1);
            (void)t->exception();
        };
        loop.run(main());
        QVERIFY(loop.warnings().empty());
    }

    void deadlockIsReportedAndNothingHangs()
    {
        LoopFixture f;
        Lock a("L1");
        Lock b("L2");
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto t1 = loop.createTask(lockPair(a, b), "t1");
            auto t2 = loop.createTask(lockPair(b, a), "t2");
            co_await t1;
            co_await t2;
        };
        auto out = f.loop.run(main());
        QVERIFY(out.deadlocked);
        QVERIFY(f.loop.deadlocked());
        QVERIFY(f.loop.closed());
        QCOMPARE(out.total, sec(0.1));
        QVERIFY(f.loop.console().empty());
        QCOMPARE(f.loop.warnings().size(), 1u);
        const LoopWarning& w = f.loop.warnings()[0];
        QCOMPARE(w.kind, WarningKind::Deadlock);
        QCOMPARE(w.t, sec(0.1));
        QCOMPARE(QString::fromStdString(w.text),
                 QString("deadlock: nothing can ever run again, but 3 tasks wait; cycle: t1 waits for lock L2 (held "
                         "by t2), t2 waits for lock L1 (held by t1); waiting: main waits for task t1, t1 waits for "
                         "lock L2 (held by t2), t2 waits for lock L1 (held by t1)"));
        // The phase is recorded before the warning, and the run still closes.
        Lines phases = f.lines([](const Event& e) {
            return (e.kind == EventKind::LoopPhase && LoopPhase(e.sub) >= LoopPhase::CancelLeftovers) ||
                   e.kind == EventKind::Warning;
        });
        QCOMPARE(phases.size(), 4u);
        QCOMPARE(phases[0], std::string("0.100 loop_phase loop deadlock"));
        QCOMPARE(phases[2], std::string("0.100 loop_phase loop shut down executors"));
        QCOMPARE(phases[3], std::string("0.100 loop_phase loop closed"));
    }
};

QTEST_GUILESS_MAIN(TestWarnings)
#include "tst_warnings.moc"
