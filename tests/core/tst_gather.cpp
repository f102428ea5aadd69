// asyncio.gather: argument-order results, first failure, return_exceptions, cancellation.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

Task<int> fetch(int value, double delay)
{
    co_await asyncio::sleep(delay);
    loopscope::print("fetched " + std::to_string(value));
    co_return value;
}

Task<int> fail(std::string message, double delay)
{
    co_await asyncio::sleep(delay);
    throw ValueError(message);
}

// Sleeps `delay`; on cancellation prints, spends `cleanup` seconds cleaning up, re-raises.
Task<int> child(int i, double delay, double cleanup)
{
    bool cancelled = false;
    try {
        co_await asyncio::sleep(delay);
        loopscope::print("child " + std::to_string(i) + " done");
    } catch (const CancelledError&) {
        loopscope::print("child " + std::to_string(i) + " cancelled");
        cancelled = true;
    }
    if (cancelled) {
        if (cleanup > 0) {
            co_await asyncio::sleep(cleanup);
            loopscope::print("child " + std::to_string(i) + " cleanup done");
        }
        throw CancelledError();
    }
    co_return i;
}

} // namespace

class TestGather : public QObject
{
    Q_OBJECT
private slots:
    void resultsInArgumentOrder()
    {
        LoopFixture f;
        auto main = [&]() -> Task<std::vector<int>> {
            co_return co_await gather(fetch(30, 3), fetch(10, 1), fetch(20, 2));
        };
        TaskRef<std::vector<int>> ref;
        auto out = f.loop.run(main(), &ref);
        QCOMPARE(ref.result(), (std::vector<int>{30, 10, 20}));
        QCOMPARE(out.total, sec(3));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 fetched 10", "2.000 fetched 20", "3.000 fetched 30"}));
        // Each child became a task, named in argument order.
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TaskCreated})),
                         (Lines{"0.000 task_created main", "0.000 task_created Task-2", "0.000 task_created Task-3",
                                "0.000 task_created Task-4"}));
        // The waiter wakes one callback turn after the last child finished.
        LS_COMPARE_LINES(f.lines(kinds({EventKind::TaskFinished, EventKind::CallbackRun, EventKind::StepScheduled})),
                         (Lines{"0.000 step_scheduled main created", "0.000 step_scheduled Task-2 created",
                                "0.000 step_scheduled Task-3 created", "0.000 step_scheduled Task-4 created",
                                "1.000 callback_run Task-3", "1.000 step_scheduled Task-3 timer",
                                "1.000 task_finished Task-3 done", "1.000 callback_run main",
                                "2.000 callback_run Task-4", "2.000 step_scheduled Task-4 timer",
                                "2.000 task_finished Task-4 done", "2.000 callback_run main",
                                "3.000 callback_run Task-2", "3.000 step_scheduled Task-2 timer",
                                "3.000 task_finished Task-2 done", "3.000 callback_run main",
                                "3.000 step_scheduled main gather", "3.000 task_finished main done"}));
    }

    void firstExceptionPropagatesWhileSiblingsRunOn()
    {
        LoopFixture f;
        std::vector<TaskRef<int>> children;
        auto main = [&]() -> Task<void> {
            auto g = gather(fetch(1, 2), fail("a failed", 1), fetch(3, 3), fail("b failed", 1.5));
            children = g.tasks();
            try {
                co_await std::move(g);
                loopscope::print("no error");
            } catch (const ValueError& e) {
                loopscope::print(std::string("caught ") + e.what());
            }
            co_await asyncio::sleep(5);
            loopscope::print("main done");
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(6));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 caught ValueError: a failed", "2.000 fetched 1",
                                             "3.000 fetched 3", "6.000 main done"}));
        QCOMPARE(children.size(), 4u);
        QCOMPARE(finishTime(f.trace, children[0].id()), sec(2));
        QCOMPARE(finishTime(f.trace, children[1].id()), sec(1));
        QCOMPARE(finishTime(f.trace, children[2].id()), sec(3));
        QCOMPARE(finishTime(f.trace, children[3].id()), sec(1.5));
        QCOMPARE(children[0].result(), 1);
        QCOMPARE(children[2].result(), 3);
        QCOMPARE(children[3]->status(), TaskStatus::Failed);
        // The later failure was retrieved by gather's callback: no "never retrieved" warning.
        children.clear();
        QVERIFY(f.loop.warnings().empty());
    }

    void returnExceptionsGivesEveryOutcome()
    {
        LoopFixture f;
        std::vector<Outcome<int>> outcomes;
        auto main = [&]() -> Task<void> {
            std::vector<Task<int>> coros;
            coros.push_back(fetch(1, 1));
            coros.push_back(fail("two", 2));
            coros.push_back(fetch(3, 3));
            coros.push_back(fail("four", 0.5));
            outcomes = co_await gatherReturnExceptions(std::move(coros));
            loopscope::print("gathered");
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(3));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 fetched 1", "3.000 fetched 3", "3.000 gathered"}));
        QCOMPARE(outcomes.size(), 4u);
        QVERIFY(outcomes[0].ok());
        QCOMPARE(*outcomes[0].value, 1);
        QVERIFY(!outcomes[1].ok());
        QCOMPARE(describeException(outcomes[1].error), std::string("ValueError: two"));
        QVERIFY(outcomes[2].ok());
        QCOMPARE(*outcomes[2].value, 3);
        QVERIFY(!outcomes[3].ok());
        QCOMPARE(describeException(outcomes[3].error), std::string("ValueError: four"));
        QVERIFY(f.loop.warnings().empty());
    }

    void cancellingTheWaiterCancelsTheChildren()
    {
        // CPython 3.11 prints (virtual clock):
        //   0.500 child 1 cancelled / child 2 cancelled / child 3 cancelled
        //   0.500 waiter got CancelledError / main saw waiter cancelled
        LoopFixture f;
        std::vector<TaskRef<int>> children;
        auto waiter = [&]() -> Task<void> {
            try {
                auto g = gather(child(1, 1, 0), child(2, 2, 0), child(3, 3, 0));
                children = g.tasks();
                co_await std::move(g);
            } catch (const CancelledError&) {
                loopscope::print("waiter got CancelledError");
                throw;
            }
        };
        auto main = [&]() -> Task<void> {
            auto w = runningLoop().createTask(waiter(), "waiter");
            co_await asyncio::sleep(0.5);
            w.cancel();
            try {
                co_await w;
            } catch (const CancelledError&) {
                loopscope::print("main saw waiter cancelled");
            }
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(0.5));
        LS_COMPARE_LINES(f.console(), (Lines{"0.500 child 1 cancelled", "0.500 child 2 cancelled",
                                             "0.500 child 3 cancelled", "0.500 waiter got CancelledError",
                                             "0.500 main saw waiter cancelled"}));
        for (auto& c : children)
            QVERIFY(c->cancelled());
        // The waiter's CancelledError comes after the children finished.
        const std::size_t waiterCancelled = findEvent(f.trace, [](const Event& e) {
            return e.kind == EventKind::CancelDelivered && e.task == 2;
        });
        for (auto& c : children) {
            const TaskId id = c.id();
            QVERIFY(findEvent(f.trace, [id](const Event& e) {
                        return e.kind == EventKind::TaskFinished && e.task == id.value;
                    }) < waiterCancelled);
        }
        QVERIFY(f.loop.warnings().empty());
    }

    void cancelledWaiterWakesWhenTheFirstChildEndsLikeCPython()
    {
        // CPython 3.11: the first child that ends cancelled sets gather's CancelledError, so the
        // waiter does not wait for a child whose cleanup takes longer:
        //   0.500 child 1/2/3 cancelled, 0.500 waiter got CancelledError,
        //   0.500 main saw waiter cancelled, 1.500 child 2 cleanup done
        LoopFixture f;
        std::vector<TaskRef<int>> children;
        auto waiter = [&]() -> Task<void> {
            try {
                auto g = gather(child(1, 1, 0), child(2, 2, 1), child(3, 3, 0));
                children = g.tasks();
                co_await std::move(g);
            } catch (const CancelledError&) {
                loopscope::print("waiter got CancelledError");
                throw;
            }
        };
        auto main = [&]() -> Task<void> {
            auto w = runningLoop().createTask(waiter(), "waiter");
            co_await asyncio::sleep(0.5);
            w.cancel();
            try {
                co_await w;
            } catch (const CancelledError&) {
                loopscope::print("main saw waiter cancelled");
            }
            co_await asyncio::sleep(3);
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(3.5));
        LS_COMPARE_LINES(f.console(), (Lines{"0.500 child 1 cancelled", "0.500 child 2 cancelled",
                                             "0.500 child 3 cancelled", "0.500 waiter got CancelledError",
                                             "0.500 main saw waiter cancelled", "1.500 child 2 cleanup done"}));
        QCOMPARE(finishTime(f.trace, children[1].id()), sec(1.5));
        QVERIFY(children[1]->cancelled());
    }
};

QTEST_GUILESS_MAIN(TestGather)
#include "tst_gather.moc"
