// gather: the syllabus figures. Results in argument order; with a failure and
// return_exceptions=false the exception reaches main at the failure time while the other fetches
// run to completion (nothing is cancelled); with return_exceptions=true main gets a mixed list at
// the longest delay.

#include "lessontest.h"

#include "lessons/format.h"

using namespace lessontest;

class TestLessonGather : public QObject
{
    Q_OBJECT

private slots:
    void resultsComeInArgumentOrder()
    {
        const auto r = run("gather");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 fetch 1: start", "0.000 fetch 2: start", "0.000 fetch 3: start",
            "1.000 fetch 1: done at 1.00 s", "2.000 fetch 2: done at 2.00 s", "3.000 fetch 3: done at 3.00 s",
            "3.000 main: results ['result 1', 'result 2', 'result 3'] at 3.00 s"}));
        QCOMPARE(answers("gather"), (std::vector<std::string>{"3.00", "3.00", "3"}));
    }

    void failureReachesMainAtOnceButTheOthersKeepRunning_data()
    {
        QTest::addColumn<int>("fail");
        QTest::newRow("fail=1") << 1;
        QTest::newRow("fail=2") << 2;
        QTest::newRow("fail=3") << 3;
    }
    void failureReachesMainAtOnceButTheOthersKeepRunning()
    {
        QFETCH(int, fail);
        const std::string f = std::to_string(fail);
        const auto r = run("gather", {"fail=" + f, "return_exceptions=false"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.0); // the stragglers were not cancelled: they ran their full delays
        // main hears of the failure at the moment fetch `fail` raises, at `fail` seconds.
        QCOMPARE(printedAt(r, "main: gather raised"), double(fail));
        QCOMPARE(printedAt(r, "fetch " + f + ": failing at"), double(fail));
        const auto lines = texts(r);
        QVERIFY(std::find(lines.begin(), lines.end(),
                          "main: gather raised ConnectionError('fetch " + f + " failed') at " + f + ".00 s") !=
                lines.end());
        for (int i = 1; i <= 3; ++i) {
            const std::string name = "fetch-" + std::to_string(i);
            QCOMPARE(taskState(r, name), std::string(i == fail ? "failed" : "done"));
            if (i != fail)
                QCOMPARE(printedAt(r, "fetch " + std::to_string(i) + ": done"), double(i));
        }
        QCOMPARE(texts(r).back(), std::string("main: cancelled = [False, False, False]"));
        QCOMPARE(printedAt(r, "main: all fetches over"), 3.0);
        QVERIFY(warningKinds(r).empty()); // every exception was retrieved
        QCOMPARE(answers("gather", {"fail=" + f}),
                 (std::vector<std::string>{"3.00", fixed2(fail), "2"}));
    }

    void failureTwoPrintsInTimeOrder()
    {
        const auto r = run("gather", {"fail=2"});
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 fetch 1: start", "0.000 fetch 2: start", "0.000 fetch 3: start",
            "1.000 fetch 1: done at 1.00 s", "2.000 fetch 2: failing at 2.00 s",
            "2.000 main: gather raised ConnectionError('fetch 2 failed') at 2.00 s",
            "3.000 fetch 3: done at 3.00 s", "3.000 main: all fetches over at 3.00 s",
            "3.000 main: cancelled = [False, False, False]"}));
    }

    void returnExceptionsGivesAMixedListAtTheLongestDelay_data()
    {
        QTest::addColumn<int>("fail");
        QTest::addColumn<QString>("list");
        QTest::newRow("fail=0") << 0 << "['result 1', 'result 2', 'result 3']";
        QTest::newRow("fail=1") << 1 << "[ConnectionError('fetch 1 failed'), 'result 2', 'result 3']";
        QTest::newRow("fail=2") << 2 << "['result 1', ConnectionError('fetch 2 failed'), 'result 3']";
        QTest::newRow("fail=3") << 3 << "['result 1', 'result 2', ConnectionError('fetch 3 failed')]";
    }
    void returnExceptionsGivesAMixedListAtTheLongestDelay()
    {
        QFETCH(int, fail);
        QFETCH(QString, list);
        const std::string f = "fail=" + std::to_string(fail);
        const auto r = run("gather", {f, "return_exceptions=true"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.0);
        QCOMPARE(texts(r).back(), "main: results " + list.toStdString() + " at 3.00 s");
        QCOMPARE(printedAt(r, "main: results"), 3.0);
        QCOMPARE(taskState(r, "fetch-2"), std::string(fail == 2 ? "failed" : "done"));
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(answers("gather", {f, "return_exceptions=true"}),
                 (std::vector<std::string>{"3.00", "3.00", fail ? "2" : "3"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonGather)
#include "tst_lesson_gather.moc"
