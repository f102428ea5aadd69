// Thread and process pools: I/O jobs overlap, CPU jobs in threads serialize on the GIL model,
// process pools run `cores` CPU jobs at once; worker lanes; to_thread; cancelling queued jobs.

#include "core/testsupport.h"
#include "core/replay.h"

#include <QTest>

#include <map>
#include <memory>

using namespace loopscope;
using namespace loopscope::test;

namespace {

struct PoolRun
{
    TimeNs total = 0;
    std::vector<TimeNs> finished; // per task, in creation order
    ObjectId pool;
};

// `jobs` tasks, each running one job of `cost` seconds on a fresh pool.
PoolRun runPool(LoopFixture& f, PoolKind kind, int workers, int cores, JobKind jobKind, int jobs, double cost)
{
    PoolRun r;
    std::vector<TaskRef<void>> tasks;
    std::unique_ptr<Executor> pool;
    auto job = [&](int i) -> Task<void> {
        // Named, not a temporary inside the co_await: GCC 12 destroys such temporaries twice.
        JobSpec spec{jobKind, cost, "job " + std::to_string(i)};
        co_await pool->run(std::move(spec));
    };
    auto main = [&]() -> Task<void> {
        pool = std::make_unique<Executor>(kind, workers, cores, "pool");
        r.pool = pool->id();
        for (int i = 0; i < jobs; ++i)
            tasks.push_back(f.loop.createTask(job(i), "t" + std::to_string(i)));
        std::vector<TaskRef<void>> all = tasks;
        co_await gather(std::move(all));
        pool.reset();
    };
    r.total = f.loop.run(main()).total;
    for (auto& t : tasks)
        r.finished.push_back(finishTime(f.trace, t.id()));
    return r;
}

// Checks the worker lanes in the trace: every job starts and finishes on the same worker,
// a worker runs one job at a time, and worker indexes stay below `workers`.
bool lanesConsistent(const Trace& trace, ObjectId pool, int workers, int* maxBusy = nullptr)
{
    std::map<std::uint32_t, int> jobWorker; // job -> worker it was given
    std::vector<std::uint32_t> busy(std::size_t(workers), 0);
    int nowBusy = 0;
    int peak = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace[i];
        if (e.a() != pool.value)
            continue;
        if (e.kind == EventKind::JobWaitingGil || e.kind == EventKind::JobStarted) {
            if (e.sub >= workers)
                return false;
            auto it = jobWorker.find(e.b());
            if (it == jobWorker.end()) {
                if (busy[e.sub] != 0)
                    return false;
                busy[e.sub] = e.b();
                jobWorker[e.b()] = e.sub;
                peak = std::max(peak, ++nowBusy);
            } else if (it->second != e.sub) {
                return false;
            }
        } else if (e.kind == EventKind::JobFinished && e.sub != kJobDropped) {
            auto it = jobWorker.find(e.b());
            if (it == jobWorker.end() || it->second != e.sub || busy[e.sub] != e.b())
                return false;
            busy[e.sub] = 0;
            --nowBusy;
        }
    }
    if (maxBusy)
        *maxBusy = peak;
    return nowBusy == 0;
}

std::vector<std::string> jobLines(const Trace& trace, ObjectId pool)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace[i];
        if (e.a() != pool.value)
            continue;
        if (e.kind == EventKind::JobStarted || e.kind == EventKind::JobFinished || e.kind == EventKind::JobWaitingGil)
            out.push_back(timeText(e.t) + " " + toString(e.kind) + " job " + std::to_string(e.b()) + " worker " +
                          std::to_string(e.sub));
    }
    return out;
}

} // namespace

