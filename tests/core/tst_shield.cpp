// asyncio.shield: the awaiting task is cancelled at once, the shielded task runs on.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {
using Lines = std::vector<std::string>;

Task<int> inner()
{
    co_await asyncio::sleep(2);
    loopscope::print("inner done");
    co_return 9;
}
} // namespace

class TestShield : public QObject
{
    Q_OBJECT
private slots:
    void cancellingTheAwaiterLeavesTheShieldedTaskRunning()
    {
        // CPython 3.11 prints: 1.000 outer cancelled / 1.000 main: outer cancelled False /
        // 2.000 inner done / 2.000 inner result 9
        LoopFixture f;
        TaskRef<int> t;
        auto outer = [&]() -> Task<int> {
            try {
                co_return co_await shield(t);
            } catch (const CancelledError&) {
                loopscope::print("outer cancelled");
                throw;
            }
        };
        auto main = [&]() -> Task<void> {
            auto& loop = runningLoop();
            t = loop.createTask(inner(), "inner");
            auto o = loop.createTask(outer(), "outer");
            co_await asyncio::sleep(1);
            o.cancel();
            try {
                co_await o;
            } catch (const CancelledError&) {
                loopscope::print(std::string("main: outer cancelled ") + (t.done() ? "True" : "False"));
            }
            loopscope::print("inner result " + std::to_string(co_await t));
        };
        auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(2));
        LS_COMPARE_LINES(f.console(), (Lines{"1.000 outer cancelled", "1.000 main: outer cancelled False",
                                             "2.000 inner done", "2.000 inner result 9"}));
        QCOMPARE(t->status(), TaskStatus::Done);
        LS_COMPARE_LINES(f.lines(kinds({EventKind::CancelRequested, EventKind::CancelDelivered,
                                        EventKind::TaskFinished})),
                         (Lines{"1.000 cancel_requested outer", "1.000 cancel_delivered outer",
                                "1.000 task_finished outer cancelled",
                                // awaiting the cancelled task raises CancelledError in main too
                                "1.000 cancel_delivered main", "2.000 task_finished inner done",
                                "2.000 task_finished main done"}));
    }

    void shieldPassesTheResultThrough()
    {
        EventLoop loop;
        auto main = []() -> Task<int> { co_return co_await shield(inner()) + 1; };
        TaskRef<int> ref;
        auto out = loop.run(main(), &ref);
        QCOMPARE(ref.result(), 10);
        QCOMPARE(out.total, sec(2));
    }
};

QTEST_GUILESS_MAIN(TestShield)
#include "tst_shield.moc"
