// backpressure: the syllabus figures. Bounded total = ceil(n/k)*t with at most k in flight;
// unbounded finishes after one t with all n in flight; the peak is printed for both.

#include "lessontest.h"
#include "lessons/format.h"

#include <QElapsedTimer>

using namespace lessontest;

class TestLessonBackpressure : public QObject
{
    Q_OBJECT

private slots:
    void boundedAndUnbounded_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("k");
        QTest::addColumn<QString>("t");
        QTest::addColumn<double>("bounded");
        QTest::addColumn<double>("unbounded");
        QTest::newRow("defaults 1000,50,1") << "1000" << "50" << "1" << 20.0 << 1.0;
        QTest::newRow("7,3,0.5") << "7" << "3" << "0.5" << 1.5 << 0.5;
        QTest::newRow("10,10,2") << "10" << "10" << "2" << 2.0 << 2.0;
        QTest::newRow("5,20,1 (k above n)") << "5" << "20" << "1" << 1.0 << 1.0;
        QTest::newRow("1000,1,0.01") << "1000" << "1" << "0.01" << 10.0 << 0.01;
    }
    void boundedAndUnbounded()
    {
        QFETCH(QString, n);
        QFETCH(QString, k);
        QFETCH(QString, t);
        QFETCH(double, bounded);
        QFETCH(double, unbounded);
        const std::initializer_list<std::string> settings{"n=" + n.toStdString(), "k=" + k.toStdString(),
                                                          "t=" + t.toStdString()};
        const std::int64_t nn = n.toLongLong(), kk = k.toLongLong();
        const std::int64_t boundedPeak = std::min(nn, kk);

        const auto b = run("backpressure", settings, "bounded");
        QCOMPARE(b.error, std::string());
        QCOMPARE(total(b), bounded);
        QCOMPARE(texts(b).back(), "main: peak in flight " + std::to_string(boundedPeak));
        QCOMPARE(peakCounter(b, "limit"), boundedPeak); // the semaphore's own count agrees

        const auto u = run("backpressure", settings, "unbounded");
        QCOMPARE(u.error, std::string());
        QCOMPARE(total(u), unbounded);
        QCOMPARE(texts(u).back(), "main: peak in flight " + std::to_string(nn));

        const auto a = answers("backpressure", settings);
        QCOMPARE(a.size(), std::size_t(3));
        QCOMPARE(a.at(0), lessons::fixed2(bounded));
        QCOMPARE(a.at(1), lessons::fixed2(unbounded));
        QCOMPARE(a.at(2), std::to_string(nn));
    }

    void defaultsPrintTheFirstFetchesAndTheTotals()
    {
        const auto b = run("backpressure", {}, "bounded");
        QCOMPARE(timedLines(b), (QStringList{
            "1.000 fetch 0: done at 1.00 s, 49 still in flight",
            "1.000 fetch 2: done at 1.00 s, 48 still in flight", // same-instant timers: heapq order
            "1.000 fetch 1: done at 1.00 s, 1 still in flight",
            "20.000 main: bounded, 1000 fetches in 20.00 s",
            "20.000 main: peak in flight 50"}));
        QCOMPARE(taskState(b, "fetch-999"), std::string("done"));
        const auto u = run("backpressure", {}, "unbounded");
        QCOMPARE(timedLines(u), (QStringList{
            "1.000 fetch 0: done at 1.00 s, 999 still in flight",
            "1.000 fetch 2: done at 1.00 s, 998 still in flight",
            "1.000 fetch 1: done at 1.00 s, 1 still in flight",
            "1.000 main: unbounded, 1000 fetches in 1.00 s",
            "1.000 main: peak in flight 1000"}));
    }

    void hundredThousandFetchesStayFast()
    {
        QElapsedTimer clock;
        clock.start();
        const auto b = run("backpressure", {"n=100000", "k=50", "t=1"}, "bounded");
        QCOMPARE(total(b), 2000.0);
        QCOMPARE(texts(b).back(), std::string("main: peak in flight 50"));
        const auto u = run("backpressure", {"n=100000", "k=50", "t=1"}, "unbounded");
        QCOMPARE(total(u), 1.0);
        QCOMPARE(texts(u).back(), std::string("main: peak in flight 100000"));
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed()) + " ms"));
    }
};

QTEST_GUILESS_MAIN(TestLessonBackpressure)
#include "tst_lesson_backpressure.moc"
