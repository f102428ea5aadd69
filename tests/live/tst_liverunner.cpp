// The live bridge with small programs of its own: real timers, real requests against the local
// server, a refused connection, a real blocking call, and a stop part way. Loopback only; each
// run is bounded. Wall-clock figures are only ever lower bounds that the semantics guarantee
// (a timer never fires early; a blocked loop runs nothing), never speed targets.

#include "core/asyncio.h"
#include "core/live/liverunner.h"
#include "core/recorder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <functional>

using namespace loopscope;
using namespace loopscope::live;

namespace {

// A loop, its trace and main: what the runner drives.
class TestProgram final : public LiveProgram
{
public:
    TestProgram(std::unique_ptr<Clock> clock, std::function<Task<std::string>()> body)
        : m_loop(LoopOptions{}, std::move(clock)), m_trace(m_loop.sharedMeta()), m_recorder(m_trace)
    {
        m_loop.addInstrument(m_recorder);
        m_main = m_loop.start(body());
    }
    ~TestProgram() override
    {
        m_main = {};
        m_loop.removeInstrument(m_recorder);
    }
    EventLoop& loop() override { return m_loop; }
    const Trace& trace() const override { return m_trace; }
    bool advance() override { return m_loop.advance(); }
    TaskRef<std::string>& main() { return m_main; }

private:
    EventLoop m_loop;
    Trace m_trace;
    Recorder m_recorder;
    TaskRef<std::string> m_main;
};

using Body = std::function<Task<std::string>()>;

Task<void> nap(double seconds)
{
    co_await asyncio::sleep(seconds);
}

LiveRunner::Factory factoryFor(Body body)
{
    return [body](std::unique_ptr<Clock> clock) -> std::unique_ptr<LiveProgram> {
        return std::make_unique<TestProgram>(std::move(clock), body);
    };
}

std::unique_ptr<TestProgram> runToEnd(LiveRunner& runner)
{
    runner.start();
    if (!runner.wait(60'000))
        return nullptr;
    return std::unique_ptr<TestProgram>(static_cast<TestProgram*>(runner.takeProgram().release()));
}

std::vector<std::string> consoleTexts(const EventLoop& loop)
{
    std::vector<std::string> lines;
    for (const auto& p : loop.console())
        lines.push_back(p.text);
    return lines;
}

// Threads of this process, and its open sockets (from /proc): what a finished run must not leave.
int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

int socketCount()
{
    int n = 0;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString& fd : fds.entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files | QDir::Dirs))
        n += QFileInfo(fds.filePath(fd)).symLinkTarget().contains(QStringLiteral("socket:"));
    return n;
}

int countEvents(const Trace& trace, EventKind kind, std::uint8_t sub)
{
    int n = 0;
    for (std::size_t i = 0; i < trace.size(); ++i)
        n += trace[i].kind == kind && trace[i].sub == sub;
    return n;
}

} // namespace

class TestLiveRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timersAreRealAndNeverEarly()
    {
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            co_await gather(nap(0.05), nap(0.1));
            co_await asyncio::sleep(0.05);
            print("done");
            co_return "ok";
        }));
        auto program = runToEnd(runner);
        QVERIFY(program);
        QVERIFY(!program->loop().isVirtual());
        QVERIFY(program->loop().closed());
        QCOMPARE(program->main().result(), std::string("ok"));
        QCOMPARE(consoleTexts(program->loop()), std::vector<std::string>{"done"});
        // Three timers fired, none before its deadline; events are in time order.
        const Trace& trace = program->trace();
        QCOMPARE(countEvents(trace, EventKind::TimerFired, 0), 3);
        for (std::size_t i = 1; i < trace.size(); ++i)
            QVERIFY(trace[i - 1].t <= trace[i].t);
        QVERIFY(program->loop().now() >= secondsToNs(0.15));
        QVERIFY(runner.stopRequested() == false);
    }

    void requestsReachTheServerAndOneRefusedFailsOnlyItsTask()
    {
        constexpr int n = 8;
        LiveOptions options;
        options.refuseRequest = 3;
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            IoClient client(0.05, 0, "loopback");
            std::vector<TaskRef<void>> tasks;
            for (int i = 0; i < n; ++i)
                tasks.push_back(runningLoop().createTask(client.request(), "request-" + std::to_string(i)));
            auto outcomes = co_await gatherReturnExceptions(std::move(tasks));
            int ok = 0;
            for (auto& o : outcomes)
                if (!o.error)
                    ++ok;
                else
                    print(describeException(o.error));
            co_return std::to_string(ok) + " ok, served " + std::to_string(client.served());
        }),
                          options);
        auto program = runToEnd(runner);
        QVERIFY(program);
        QCOMPARE(program->main().result(), std::string("7 ok, served 7"));
        QCOMPARE(consoleTexts(program->loop()), std::vector<std::string>{"ConnectionError: connection refused"});
        QCOMPARE(runner.requestsServed(), n - 1);
        // One task failed; main and the other seven finished normally.
        QCOMPARE(countEvents(program->trace(), EventKind::TaskFinished, std::uint8_t(FinishState::Failed)), 1);
        QCOMPARE(countEvents(program->trace(), EventKind::TaskFinished, std::uint8_t(FinishState::Done)), n);
        // Each reply woke its task through the ready queue, as an I/O wake-up.
        QCOMPARE(countEvents(program->trace(), EventKind::StepScheduled, std::uint8_t(WakeReason::Io)), n);
    }

    void moreRequestsThanConnectionsWaitTheirTurn()
    {
        // 96 go on the wire at once; the rest wait in the world and go as replies come in.
        constexpr int n = 150;
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            IoClient client(0.02, 0, "loopback");
            std::vector<Task<void>> requests;
            for (int i = 0; i < n; ++i)
                requests.push_back(client.request());
            co_await gather(std::move(requests));
            co_return std::to_string(client.served());
        }));
        auto program = runToEnd(runner);
        QVERIFY(program);
        QCOMPARE(program->main().result(), std::to_string(n));
        QCOMPARE(runner.requestsServed(), n);
        // Two rounds at least: the last replies cannot come before twice the latency.
        QVERIFY(program->loop().now() >= secondsToNs(0.04));
    }

    void aBlockingCallStallsTheLoop()
    {
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            auto ticker = runningLoop().createTask(nap(0.05), "ticker");
            auto blocker = [](double seconds) -> Task<void> {
                blockingSleep(seconds);
                co_return;
            };
            co_await runningLoop().createTask(blocker(0.3), "blocker");
            co_await ticker;
            co_return "";
        }));
        auto program = runToEnd(runner);
        QVERIFY(program);
        const auto& warnings = program->loop().warnings();
        QCOMPARE(warnings.size(), std::size_t(1));
        QCOMPARE(warnings[0].kind, WarningKind::SlowCallback);
        QVERIFY(warnings[0].text.starts_with("slow callback: task blocker ran for 0.3"));
        // The ticker's timer could only fire after the block: late by most of it.
        const Trace& trace = program->trace();
        std::uint32_t lateUs = 0;
        for (std::size_t i = 0; i < trace.size(); ++i)
            if (trace[i].kind == EventKind::TimerFired)
                lateUs = std::max(lateUs, trace[i].b());
        QVERIFY2(lateUs >= 200'000, std::to_string(lateUs).c_str());
    }

    void threadJobsRunOnRealThreads()
    {
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            Executor pool(PoolKind::Thread, 2, 2, "workers");
            std::vector<Task<void>> jobs;
            auto job = [](Executor& p, JobKind kind) -> Task<void> {
                JobSpec spec{kind, 0.05, "job"};
                co_await p.run(spec);
            };
            jobs.push_back(job(pool, JobKind::Io));
            jobs.push_back(job(pool, JobKind::Cpu));
            jobs.push_back(job(pool, JobKind::Cpu));
            co_await gather(std::move(jobs));
            co_return "";
        }));
        auto program = runToEnd(runner);
        QVERIFY(program);
        const Trace& trace = program->trace();
        int started = 0, finished = 0, gil = 0;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            started += trace[i].kind == EventKind::JobStarted;
            finished += trace[i].kind == EventKind::JobFinished;
            gil += trace[i].kind == EventKind::JobWaitingGil;
        }
        QCOMPARE(started, 3);
        QCOMPARE(finished, 3);
        QCOMPARE(gil, 0); // C++ threads: no interpreter lock to wait for
        QCOMPARE(countEvents(trace, EventKind::StepScheduled, std::uint8_t(WakeReason::Job)), 3);
    }

    void stoppingPartWayCancelsAndCleansUp()
    {
        LiveOptions options;
        options.serverLatency = 30;
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            auto sleeper = [](int i) -> Task<void> {
                try {
                    co_await asyncio::sleep(30);
                } catch (const CancelledError&) {
                    print("cleanup " + std::to_string(i));
                    throw;
                }
            };
            IoClient client(30, 0, "slow server");
            Executor pool(PoolKind::Thread, 2, 2, "workers");
            std::vector<TaskRef<void>> tasks;
            for (int i = 0; i < 3; ++i)
                tasks.push_back(runningLoop().createTask(sleeper(i)));
            tasks.push_back(runningLoop().createTask(client.request(), "request"));
            auto job = [](Executor& p) -> Task<void> {
                JobSpec spec{JobKind::Cpu, 30, "long job"};
                co_await p.run(spec);
            };
            tasks.push_back(runningLoop().createTask(job(pool), "job"));
            auto blocker = []() -> Task<void> {
                co_await asyncio::sleep(0.05);
                blockingSleep(30); // cut short by the stop, as Ctrl+C cuts time.sleep short
            };
            tasks.push_back(runningLoop().createTask(blocker(), "blocker"));
            co_await gather(std::move(tasks));
            co_return "not reached";
        }),
                          options);
        // Threads of earlier tests may still be on their way out: count once the number holds.
        int threadsBefore = threadCount();
        for (int settled = 0; settled < 3;) {
            QTest::qWait(20);
            const int now = threadCount();
            settled = now == threadsBefore ? settled + 1 : 0;
            threadsBefore = now;
        }
        const int socketsBefore = socketCount();
        runner.start();
        QVERIFY(runner.trace());
        QVERIFY(threadCount() >= threadsBefore + 2); // the loop's and the server's, at least
        // Let everything start, then stop while the blocker holds the loop.
        QTRY_VERIFY_WITH_TIMEOUT(runner.trace()->size() > 0 && runner.now() > secondsToNs(0.2), 10'000);
        QVERIFY(socketCount() > socketsBefore); // the server listens; the request is on the wire
        runner.requestStop();
        QVERIFY(runner.wait(15'000));
        auto program = std::unique_ptr<TestProgram>(static_cast<TestProgram*>(runner.takeProgram().release()));
        QVERIFY(program);
        QVERIFY(program->loop().closed());
        auto lines = consoleTexts(program->loop());
        std::sort(lines.begin(), lines.end());
        QCOMPARE(lines, (std::vector<std::string>{"cleanup 0", "cleanup 1", "cleanup 2"}));
        QVERIFY(program->main().done());
        QCOMPARE(program->main()->status(), TaskStatus::Cancelled);
        QCOMPARE(runner.requestsServed(), 0);
        // What was recorded stays: the run can still be read after its thread is gone.
        QVERIFY(program->trace().size() > 20);
        QVERIFY(program->loop().now() < secondsToNs(10)); // nothing waited out its 30 s
        // The loop's thread, the workers and the server's thread are gone, and every socket shut.
        QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= threadsBefore, 5'000);
        QCOMPARE(socketCount(), socketsBefore);
    }

    void stoppingDoesNotWaitOutAThreadJob()
    {
        // asyncio.run waits for the default executor's threads; a stop makes them end early.
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            JobSpec sleep{JobKind::Io, 30, "time.sleep(30)"};
            co_await toThread(sleep);
            co_return "not reached";
        }));
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(runner.now() > secondsToNs(0.2), 10'000);
        runner.requestStop();
        QVERIFY(runner.wait(10'000));
        auto program = std::unique_ptr<TestProgram>(static_cast<TestProgram*>(runner.takeProgram().release()));
        QVERIFY(program->loop().closed());
        QCOMPARE(program->main()->status(), TaskStatus::Cancelled);
        QVERIFY(program->loop().now() < secondsToNs(10));
    }

    void stoppingSendsNothingNew()
    {
        // Thousands of slow requests, most waiting for a connection: a stop aborts the ones on
        // the wire and sends none of the rest (each abort used to free a slot for the next).
        constexpr int n = 3000;
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            IoClient client(2.0, 0, "slow server");
            std::vector<Task<void>> requests;
            for (int i = 0; i < n; ++i)
                requests.push_back(client.request());
            co_await gather(std::move(requests));
            co_return "not reached";
        }));
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(runner.now() > secondsToNs(0.3), 10'000);
        runner.requestStop();
        QVERIFY(runner.wait(10'000));
        auto program = std::unique_ptr<TestProgram>(static_cast<TestProgram*>(runner.takeProgram().release()));
        QVERIFY(program->loop().closed());
        QCOMPARE(program->main()->status(), TaskStatus::Cancelled);
        // The first round at most (sixteen managers, six each); each abort used to send another.
        QVERIFY2(runner.requestsSent() >= 1 && runner.requestsSent() <= 96, std::to_string(runner.requestsSent()).c_str());
        QCOMPARE(runner.requestsServed(), 0);
        QVERIFY(program->loop().now() < secondsToNs(2.0)); // no reply was waited for
    }

    void aRequestStartedWhileStoppingFailsAtOnce()
    {
        // Cleanup that sends a request after the stop gets a ConnectionError, not a hang.
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            IoClient client(0.01, 0, "server");
            bool cancelled = false;
            try {
                co_await asyncio::sleep(30);
            } catch (const CancelledError&) {
                cancelled = true; // C++ awaits nothing inside a handler: the cleanup follows it
            }
            if (cancelled) {
                try {
                    co_await client.request();
                    print("sent");
                } catch (const ConnectionError& e) {
                    print("refused: " + e.message());
                }
                throw CancelledError();
            }
            co_return "not reached";
        }));
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(runner.now() > secondsToNs(0.1), 10'000);
        runner.requestStop();
        QVERIFY(runner.wait(10'000));
        auto program = std::unique_ptr<TestProgram>(static_cast<TestProgram*>(runner.takeProgram().release()));
        QCOMPARE(consoleTexts(program->loop()),
                 (std::vector<std::string>{"refused: the run was stopped before the request was sent"}));
        QCOMPARE(runner.requestsSent(), 0);
    }

    void traceGrowsWhileAnotherThreadReadsIt()
    {
        LiveRunner runner(factoryFor([]() -> Task<std::string> {
            for (int i = 0; i < 50; ++i)
                co_await asyncio::sleep(0.002);
            co_return "";
        }));
        runner.start();
        std::size_t seen = 0;
        TimeNs last = 0;
        while (!runner.finished()) {
            const Trace& trace = *runner.trace();
            const std::size_t n = trace.size();
            for (std::size_t i = seen; i < n; ++i) {
                QVERIFY(trace[i].t >= last);
                last = trace[i].t;
            }
            seen = n;
            QThread::msleep(1);
        }
        QVERIFY(runner.wait(10'000));
        QVERIFY(seen > 0);
    }
};

QTEST_GUILESS_MAIN(TestLiveRunner)
#include "tst_liverunner.moc"
