// asyncio.wait_for (Python 3.11): timeout, result, cleanup at the timeout instant.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

using Lines = std::vector<std::string>;

struct Cleanup
{
    ~Cleanup() { loopscope::print("work cleanup (destructor)"); }
};

Task<int> work(double duration)
{
    Cleanup c;
    try {
        co_await asyncio::sleep(duration);
    } catch (const CancelledError&) {
        loopscope::print("work got CancelledError");
        throw;
    }
    loopscope::print("work done");
    co_return 5;
}

// Runs wait_for(work(duration), timeout) in main; returns the console.
Lines runWaitFor(double timeout, double duration, TimeNs* total = nullptr)
{
    EventLoop loop;
    auto main = [&]() -> Task<void> {
        try {
            int r = co_await waitFor(work(duration), timeout);
            loopscope::print("result " + std::to_string(r));
        } catch (const TimeoutError& e) {
            loopscope::print(e.what());
        }
    };
    auto out = loop.run(main());
    if (total)
        *total = out.total;
    Lines lines = consoleLines(loop);
    for (const auto& w : loop.warnings())
        lines.push_back("warning " + w.text);
    return lines;
}

} // namespace

class TestWaitFor : public QObject
{
    Q_OBJECT
private slots:
    void timeoutShorterThanWork()
    {
        // CPython 3.11: 1.000 work cancelled / work finally / TimeoutError.
        LoopFixture f;
        TaskRef<int> inner;
        auto main = [&]() -> Task<void> {
            inner = runningLoop().createTask(work(3), "work");
            try {
                co_await waitFor(inner, 1);
            } catch (const TimeoutError& e) {
                loopscope::print(e.what());
            }
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(1));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 work got CancelledError", "1.000 work cleanup (destructor)",
                                             "1.000 TimeoutError"}));
        QVERIFY(inner->cancelled());
        LS_COMPARE_LINES(f.lines(kinds({EventKind::CancelRequested, EventKind::CancelDelivered,
                                        EventKind::TaskFinished, EventKind::Print})),
                         (Lines{"1.000 cancel_requested work", "1.000 cancel_delivered work",
                                "1.000 print work work got CancelledError",
                                "1.000 print work work cleanup (destructor)", "1.000 task_finished work cancelled",
                                "1.000 print main TimeoutError", "1.000 task_finished main done"}));
        QVERIFY(f.loop.warnings().empty());
    }

    void timeoutLongerThanWorkGivesTheResult()
    {
        TimeNs total = 0;
        LS_COMPARE_LINES(runWaitFor(3, 1, &total),
                         (Lines{"1.000 work done", "1.000 work cleanup (destructor)", "1.000 result 5"}));
        QCOMPARE(total, sec(1));
    }

    void timeoutEqualToWorkTimesOutLikeCPython()
    {
        // The timeout's timer is armed before the work's sleep, so at 2.000 it fires first and
        // CPython 3.11 cancels the work: work cancelled / work finally / TimeoutError.
        TimeNs total = 0;
        LS_COMPARE_LINES(runWaitFor(2, 2, &total), (Lines{"2.000 work got CancelledError",
                                                          "2.000 work cleanup (destructor)", "2.000 TimeoutError"}));
        QCOMPARE(total, sec(2));
    }

    void nonPositiveTimeout()
    {
        // CPython 3.11: the task is cancelled before its first step; its body never runs.
        TimeNs total = -1;
        LS_COMPARE_LINES(runWaitFor(0, 2, &total), (Lines{"0.000 TimeoutError"}));
        QCOMPARE(total, 0);
        LS_COMPARE_LINES(runWaitFor(-1, 2, &total), (Lines{"0.000 TimeoutError"}));
        QCOMPARE(total, 0);

        // An already finished task gives its result even with timeout 0.
        EventLoop loop;
        auto main = [&]() -> Task<int> {
            auto t = runningLoop().createTask(work(0.5));
            co_await asyncio::sleep(1);
            co_return co_await waitFor(t, 0);
        };
        TaskRef<int> ref;
        loop.run(main(), &ref);
        QCOMPARE(ref.result(), 5);
    }

    void innerExceptionPropagates()
    {
        EventLoop loop;
        auto bad = []() -> Task<int> {
            co_await asyncio::sleep(0.25);
            throw ValueError("bad");
        };
        auto main = [&]() -> Task<void> {
            try {
                co_await waitFor(bad(), 1);
            } catch (const ValueError& e) {
                loopscope::print(e.what());
            }
        };
        loop.run(main());
        LS_COMPARE_LINES(consoleLines(loop), (Lines{"0.250 ValueError: bad"}));
        QVERIFY(loop.warnings().empty());
    }
};

QTEST_GUILESS_MAIN(TestWaitFor)
#include "tst_waitfor.moc"
