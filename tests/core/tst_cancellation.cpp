// Task cancellation: where CancelledError is raised, cleanup, early cancel, swallowed cancels.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

struct Noisy
{
    std::string name;
    ~Noisy() { loopscope::print(name + " destroyed"); }
};

Task<void> nested()
{
    Noisy n{"inner local"};
    co_await asyncio::sleep(10);
    loopscope::print("nested never");
}

Task<void> victim()
{
    Noisy n{"outer local"};
    try {
        co_await nested();
    } catch (const CancelledError&) {
        loopscope::print("victim caught CancelledError");
        throw;
    }
}

Task<void> cleanupWorker(int i)
{
    try {
        co_await asyncio::sleep(1.5);
    } catch (const CancelledError&) {
        // (C++ cannot co_await in a handler: leave it and sleep below.)
    }
    co_await asyncio::sleep(0.5);
    loopscope::print("worker-" + std::to_string(i) + " cleanup done");
    throw CancelledError();
}

} // namespace

class TestCancellation : public QObject
{
    Q_OBJECT
private slots:
    // Cancelled sleeps keep their timers in the heap until the task resumes, as asyncio.sleep does;
    // that decides the order of the same-instant cleanup timers (CPython prints 3, 2, 1 here).
    void sameInstantTimersAfterCancellingSleepsFireInCPythonsOrder()
    {
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            EventLoop& loop = runningLoop();
            std::vector<TaskRef<void>> tasks;
            for (int i = 1; i <= 3; ++i)
                tasks.push_back(loop.createTask(cleanupWorker(i), "worker-" + std::to_string(i)));
            co_await asyncio::sleep(1.0);
            for (auto& t : tasks)
                t.cancel();
            co_await gatherReturnExceptions(std::move(tasks));
        };
        f.loop.run(main());
        LS_COMPARE_LINES(f.console(), (Lines{"1.500 worker-3 cleanup done", "1.500 worker-2 cleanup done",
                                             "1.500 worker-1 cleanup done"}));
    }

    void cancelledErrorAtTheAwaitPointOnTheNextStep()
    {
        LoopFixture f;
        TaskRef<void> v;
        auto main = [&]() -> Task<void> {
            v = runningLoop().createTask(victim(), "victim");
            co_await asyncio::sleep(1);
            loopscope::print(v.cancel() ? "cancel() -> True" : "cancel() -> False");
            loopscope::print(v.done() ? "victim done" : "victim still pending");
            try {
                co_await v;
            } catch (const CancelledError&) {
                loopscope::print("main: victim cancelled");
            }
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(1));
        LS_COMPARE_LINES(f.console(),
                         (Lines{"1.000 cancel() -> True", "1.000 victim still pending", "1.000 inner local destroyed",
                                "1.000 victim caught CancelledError", "1.000 outer local destroyed",
                                "1.000 main: victim cancelled"}));
        QVERIFY(v->cancelled());
        // cancel() wakes the victim for the next iteration, where the error is raised.
        Lines lines = f.lines(kinds({EventKind::CancelRequested, EventKind::StepScheduled, EventKind::TimerCancelled,
                                     EventKind::TaskResumed, EventKind::CancelDelivered, EventKind::TaskFinished}));
        Lines tail(lines.end() - 11, lines.end());
        // As in asyncio.sleep, the timer is cancelled when the victim resumes (its `finally`),
        // not when cancel() is called.
        LS_COMPARE_LINES(tail, (Lines{"1.000 task_resumed main", "1.000 cancel_requested victim",
                                      "1.000 step_scheduled victim cancel", "1.000 task_resumed victim",
                                      "1.000 timer_cancelled victim", "1.000 cancel_delivered victim",
                                      "1.000 task_finished victim cancelled", "1.000 step_scheduled main task done",
                                      "1.000 task_resumed main",
                                      "1.000 cancel_delivered main", "1.000 task_finished main done"}));
        QCOMPARE(v->cancelling(), 1);
    }

    void cancelledBeforeFirstStepNeverRunsItsBody()
    {
        LoopFixture f;
        bool ran = false;
        auto body = [&]() -> Task<void> {
            ran = true;
            loopscope::print("body ran");
            co_return;
        };
        TaskRef<void> t;
        auto main = [&]() -> Task<void> {
            t = runningLoop().createTask(body(), "early");
            t.cancel();
            try {
                co_await t;
            } catch (const CancelledError&) {
                loopscope::print("early cancelled");
            }
        };
        f.loop.run(main());
        QVERIFY(!ran);
        QVERIFY(t->cancelled());
        LS_COMPARE_LINES(f.console(), (Lines{"0.000 early cancelled"}));
        LS_COMPARE_LINES(f.lines([](const Event& e) { return e.task == 2; }),
                         (Lines{"0.000 task_created early", "0.000 step_scheduled early created",
                                "0.000 cancel_requested early", "0.000 task_resumed early",
                                "0.000 cancel_delivered early", "0.000 task_finished early cancelled"}));
        QVERIFY(f.loop.warnings().empty());
    }

    void cancelOnADoneTaskReturnsFalse()
    {
        EventLoop loop;
        std::vector<bool> results;
        auto quick = []() -> Task<int> { co_return 1; };
        auto main = [&]() -> Task<void> {
            auto t = runningLoop().createTask(quick());
            co_await t;
            results.push_back(t.cancel());
            results.push_back(t->cancelled());
            results.push_back(t.result() == 1);
        };
        loop.run(main());
        QCOMPARE(results, (std::vector<bool>{false, false, true}));
    }

    void swallowedCancelIsWarned()
    {
        LoopFixture f;
        auto stubborn = []() -> Task<int> {
            try {
                co_await asyncio::sleep(5);
            } catch (const CancelledError&) {
                loopscope::print("swallowed");
            }
            co_return 3;
        };
        TaskRef<int> t;
        auto main = [&]() -> Task<void> {
            t = runningLoop().createTask(stubborn(), "stubborn");
            co_await asyncio::sleep(1);
            t.cancel();
            loopscope::print("result " + std::to_string(co_await t));
        };
        f.loop.run(main());
        QCOMPARE(t->status(), TaskStatus::Done);
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 swallowed", "1.000 result 3"}));
        LS_COMPARE_LINES(f.warnings(), (Lines{"1.000 swallowed_cancel: task stubborn caught CancelledError and "
                                              "carried on instead of re-raising it"}));
        QCOMPARE(f.loop.warnings()[0].task, t.id());
    }

    void cancelDeliveredOnlyOnceForTwoRequests()
    {
        LoopFixture f;
        auto sleeper = []() -> Task<void> { co_await asyncio::sleep(5); };
        TaskRef<void> t;
        auto main = [&]() -> Task<void> {
            t = runningLoop().createTask(sleeper(), "sleeper");
            co_await asyncio::sleep(0);
            t.cancel();
            t.cancel();
            try {
                co_await t;
            } catch (const CancelledError&) {
            }
        };
        f.loop.run(main());
        QCOMPARE(t->cancelling(), 2);
        QCOMPARE(eventsWhere(f.trace, [](const Event& e) {
                     return e.kind == EventKind::CancelDelivered && e.task == 2;
                 }).size(),
                 1u);
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::CancelRequested})).size(), 2u);
    }
};

QTEST_GUILESS_MAIN(TestCancellation)
#include "tst_cancellation.moc"
