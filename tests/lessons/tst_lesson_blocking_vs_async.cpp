// blocking-vs-async: the syllabus figures. Sequential total = n*delay with the loop stalled the
// whole time; concurrent total = delay; the speed-up is printed.

#include "lessontest.h"

#include "lessons/format.h"

using namespace lessontest;

namespace {

// Seconds the loop's thread spent inside blocking calls (BlockingBegin .. BlockingEnd).
double blockedSeconds(const VariantRun& r)
{
    TimeNs blocked = 0, began = 0;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::BlockingBegin)
            began = e.t;
        else if (e.kind == EventKind::BlockingEnd)
            blocked += e.t - began;
    }
    return nsToSeconds(blocked);
}

} // namespace

class TestLessonBlockingVsAsync : public QObject
{
    Q_OBJECT

private slots:
    void sequentialStallsTheLoopForNTimesDelay()
    {
        const auto r = run("blocking-vs-async", {}, "sequential");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 4.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 job 1: start at 0.00 s", "2.000 job 1: done at 2.00 s",
            "2.000 job 2: start at 2.00 s", "4.000 job 2: done at 4.00 s",
            "4.000 main: sequential took 4.00 s",
            "4.000 main: speed-up over one-after-another: 1.00x"}));
        // The loop was stalled for the whole run, and debug mode says so once per job.
        QCOMPARE(blockedSeconds(r), 4.0);
        QCOMPARE(warningKinds(r), (std::vector<std::string>{"slow_callback", "slow_callback"}));
        QCOMPARE(taskState(r, "job-1"), std::string("done"));
        QCOMPARE(taskState(r, "job-2"), std::string("done"));
    }

    void concurrentTakesOneDelayAndPrintsTheSpeedUp()
    {
        const auto r = run("blocking-vs-async", {}, "concurrent");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 job 1: start at 0.00 s", "0.000 job 2: start at 0.00 s",
            "2.000 job 1: done at 2.00 s", "2.000 job 2: done at 2.00 s",
            "2.000 main: concurrent took 2.00 s",
            "2.000 main: speed-up over one-after-another: 2.00x"}));
        QCOMPARE(blockedSeconds(r), 0.0);
        QVERIFY(warningKinds(r).empty());
    }

    void totalsFollowNAndDelay_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("delay");
        QTest::addColumn<double>("sequential");
        QTest::addColumn<double>("concurrent");
        QTest::addColumn<QString>("speedUp");
        QTest::newRow("defaults 2,2") << "2" << "2" << 4.0 << 2.0 << "2.00x";
        QTest::newRow("5,0.5") << "5" << "0.5" << 2.5 << 0.5 << "5.00x";
        QTest::newRow("10,1") << "10" << "1" << 10.0 << 1.0 << "10.00x";
        QTest::newRow("1,3") << "1" << "3" << 3.0 << 3.0 << "1.00x";
    }
    void totalsFollowNAndDelay()
    {
        QFETCH(QString, n);
        QFETCH(QString, delay);
        QFETCH(double, sequential);
        QFETCH(double, concurrent);
        QFETCH(QString, speedUp);
        const std::string sn = "n=" + n.toStdString(), sd = "delay=" + delay.toStdString();
        const auto s = run("blocking-vs-async", {sn, sd}, "sequential");
        const auto c = run("blocking-vs-async", {sn, sd}, "concurrent");
        QCOMPARE(total(s), sequential);
        QCOMPARE(total(c), concurrent);
        QCOMPARE(blockedSeconds(s), sequential);
        QCOMPARE(texts(s).back(), std::string("main: speed-up over one-after-another: 1.00x"));
        QCOMPARE(texts(c).back(), "main: speed-up over one-after-another: " + speedUp.toStdString());
        const auto a = answers("blocking-vs-async", {sn, sd});
        QCOMPARE(a.at(0), fixed2(sequential));
        QCOMPARE(a.at(1), fixed2(concurrent));
        QCOMPARE(a.at(2), std::string("1")); // job 2 cannot start while job 1 blocks
    }
};

QTEST_GUILESS_MAIN(TestLessonBlockingVsAsync)
#include "tst_lesson_blocking_vs_async.moc"
