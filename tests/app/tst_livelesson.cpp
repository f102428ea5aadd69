// Lessons run live (app/livelesson.h): real requests against the local server, a real blocking
// call on the loop's thread, real worker threads. Loopback only, each run a second or two.
// The wall-clock comparisons are the lessons' own claims (concurrency pays; two cores beat one),
// made with wide margins, within one test run on one machine.

#include "app/livelesson.h"
#include "app/recordingio.h"
#include "lessons/lesson.h"
#include "ui/timelineexport.h"
#include "ui/timelinescene.h"

#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace loopscope;
using namespace loopscope::app;
using namespace loopscope::lessons;

namespace {

struct LiveResult
{
    VariantRun run;
    int served = 0;
};

LiveResult runLive(const std::string& id, const std::vector<std::string>& settings, const std::string& variant,
                   live::LiveOptions options = {})
{
    const Lesson* lesson = findLesson(id);
    Params params = defaultParams(*lesson);
    for (const auto& s : settings)
        if (auto error = applyAssignment(*lesson, params, s))
            qFatal("%s", error->c_str());
    LiveLessonRun live(*lesson, params, variant, options);
    live.start();
    if (!live.wait(60'000))
        qFatal("live run of %s did not end", id.c_str());
    LiveResult r;
    r.served = live.requestsServed();
    r.run = live.takeResult();
    return r;
}

std::vector<std::string> consoleTexts(const VariantRun& run)
{
    std::vector<std::string> lines;
    for (const auto& p : printedLines(*run.trace))
        lines.push_back(p.text);
    return lines;
}

int finishedAs(const VariantRun& run, FinishState state)
{
    int n = 0;
    for (std::size_t i = 0; i < run.trace->size(); ++i)
        n += (*run.trace)[i].kind == EventKind::TaskFinished && (*run.trace)[i].sub == std::uint8_t(state);
    return n;
}

} // namespace

class TestLiveLesson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theLiveLessonsAreTheSyllabusOnes()
    {
        std::vector<std::string> live;
        for (const Lesson& l : allLessons())
            if (l.live)
                live.push_back(l.id);
        QCOMPARE(live, (std::vector<std::string>{"event-loop", "blocking-vs-async", "producer-consumer", "real-world-io",
                                                 "blocking-the-loop", "threads-and-processes"}));
    }

    void realWorldIoSequentialAgainstConcurrent()
    {
        const std::vector<std::string> settings = {"n=20", "latency=0.05"};
        const LiveResult sequential = runLive("real-world-io", settings, "sequential");
        const LiveResult concurrent = runLive("real-world-io", settings, "concurrent");
        QCOMPARE(sequential.served, 20);
        QCOMPARE(concurrent.served, 20);
        QVERIFY(sequential.run.error.empty());
        QVERIFY(concurrent.run.error.empty());
        // Every request went to the real local server.
        QCOMPARE(sequential.run.requestsSent, std::int64_t(20));
        // Twenty replies of 50 ms, one after another, cannot take less than a second.
        QVERIFY2(sequential.run.total >= secondsToNs(1.0), std::to_string(nsToSeconds(sequential.run.total)).c_str());
        QVERIFY2(concurrent.run.total * 4 < sequential.run.total,
                 (std::to_string(nsToSeconds(concurrent.run.total)) + " against " +
                  std::to_string(nsToSeconds(sequential.run.total)))
                     .c_str());
        const auto lines = consoleTexts(concurrent.run);
        QVERIFY(std::any_of(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.starts_with("main: concurrent, 20 of 20 requests ok in "); }));
    }

