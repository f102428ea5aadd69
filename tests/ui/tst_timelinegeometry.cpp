// TimelineGeometry: time <-> x both ways, fit, zoom around a point, pan and keeping a time in view.

#include "ui/timelinegeometry.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

// 1000 wide, 100 of labels, 10 of padding each side: the plot is x 110..990 (880 wide).
TimelineGeometry fitted(TimeNs start = 0, TimeNs end = secondsToNs(8.8))
{
    TimelineGeometry g;
    g.setViewport(0, 1000);
    g.setLabelWidth(100);
    g.setPadding(10);
    g.setRange(start, end);
    g.fit();
    return g;
}

} // namespace

class TestTimelineGeometry : public QObject
{
    Q_OBJECT

private slots:
    void plotEdges()
    {
        const TimelineGeometry g = fitted();
        QCOMPARE(g.plotLeft(), 110.0);
        QCOMPARE(g.plotRight(), 990.0);
        QCOMPARE(g.plotWidth(), 880.0);
        QCOMPARE(g.nsPerPixel(), 1e7); // 8.8 s over 880 px
    }

    void timeToX_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("x");
        QTest::newRow("start") << 0.0 << 110.0;
        QTest::newRow("one second") << 1.0 << 210.0;
        QTest::newRow("middle") << 4.4 << 550.0;
        QTest::newRow("end") << 8.8 << 990.0;
        QTest::newRow("before the run") << -1.0 << 10.0;
        QTest::newRow("a millisecond") << 0.001 << 110.1;
    }
    void timeToX()
    {
        QFETCH(double, seconds);
        QFETCH(double, x);
        const TimelineGeometry g = fitted();
        QVERIFY2(std::abs(g.timeToX(secondsToNs(seconds)) - x) < 1e-9,
                 qPrintable(QString::number(g.timeToX(secondsToNs(seconds)))));
    }

    void xToTime_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("plot left") << 110.0 << qint64(0);
        QTest::newRow("one pixel") << 111.0 << qint64(10'000'000);
        QTest::newRow("middle") << 550.0 << qint64(4'400'000'000);
        QTest::newRow("plot right") << 990.0 << qint64(8'800'000'000);
        QTest::newRow("in the labels") << 60.0 << qint64(-500'000'000);
        QTest::newRow("half a pixel") << 110.5 << qint64(5'000'000);
    }
    void xToTime()
    {
        QFETCH(double, x);
        QFETCH(qint64, ns);
        const TimelineGeometry g = fitted();
        QCOMPARE(g.xToTime(x), TimeNs(ns));
        // ... and back again.
        QVERIFY(std::abs(g.timeToX(g.xToTime(x)) - x) < 1e-6);
    }

    void fitWithAnOffsetRange()
    {
        const TimelineGeometry g = fitted(secondsToNs(2), secondsToNs(4));
        QCOMPARE(g.xToTime(g.plotLeft()), secondsToNs(2));
        QCOMPARE(g.xToTime(g.plotRight()), secondsToNs(4));
        QCOMPARE(g.visibleEnd(), 4e9);
    }

    void zoomAround_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("nsPerPixel");
        QTest::addColumn<double>("visibleStart");
        QTest::newRow("in at the left edge") << 110.0 << 2.0 << 5e6 << 0.0;
        QTest::newRow("in at the middle") << 550.0 << 2.0 << 5e6 << 2.2e9;
        QTest::newRow("in at the right edge") << 990.0 << 4.0 << 2.5e6 << 6.6e9;
        // Never out past the whole run: the fitted view is as far out as it goes.
        QTest::newRow("out at the middle is clamped") << 550.0 << 0.5 << 1e7 << 0.0;
        QTest::newRow("out too far is clamped") << 110.0 << 1e-6 << 1e7 << 0.0;
        QTest::newRow("in too far is clamped") << 110.0 << 1e12 << 0.02 << 0.0;
    }
    void zoomAround()
    {
        QFETCH(double, x);
        QFETCH(double, factor);
        QFETCH(double, nsPerPixel);
        QFETCH(double, visibleStart);
        TimelineGeometry g = fitted();
        const double before = g.xToTimef(x);
        g.zoomAround(x, factor);
        QCOMPARE(g.nsPerPixel(), nsPerPixel);
        QVERIFY2(std::abs(g.visibleStart() - visibleStart) < 1e-3, qPrintable(QString::number(g.visibleStart())));
        // The time under the pointer stays under the pointer (unless the run's ends stop it).
        if (factor >= 1)
            QVERIFY(std::abs(g.xToTimef(x) - before) < 1e-3);
    }

    void zoomIgnoresNonsense()
    {
        TimelineGeometry g = fitted();
        g.zoomAround(500, 0);
        g.zoomAround(500, -2);
        QCOMPARE(g.nsPerPixel(), 1e7);
        QCOMPARE(g.visibleStart(), 0.0);
    }

    void panBy_data()
    {
        QTest::addColumn<double>("dx");
        QTest::addColumn<double>("visibleStart");
        // Zoomed in twice from the start (0 .. 4.4 s of 8.8 s visible), then dragged.
        QTest::newRow("drag right at the start stays at the start") << 100.0 << 0.0;
        QTest::newRow("drag left shows later times") << -50.0 << 2.5e8;
        QTest::newRow("drag far left stops at the end") << -5000.0 << 4.4e9;
        QTest::newRow("nothing") << 0.0 << 0.0;
    }
    void panBy()
    {
        QFETCH(double, dx);
        QFETCH(double, visibleStart);
        TimelineGeometry g = fitted();
        g.zoomAround(110, 2);
        g.panBy(dx);
        QCOMPARE(g.visibleStart(), visibleStart);
        QCOMPARE(g.nsPerPixel(), 5e6);
    }

    void ensureVisible()
    {
        TimelineGeometry g = fitted();
        g.zoomAround(110, 4); // 0 .. 2.2 s visible
        QCOMPARE(g.visibleEnd(), 2.2e9);
        QVERIFY(!g.ensureVisible(secondsToNs(1), 50));
        QVERIFY(g.ensureVisible(secondsToNs(5), 50));
        // 5 s now sits 50 px inside the right edge.
        QVERIFY(std::abs(g.timeToX(secondsToNs(5)) - (g.plotRight() - 50)) < 1e-6);
        QVERIFY(g.ensureVisible(secondsToNs(0), 50));
        QCOMPARE(g.visibleStart(), 0.0); // never scrolls before the range's start
    }

    void tinyViewportNeverDividesByZero()
    {
        TimelineGeometry g;
        g.setViewport(0, 50);
        g.setLabelWidth(100);
        g.setRange(0, kNsPerSecond);
        g.fit();
        QCOMPARE(g.plotWidth(), 1.0);
        QVERIFY(std::isfinite(g.timeToX(kNsPerSecond)));
    }
};

QTEST_APPLESS_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
