// Rough edges of the timeline's pictures (issue 13): axis labels of very short runs are short,
// an SVG of a time range keeps its bars inside the plot, and a picture of a few lanes has no
// empty band between the lanes and the legend.

#include "lessons/lessontest.h"
#include "ui/timelineexport.h"
#include "ui/timelinerenderer.h"
#include "ui/timelinescene.h"

#include <QGuiApplication>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

struct Run
{
    lessons::VariantRun run;
    std::unique_ptr<TimelineScene> scene;

    Run(std::string_view id, std::initializer_list<std::string> settings, std::string variant = {})
        : run(lessontest::run(id, settings, std::move(variant)))
    {
        scene = std::make_unique<TimelineScene>(*run.trace, run.variant);
        scene->setFinished(run.total);
    }
    TimelineRenderer::Scenes scenes() const { return {scene.get()}; }
};

QByteArray svgOf(const Run& r, const ImageRequest& request)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.svg"));
    const QString error = writeTimelineImage(path, r.scenes(), request);
    if (!error.isEmpty())
        qFatal("export failed: %s", qPrintable(error));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the export");
    return f.readAll();
}

// The texts of an SVG, in document order.
QStringList svgTexts(const QByteArray& svg)
{
    QStringList out;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            out << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    return out;
}

} // namespace

class TestTimelineEdges : public QObject
{
    Q_OBJECT

private slots:
    // #1: a run of a few nanoseconds is labelled in ns, not "0.000000005 s".
    void axisOfAVeryShortRunUsesShortLabels()
    {
        const Run lazy("coroutines-are-lazy", {});
        ImageRequest request;
        request.format = ImageFormat::Svg;
        request.options.legend = false;
        request.options.showCursor = false; // its label is a time too
        const QStringList texts = svgTexts(svgOf(lazy, request));
        QStringList ticks;
        static const QRegularExpression number(QStringLiteral("^[0-9][0-9.]* (s|ms|µs|ns)$"));
        for (const QString& t : texts)
            if (number.match(t).hasMatch())
                ticks << t;
        QStringList expected;
        for (int ns = 0; ns <= 28; ns += 2)
            expected << QString::number(ns) + QStringLiteral(" ns");
        QCOMPARE(ticks, expected);
        for (const QString& t : ticks) {
            int digits = 0;
            for (QChar ch : t)
                digits += ch.isDigit();
            QVERIFY2(digits <= 4, qPrintable(t));
        }
    }

    // Tick labels across magnitudes: the unit follows the step, and labels stay short.
    void axisLabelsAcrossMagnitudes_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::newRow("semaphores: seconds") << "semaphores" << "0 s" << "0.2 s";
        QTest::newRow("real-world-io: milliseconds") << "real-world-io" << "0 ms" << "5 ms";
    }
    void axisLabelsAcrossMagnitudes()
    {
        QFETCH(QString, lesson);
        QFETCH(QString, first);
        QFETCH(QString, second);
        const Run r(lesson.toStdString(), {}, lesson == QLatin1String("real-world-io") ? "concurrent" : "");
        ImageRequest request;
        request.format = ImageFormat::Svg;
        request.options.legend = false;
        request.options.showCursor = false;
        QStringList ticks;
        static const QRegularExpression number(QStringLiteral("^[0-9][0-9.]* (s|ms|µs|ns)$"));
        for (const QString& t : svgTexts(svgOf(r, request)))
            if (number.match(t).hasMatch())
                ticks << t;
        QVERIFY(ticks.size() >= 3);
        QCOMPARE(ticks.at(0), first);
        QCOMPARE(ticks.at(1), second);
    }

    // #5: an SVG of 1 s to 2 s draws no bar left of the plot (over the lane names) or past the
    // canvas; the PNG path was already clipped, the SVG's clip is not honoured by every reader.
    void svgOfARangeKeepsBarsInThePlot()
    {
        const Run sem("semaphores", {});
        ImageRequest request;
        request.format = ImageFormat::Svg;
        request.from = secondsToNs(1);
        request.to = secondsToNs(2);
        const QByteArray svg = svgOf(sem, request);

        TimelineGeometry g;
        RenderOptions o = request.options;
        const QRectF target(0, 0, request.size.width(), request.size.height());
        const TimelineLayout l = TimelineRenderer::layout(g, target, sem.scenes(), o);
        const double plotLeft = g.plotLeft() - g.padding();
        QXmlStreamReader xml(svg);
        int depthInDefs = 0, rects = 0;
        while (!xml.atEnd()) {
            const auto token = xml.readNext();
            if (token == QXmlStreamReader::StartElement && xml.name() == QLatin1String("defs"))
                ++depthInDefs;
            else if (token == QXmlStreamReader::EndElement && xml.name() == QLatin1String("defs"))
                --depthInDefs;
            if (token != QXmlStreamReader::StartElement || xml.name() != QLatin1String("rect") || depthInDefs > 0)
                continue;
            const auto a = xml.attributes();
            const double x = a.value(QLatin1String("x")).toDouble(), y = a.value(QLatin1String("y")).toDouble();
            const double w = a.value(QLatin1String("width")).toDouble();
            ++rects;
            const QString where = QStringLiteral("rect at x=%1 y=%2 w=%3").arg(x).arg(y).arg(w);
            QVERIFY2(x >= -0.5 && x + w <= target.width() + 0.5, qPrintable(where));
            if (y >= l.plot.top() && y < l.plot.bottom())
                QVERIFY2(x >= plotLeft - 0.5, qPrintable(where + QStringLiteral(" left of the plot at %1").arg(plotLeft)));
        }
        QVERIFY(rects > 10);
    }

    // #6: a picture of five lanes has no empty band between the last lane and the legend: the
    // legend follows the lanes, and with fitHeight the picture is as tall as its lanes need.
    void pngOfFewLanesHasNoEmptyBand_data()
    {
        QTest::addColumn<bool>("fitHeight");
        QTest::newRow("size as asked") << false;
        QTest::newRow("fitted to the lanes") << true;
    }
    void pngOfFewLanesHasNoEmptyBand()
    {
        QFETCH(bool, fitHeight);
        const Run sem("semaphores", {});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.png"));
        ImageRequest request;
        request.size = QSize(1600, 900);
        request.fitHeight = fitHeight;
        QCOMPARE(writeTimelineImage(path, sem.scenes(), request), QString());
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), 1600);
        // Rows of pixels that are all background, from the top to the legend's last row of ink.
        const QRgb background = request.options.theme->background.rgb();
        std::vector<bool> blank(std::size_t(image.height()));
        int lastInk = 0;
        for (int y = 0; y < image.height(); ++y) {
            bool b = true;
            for (int x = 0; x < image.width() && b; ++x)
                b = image.pixel(x, y) == background;
            blank[std::size_t(y)] = b;
            if (!b)
                lastInk = y;
        }
        int longest = 0, run = 0;
        for (int y = 0; y <= lastInk; ++y) {
            run = blank[std::size_t(y)] ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        QVERIFY2(longest <= 40, qPrintable(QStringLiteral("an empty band of %1 px").arg(longest)));
        if (fitHeight) {
            // header + lanes + legend and a margin under it: nothing more.
            QVERIFY2(image.height() - lastInk <= 20, qPrintable(QString::number(image.height() - lastInk)));
            QCOMPARE(image.height(), fittedImageHeight(sem.scenes(), request));
            QVERIFY(image.height() < 900);
        } else {
            QCOMPARE(image.height(), 900);
        }
    }
};

QTEST_MAIN(TestTimelineEdges)
#include "tst_timelineedges.moc"