class TestExecutor : public QObject
{
    Q_OBJECT
private slots:
    void ioJobsInThreadPool()
    {
        LoopFixture f;
        const PoolRun r = runPool(f, PoolKind::Thread, 4, 1, JobKind::Io, 8, 1.0);
        QCOMPARE(r.total, sec(2)); // ceil(8 / 4) * 1 s
        QVERIFY(r.finished == (std::vector<TimeNs>{sec(1), sec(1), sec(1), sec(1), sec(2), sec(2), sec(2), sec(2)}));
        int peak = 0;
        QVERIFY(lanesConsistent(f.trace, r.pool, 4, &peak));
        QCOMPARE(peak, 4);
        // The first four jobs take workers 0..3 at once; the next four take the worker freed
        // by the job that finished.
        const auto lines = jobLines(f.trace, r.pool);
        QCOMPARE(qtLines({lines.begin(), lines.begin() + 4}),
                 qtLines({"0.000 job_started job 1 worker 0", "0.000 job_started job 2 worker 1",
                          "0.000 job_started job 3 worker 2", "0.000 job_started job 4 worker 3"}));
        QCOMPARE(qtLines({lines.begin() + 4, lines.begin() + 6}),
                 qtLines({"1.000 job_finished job 1 worker 0", "1.000 job_started job 5 worker 0"}));
        QCOMPARE(lines.size(), 16u);
        // No job is ever on the loop's thread: nothing blocked the loop.
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::BlockingBegin})).size(), 0u);
    }

    void cpuJobsInThreadsSerialize()
    {
        LoopFixture f;
        const PoolRun r = runPool(f, PoolKind::Thread, 4, 1, JobKind::Cpu, 4, 1.0);
        QCOMPARE(r.total, sec(4)); // jobs * cost: one interpreter lock
        QVERIFY(r.finished == (std::vector<TimeNs>{sec(1), sec(2), sec(3), sec(4)}));
        QVERIFY(lanesConsistent(f.trace, r.pool, 4));
        const auto lines = jobLines(f.trace, r.pool);
        QCOMPARE(qtLines(lines), qtLines({
                                     "0.000 job_waiting_gil job 1 worker 0",
                                     "0.000 job_started job 1 worker 0",
                                     "0.000 job_waiting_gil job 2 worker 1",
                                     "0.000 job_waiting_gil job 3 worker 2",
                                     "0.000 job_waiting_gil job 4 worker 3",
                                     "1.000 job_finished job 1 worker 0",
                                     "1.000 job_started job 2 worker 1",
                                     "2.000 job_finished job 2 worker 1",
                                     "2.000 job_started job 3 worker 2",
                                     "3.000 job_finished job 3 worker 2",
                                     "3.000 job_started job 4 worker 3",
                                     "4.000 job_finished job 4 worker 3",
                                 }));
    }

    void ioJobsInThreadsDoNotSerialize()
    {
        LoopFixture f;
        const PoolRun r = runPool(f, PoolKind::Thread, 4, 1, JobKind::Io, 4, 1.0);
        QCOMPARE(r.total, sec(1));
    }

    void cpuJobsInProcessPool()
    {
        LoopFixture f;
        const PoolRun r = runPool(f, PoolKind::Process, 4, 2, JobKind::Cpu, 8, 1.0);
        QCOMPARE(r.total, sec(4)); // ceil(8 / 2) * 1 s: two cores
        QVERIFY(r.finished == (std::vector<TimeNs>{sec(1), sec(1), sec(2), sec(2), sec(3), sec(3), sec(4), sec(4)}));
        int peak = 0;
        QVERIFY(lanesConsistent(f.trace, r.pool, 4, &peak));
        QCOMPARE(peak, 4); // four workers hold jobs, two of them wait for a core
        QCOMPARE(eventsWhere(f.trace, kinds({EventKind::JobStarted})).size(), 8u);
    }

    void toThreadRunsBesideTheLoop()
    {
        LoopFixture f;
        auto ticker = [&]() -> Task<void> {
            co_await asyncio::sleep(0.5);
            print("tick");
        };
        auto main = [&]() -> Task<void> {
            auto t = f.loop.createTask(ticker(), "ticker");
            JobSpec spec{JobKind::Io, 2.0, "time.sleep(2)"};
            co_await toThread(std::move(spec));
            print("back");
            co_await t;
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(2));
        QCOMPARE(qtLines(f.console()), qtLines({"0.500 tick", "2.000 back"}));
        const auto queued = eventsWhere(f.trace, kinds({EventKind::JobQueued}));
        QCOMPARE(queued.size(), 1u);
        QCOMPARE(f.trace.meta().objectName(ObjectId(queued[0].a())), std::string("default executor"));
        // main waits on the job, labelled, and is woken with reason "job done".
        QCOMPARE(qtLines(f.lines([](const Event& e) {
                     return e.task == 1 && (e.kind == EventKind::TaskSuspended || e.kind == EventKind::StepScheduled);
                 })),
                 qtLines({"0.000 step_scheduled main created", "0.000 task_suspended main executor job",
                          "2.000 step_scheduled main job done"}));
    }

    void cancellingWaiterDropsQueuedJob()
    {
        LoopFixture f;
        std::unique_ptr<Executor> pool;
        TaskRef<void> a, b;
        ObjectId poolId;
        std::size_t queuedBefore = 99, queuedAfter = 99;
        auto job = [&](std::string name) -> Task<void> {
            JobSpec spec{JobKind::Io, 1.0, name};
            co_await pool->run(std::move(spec));
            print(name + " done");
        };
        auto main = [&]() -> Task<void> {
            pool = std::make_unique<Executor>(PoolKind::Thread, 1, 1, "pool");
            poolId = pool->id();
            a = f.loop.createTask(job("a"), "a");
            b = f.loop.createTask(job("b"), "b"); // queued behind a: one worker
            co_await asyncio::sleep(0.5);
            queuedBefore = pool->queuedJobs();
            b.cancel();
            queuedAfter = pool->queuedJobs();
            co_await a;
            pool.reset();
        };
        const auto out = f.loop.run(main());
        QCOMPARE(queuedBefore, 1u);
        QCOMPARE(queuedAfter, 0u);
        QVERIFY(b->cancelled());
        QCOMPARE(finishTime(f.trace, b.id()), sec(0.5));
        QCOMPARE(out.total, sec(1)); // b's job never ran
        QCOMPARE(qtLines(f.console()), qtLines({"1.000 a done"}));
        const auto started = eventsWhere(f.trace, kinds({EventKind::JobStarted}));
        QCOMPARE(started.size(), 1u);
        QCOMPARE(started[0].task, a.id().value);
        // A replay of the trace does not show the dropped job as still queued.
        Replay replay(f.trace);
        const ReplayState& end = replay.stateAfter(f.trace.size());
        QVERIFY(end.executors.size() > poolId.value);
        QVERIFY(end.executors[poolId.value].queued.empty());
        const ReplayState& atCancel = replay.stateAt(sec(0.5));
        QVERIFY(atCancel.executors[poolId.value].queued.empty());
        QCOMPARE(atCancel.executors[poolId.value].workers.at(0).submitter, a.id());
    }

    void cancellingWaiterOfRunningJobLetsItFinish()
    {
        LoopFixture f;
        std::unique_ptr<Executor> pool;
        TaskRef<void> a;
        auto job = [&]() -> Task<void> {
            JobSpec spec{JobKind::Io, 1.0, "long"};
            co_await pool->run(std::move(spec));
        };
        auto main = [&]() -> Task<void> {
            pool = std::make_unique<Executor>(PoolKind::Thread, 1, 1, "pool");
            a = f.loop.createTask(job(), "a");
            co_await asyncio::sleep(0.5);
            a.cancel();
            co_await asyncio::sleep(1.0);
            pool.reset();
        };
        f.loop.run(main());
        QVERIFY(a->cancelled());
        QCOMPARE(finishTime(f.trace, a.id()), sec(0.5));
        // The worker carries on: the job still ends at 1.0.
        const auto finished = eventsWhere(f.trace, kinds({EventKind::JobFinished}));
        QCOMPARE(finished.size(), 1u);
        QCOMPARE(finished[0].t, sec(1));
    }

    void negativeCostRaises()
    {
        LoopFixture f;
        std::string error;
        auto main = [&]() -> Task<void> {
            Executor pool(PoolKind::Thread, 2);
            try {
                JobSpec spec{JobKind::Io, -1.0, "bad"};
                co_await pool.run(std::move(spec));
            } catch (const ValueError& e) {
                error = e.what();
            }
        };
        f.loop.run(main());
        QCOMPARE(QString::fromStdString(error), QStringLiteral("ValueError: job cost must be non-negative"));
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
