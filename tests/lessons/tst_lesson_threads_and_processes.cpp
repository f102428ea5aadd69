// threads-and-processes: the syllabus figures, from Loopscope's pool model (not compared with
// CPython: a virtual clock has no cores and no interpreter lock). io in threads ≈ ceil(jobs/workers)*cost;
// cpu in threads ≈ jobs*cost (the model's GIL: one CPU job at a time); cpu in processes ≈
// ceil(jobs/min(workers, cores))*cost; every job runs on a worker lane beside the loop.

#include "lessontest.h"
#include "lessons/format.h"

#include <set>

using namespace lessontest;

namespace {

struct PoolUse
{
    int mostRunning = 0;       // jobs running (started, not finished) at once
    int mostOnWorkers = 0;     // jobs on a worker at once, running or waiting for the lock
    std::set<int> workersUsed; // worker lanes that ran a job
    int started = 0, finished = 0;
};

PoolUse poolUse(const VariantRun& r)
{
    PoolUse use;
    int running = 0, onWorkers = 0;
    std::set<std::uint32_t> waitingForLock;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        switch (e.kind) {
        case EventKind::JobWaitingGil:
            ++onWorkers;
            waitingForLock.insert(e.arg.ab.b);
            break;
        case EventKind::JobStarted:
            ++running;
            ++use.started;
            if (!waitingForLock.erase(e.arg.ab.b))
                ++onWorkers; // an io job goes straight from the queue to running
            use.workersUsed.insert(e.sub);
            break;
        case EventKind::JobFinished:
            --running;
            --onWorkers;
            ++use.finished;
            break;
        default: continue;
        }
        use.mostRunning = std::max(use.mostRunning, running);
        use.mostOnWorkers = std::max(use.mostOnWorkers, onWorkers);
    }
    return use;
}

} // namespace

