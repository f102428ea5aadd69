// Animated export: the plan's frame count and size, GIF and MP4 files decoded by ffprobe with
// exactly those frames, a cursor that moves between the first and the last frame, and every way an
// export can fail leaving the existing file as it was. ffmpeg is a dependency (dev.sh installs it):
// without it these tests fail, they do not skip.

#include "lessons/lessontest.h"
#include "ui/animatedexport.h"
#include "ui/exportdialog.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

// Every variant of a lesson run for real, with a finished scene each.
struct Runs
{
    std::vector<lessons::VariantRun> runs;
    std::vector<std::unique_ptr<TimelineScene>> scenes;
    TimelineRenderer::Scenes view;

    explicit Runs(std::string_view id)
    {
        const lessons::Lesson& lesson = lessontest::lessonById(id);
        const lessons::Params params = lessontest::paramsFor(lesson, {});
        for (const auto& v : lesson.variants) {
            runs.push_back(lessons::runVariant(lesson, params, v));
            scenes.push_back(std::make_unique<TimelineScene>(*runs.back().trace, v));
            scenes.back()->update();
            scenes.back()->setFinished(runs.back().total);
            view.push_back(scenes.back().get());
        }
    }
};

TimeNs ns(double seconds)
{
    return TimeNs(seconds * double(kNsPerSecond) + 0.5);
}

// Runs a program to its end; returns its standard output, and fails the test if it failed.
QByteArray run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
        return {};
    }
    return p.readAllStandardOutput();
}

// "width,height,frames" as ffprobe decodes them.
QString probe(const QString& path)
{
    const QByteArray out = run(QStringLiteral("ffprobe"),
                               {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-count_frames"),
                                QStringLiteral("-select_streams"), QStringLiteral("v:0"), QStringLiteral("-show_entries"),
                                QStringLiteral("stream=width,height,nb_read_frames"), QStringLiteral("-of"),
                                QStringLiteral("csv=p=0"), path});
    return QString::fromLatin1(out).trimmed();
}

// Frame `index` of a file, decoded by ffmpeg into a PNG and read back.
QImage frame(const QString& path, int index, const QString& png)
{
    run(QStringLiteral("ffmpeg"), {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                                   QStringLiteral("-i"), path, QStringLiteral("-vf"),
                                   QStringLiteral("select=eq(n\\,%1)").arg(index), QStringLiteral("-vframes"),
                                   QStringLiteral("1"), png});
    return QImage(png);
}

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// A stand-in for ffmpeg: a shell script made executable.
QString fakeEncoder(const QString& path, const QByteArray& body)
{
    writeFile(path, "#!/bin/sh\n" + body + "\n");
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

AnimationRequest request(VideoFormat format, QSize size, int fps, double speed, double from, double to)
{
    AnimationRequest r;
    r.format = format;
    r.size = size;
    r.frameRate = fps;
    r.speed = speed;
    r.from = ns(from);
    r.to = ns(to);
    return r;
}

} // namespace

