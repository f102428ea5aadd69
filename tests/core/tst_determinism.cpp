// The same program recorded twice gives byte-identical traces and string tables.

#include "testsupport.h"

#include <QTest>

#include <cstring>

using namespace loopscope;
using namespace loopscope::test;

namespace {

Task<int> worker(int i, Lock& lock)
{
    co_await asyncio::sleep(0.1 * (i % 3));
    {
        auto held = co_await lock.hold();
        loopscope::print("worker " + std::to_string(i) + " has the lock");
        co_await asyncio::sleep(0.05);
    }
    if (i == 4)
        throw ValueError("worker 4 failed");
    co_return i * i;
}

Task<int> slow()
{
    try {
        co_await asyncio::sleep(10);
    } catch (const CancelledError&) {
        loopscope::print("slow cancelled");
        throw;
    }
    co_return 0;
}

Task<void> program()
{
    Lock lock("shared");
    auto& loop = runningLoop();
    std::vector<Task<int>> coros;
    for (int i = 0; i < 8; ++i)
        coros.push_back(worker(i, lock));
    auto outcomes = co_await gatherReturnExceptions(std::move(coros));
    int sum = 0;
    for (auto& o : outcomes)
        sum += o.ok() ? *o.value : -1;
    loopscope::print("sum " + std::to_string(sum));
    try {
        co_await waitFor(slow(), 0.3);
    } catch (const TimeoutError&) {
        loopscope::print("timed out");
    }
    auto fire = loop.createTask(slow(), "forgotten");
    for (int i = 0; i < 3; ++i)
        co_await asyncio::sleep(0);
    blockingSleep(0.2);
    co_await asyncio::sleep(1);
}

struct Recorded
{
    std::vector<Event> events;
    std::vector<std::string> strings;
    std::vector<std::string> lines;
    TimeNs total = 0;
};

Recorded record()
{
    LoopFixture f;
    Recorded r;
    r.total = f.loop.run(program()).total;
    for (std::size_t i = 0; i < f.trace.size(); ++i)
        r.events.push_back(f.trace[i]);
    for (std::size_t i = 0; i < f.trace.meta().stringCount(); ++i)
        r.strings.push_back(f.trace.meta().string(StringId(std::uint32_t(i))));
    r.lines = f.lines();
    return r;
}

} // namespace

class TestDeterminism : public QObject
{
    Q_OBJECT
private slots:
    void sameProgramSameBytes()
    {
        const Recorded a = record();
        const Recorded b = record();
        QVERIFY(a.events.size() > 100);
        QCOMPARE(a.events.size(), b.events.size());
        // Raw bytes: every field of every 24-byte event, padding included (Event's union and
        // fields leave none).
        QVERIFY(std::memcmp(a.events.data(), b.events.data(), a.events.size() * sizeof(Event)) == 0);
        QCOMPARE(a.strings, b.strings);
        LS_COMPARE_LINES(a.lines, b.lines);
        QCOMPARE(a.total, b.total);
        QCOMPARE(a.total, sec(1.9));
    }

    void programOutputIsTheExpectedOne()
    {
        LoopFixture f;
        f.loop.run(program());
        LS_COMPARE_LINES(f.console(), (std::vector<std::string>{
                                          // The equivalent asyncio program prints the same on a virtual clock.
                                          "0.000 worker 0 has the lock",
                                          "0.050 worker 3 has the lock",
                                          "0.100 worker 6 has the lock",
                                          "0.150 worker 1 has the lock",
                                          "0.200 worker 4 has the lock",
                                          "0.250 worker 7 has the lock",
                                          "0.300 worker 2 has the lock",
                                          "0.350 worker 5 has the lock",
                                          "0.400 sum 123",
                                          "0.700 slow cancelled",
                                          "0.700 timed out",
                                          "1.900 slow cancelled",
                                      }));
    }
};

QTEST_GUILESS_MAIN(TestDeterminism)
#include "tst_determinism.moc"