class TestLessonThreadsAndProcesses : public QObject
{
    Q_OBJECT

private slots:
    void defaultsIoInThreads()
    {
        const auto r = run("threads-and-processes", {}, "thread-pool");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.0); // ceil(8/4) * 1
        const auto lines = timedLines(r);
        QCOMPARE(lines.size(), 12);
        QCOMPARE(lines.at(0), QStringLiteral("0.000 main: 8 io jobs of 1.00 s on 4 workers"));
        QVERIFY(lines.at(1).endsWith(QStringLiteral(" cores; Loopscope's model assumes 2")));
        // Two waves of four; jobs ending at the same instant leave in the timer heap's (heapq's) order.
        QCOMPARE(lines.mid(2), (QStringList{
            "1.000 job 0: done at 1.00 s", "1.000 job 2: done at 1.00 s", "1.000 job 1: done at 1.00 s",
            "1.000 job 3: done at 1.00 s", "2.000 job 4: done at 2.00 s", "2.000 job 6: done at 2.00 s",
            "2.000 job 5: done at 2.00 s", "2.000 job 7: done at 2.00 s",
            "2.000 main: thread-pool finished 8 io jobs in 2.00 s",
            "2.000 main: one job alone takes 1.00 s, all 8 in a row 8.00 s"}));
        const PoolUse use = poolUse(r);
        QCOMPARE(use.mostRunning, 4);
        QCOMPARE(use.workersUsed, (std::set<int>{0, 1, 2, 3}));
        QCOMPARE(use.finished, 8);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(taskState(r, "job-" + std::to_string(i)), std::string("done"));
    }

    void cpuInThreadsTakesTurnsOnTheLock()
    {
        const auto r = run("threads-and-processes", {"kind=cpu"}, "thread-pool");
        QCOMPARE(total(r), 8.0); // jobs * cost: the model's GIL lets one CPU job run at a time
        QCOMPARE(texts(r).at(2), std::string("job 0: done at 1.00 s"));
        QCOMPARE(texts(r).at(9), std::string("job 7: done at 8.00 s"));
        QCOMPARE(texts(r).at(10), std::string("main: thread-pool finished 8 cpu jobs in 8.00 s"));
        const PoolUse use = poolUse(r);
        QCOMPARE(use.mostRunning, 1);   // one holder of the lock
        QCOMPARE(use.mostOnWorkers, 4); // while every worker has a job waiting for it
        QCOMPARE(use.workersUsed.size(), std::size_t(4));
    }

    void cpuInProcessesRunsOnEveryCore()
    {
        const auto r = run("threads-and-processes", {"kind=cpu"}, "process-pool");
        QCOMPARE(total(r), 4.0); // ceil(8 / min(4, 2)) * 1
        QCOMPARE(texts(r).at(10), std::string("main: process-pool finished 8 cpu jobs in 4.00 s"));
        QCOMPARE(poolUse(r).mostRunning, 2);
        const auto io = run("threads-and-processes", {"kind=io"}, "process-pool");
        QCOMPARE(total(io), 2.0); // waiting needs no core: ceil(8/4) * 1
    }

    void totalsFollowTheModel_data()
    {
        QTest::addColumn<QString>("jobs");
        QTest::addColumn<QString>("cost");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("workers");
        QTest::addColumn<QString>("cores");
        QTest::addColumn<double>("threads");
        QTest::addColumn<double>("processes");
        QTest::addColumn<QString>("first");
        QTest::newRow("defaults io") << "8" << "1" << "io" << "4" << "2" << 2.0 << 2.0 << "same time";
        QTest::newRow("defaults cpu") << "8" << "1" << "cpu" << "4" << "2" << 8.0 << 4.0 << "process-pool";
        QTest::newRow("io 10 on 3") << "10" << "0.5" << "io" << "3" << "1" << 2.0 << 2.0 << "same time";
        QTest::newRow("cpu 10 on 3, 8 cores") << "10" << "0.5" << "cpu" << "3" << "8" << 5.0 << 2.0 << "process-pool";
        QTest::newRow("cpu 8 workers, 4 cores") << "8" << "1" << "cpu" << "8" << "4" << 8.0 << 2.0 << "process-pool";
        QTest::newRow("cpu 1 worker") << "5" << "2" << "cpu" << "1" << "4" << 10.0 << 10.0 << "same time";
        QTest::newRow("cpu 1 core") << "6" << "1" << "cpu" << "4" << "1" << 6.0 << 6.0 << "same time";
    }
    void totalsFollowTheModel()
    {
        QFETCH(QString, jobs);
        QFETCH(QString, cost);
        QFETCH(QString, kind);
        QFETCH(QString, workers);
        QFETCH(QString, cores);
        QFETCH(double, threads);
        QFETCH(double, processes);
        QFETCH(QString, first);
        const std::initializer_list<std::string> settings{"jobs=" + jobs.toStdString(), "cost=" + cost.toStdString(),
                                                          "kind=" + kind.toStdString(), "workers=" + workers.toStdString(),
                                                          "cores=" + cores.toStdString()};
        const auto t = run("threads-and-processes", settings, "thread-pool");
        const auto p = run("threads-and-processes", settings, "process-pool");
        QCOMPARE(total(t), threads);
        QCOMPARE(total(p), processes);
        QCOMPARE(poolUse(t).finished, jobs.toInt());
        QCOMPARE(poolUse(p).finished, jobs.toInt());
        QVERIFY(poolUse(t).workersUsed.size() <= std::size_t(workers.toInt()));
        const auto a = answers("threads-and-processes", settings);
        QCOMPARE(a, (std::vector<std::string>{lessons::fixed2(threads), lessons::fixed2(processes), first.toStdString()}));
    }

    void loopStaysFree()
    {
        // The loop never blocks: the jobs run on worker lanes, so no BlockingBegin is recorded.
        for (const std::string variant : {"thread-pool", "process-pool"}) {
            const auto r = run("threads-and-processes", {"kind=cpu"}, variant);
            for (std::size_t i = 0; i < r.trace->size(); ++i)
                QVERIFY((*r.trace)[i].kind != EventKind::BlockingBegin);
        }
    }
};

QTEST_GUILESS_MAIN(TestLessonThreadsAndProcesses)
#include "tst_lesson_threads_and_processes.moc"
