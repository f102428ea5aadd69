// Task<T> (a coroutine object) and TaskRef<T> (an asyncio.Task).

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

Task<int> answer(bool* ran)
{
    *ran = true;
    loopscope::print("answer runs");
    co_await asyncio::sleep(1);
    co_return 42;
}

Task<int> failing()
{
    co_await asyncio::sleep(0.5);
    throw ValueError("boom");
}

Task<void> nothing()
{
    co_return;
}

} // namespace

class TestTask : public QObject
{
    Q_OBJECT
private slots:
    void coroutineIsLazy()
    {
        bool ran = false;
        {
            Task<int> t = answer(&ran);
            QVERIFY(t.isValid());
            QVERIFY(!t.started());
            QVERIFY(!t.finished());
            QCOMPARE(t.name(), std::string("answer"));
            QVERIFY(!ran);
        } // dropped outside a loop: no loop to warn on, body never ran
        QVERIFY(!ran);

        LoopFixture f;
        bool ranInside = false;
        auto main = [&]() -> Task<int> {
            Task<int> t = answer(&ranInside);
            loopscope::print(ranInside ? "ran early" : "not yet");
            co_await asyncio::sleep(2);
            loopscope::print(ranInside ? "ran early" : "still not");
            int v = co_await t;
            co_return v;
        };
        TaskRef<int> ref;
        auto out = f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), 42);
        QCOMPARE(out.total, sec(3));
        LS_COMPARE_LINES(f.console(), (Lines{"0.000 not yet", "2.000 still not", "2.000 answer runs"}));
        QVERIFY(f.loop.warnings().empty());
    }

    void awaitingRunsInsideTheCurrentTask()
    {
        LoopFixture f;
        bool ran = false;
        auto main = [&]() -> Task<int> { co_return co_await answer(&ran) + 1; };
        TaskRef<int> ref;
        f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), 43);
        // No new task: only main was created, and the print and the sleep belong to main.
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TaskCreated, EventKind::Print, EventKind::TaskSuspended,
                                        EventKind::TaskFinished})),
                         (Lines{"0.000 task_created main", "0.000 print main answer runs",
                                "0.000 task_suspended main sleep", "1.000 task_finished main done"}));
        QCOMPARE(f.loop.meta().taskCount(), 1u);
    }

    void exceptionsPropagateThroughAwait()
    {
        LoopFixture f;
        auto middle = []() -> Task<int> {
            int v = co_await failing();
            loopscope::print("not reached");
            co_return v;
        };
        auto main = [&]() -> Task<int> {
            try {
                co_await middle();
            } catch (const ValueError& e) {
                loopscope::print(std::string("caught ") + e.what());
            }
            co_return 7;
        };
        TaskRef<int> ref;
        f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), 7);
        LS_COMPARE_LINES(f.console(), (Lines{"0.500 caught ValueError: boom"}));

        // An uncaught exception fails the task; result() rethrows it.
        LoopFixture g;
        auto main2 = []() -> Task<int> { co_return co_await failing(); };
        TaskRef<int> ref2;
        g.loop.run(main2(), &ref2);
        QCOMPARE(ref2->status(), TaskStatus::Failed);
        QVERIFY_THROWS_EXCEPTION(ValueError, ref2.result());
        LS_COMPARE_LINES(g.lines(kinds({EventKind::TaskFinished})), (Lines{"0.500 task_finished main failed"}));
        QCOMPARE(g.loop.meta().string(StringId(g.trace[findEvent(g.trace, kinds({EventKind::TaskFinished}))].a())),
                 std::string("ValueError: boom"));
    }

    void resultOfPendingTaskThrowsInvalidState()
    {
        LoopFixture f;
        std::string message;
        bool ran = false;
        auto main = [&]() -> Task<int> {
            auto t = runningLoop().createTask(answer(&ran), "answer");
            try {
                (void)t.result();
            } catch (const InvalidStateError& e) {
                message = e.what();
            }
            try {
                t->checkResult();
            } catch (const InvalidStateError&) {
                message += " (checkResult too)";
            }
            co_return co_await t;
        };
        TaskRef<int> ref;
        f.loop.run(main(), &ref);
        QCOMPARE(message, std::string("InvalidStateError: Result is not set. (checkResult too)"));
        QCOMPARE(ref.result(), 42);
    }

    void awaitingTheSameCoroutineTwiceThrows()
    {
        LoopFixture f;
        std::string message;
        bool ran = false;
        auto main = [&]() -> Task<int> {
            Task<int> t = answer(&ran);
            int first = co_await t;
            try {
                co_await t;
            } catch (const RuntimeError& e) {
                message = e.what();
            }
            co_return first;
        };
        TaskRef<int> ref;
        f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), 42);
        QCOMPARE(message, std::string("RuntimeError: cannot reuse already awaited coroutine"));
        // The body ran once.
        LS_COMPARE_LINES(f.console(), (Lines{"0.000 answer runs"}));
    }

    void doneCancelAndNames()
    {
        LoopFixture f;
        bool ran = false;
        std::vector<std::string> notes;
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            auto a = loop.createTask(nothing());
            auto b = loop.createTask(answer(&ran), "worker");
            auto c = loop.createTask(nothing());
            notes.push_back(loop.meta().taskName(a.id()));
            notes.push_back(loop.meta().taskName(b.id()));
            notes.push_back(loop.meta().taskName(c.id()));
            notes.push_back(a.done() ? "a done" : "a pending");
            co_await a;
            notes.push_back(a.done() ? "a done" : "a pending");
            notes.push_back(a.cancel() ? "cancel a: true" : "cancel a: false");
            notes.push_back(a->cancelled() ? "a cancelled" : "a not cancelled");
            co_await asyncio::sleep(0.5);
            notes.push_back(b.cancel() ? "cancel b: true" : "cancel b: false");
            notes.push_back(b.done() ? "b done" : "b pending");
            try {
                co_await b;
            } catch (const CancelledError&) {
                notes.push_back("b raised CancelledError");
            }
            notes.push_back(b->cancelled() ? "b cancelled" : "b not cancelled");
            notes.push_back(b.cancel() ? "cancel b: true" : "cancel b: false");
            co_await c;
        };
        f.loop.run(main());
        LS_COMPARE_LINES(notes, (Lines{"Task-2", "worker", "Task-4", "a pending", "a done", "cancel a: false",
                                       "a not cancelled", "cancel b: true", "b pending", "b raised CancelledError",
                                       "b cancelled", "cancel b: false"}));
        QCOMPARE(f.loop.meta().taskName(TaskId(1)), std::string("main"));
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TaskFinished})),
                         (Lines{"0.000 task_finished Task-2 done", "0.000 task_finished Task-4 done",
                                "0.500 task_finished worker cancelled", "0.500 task_finished main done"}));
    }

    void awaitingATaskGivesItsResult()
    {
        LoopFixture f;
        bool ran = false;
        auto main = [&]() -> Task<int> {
            auto t = runningLoop().createTask(answer(&ran), "answer");
            int a = co_await t;
            int b = co_await t; // a done task can be awaited again
            co_return a + b;
        };
        TaskRef<int> ref;
        auto out = f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), 84);
        QCOMPARE(out.total, sec(1));
        LS_COMPARE_LINES(f.lines(kinds({EventKind::StepScheduled, EventKind::TaskFinished})),
                         (Lines{"0.000 step_scheduled main created", "0.000 step_scheduled answer created",
                                "1.000 step_scheduled answer timer", "1.000 task_finished answer done",
                                "1.000 step_scheduled main task done", "1.000 task_finished main done"}));
    }
};

QTEST_GUILESS_MAIN(TestTask)
#include "tst_task.moc"