class TestAnimatedExport : public QObject
{
    Q_OBJECT
    std::unique_ptr<Runs> m_sem;
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Nothing but the files a test made: ffmpeg's temporary files never stay behind.
    void noTemporaryFilesLeft()
    {
        const QStringList hidden = QDir(m_dir.path()).entryList({QStringLiteral(".*")}, QDir::Files | QDir::Hidden);
        QVERIFY2(hidden.isEmpty(), qPrintable(hidden.join(QLatin1Char(' '))));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty() &&
                     !QStandardPaths::findExecutable(QStringLiteral("ffprobe")).isEmpty(),
                 "ffmpeg is a dependency of the animated export: run ./dev.sh or apt install ffmpeg");
        QVERIFY(m_dir.isValid());
        m_sem = std::make_unique<Runs>("semaphores");
        QVERIFY(TimelineRenderer::extent(m_sem->view) >= ns(3.0));
    }
    void cleanup() { qunsetenv("LOOPSCOPE_FFMPEG"); }

    void planCountsFramesFromRangeSpeedAndRate_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("fps");
        QTest::addColumn<double>("speed");
        QTest::addColumn<int>("frames");
        QTest::newRow("2 s at 1 s per s, 10 fps") << 0.5 << 2.5 << 10 << 1.0 << 20;
        QTest::newRow("1 s in slow motion") << 1.0 << 2.0 << 12 << 2.0 << 24;
        QTest::newRow("fast-forward") << 0.0 << 3.0 << 30 << 0.1 << 9;
        QTest::newRow("never fewer than two") << 0.0 << 0.001 << 1 << 1.0 << 2;
        QTest::newRow("automatic: 3 s play in 3 s") << 0.0 << 3.0 << 10 << -1.0 << 30;
        QTest::newRow("automatic: a blink plays in 2 s") << 1.0 << 1.01 << 10 << -1.0 << 20;
    }
    void planCountsFramesFromRangeSpeedAndRate()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, fps);
        QFETCH(double, speed);
        QFETCH(int, frames);
        const AnimationPlan plan =
            planAnimation(m_sem->view, request(VideoFormat::Gif, {320, 180}, fps, speed, from, to));
        QVERIFY2(plan.problem.isEmpty(), qPrintable(plan.problem));
        QCOMPARE(plan.frames, frames);
        QCOMPARE(frameMoment(plan, 0), ns(from));
        QCOMPARE(frameMoment(plan, plan.frames - 1), ns(to));
    }

    void planRefusesWhatCannotBeMade()
    {
        // Ten hours of a three-second run at 60 fps: far more frames than any animation may have.
        AnimationPlan plan = planAnimation(m_sem->view, request(VideoFormat::Mp4, {640, 360}, 60, 12000, 0, 3));
        QVERIFY(!plan.problem.isEmpty());
        QVERIFY(!plan.problem.contains(QLatin1Char('\n')));
        plan = planAnimation(m_sem->view, request(VideoFormat::Gif, {640, 360}, 61, 1, 0, 3));
        QVERIFY(plan.problem.contains(QLatin1String("frame rate")));
        plan = planAnimation(m_sem->view, request(VideoFormat::Gif, {8, 360}, 10, 1, 0, 3));
        QVERIFY(plan.problem.contains(QLatin1String("out of range")));
        // A video's odd side loses a pixel (yuv420p); a GIF keeps its size.
        QCOMPARE(planAnimation(m_sem->view, request(VideoFormat::Mp4, {331, 187}, 10, 1, 0, 1)).size, QSize(330, 186));
        QCOMPARE(planAnimation(m_sem->view, request(VideoFormat::Gif, {331, 187}, 10, 1, 0, 1)).size, QSize(331, 187));
    }

    void gifHasExactFramesAndSize()
    {
        const QString gif = path(QStringLiteral("range.gif"));
        const QString error =
            writeTimelineAnimation(gif, m_sem->view, request(VideoFormat::Gif, {320, 180}, 10, 1.0, 0.5, 2.5));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(probe(gif), QStringLiteral("320,180,20"));
        QCOMPARE(contents(gif).left(6), QByteArray("GIF89a"));
        noTemporaryFilesLeft();
    }

    void mp4HasExactFramesAndSizeAndTheCursorMoves()
    {
        const QString mp4 = path(QStringLiteral("range.mp4"));
        int calls = 0, last = 0, total = 0;
        const QString error = writeTimelineAnimation(
            mp4, m_sem->view, request(VideoFormat::Mp4, {331, 187}, 12, 2.0, 1.0, 2.0), [&](int done, int all) {
                ++calls;
                last = done;
                total = all;
                return true;
            });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(probe(mp4), QStringLiteral("330,186,24"));
        QCOMPARE(calls, 24);
        QCOMPARE(last, total);

        const QImage first = frame(mp4, 0, path(QStringLiteral("first.png")));
        const QImage end = frame(mp4, 23, path(QStringLiteral("last.png")));
        QCOMPARE(first.size(), QSize(330, 186));
        QCOMPARE(end.size(), QSize(330, 186));
        QVERIFY(first.convertToFormat(QImage::Format_RGB888) != end.convertToFormat(QImage::Format_RGB888));
        QFile::remove(path(QStringLiteral("first.png")));
        QFile::remove(path(QStringLiteral("last.png")));
        noTemporaryFilesLeft();
    }

    void webmIsWritten()
    {
        const QString webm = path(QStringLiteral("short.webm"));
        const QString error =
            writeTimelineAnimation(webm, m_sem->view, request(VideoFormat::WebM, {160, 90}, 10, 1.0, 0.0, 1.0));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(probe(webm), QStringLiteral("160,90,10"));
    }

    void missingEncoderIsOneLineAndKeepsTheFile()
    {
        qputenv("LOOPSCOPE_FFMPEG", "/nonexistent");
        const QString kept = path(QStringLiteral("kept.gif"));
        writeFile(kept, "precious bytes");
        int frames = 0;
        const auto count = [&](int, int) { return ++frames, true; };
        QString error = writeTimelineAnimation(kept, m_sem->view, request(VideoFormat::Gif, {160, 90}, 10, 1, 0, 1), count);
        QVERIFY(error.contains(QLatin1String("apt install ffmpeg")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(contents(kept), QByteArray("precious bytes"));
        QCOMPARE(frames, 0);

        const QString fresh = path(QStringLiteral("fresh.mp4"));
        error = writeTimelineAnimation(fresh, m_sem->view, request(VideoFormat::Mp4, {160, 90}, 10, 1, 0, 1));
        QVERIFY(error.contains(QLatin1String("Debian package ffmpeg")));
        QVERIFY(!QFile::exists(fresh));
        noTemporaryFilesLeft();
    }

    void unwritableOrMissingFolderIsRefusedBeforeAFrame()
    {
        int frames = 0;
        const auto count = [&](int, int) { return ++frames, true; };
        const AnimationRequest r = request(VideoFormat::Gif, {160, 90}, 10, 1, 0, 1);
        const QString missing = path(QStringLiteral("nowhere/out.gif"));
        QString error = writeTimelineAnimation(missing, m_sem->view, r, count);
        QVERIFY(error.contains(QLatin1String("does not exist")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(!QFile::exists(missing));

        // /proc takes no new files, even from root.
        error = writeTimelineAnimation(QStringLiteral("/proc/loopscope-test.gif"), m_sem->view, r, count);
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(frames, 0);

        error = writeTimelineAnimation(QStringLiteral("-"), m_sem->view, r, count);
        QVERIFY(error.contains(QLatin1String("standard output")));
        QCOMPARE(frames, 0);
    }

    void failedEncodeKeepsTheExistingFile()
    {
        const QString kept = path(QStringLiteral("target.gif"));
        writeFile(kept, "precious bytes");
        const AnimationRequest r = request(VideoFormat::Gif, {160, 90}, 10, 1, 0, 1);

        // An encoder that refuses: its last line is the reason.
        qputenv("LOOPSCOPE_FFMPEG", fakeEncoder(path(QStringLiteral("failing")), "echo 'no codec for you' >&2\nexit 1").toLocal8Bit());
        QString error = writeTimelineAnimation(kept, m_sem->view, r);
        QVERIFY2(error.contains(QLatin1String("no codec for you")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(contents(kept), QByteArray("precious bytes"));

        // An encoder that says it succeeded but wrote nothing.
        qputenv("LOOPSCOPE_FFMPEG", fakeEncoder(path(QStringLiteral("silent")), "cat > /dev/null\nexit 0").toLocal8Bit());
        error = writeTimelineAnimation(kept, m_sem->view, r);
        QVERIFY2(error.contains(QLatin1String("empty")), qPrintable(error));
        QCOMPARE(contents(kept), QByteArray("precious bytes"));
        QFile::remove(path(QStringLiteral("failing")));
        QFile::remove(path(QStringLiteral("silent")));

        // Cancelled part way by the real ffmpeg.
        qunsetenv("LOOPSCOPE_FFMPEG");
        error = writeTimelineAnimation(kept, m_sem->view, r, [](int done, int) { return done < 3; });
        QCOMPARE(error, animationCancelled());
        QCOMPARE(contents(kept), QByteArray("precious bytes"));
        noTemporaryFilesLeft();
    }

    void dialogExportsAGif()
    {
        ExportSource source;
        source.scenes = m_sem->view;
        source.runEnd = TimelineRenderer::extent(source.scenes);
        ExportDialog d(source);
        d.formatBox()->setCurrentIndex(d.formatBox()->findData(QStringLiteral("gif")));
        QVERIFY(d.isAnimation());
        QCOMPARE(QSize(d.widthBox()->value(), d.heightBox()->value()), QSize(800, 450));
        QCOMPARE(d.fpsBox()->value(), 10);
        d.formatBox()->setCurrentIndex(d.formatBox()->findData(QStringLiteral("mp4")));
        QCOMPARE(QSize(d.widthBox()->value(), d.heightBox()->value()), QSize(1280, 720));
        QCOMPARE(d.fpsBox()->value(), 30);
        d.formatBox()->setCurrentIndex(d.formatBox()->findData(QStringLiteral("gif")));
        d.widthBox()->setValue(240);
        d.heightBox()->setValue(136);
        d.fpsBox()->setValue(5);
        d.speedBox()->setValue(1.0);
        QCOMPARE(d.defaultFileName(), QStringLiteral("timeline.gif"));
        const QString gif = path(QStringLiteral("dialog.gif"));
        const QString error = d.writeTo(gif);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(probe(gif), QStringLiteral("240,136,15")); // the whole 3 s run at 5 fps
    }
};

QTEST_MAIN(TestAnimatedExport)
#include "tst_animatedexport.moc"
