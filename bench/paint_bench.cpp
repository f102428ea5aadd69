// Paint time of the timeline fully zoomed out, for 10k to 10M events. The renderer aggregates
// each lane per pixel column once there are more segments than columns, so the cost follows the
// segments in view (a linear scan) plus the columns, never a rect per segment.
// Target (issue 4): under 16 ms at 1M events.

#include "ui/theme.h"
#include "ui/timelinegeometry.h"
#include "ui/timelinerenderer.h"
#include "ui/timelinescene.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

// A run of 8 tasks taking turns on sleep(0.001): per step the timer is armed and fires, the task is
// scheduled, resumed and suspends again, as a real loop records it.
std::unique_ptr<Trace> makeTrace(std::size_t events)
{
    auto trace = std::make_unique<Trace>();
    TraceMeta& meta = const_cast<TraceMeta&>(trace->meta());
    const StringId label = meta.intern("sleep(0.001)");
    constexpr int kTasks = 8;
    for (int i = 1; i <= kTasks; ++i)
        meta.addTask(meta.intern("worker-" + std::to_string(i)), TaskId());
    TimeNs t = 0;
    auto add = [&](EventKind kind, std::uint32_t task, std::uint8_t sub = 0, std::uint32_t a = 0, std::uint32_t b = 0,
                   std::uint16_t line = 0) {
        Event e;
        e.t = t;
        e.task = task;
        e.kind = kind;
        e.sub = sub;
        e.line = line;
        e.arg.ab = {a, b};
        trace->append(e);
    };
    for (std::uint32_t i = 1; i <= kTasks; ++i)
        add(EventKind::TaskCreated, i);
    std::uint32_t timer = 0;
    while (trace->size() + 6 * kTasks < events) {
        for (std::uint32_t i = 1; i <= kTasks; ++i) {
            add(EventKind::StepScheduled, i, std::uint8_t(WakeReason::Timer));
            add(EventKind::TaskResumed, i, 0, 0, 0, 7);
            add(EventKind::TaskSuspended, i, std::uint8_t(WaitKind::Sleep), 0, label.value, 9);
            Event armed;
            armed.t = t;
            armed.task = i;
            armed.kind = EventKind::TimerArmed;
            armed.arg.v = t + 1'000'000;
            trace->append(armed);
        }
        t += 1'000'000; // on the virtual clock timers fire on time
        for (std::uint32_t i = 1; i <= kTasks; ++i)
            add(EventKind::TimerFired, i, 0, timer++, 0);
    }
    return trace;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    using Clock = std::chrono::steady_clock;
    const auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };

    std::printf("timeline paint, fully zoomed out, 1920x1080 QImage (target: < 16 ms at 1M events)\n");
    std::printf("%12s %12s %14s %14s %10s\n", "events", "segments", "scene build ms", "paint ms", "verdict");
    for (std::size_t n : {std::size_t(10'000), std::size_t(100'000), std::size_t(1'000'000), std::size_t(10'000'000)}) {
        const auto trace = makeTrace(n);
        const auto b0 = Clock::now();
        TimelineScene scene(*trace, "bench");
        scene.setFinished(trace->endTime());
        const double build = ms(Clock::now() - b0);
        std::size_t segments = 0;
        for (const Lane& lane : scene.lanes())
            segments += lane.segments.size();

        QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
        const QRectF target(0, 0, 1920, 1080);
        const TimelineRenderer::Scenes scenes{&scene};
        RenderOptions options;
        options.moment = trace->endTime();
        TimelineGeometry geometry;
        TimelineRenderer::layout(geometry, target, scenes, options);
        geometry.setRange(0, TimelineRenderer::extent(scenes));
        geometry.fit();
        std::vector<double> times;
        for (int run = 0; run < 7; ++run) {
            QPainter painter(&image);
            const auto p0 = Clock::now();
            TimelineRenderer::paint(painter, target, scenes, geometry, options);
            painter.end();
            times.push_back(ms(Clock::now() - p0));
        }
        const double paint = median(times);
        std::printf("%12zu %12zu %14.1f %14.2f %10s\n", trace->size(), segments, build, paint,
                    n == 1'000'000 ? (paint < 16 ? "ok" : "SLOW") : "");
        if (argc > 1)
            image.save(QStringLiteral("%1/paint_bench_%2.png").arg(QString::fromLocal8Bit(argv[1])).arg(n));
    }
    return 0;
}
