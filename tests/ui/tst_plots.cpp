// The lessons' plots: the figures each series holds, taken from real runs (complexity: total time
// against n; backpressure: fetches in flight and their peaks), the points following the cursor,
// the axes' ticks and mapping, the view's readout and keys, and the three file formats.

#include "lessons/lessontest.h"
#include "ui/plotdata.h"
#include "ui/plotexport.h"
#include "ui/plotpainter.h"
#include "ui/plotview.h"
#include "ui/rundocument.h"
#include "ui/timelinescene.h"

#include "core/tracequery.h"

#include <QAccessible>
#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <set>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

struct Runs
{
    const lessons::Lesson* lesson = nullptr;
    lessons::Params params;
    std::vector<lessons::VariantRun> runs;

    std::vector<const RecordedRun*> pointers() const
    {
        std::vector<const RecordedRun*> out;
        for (const auto& r : runs)
            out.push_back(&r);
        return out;
    }
    Plot plot() const { return plotOfRuns(lesson->id, pointers()); }
};

Runs runAll(std::string_view id, std::initializer_list<std::string> settings)
{
    Runs r;
    r.lesson = &lessontest::lessonById(id);
    r.params = lessontest::paramsFor(*r.lesson, settings);
    r.runs = lessons::runAllVariants(*r.lesson, r.params);
    return r;
}

const PlotSeries& seriesNamed(const Plot& plot, const std::string& name)
{
    for (const PlotSeries& s : plot.series)
        if (s.name == name)
            return s;
    throw std::invalid_argument("no series " + name);
}

// The y of the point at x (a complexity series: n), or NaN.
double yAt(const PlotSeries& s, double x)
{
    for (const PlotPoint& p : s.points)
        if (p.x == x)
            return p.y;
    return std::nan("");
}

// A step series' value at time x: the last point at or before it.
double stepAt(const PlotSeries& s, double x)
{
    double y = 0;
    for (const PlotPoint& p : s.points)
        if (p.x <= x + 1e-12)
            y = p.y;
    return y;
}

long long ms(double seconds)
{
    return std::llround(seconds * 1000);
}

void fillDocument(RunDocument& doc, const Runs& r)
{
    std::vector<RunDocument::Variant> variants;
    for (const auto& run : r.runs) {
        RunDocument::Variant v;
        v.name = run.variant;
        v.trace = run.trace.get();
        v.finished = true;
        v.total = run.total;
        variants.push_back(v);
    }
    doc.reset(r.lesson, r.params, std::move(variants));
}

} // namespace

class TestPlots : public QObject
{
    Q_OBJECT

private slots:
    void only_complexity_and_backpressure_have_a_plot()
    {
        QVERIFY(lessonHasPlot("complexity"));
        QVERIFY(lessonHasPlot("backpressure"));
        QVERIFY(!lessonHasPlot("gather"));
        QVERIFY(!lessonHasPlot(""));
        QCOMPARE(plotKindFor("complexity"), PlotKind::Complexity);
        QCOMPARE(plotKindFor("backpressure"), PlotKind::InFlight);
    }