    void aLiveRunSavesAndReopensTheSame()
    {
        const Lesson* lesson = findLesson("real-world-io");
        Params params = defaultParams(*lesson);
        for (const char* s : {"n=6", "latency=0.02"})
            QVERIFY(!applyAssignment(*lesson, params, s));
        const LiveResult r = runLive("real-world-io", {"n=6", "latency=0.02"}, "concurrent");
        QVERIFY(r.run.error.empty());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.loopscope"));
        QCOMPARE(saveRecording(path, lessonRecordingInfo(*lesson, params, ClockKind::Live), {&r.run}), QString());

        OpenedRecording opened;
        QCOMPARE(openRecording(path, opened), QString());
        QCOMPARE(opened.lesson, lesson);
        QCOMPARE(formatValue(opened.params.values().at("n")), std::string("6"));
        QCOMPARE(formatValue(opened.params.values().at("latency")), std::string("0.02"));
        QCOMPARE(opened.recording.clock, ClockKind::Live);
        QVERIFY(opened.recording.listingText.find("async def") != std::string::npos);
        const RecordedRun& back = opened.recording.runs.at(0);
        QCOMPARE(back.variant, std::string("concurrent"));
        QCOMPARE(back.requestsSent, std::int64_t(6));
        QCOMPARE(back.requestsServed, std::int64_t(6));
        QCOMPARE(back.total, r.run.total);
        QCOMPARE(back.trace->size(), r.run.trace->size());
        for (std::size_t i = 0; i < back.trace->size(); ++i)
            if (std::memcmp(&(*back.trace)[i], &(*r.run.trace)[i], sizeof(Event)) != 0)
                QFAIL(qPrintable(QStringLiteral("event %1 differs").arg(i)));
        QCOMPARE(consoleTexts(back), consoleTexts(r.run));

        // The reopened run draws the same picture, pixel for pixel.
        auto png = [&dir](const VariantRun& run, const QString& name) {
            ui::TimelineScene scene(*run.trace, run.variant);
            scene.update();
            scene.setFinished(run.total);
            ui::ImageRequest request;
            request.size = QSize(1200, 700);
            const QString file = dir.filePath(name);
            if (!ui::writeTimelineImage(file, {&scene}, request).isEmpty())
                return QByteArray();
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = png(r.run, QStringLiteral("before.png"));
        QVERIFY(!before.isEmpty());
        QCOMPARE(png(back, QStringLiteral("after.png")), before);
    }

    void aRefusedConnectionFailsOneRequestOnly()
    {
        live::LiveOptions options;
        options.refuseRequest = 5;
        const LiveResult r = runLive("real-world-io", {"n=10", "latency=0.05"}, "concurrent", options);
        QVERIFY(r.run.error.empty()); // main finished normally
        QCOMPARE(r.served, 9);
        QCOMPARE(finishedAs(r.run, FinishState::Failed), 1);
        QCOMPARE(finishedAs(r.run, FinishState::Done), 10); // nine requests and main
        // The failed task carries the reason.
        const Trace& trace = *r.run.trace;
        std::string reason;
        for (std::size_t i = 0; i < trace.size(); ++i)
            if (trace[i].kind == EventKind::TaskFinished && trace[i].sub == std::uint8_t(FinishState::Failed))
                reason = trace.meta().string(StringId(trace[i].a()));
        QCOMPARE(reason, std::string("ConnectionError: connection refused"));
        // The reason is written on the failed task's lane (an SVG keeps its text as text).
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("refused.svg"));
        ui::TimelineScene scene(*r.run.trace, r.run.variant);
        scene.update();
        ui::ImageRequest request;
        request.format = ui::ImageFormat::Svg;
        request.size = QSize(2400, 1400);
        QCOMPARE(ui::writeTimelineImage(svg, {&scene}, request), QString());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("ConnectionError: connection refused"));
        // And in the console, where the listing prints what gather returned for it.
        const auto lines = consoleTexts(r.run);
        QVERIFY(std::find(lines.begin(), lines.end(), "request 5 failed: connection refused") != lines.end());
        QVERIFY(std::any_of(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.starts_with("main: concurrent, 9 of 10 requests ok in "); }));
    }

    void blockingTheLoopStallsForReal()
    {
        const LiveResult r = runLive("blocking-the-loop", {"every=0.1", "work=0.05", "block=0.5"}, "main");
        QVERIFY(r.run.error.empty());
        const Trace& trace = *r.run.trace;
        TimeNs began = -1, ended = -1;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            if (trace[i].kind == EventKind::BlockingBegin)
                began = trace[i].t;
            if (trace[i].kind == EventKind::BlockingEnd)
                ended = trace[i].t;
        }
        QVERIFY(began >= 0 && ended > began);
        QVERIFY(ended - began >= secondsToNs(0.5)); // a real sleep never returns early
        const auto warnings = loopWarnings(*r.run.trace);
        QVERIFY(std::any_of(warnings.begin(), warnings.end(), [](const LoopWarning& w) {
            return w.kind == WarningKind::SlowCallback && w.text.starts_with("slow callback: task request-");
        }));
    }

    // Two workers run two CPU jobs at once, one runs them one after another. Asserted on the
    // trace's job events, not on the totals: whether two threads finish sooner depends on a core
    // being free, which a loaded machine (tests run side by side) does not promise.
    void cpuJobsRunTwoAtOnceOnTwoWorkers()
    {
        const std::vector<std::string> common = {"kind=cpu", "jobs=4", "cost=0.2"};
        auto with = [&](const char* workers) {
            auto settings = common;
            settings.push_back(workers);
            return runLive("threads-and-processes", settings, "thread-pool");
        };
        // The most jobs between JobStarted and JobFinished at one time.
        auto mostAtOnce = [](const Trace& trace) {
            int running = 0, most = 0;
            for (std::size_t i = 0; i < trace.size(); ++i) {
                if (trace[i].kind == EventKind::JobStarted)
                    most = std::max(most, ++running);
                else if (trace[i].kind == EventKind::JobFinished && trace[i].sub != 0xff)
                    --running;
            }
            return most;
        };
        const LiveResult one = with("workers=1");
        const LiveResult two = with("workers=2");
        QVERIFY(one.run.error.empty() && two.run.error.empty());
        QCOMPARE(mostAtOnce(*one.run.trace), 1);
        QCOMPARE(mostAtOnce(*two.run.trace), 2);
        // One worker does the four jobs one after another: at least 0.8 s of CPU time.
        QVERIFY(one.run.total >= secondsToNs(0.8));
    }
};

QTEST_MAIN(TestLiveLesson) // painting the SVG needs a GUI application (offscreen)
#include "tst_livelesson.moc"
