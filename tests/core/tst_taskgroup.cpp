// asyncio.TaskGroup (3.11): first failure cancels the siblings, ExceptionGroup after all finished.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

Task<void> child(std::string name, double delay, bool fail = false)
{
    try {
        co_await asyncio::sleep(delay);
        if (fail)
            throw ValueError("boom");
        print(name + " done");
    } catch (const CancelledError&) {
        print(name + " cancelled");
        throw;
    }
}

} // namespace

class TestTaskGroup : public QObject
{
    Q_OBJECT
private slots:
    // Same listing as CPython 3.11 on the virtual clock: a cancelled at 1, b cancelled at 1,
    // the group raises once both finished.
    void firstFailureCancelsSiblings()
    {
        LoopFixture f;
        std::vector<TaskRef<void>> kids;
        std::string message;
        std::vector<std::string> subErrors;
        auto main = [&]() -> Task<void> {
            try {
                co_await withTaskGroup([&](TaskGroup& tg) -> Task<void> {
                    kids.push_back(tg.createTask(child("a", 5), "a"));
                    kids.push_back(tg.createTask(child("f", 1, true), "f"));
                    kids.push_back(tg.createTask(child("b", 3), "b"));
                    print("body done");
                    co_return;
                });
            } catch (const ExceptionGroup& eg) {
                message = eg.message();
                for (const auto& e : eg.exceptions())
                    subErrors.push_back(describeException(e));
                print("caught");
            }
            print("after");
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(1));
        QCOMPARE(QString::fromStdString(message), QStringLiteral("unhandled errors in a TaskGroup (1 sub-exception)"));
        QCOMPARE(qtLines(subErrors), qtLines({"ValueError: boom"}));
        QCOMPARE(qtLines(f.console()),
                 qtLines({"0.000 body done", "1.000 a cancelled", "1.000 b cancelled", "1.000 caught", "1.000 after"}));
        QCOMPARE(qtLines(f.lines(kinds({EventKind::TaskFinished}))),
                 qtLines({"1.000 task_finished f failed", "1.000 task_finished a cancelled",
                          "1.000 task_finished b cancelled", "1.000 task_finished main done"}));
        QVERIFY(kids[0]->cancelled());
        QVERIFY(kids[2]->cancelled());
        // The siblings are cancelled at once: in the turn right after f failed, not later.
        const std::size_t failed = findEvent(f.trace, [&](const Event& e) {
            return e.kind == EventKind::TaskFinished && e.task == kids[1].id().value;
        });
        const std::size_t cancelA = findEvent(f.trace, [&](const Event& e) {
            return e.kind == EventKind::CancelRequested && e.task == kids[0].id().value;
        });
        QVERIFY(failed < cancelA && cancelA < f.trace.size());
        int turns = 0;
        for (std::size_t i = failed; i < cancelA; ++i)
            if (f.trace[i].kind == EventKind::LoopPhase && LoopPhase(f.trace[i].sub) == LoopPhase::RunReady)
                ++turns;
        QCOMPARE(turns, 1); // the group's done-callback turn
        // No "swallowed CancelledError" or other warnings: the group's own cancel of its parent
        // is taken back (uncancel), as in CPython.
        QCOMPARE(qtLines(f.warnings()), qtLines({}));
    }

    void allSucceed()
    {
        LoopFixture f;
        bool raised = false;
        auto main = [&]() -> Task<void> {
            try {
                co_await withTaskGroup([&](TaskGroup& tg) -> Task<void> {
                    tg.createTask(child("x", 2), "x");
                    tg.createTask(child("y", 1), "y");
                    co_await asyncio::sleep(0.5); // the body itself awaits too
                    print("body done");
                });
            } catch (...) {
                raised = true;
            }
            print("after");
        };
        const auto out = f.loop.run(main());
        QVERIFY(!raised);
        QCOMPARE(out.total, sec(2));
        QCOMPARE(qtLines(f.console()), qtLines({"0.500 body done", "1.000 y done", "2.000 x done", "2.000 after"}));
        QCOMPARE(qtLines(f.warnings()), qtLines({}));
    }

    void joinFormAndTwoFailures()
    {
        LoopFixture f;
        std::string message;
        auto main = [&]() -> Task<void> {
            TaskGroup tg;
            tg.createTask(child("f1", 1, true), "f1");
            tg.createTask(child("f2", 1, true), "f2");
            tg.createTask(child("slow", 4), "slow");
            try {
                co_await tg.join();
            } catch (const ExceptionGroup& eg) {
                message = eg.message();
            }
        };
        const auto out = f.loop.run(main());
        // Both failures at 1 s are collected: f2 finishes in the same turn, before the group's
        // callbacks run.
        QCOMPARE(QString::fromStdString(message), QStringLiteral("unhandled errors in a TaskGroup (2 sub-exceptions)"));
        QCOMPARE(out.total, sec(1));
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 slow cancelled"}));
    }

    void createTaskAfterFinishRaises()
    {
        LoopFixture f;
        std::string error;
        auto main = [&]() -> Task<void> {
            TaskGroup tg;
            tg.createTask(child("x", 1), "x");
            co_await tg.join();
            try {
                tg.createTask(child("late", 1), "late");
            } catch (const RuntimeError& e) {
                error = e.what();
            }
        };
        const auto out = f.loop.run(main());
        QCOMPARE(QString::fromStdString(error), QStringLiteral("RuntimeError: TaskGroup is finished"));
        QCOMPARE(out.total, sec(1));
        // No task was created for the refused coroutine.
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::TaskCreated})).size(), 2u);
    }

    void bodyFailureCancelsChildren()
    {
        LoopFixture f;
        std::vector<std::string> subErrors;
        auto main = [&]() -> Task<void> {
            try {
                co_await withTaskGroup([&](TaskGroup& tg) -> Task<void> {
                    tg.createTask(child("c", 3), "c");
                    co_await asyncio::sleep(0.5);
                    throw RuntimeError("body failed");
                });
            } catch (const ExceptionGroup& eg) {
                for (const auto& e : eg.exceptions())
                    subErrors.push_back(describeException(e));
            }
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(0.5));
        QCOMPARE(qtLines(subErrors), qtLines({"RuntimeError: body failed"}));
        QCOMPARE(qtLines(f.console()), qtLines({"0.500 c cancelled"}));
    }
};

QTEST_GUILESS_MAIN(TestTaskGroup)
#include "tst_taskgroup.moc"
