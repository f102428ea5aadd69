// graceful-shutdown: the syllabus figures. Every worker is cancelled at `at`, cleans up for
// `cleanup` seconds and ends cancelled; main's gather(return_exceptions=True) returns at
// at + cleanup; nothing is left pending when the loop closes.

#include "lessontest.h"

#include <algorithm>

using namespace lessontest;

class TestLessonGracefulShutdown : public QObject
{
    Q_OBJECT

private slots:
    void workersCleanUpThenEndCancelled()
    {
        const auto r = run("graceful-shutdown");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.5);
        const QStringList lines = timedLines(r);
        QCOMPARE(lines.mid(0, 7), (QStringList{
            "0.000 worker-1: started", "0.000 worker-2: started", "0.000 worker-3: started",
            "3.000 main: shutting down at 3.00 s",
            "3.000 worker-1: cancelled after 4 jobs at 3.00 s, cleaning up",
            "3.000 worker-2: cancelled after 4 jobs at 3.00 s, cleaning up",
            "3.000 worker-3: cancelled after 4 jobs at 3.00 s, cleaning up"}));
        // The three cleanups end at the same instant; which timer of a tie fires first is the
        // heap's business, so compare them as a set.
        QStringList cleanups = lines.mid(7, 3);
        cleanups.sort();
        QCOMPARE(cleanups, (QStringList{"3.500 worker-1: cleanup done at 3.50 s", "3.500 worker-2: cleanup done at 3.50 s",
                                        "3.500 worker-3: cleanup done at 3.50 s"}));
        QCOMPARE(lines.mid(10), (QStringList{"3.500 main: 3 of 3 workers cancelled at 3.50 s",
                                             "3.500 main: 0 other tasks still pending"}));
        for (const char* name : {"worker-1", "worker-2", "worker-3"})
            QCOMPARE(taskState(r, name), std::string("cancelled"));
        QCOMPARE(taskState(r, "main"), std::string("done"));
        QVERIFY(warningKinds(r).empty()); // every worker re-raised: no swallowed cancellation
        QCOMPARE(answers("graceful-shutdown"), (std::vector<std::string>{"3.50", "4"}));
    }

    void totalIsAtPlusCleanup_data()
    {
        QTest::addColumn<QString>("workers");
        QTest::addColumn<QString>("at");
        QTest::addColumn<QString>("cleanup");
        QTest::addColumn<double>("total");
        QTest::addColumn<int>("jobs");
        QTest::newRow("no cleanup") << "3" << "3" << "0" << 3.0 << 4;
        QTest::newRow("5 workers, at 1, cleanup 2") << "5" << "1" << "2" << 3.0 << 1;
        QTest::newRow("before the first job") << "2" << "0.1" << "0.5" << 0.6 << 0;
        QTest::newRow("50 workers, cleanup 5") << "50" << "10" << "5" << 15.0 << 14;
    }
    void totalIsAtPlusCleanup()
    {
        QFETCH(QString, workers);
        QFETCH(QString, at);
        QFETCH(QString, cleanup);
        QFETCH(double, total);
        QFETCH(int, jobs);
        const std::initializer_list<std::string> settings = {
            "workers=" + workers.toStdString(), "at=" + at.toStdString(), "cleanup=" + cleanup.toStdString()};
        const auto r = run("graceful-shutdown", settings);
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        const int n = workers.toInt();
        for (int i = 1; i <= n; ++i)
            QCOMPARE(taskState(r, "worker-" + std::to_string(i)), std::string("cancelled"));
        const auto lines = texts(r);
        QCOMPARE(lines.at(lines.size() - 2), "main: " + std::to_string(n) + " of " + std::to_string(n) +
                                                 " workers cancelled at " + QString::number(total, 'f', 2).toStdString() +
                                                 " s");
        QCOMPARE(lines.back(), std::string("main: 0 other tasks still pending"));
        const auto cleanupsDone = std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
            return l.find("cleanup done at " + QString::number(total, 'f', 2).toStdString()) != std::string::npos;
        });
        QCOMPARE(int(cleanupsDone), n);
        QCOMPARE(answers("graceful-shutdown", settings), (std::vector<std::string>{QString::number(total, 'f', 2).toStdString(),
                                                                                   std::to_string(jobs)}));
    }
};

QTEST_GUILESS_MAIN(TestLessonGracefulShutdown)
#include "tst_lesson_graceful_shutdown.moc"