    // Each figure follows from the program: n fetches of t seconds one after another take n*t;
    // gathered all at once, t; through Semaphore(k), ceil(n/k) waves of t.
    void complexity_series_hold_the_runs_totals_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("expectedMs");
        const QStringList defaults; // max_n=100, k=10, t=0.1
        QTest::newRow("sequential n=1") << defaults << "sequential" << 1 << 100;
        QTest::newRow("sequential n=10") << defaults << "sequential" << 10 << 1000;
        QTest::newRow("sequential n=100") << defaults << "sequential" << 100 << 10000;
        QTest::newRow("concurrent n=1") << defaults << "concurrent" << 1 << 100;
        QTest::newRow("concurrent n=20") << defaults << "concurrent" << 20 << 100;
        QTest::newRow("concurrent n=100") << defaults << "concurrent" << 100 << 100;
        QTest::newRow("semaphore n=5") << defaults << "semaphore" << 5 << 100;
        QTest::newRow("semaphore n=10") << defaults << "semaphore" << 10 << 100;
        QTest::newRow("semaphore n=20") << defaults << "semaphore" << 20 << 200;
        QTest::newRow("semaphore n=50") << defaults << "semaphore" << 50 << 500;
        QTest::newRow("semaphore n=100") << defaults << "semaphore" << 100 << 1000;
        const QStringList other{QStringLiteral("max_n=50"), QStringLiteral("k=4"), QStringLiteral("t=0.2")};
        QTest::newRow("other: sequential n=50") << other << "sequential" << 50 << 10000;
        QTest::newRow("other: concurrent n=50") << other << "concurrent" << 50 << 200;
        QTest::newRow("other: semaphore n=2") << other << "semaphore" << 2 << 200;   // 1 wave
        QTest::newRow("other: semaphore n=5") << other << "semaphore" << 5 << 400;   // 2 waves
        QTest::newRow("other: semaphore n=10") << other << "semaphore" << 10 << 600; // 3 waves
        QTest::newRow("other: semaphore n=50") << other << "semaphore" << 50 << 2600; // 13 waves
    }
    void complexity_series_hold_the_runs_totals()
    {
        QFETCH(QStringList, settings);
        QFETCH(QString, variant);
        QFETCH(int, n);
        QFETCH(int, expectedMs);
        const lessons::Lesson& lesson = lessontest::lessonById("complexity");
        lessons::Params params = lessons::defaultParams(lesson);
        for (const QString& s : settings)
            QVERIFY(!lessons::applyAssignment(lesson, params, s.toStdString()));
        const lessons::VariantRun run = lessons::runVariant(lesson, params, variant.toStdString());
        const Plot plot = plotOfRuns("complexity", {&run});
        QCOMPARE(plot.kind, PlotKind::Complexity);
        QCOMPARE(plot.series.size(), std::size_t(1));
        QCOMPARE(ms(yAt(plot.series[0], n)), (long long)expectedMs);
    }

    void complexity_has_three_series_over_the_whole_sweep()
    {
        const Runs r = runAll("complexity", {});
        const Plot plot = r.plot();
        QCOMPARE(plot.series.size(), std::size_t(3));
        QCOMPARE(plot.series[0].name, std::string("sequential"));
        QCOMPARE(plot.series[1].name, std::string("concurrent"));
        QCOMPARE(plot.series[2].name, std::string("semaphore"));
        for (const PlotSeries& s : plot.series) {
            std::vector<double> ns;
            for (const PlotPoint& p : s.points)
                ns.push_back(p.x);
            QCOMPARE(ns, (std::vector<double>{1, 2, 5, 10, 20, 50, 100}));
            QVERIFY(!s.steps);
        }
        QCOMPARE(plot.xQuantity, PlotQuantity::Count);
        QCOMPARE(plot.yQuantity, PlotQuantity::Seconds);
    }

    void complexity_points_appear_as_the_cursor_passes_their_lines()
    {
        const Runs r = runAll("complexity", {});
        RunDocument doc;
        fillDocument(doc, r);
        doc.setCursorTime(secondsToNs(1.0));
        const Plot plot = plotOfDocument(doc);
        // By 1.0 s: sequential printed n=1, 2, 5 (0.1, 0.3, 0.8 s); concurrent all seven (by 0.7 s);
        // semaphore five (0.1 … 0.6 s; n=50 only at 1.1 s).
        QCOMPARE(seriesNamed(plot, "sequential").points.size(), std::size_t(3));
        QCOMPARE(seriesNamed(plot, "concurrent").points.size(), std::size_t(7));
        QCOMPARE(seriesNamed(plot, "semaphore").points.size(), std::size_t(5));
        QCOMPARE(plotOfDocument(doc, false).series[0].points.size(), std::size_t(7));
    }

    // A fetch is in flight while it sleeps in its download.
    void backpressure_peaks_are_k_and_n_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("t");
        QTest::newRow("defaults") << QStringList() << 1000 << 50 << 1.0;
        QTest::newRow("n=10 k=3 t=0.5") << QStringList{QStringLiteral("n=10"), QStringLiteral("k=3"), QStringLiteral("t=0.5")}
                                        << 10 << 3 << 0.5;
    }
    void backpressure_peaks_are_k_and_n()
    {
        QFETCH(QStringList, settings);
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(double, t);
        const lessons::Lesson& lesson = lessontest::lessonById("backpressure");
        lessons::Params params = lessons::defaultParams(lesson);
        for (const QString& s : settings)
            QVERIFY(!lessons::applyAssignment(lesson, params, s.toStdString()));
        Runs r;
        r.lesson = &lesson;
        r.params = params;
        r.runs = lessons::runAllVariants(lesson, params);
        const Plot plot = r.plot();
        QCOMPARE(plot.kind, PlotKind::InFlight);
        QCOMPARE(plot.xQuantity, PlotQuantity::Seconds);
        const PlotSeries& bounded = seriesNamed(plot, "bounded");
        const PlotSeries& unbounded = seriesNamed(plot, "unbounded");
        QVERIFY(bounded.steps && unbounded.steps);
        // Peaks: k for the bounded run, n for the unbounded one, both as the first wave starts at 0 s.
        QVERIFY(bounded.hasPeak && unbounded.hasPeak);
        QCOMPARE(bounded.peak.y, double(k));
        QCOMPARE(bounded.peak.x, 0.0);
        QCOMPARE(unbounded.peak.y, double(n));
        QCOMPARE(unbounded.peak.x, 0.0);
        // The unbounded run holds n until t, then none; the bounded one runs ceil(n/k) waves.
        const int waves = (n + k - 1) / k;
        QCOMPARE(stepAt(unbounded, t / 2), double(n));
        QCOMPARE(stepAt(unbounded, t), 0.0);
        QCOMPARE(ms(unbounded.points.back().x), ms(t));
        QCOMPARE(stepAt(bounded, t / 2), double(k));
        QCOMPARE(stepAt(bounded, (waves - 0.5) * t), double(n - (waves - 1) * k)); // the last wave
        QCOMPARE(stepAt(bounded, waves * t), 0.0);
        QCOMPARE(ms(bounded.points.back().x), ms(waves * t));
        // The same figures the rest of the app reads: the prediction's peak, the semaphore's lane.
        QCOMPARE(unbounded.peak.y, double(peakWaiting(*r.runs[1].trace, WaitKind::Sleep)));
        TimelineScene scene(*r.runs[0].trace, "bounded");
        std::int64_t permits = -1;
        for (const Lane& lane : scene.lanes())
            if (lane.kind == LaneKind::Counter)
                for (const CounterPoint& p : lane.counter)
                    permits = std::max(permits, p.value);
        QCOMPARE(bounded.peak.y, double(permits));
    }

    void backpressure_curve_is_cut_at_the_cursor()
    {
        const Runs r = runAll("backpressure", {"n=10", "k=3", "t=0.5"});
        RunDocument doc;
        fillDocument(doc, r);
        doc.setCursorTime(secondsToNs(0.75));
        const Plot plot = plotOfDocument(doc);
        const PlotSeries& bounded = seriesNamed(plot, "bounded");
        QCOMPARE(ms(bounded.points.back().x), 750LL); // drawn up to the cursor, not to the end
        QCOMPARE(bounded.points.back().y, 3.0);
        const PlotSeries& unbounded = seriesNamed(plot, "unbounded");
        QCOMPARE(ms(unbounded.points.back().x), 500LL); // it ended at 0.5 s
    }

    void ticks_use_the_quantitys_units()
    {
        auto labels = [](const std::vector<PlotTick>& ticks) {
            QStringList out;
            for (const PlotTick& t : ticks)
                if (!t.label.isEmpty())
                    out << t.label;
            return out;
        };
        QCOMPARE(labels(PlotPainter::ticks(0, 0.5, false, PlotQuantity::Seconds, 5)),
                 (QStringList{QStringLiteral("0 ms"), QStringLiteral("100 ms"), QStringLiteral("200 ms"),
                              QStringLiteral("300 ms"), QStringLiteral("400 ms"), QStringLiteral("500 ms")}));
        QCOMPARE(labels(PlotPainter::ticks(0, 20, false, PlotQuantity::Seconds, 4)),
                 (QStringList{QStringLiteral("0 s"), QStringLiteral("5 s"), QStringLiteral("10 s"), QStringLiteral("15 s"),
                              QStringLiteral("20 s")}));
        const QString thin(QChar(0x2009));
        QCOMPARE(labels(PlotPainter::ticks(1, 100000, true, PlotQuantity::Count, 8)),
                 (QStringList{QStringLiteral("1"), QStringLiteral("10"), QStringLiteral("100"), QLatin1String("1") + thin + QLatin1String("000"),
                              QLatin1String("10") + thin + QLatin1String("000"), QLatin1String("100") + thin + QLatin1String("000")}));
        QCOMPARE(labels(PlotPainter::ticks(0.1, 10, true, PlotQuantity::Seconds, 3)),
                 (QStringList{QStringLiteral("100 ms"), QStringLiteral("1 s"), QStringLiteral("10 s")}));
        // Readouts as the listings print times; below a hundredth of a second, in ms.
        QCOMPARE(PlotPainter::valueText(0.1, PlotQuantity::Seconds), QStringLiteral("0.10 s"));
        QCOMPARE(PlotPainter::valueText(10, PlotQuantity::Seconds), QStringLiteral("10.00 s"));
        QCOMPARE(PlotPainter::valueText(0.005, PlotQuantity::Seconds), QStringLiteral("5.00 ms"));
    }

    void geometry_maps_linear_and_log_axes()
    {
        PlotGeometry g;
        g.area = QRectF(100, 50, 1000, 500);
        g.xMin = 1;
        g.xMax = 1000;
        g.yMin = 0;
        g.yMax = 10;
        QCOMPARE(g.mapY(0), 550.0);
        QCOMPARE(g.mapY(5), 300.0);
        g.logX = true;
        QCOMPARE(g.mapX(1), 100.0);
        QVERIFY(std::abs(g.mapX(10) - (100 + 1000.0 / 3)) < 1e-6);
        QVERIFY(std::abs(g.unmapX(g.mapX(50)) - 50) < 1e-9);
        g.logY = true;
        g.yMin = 0.1;
        QCOMPARE(g.mapY(0), 550.0); // nothing to take a log of: the bottom edge
        QVERIFY(std::abs(g.mapY(1) - 300) < 1e-9);
    }

    void log_scale_spreads_the_small_values()
    {
        const Runs r = runAll("complexity", {});
        const Plot plot = r.plot();
        const PlotPainter painter(plot);
        PlotOptions linear, log;
        log.logX = log.logY = true;
        const QRectF target(0, 0, 1600, 900);
        const PlotGeometry lg = painter.layout(target, linear), gg = painter.layout(target, log);
        QVERIFY(!lg.logX && gg.logX && gg.logY);
        // Concurrent (0.1 s) against semaphore at n=100 (1 s): a few pixels apart on the linear
        // axis, a third of the height on the log one (0.1 s to 10 s).
        const double linearGap = lg.mapY(0.1) - lg.mapY(1.0), logGap = gg.mapY(0.1) - gg.mapY(1.0);
        QVERIFY2(logGap > 3 * linearGap, qPrintable(QString::number(logGap) + QLatin1Char(' ') + QString::number(linearGap)));
        // The nearest point to the pixel of sequential n=50 is that point.
        const PlotHit hit = painter.nearest(gg, gg.map({50, 5.0}) + QPointF(3, -2));
        QCOMPARE(hit.series, 0);
        QCOMPARE(hit.point.x, 50.0);
        QCOMPARE(painter.describe(hit), QStringLiteral("sequential: n = 50 took 5.00 s"));
    }

    void view_follows_the_document_with_readout_keys_and_log_switch()
    {
        const Runs r = runAll("complexity", {});
        RunDocument doc;
        fillDocument(doc, r);
        doc.setCursorTime(doc.recordedEnd());
        PlotView view;
        QSignalSpy available(&view, &PlotView::availabilityChanged);
        view.setDocument(&doc);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.hasPlot());
        QCOMPARE(available.count(), 1);
        QCOMPARE(view.plot().series.size(), std::size_t(3));
        QVERIFY(!view.canvas()->accessibleName().isEmpty());
        QVERIFY(!view.canvas()->accessibleDescription().isEmpty());
        QVERIFY(view.canvas()->focusPolicy() & Qt::TabFocus);

        // Keys: Right picks the first point of the first series, Down the next series, End its last.
        view.canvas()->setFocus();
        QTest::keyClick(view.canvas(), Qt::Key_Right);
        QCOMPARE(view.readout(), QStringLiteral("sequential: n = 1 took 0.10 s"));
        QTest::keyClick(view.canvas(), Qt::Key_Down);
        QTest::keyClick(view.canvas(), Qt::Key_Down);
        QTest::keyClick(view.canvas(), Qt::Key_End);
        QCOMPARE(view.readout(), QStringLiteral("semaphore: n = 100 took 1.00 s"));
        QVERIFY(view.canvas()->accessibleDescription().endsWith(view.readout())); // said to assistive tools too

        // The pointer: the nearest point to where it is.
        const PlotPainter painter(view.plot());
        const PlotGeometry g = painter.layout(QRectF(view.canvas()->rect()), view.options());
        QTest::mouseMove(view.canvas(), g.map({50, 5.0}).toPoint());
        QTRY_COMPARE(view.readout(), QStringLiteral("sequential: n = 50 took 5.00 s"));

        QSignalSpy logSpy(&view, &PlotView::logScaleChanged);
        view.findChild<QCheckBox*>()->click();
        QVERIFY(view.logScale());
        QCOMPARE(logSpy.count(), 1);
        QVERIFY(view.options().logX && view.options().logY);

        // A view that is not shown reads nothing, and catches up when it is.
        PlotView hidden;
        hidden.setDocument(&doc);
        QVERIFY(hidden.hasPlot());
        QVERIFY(!hidden.plot().hasPoints());
        hidden.show();
        QVERIFY(hidden.plot().hasPoints());

        // Stepping back un-plots points; a lesson without a plot says so.
        doc.setCursorTime(secondsToNs(0.25));
        QCOMPARE(view.plot().series[0].points.size(), std::size_t(1));
        const lessons::Lesson& gather = lessontest::lessonById("gather");
        const lessons::VariantRun other = lessons::runVariant(gather, lessons::defaultParams(gather), gather.variants.front());
        RunDocument::Variant v;
        v.name = other.variant;
        v.trace = other.trace.get();
        v.finished = true;
        doc.reset(&gather, lessons::defaultParams(gather), {v});
        QVERIFY(!view.hasPlot());
        QCOMPARE(available.count(), 2);
        QCOMPARE(available.last().at(0).toBool(), false);
    }

    void exports_png_svg_and_pdf()
    {
        const Runs r = runAll("complexity", {});
        const Plot plot = r.plot();
        QTemporaryDir dir;
        PlotImageRequest request;
        request.size = QSize(1200, 700);

        request.format = ImageFormat::Png;
        const QString png = dir.filePath(QStringLiteral("plot.png"));
        QCOMPARE(writePlotImage(png, plot, request), QString());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1200, 700));
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the picture is blank");
        // The first series' colour is painted (the sequential line).
        const QRgb seriesColour = PlotPainter::seriesColor(*request.options.theme, 0).rgb();
        QVERIFY(colours.count(seriesColour));

        request.format = ImageFormat::Svg;
        const QString svg = dir.filePath(QStringLiteral("plot.svg"));
        QCOMPARE(writePlotImage(svg, plot, request), QString());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgBytes = svgFile.readAll();
        QXmlStreamReader xml(svgBytes);
        QStringList texts;
        int paths = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (xml.name() == QLatin1String("path"))
                    ++paths;
                else if (xml.name() == QLatin1String("text"))
                    texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(paths >= 3);
        for (const char* name : {"sequential", "concurrent", "semaphore"})
            QVERIFY2(texts.contains(QLatin1String(name)), name);
        QVERIFY(texts.contains(QStringLiteral("Total time against n")));
        QVERIFY(svgBytes.contains(PlotPainter::seriesColor(*request.options.theme, 0).name().toLatin1()));

        request.format = ImageFormat::Pdf;
        const QString pdf = dir.filePath(QStringLiteral("plot.pdf"));
        QCOMPARE(writePlotImage(pdf, plot, request), QString());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray pdfBytes = pdfFile.readAll();
        QVERIFY(pdfBytes.startsWith("%PDF"));
        QVERIFY(pdfBytes.size() > 2000);
    }

    void a_lesson_without_a_plot_is_refused_and_nothing_is_written()
    {
        const Runs r = runAll("gather", {});
        const Plot plot = r.plot();
        QCOMPARE(plot.kind, PlotKind::None);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("none.png"));
        const QString error = writePlotImage(path, plot, PlotImageRequest{});
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
