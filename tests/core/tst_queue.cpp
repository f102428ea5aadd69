// asyncio.Queue: bounded put/get with exact timing, FIFO, *_nowait errors, task_done/join.

#include "core/testsupport.h"

#include <QTest>

#include <algorithm>

using namespace loopscope;
using namespace loopscope::test;

class TestQueue : public QObject
{
    Q_OBJECT
private slots:
    // Times checked against CPython 3.11 on the virtual clock (tests/fidelity/vclock.py).
    void producerConsumerTiming()
    {
        LoopFixture f;
        Queue<int> q(2, "q");
        auto producer = [&]() -> Task<void> {
            for (int i = 0; i < 5; ++i) {
                co_await asyncio::sleep(0.1);
                print("put " + std::to_string(i) + " start");
                co_await q.put(i);
                print("put " + std::to_string(i) + " done");
            }
            co_await q.put(-1);
        };
        auto consumer = [&]() -> Task<void> {
            for (;;) {
                const int item = co_await q.get();
                print("got " + (item < 0 ? std::string("None") : std::to_string(item)));
                if (item < 0) {
                    q.taskDone();
                    break;
                }
                co_await asyncio::sleep(0.5);
                q.taskDone();
            }
        };
        auto main = [&]() -> Task<void> { co_await gather(producer(), consumer()); };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(2.6));
        QCOMPARE(qtLines(f.console()), qtLines({
                                           "0.100 put 0 start",
                                           "0.100 put 0 done",
                                           "0.100 got 0",
                                           "0.200 put 1 start",
                                           "0.200 put 1 done",
                                           "0.300 put 2 start",
                                           "0.300 put 2 done",
                                           "0.400 put 3 start",
                                           "0.600 got 1",
                                           "0.600 put 3 done",
                                           "0.700 put 4 start",
                                           "1.100 got 2",
                                           "1.100 put 4 done",
                                           "1.600 got 3",
                                           "2.100 got 4",
                                           "2.600 got None",
                                       }));
        // The producer waits on a full queue (put) and is woken by the consumer's get.
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return (e.kind == EventKind::TaskSuspended &&
                             (WaitKind(e.sub) == WaitKind::QueuePut || WaitKind(e.sub) == WaitKind::QueueGet)) ||
                            (e.kind == EventKind::StepScheduled && WakeReason(e.sub) == WakeReason::Item);
                 })),
                 qtLines({
                     "0.000 task_suspended Task-3 queue get",
                     "0.100 step_scheduled Task-3 queue",
                     "0.400 task_suspended Task-2 queue put",
                     "0.600 step_scheduled Task-2 queue",
                     "0.700 task_suspended Task-2 queue put",
                     "1.100 step_scheduled Task-2 queue",
                     "1.100 task_suspended Task-2 queue put", // the sentinel
                     "1.600 step_scheduled Task-2 queue",
                 }));
        // Queue size never above maxsize, and it does reach it.
        const auto sizes = counterValues(f.trace, q.id());
        QVERIFY(!sizes.empty());
        QCOMPARE(*std::max_element(sizes.begin(), sizes.end()), 2u);
        QCOMPARE(sizes.back(), 0u);
        QCOMPARE(q.unfinished(), 0);
    }

    void getWaitsWhenEmpty()
    {
        LoopFixture f;
        Queue<std::string> q(0, "q");
        auto main = [&]() -> Task<void> {
            auto putter = [&]() -> Task<void> {
                co_await asyncio::sleep(1.5);
                co_await q.put("x"); // unbounded: never waits
                print("put x");
            };
            auto t = f.loop.createTask(putter(), "putter");
            const std::string item = co_await q.get();
            print("got " + item);
            co_await t;
        };
        f.loop.run(main());
        QCOMPARE(qtLines(f.console()), qtLines({"1.500 put x", "1.500 got x"}));
    }

    void itemsComeOutFifo()
    {
        LoopFixture f;
        Queue<int> q(0, "q");
        std::vector<int> got;
        bool full = true;
        auto main = [&]() -> Task<void> {
            const std::vector<int> items{5, 3, 9, 1, 7};
            for (int i : items)
                co_await q.put(i);
            full = q.full(); // maxsize 0: never full
            while (!q.empty())
                got.push_back(co_await q.get());
        };
        f.loop.run(main());
        QVERIFY(!full);
        QVERIFY(got == (std::vector<int>{5, 3, 9, 1, 7}));
    }

    void nowaitErrors()
    {
        LoopFixture f;
        Queue<int> q(1, "q");
        std::vector<std::string> errors;
        std::size_t sizeAfter = 99;
        auto main = [&]() -> Task<void> {
            try {
                q.getNowait();
            } catch (const QueueEmpty& e) {
                errors.push_back(e.what());
            }
            q.putNowait(1);
            try {
                q.putNowait(2);
            } catch (const QueueFull& e) {
                errors.push_back(e.what());
            }
            sizeAfter = q.qsize();
            co_return;
        };
        f.loop.run(main());
        QCOMPARE(qtLines(errors), qtLines({"QueueEmpty", "QueueFull"}));
        QCOMPARE(sizeAfter, 1u);
    }

    void taskDoneTooManyTimes()
    {
        LoopFixture f;
        Queue<int> q(0, "q");
        std::vector<std::string> errors;
        auto main = [&]() -> Task<void> {
            try {
                q.taskDone();
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            q.putNowait(1);
            (void)q.getNowait();
            q.taskDone();
            try {
                q.taskDone();
            } catch (const ValueError& e) {
                errors.push_back(e.what());
            }
            co_return;
        };
        f.loop.run(main());
        QCOMPARE(qtLines(errors), qtLines({"ValueError: task_done() called too many times",
                                           "ValueError: task_done() called too many times"}));
    }

    void joinReturnsRightAfterLastTaskDone()
    {
        LoopFixture f;
        Queue<int> q(0, "q");
        auto worker = [&]() -> Task<void> {
            for (;;) {
                const int item = co_await q.get();
                co_await asyncio::sleep(item * 0.5);
                print("done " + std::to_string(item));
                q.taskDone();
            }
        };
        auto main = [&]() -> Task<void> {
            co_await q.join(); // nothing unfinished: returns at once
            print("empty join");
            for (int i = 1; i <= 3; ++i)
                q.putNowait(i);
            auto w = f.loop.createTask(worker(), "worker");
            co_await q.join();
            print("joined");
            w.cancel();
        };
        const auto out = f.loop.run(main());
        QCOMPARE(qtLines(f.console()),
                 qtLines({"0.000 empty join", "0.500 done 1", "1.500 done 2", "3.000 done 3", "3.000 joined"}));
        QCOMPARE(out.total, sec(3));
        // main suspends once (the second join: a wait on the queue, as the listing reads), and is
        // woken at 3.000 when the last task_done() sets the join event.
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.task == 1 && (e.kind == EventKind::TaskSuspended || e.kind == EventKind::StepScheduled);
                 })),
                 qtLines({"0.000 step_scheduled main created", "0.000 task_suspended main queue join",
                          "3.000 step_scheduled main event set"}));
    }

    void cancelledPutterLeavesQueue()
    {
        LoopFixture f;
        Queue<int> q(1, "q");
        std::size_t puttersAfterCancel = 99;
        auto main = [&]() -> Task<void> {
            co_await q.put(0);
            auto blocked = [&]() -> Task<void> { co_await q.put(1); };
            auto p = f.loop.createTask(blocked(), "p");
            co_await asyncio::sleep(1.0);
            p.cancel();
            puttersAfterCancel = q.putters().size();
            co_await asyncio::sleep(0);
            print(std::to_string(q.qsize()) + (p->cancelled() ? " cancelled" : " pending"));
        };
        f.loop.run(main());
        QCOMPARE(puttersAfterCancel, 0u);
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 1 cancelled"}));
    }
};

QTEST_GUILESS_MAIN(TestQueue)
#include "tst_queue.moc"
