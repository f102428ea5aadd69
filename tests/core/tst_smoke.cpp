#include "core/asyncio.h"
#include "core/recorder.h"
#include "core/replay.h"

#include <QTest>

using namespace loopscope;

class TestSmoke : public QObject
{
    Q_OBJECT
private slots:
    void sleepsAndGather()
    {
        EventLoop loop;
        Trace trace(loop.sharedMeta());
        Recorder rec(trace);
        loop.addInstrument(rec);
        auto fetch = [](int i) -> Task<int> {
            print("start " + std::to_string(i));
            co_await asyncio::sleep(i);
            print("done " + std::to_string(i));
            co_return i * 10;
        };
        auto main = [&]() -> Task<int> {
            auto results = co_await gather(fetch(1), fetch(2), fetch(3));
            co_return results[0] + results[1] + results[2];
        };
        TaskRef<int> ref;
        auto out = loop.run(main(), &ref);
        QCOMPARE(out.total, 3 * kNsPerSecond);
        QCOMPARE(ref.result(), 60);
        QCOMPARE(loop.console().size(), 6u);
        Replay replay(trace);
        QCOMPARE(replay.stateAfter(trace.size()).tasks[1].phase, TaskPhase::Done);
    }
};

QTEST_GUILESS_MAIN(TestSmoke)
#include "tst_smoke.moc"
