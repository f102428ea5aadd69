// Simulated I/O client: concurrency, connection limits, sequential requests.

#include "core/testsupport.h"

#include <QTest>

#include <algorithm>

using namespace loopscope;
using namespace loopscope::test;

namespace {

struct IoRun
{
    TimeNs total = 0;
    std::int64_t peak = 0;
    std::int64_t served = 0;
    std::vector<std::uint32_t> inFlight; // the client's Counter values
};

IoRun concurrent(int n, double latency, std::int64_t limit)
{
    LoopFixture f;
    IoRun r;
    std::unique_ptr<IoClient> client;
    auto main = [&]() -> Task<void> {
        client = std::make_unique<IoClient>(latency, limit, "api");
        std::vector<Task<void>> requests;
        for (int i = 0; i < n; ++i)
            requests.push_back(client->request());
        co_await gather(std::move(requests));
        r.peak = client->peakInFlight();
        r.served = client->served();
        r.inFlight = counterValues(f.trace, client->id());
    };
    r.total = f.loop.run(main()).total;
    return r;
}

} // namespace

class TestIoClient : public QObject
{
    Q_OBJECT
private slots:
    void unlimitedConcurrency()
    {
        const IoRun r = concurrent(10, 0.2, 0);
        QCOMPARE(r.total, sec(0.2)); // all at once: one latency
        QCOMPARE(r.peak, 10);
        QCOMPARE(r.served, 10);
        QCOMPARE(*std::max_element(r.inFlight.begin(), r.inFlight.end()), 10u);
        QCOMPARE(r.inFlight.back(), 0u);
    }

    void limitedConcurrency_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("limit");
        QTest::addColumn<double>("expected");
        // ceil(n / L) * latency
        QTest::newRow("10 by 3") << 10 << 3 << 0.8;
        QTest::newRow("9 by 3") << 9 << 3 << 0.6;
        QTest::newRow("5 by 1") << 5 << 1 << 1.0;
        QTest::newRow("4 by 8") << 4 << 8 << 0.2;
    }
    void limitedConcurrency()
    {
        QFETCH(int, n);
        QFETCH(int, limit);
        QFETCH(double, expected);
        const IoRun r = concurrent(n, 0.2, limit);
        QCOMPARE(r.total, sec(expected));
        QCOMPARE(r.peak, std::int64_t(std::min(n, limit)));
        QCOMPARE(r.served, std::int64_t(n));
        QCOMPARE(*std::max_element(r.inFlight.begin(), r.inFlight.end()), std::uint32_t(std::min(n, limit)));
    }

    void sequentialRequests()
    {
        LoopFixture f;
        std::int64_t peak = 0;
        auto main = [&]() -> Task<void> {
            IoClient client(0.25, 0, "api");
            for (int i = 0; i < 4; ++i) {
                co_await client.request();
                print("response " + std::to_string(i));
            }
            peak = client.peakInFlight();
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(1.0)); // n * latency
        QCOMPARE(peak, 1);
        QCOMPARE(qtLines(f.console()),
                 qtLines({"0.250 response 0", "0.500 response 1", "0.750 response 2", "1.000 response 3"}));
        // The waits are I/O waits, woken with reason I/O done.
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.kind == EventKind::TaskSuspended || e.kind == EventKind::StepScheduled;
                 })),
                 qtLines({"0.000 step_scheduled main created", "0.000 task_suspended main I/O",
                          "0.250 step_scheduled main I/O done", "0.250 task_suspended main I/O",
                          "0.500 step_scheduled main I/O done", "0.500 task_suspended main I/O",
                          "0.750 step_scheduled main I/O done", "0.750 task_suspended main I/O",
                          "1.000 step_scheduled main I/O done"}));
    }

    void invalidArguments()
    {
        LoopFixture f;
        int errors = 0;
        auto main = [&]() -> Task<void> {
            try {
                IoClient bad(-1.0);
            } catch (const ValueError&) {
                ++errors;
            }
            try {
                IoClient bad(1.0, -2);
            } catch (const ValueError&) {
                ++errors;
            }
            co_return;
        };
        f.loop.run(main());
        QCOMPARE(errors, 2);
    }
};

QTEST_GUILESS_MAIN(TestIoClient)
#include "tst_ioclient.moc"
