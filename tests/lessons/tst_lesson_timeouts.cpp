// timeouts: the syllabus figures. timeout < work: TimeoutError in main at `timeout`, the query
// cancelled at the same instant and its cleanup run first; timeout >= work: the result (but, as in
// Python 3.11, timeout == work is still a TimeoutError).

#include "lessontest.h"

using namespace lessontest;

class TestLessonTimeouts : public QObject
{
    Q_OBJECT

private slots:
    void timeoutCancelsTheQueryAndWaitsForItsCleanup()
    {
        const auto r = run("timeouts");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 query: started, needs 10.00 s", "2.000 query: cancelled at 2.00 s",
            "2.000 query: cleanup, connection released at 2.00 s", "2.000 main: TimeoutError at 2.00 s",
            "2.000 main: done at 2.00 s"}));
        QCOMPARE(taskState(r, "query"), std::string("cancelled"));
        QCOMPARE(taskState(r, "main"), std::string("done"));
        QVERIFY(warningKinds(r).empty());
    }

    void otherTimeouts_data()
    {
        QTest::addColumn<QString>("work");
        QTest::addColumn<QString>("timeout");
        QTest::addColumn<double>("total");
        QTest::addColumn<QString>("mainLine");
        QTest::addColumn<QString>("queryState");
        QTest::newRow("work 5, timeout 0.5") << "5" << "0.5" << 0.5 << "main: TimeoutError at 0.50 s" << "cancelled";
        QTest::newRow("work 1.5, timeout 3") << "1.5" << "3" << 1.5 << "main: got 42 rows at 1.50 s" << "done";
        QTest::newRow("work 2, timeout 2 (3.11)") << "2" << "2" << 2.0 << "main: TimeoutError at 2.00 s" << "cancelled";
        QTest::newRow("work 60, timeout 60") << "60" << "60" << 60.0 << "main: TimeoutError at 60.00 s" << "cancelled";
    }
    void otherTimeouts()
    {
        QFETCH(QString, work);
        QFETCH(QString, timeout);
        QFETCH(double, total);
        QFETCH(QString, mainLine);
        QFETCH(QString, queryState);
        const auto r = run("timeouts", {"work=" + work.toStdString(), "timeout=" + timeout.toStdString()});
        QCOMPARE(lessontest::total(r), total);
        QCOMPARE(printedAt(r, mainLine.toStdString()), total);
        QCOMPARE(printedAt(r, "query: cleanup"), total);
        QCOMPARE(taskState(r, "query"), queryState.toStdString());
    }

    void resultArrivesAfterTheCleanup()
    {
        const auto r = run("timeouts", {"work=1.5", "timeout=3"});
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 query: started, needs 1.50 s", "1.500 query: finished at 1.50 s",
            "1.500 query: cleanup, connection released at 1.50 s", "1.500 main: got 42 rows at 1.50 s",
            "1.500 main: done at 1.50 s"}));
    }

    void predictionsAreComputedFromTheRuns()
    {
        QCOMPARE(answers("timeouts"), (std::vector<std::string>{"TimeoutError", "2.00", "2.00"}));
        QCOMPARE(answers("timeouts", {"work=1.5", "timeout=3"}), (std::vector<std::string>{"the rows", "1.50", "1.50"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonTimeouts)
#include "tst_lesson_timeouts.moc"
