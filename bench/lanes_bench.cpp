// Lanes at scale (issue 13): real-world-io, all at once, 100,000 requests. Prints the scene's
// build time, the paint time at 1920x1080 with the requests folded into one group lane and with
// the group open (100,000 lanes, scrolled to the middle), and the hit-test time. A figure to
// watch, never a verdict: benchmarks do not fail a build.

#include "lessons/lesson.h"
#include "lessons/runner.h"
#include "ui/timelinegeometry.h"
#include "ui/timelinerenderer.h"
#include "ui/timelinescene.h"
#include "ui/timelineview.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <cstdio>
#include <string>
#include <vector>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using BenchClock = std::chrono::steady_clock;

double ms(BenchClock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

const lessons::Lesson& lessonById(std::string_view id)
{
    for (const lessons::Lesson& l : lessons::allLessons())
        if (l.id == id)
            return l;
    std::fprintf(stderr, "no lesson %.*s\n", int(id.size()), id.data());
    std::exit(1);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    // Qt has just set the C library's locale from the environment; the figures are printed with a
    // decimal point everywhere, so tables from different machines read and compare alike.
    std::setlocale(LC_NUMERIC, "C");

    const lessons::Lesson& lesson = lessonById("real-world-io");
    lessons::Params params = lessons::defaultParams(lesson);
    if (lessons::applyAssignment(lesson, params, "n=100000")) {
        std::fprintf(stderr, "cannot set n\n");
        return 1;
    }
    const auto r0 = BenchClock::now();
    const lessons::VariantRun run = lessons::runVariant(lesson, params, "concurrent");
    const double runMs = ms(BenchClock::now() - r0);

    const auto b0 = BenchClock::now();
    TimelineScene scene(*run.trace, run.variant);
    scene.setFinished(run.total);
    const double build = ms(BenchClock::now() - b0);

    // The window reads the same events a slice per turn (TimelineView::kEventsPerTurn): the
    // longest slice is what one frame spends on it. The first slices, where 100,000 lanes are
    // added, cost the most.
    double longestSlice = 0;
    {
        TimelineScene sliced(*run.trace, run.variant, TimelineScene::Reading::Later);
        while (!sliced.caughtUp()) {
            const auto s0 = BenchClock::now();
            sliced.update(TimelineView::kEventsPerTurn);
            longestSlice = std::max(longestSlice, ms(BenchClock::now() - s0));
        }
    }

    const TimelineRenderer::Scenes scenes{&scene};
    const QRectF target(0, 0, 1920, 1080);
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    int family = -1;
    for (int f = 0; f < int(scene.families().size()); ++f)
        if (scene.families()[std::size_t(f)].members.size() == 100000)
            family = f;

    std::printf("real-world-io concurrent, n=100000: %zu events, %d lanes, run %.0f ms\n", run.trace->size(),
                scene.laneCount(), runMs);
    std::printf("%-34s %10s\n", "what (1920x1080)", "ms");
    std::printf("%-34s %10.1f\n", "scene build (families included)", build);
    const std::string slice = "  longest slice of " + std::to_string(TimelineView::kEventsPerTurn) + " events";
    std::printf("%-34s %10.1f\n", slice.c_str(), longestSlice);

    for (const bool expanded : {false, true}) {
        RenderOptions options;
        options.moment = run.total;
        if (expanded)
            options.expandedGroups.insert({0, family});
        TimelineGeometry geometry;
        TimelineLayout l = TimelineRenderer::layout(geometry, target, scenes, options);
        geometry.setRange(0, TimelineRenderer::extent(scenes));
        geometry.fit();
        geometry.setScrollY(std::max(0.0, l.contentHeight / 2)); // the middle of the lanes
        std::vector<double> layoutTimes, paintTimes, hitTimes;
        for (int i = 0; i < 7; ++i) {
            const auto l0 = BenchClock::now();
            l = TimelineRenderer::layout(geometry, target, scenes, options);
            layoutTimes.push_back(ms(BenchClock::now() - l0));
            QPainter painter(&image);
            const auto p0 = BenchClock::now();
            TimelineRenderer::paint(painter, target, scenes, geometry, options);
            painter.end();
            paintTimes.push_back(ms(BenchClock::now() - p0));
            const auto h0 = BenchClock::now();
            for (int k = 0; k < 10; ++k)
                TimelineRenderer::hitTest(QPointF(900 + 10 * k, 540), target, scenes, geometry, options);
            hitTimes.push_back(ms(BenchClock::now() - h0) / 10);
        }
        const char* what = expanded ? "expanded (100,000 rows)" : "grouped (one group row)";
        std::printf("%-34s %10.2f\n", (std::string("layout, ") + what).c_str(), median(layoutTimes));
        std::printf("%-34s %10.2f\n", (std::string("paint, ") + what).c_str(), median(paintTimes));
        std::printf("%-34s %10.2f\n", (std::string("hit test, ") + what).c_str(), median(hitTimes));
        if (argc > 1)
            image.save(QStringLiteral("%1/lanes_bench_%2.png")
                           .arg(QString::fromLocal8Bit(argv[1]), expanded ? QStringLiteral("expanded")
                                                                          : QStringLiteral("grouped")));
    }
    return 0;
}
