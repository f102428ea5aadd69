// Export time and size for a run of a million task switches (issue 5's target: the Perfetto trace
// in under a second). The run is real: 1000 tasks each yielding 1000 times on the core, recorded.
// Also times building the timeline scene and painting a 1920×1080 PNG of the whole run.

#include "core/asyncio.h"
#include "ui/perfettotrace.h"
#include "ui/timelineexport.h"
#include "ui/timelinescene.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>

#include <chrono>
#include <cstdio>

using namespace loopscope;

namespace {

Task<void> switcher(int times)
{
    for (int i = 0; i < times; ++i)
        co_await asyncio::sleep(0);
}

Task<void> program(int tasks, int times)
{
    EventLoop& loop = runningLoop();
    std::vector<TaskRef<void>> all;
    for (int i = 0; i < tasks; ++i)
        all.push_back(loop.createTask(switcher(times)));
    co_await gather(std::move(all));
}

double since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    constexpr int kTasks = 1000, kTimes = 1000;

    EventLoop loop;
    Trace trace(loop.sharedMeta());
    Recorder recorder(trace);
    loop.addInstrument(recorder);
    auto t0 = std::chrono::steady_clock::now();
    loop.run(program(kTasks, kTimes));
    const double runS = since(t0);
    loop.removeInstrument(recorder);

    t0 = std::chrono::steady_clock::now();
    ui::TimelineScene scene(trace, "switches");
    scene.update();
    scene.setFinished(loop.now());
    const double sceneS = since(t0);

    const QString dir = QDir::tempPath();
    const std::vector<const ui::TimelineScene*> scenes{&scene};
    t0 = std::chrono::steady_clock::now();
    const std::size_t jsonBytes = std::size_t(ui::perfettoTraceJson(scenes).size());
    const double jsonS = since(t0);
    t0 = std::chrono::steady_clock::now();
    const QString traceError = ui::writePerfettoTrace(dir + QStringLiteral("/loopscope-bench.json"), scenes);
    const double traceS = since(t0);
    ui::ImageRequest png;
    png.size = QSize(1920, 1080);
    t0 = std::chrono::steady_clock::now();
    const QString pngError = ui::writeTimelineImage(dir + QStringLiteral("/loopscope-bench.png"), scenes, png);
    const double pngS = since(t0);
    if (!traceError.isEmpty() || !pngError.isEmpty()) {
        std::fprintf(stderr, "export_bench: %s%s\n", qPrintable(traceError), qPrintable(pngError));
        return 1;
    }
    std::printf("| step | seconds | size |\n|---|---|---|\n");
    std::printf("| run %d switches (recorded) | %.3f | %zu events |\n", kTasks * kTimes, runS, trace.size());
    std::printf("| timeline scene | %.3f | %d lanes |\n", sceneS, scene.laneCount());
    std::printf("| Perfetto trace, JSON in memory | %.3f | %.1f MB |\n", jsonS, double(jsonBytes) / 1e6);
    std::printf("| Perfetto trace, written to a file | %.3f | %.1f MB |\n", traceS,
                double(QFileInfo(dir + QStringLiteral("/loopscope-bench.json")).size()) / 1e6);
    std::printf("| PNG 1920×1080 | %.3f | %.1f kB |\n", pngS,
                double(QFileInfo(dir + QStringLiteral("/loopscope-bench.png")).size()) / 1e3);
    std::printf("\ntarget: the trace in under 1 s\n");
    if (!QCoreApplication::arguments().contains(QStringLiteral("--keep")))
        QDir().remove(dir + QStringLiteral("/loopscope-bench.json"));
    QDir().remove(dir + QStringLiteral("/loopscope-bench.png"));
    return 0;
}
