#include "animatedexport.h"

#include "exportfile.h"

#include "core/numtext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

std::optional<VideoFormat> videoFormatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (VideoFormat f : {VideoFormat::Gif, VideoFormat::Mp4, VideoFormat::WebM})
        if (suffix == videoFormatId(f))
            return f;
    return std::nullopt;
}

QString videoFormatId(VideoFormat format)
{
    switch (format) {
    case VideoFormat::Gif: return QStringLiteral("gif");
    case VideoFormat::Mp4: return QStringLiteral("mp4");
    case VideoFormat::WebM: return QStringLiteral("webm");
    }
    return QStringLiteral("gif");
}

QSize defaultAnimationSize(VideoFormat format)
{
    return format == VideoFormat::Gif ? QSize(800, 450) : QSize(1280, 720);
}

int defaultFrameRate(VideoFormat format)
{
    return format == VideoFormat::Gif ? 10 : 30;
}

int animationHeightFor(int width)
{
    return std::max(kMinImageSide, int(std::lround(width * 9.0 / 16.0 / 2.0)) * 2);
}

double automaticSpeed(TimeNs span)
{
    const double virtualSeconds = std::max(double(span) / double(kNsPerSecond), 1e-9);
    return std::clamp(1.0, 2.0 / virtualSeconds, 20.0 / virtualSeconds);
}

namespace {

// yuv420p halves the colour planes each way, so H.264 and VP9 want even sides.
QSize encodedSize(VideoFormat format, QSize size)
{
    if (format == VideoFormat::Gif)
        return size;
    return QSize(size.width() & ~1, size.height() & ~1);
}

QString sizeProblem(QSize size)
{
    if (size.width() >= kMinImageSide && size.height() >= kMinImageSide && size.width() <= kMaxImageSide &&
        size.height() <= kMaxImageSide)
        return {};
    return QCoreApplication::translate("AnimatedExport", "animation size %1×%2 is out of range; width and height must be %3 to %4 pixels")
        .arg(size.width())
        .arg(size.height())
        .arg(kMinImageSide)
        .arg(kMaxImageSide);
}

QString number(double x)
{
    return QString::fromStdString(formatGeneral(x, 4));
}

} // namespace

AnimationPlan planAnimation(const TimelineRenderer::Scenes& scenes, const AnimationRequest& r)
{
    AnimationPlan plan;
    plan.size = encodedSize(r.format, r.size);
    if (plan.problem = sizeProblem(plan.size); !plan.problem.isEmpty())
        return plan;
    if (r.frameRate < kMinFrameRate || r.frameRate > kMaxFrameRate) {
        plan.problem = QCoreApplication::translate("AnimatedExport", "frame rate %1 is out of range; it must be %2 to %3 frames per second")
                           .arg(r.frameRate)
                           .arg(kMinFrameRate)
                           .arg(kMaxFrameRate);
        return plan;
    }
    // The same range a still export of this request shows on its axis.
    const TimeNs end = TimelineRenderer::extent(scenes);
    plan.from = r.from >= 0 ? r.from : 0;
    plan.to = r.to > plan.from ? r.to : std::max<TimeNs>(end, plan.from + 1);
    plan.speed = r.speed > 0 ? r.speed : automaticSpeed(plan.to - plan.from);
    const double seconds = double(plan.to - plan.from) / double(kNsPerSecond) * plan.speed;
    const double frames = std::round(seconds * r.frameRate);
    if (frames > kMaxFrames) {
        plan.problem = QCoreApplication::translate("AnimatedExport",
                                                   "the animation would last %1 s, %2 frames; at most %3 frames: "
                                                   "lower the speed, the frame rate or the range")
                           .arg(number(seconds), number(frames))
                           .arg(kMaxFrames);
        return plan;
    }
    plan.frames = std::max(2, int(frames));
    return plan;
}

TimeNs frameMoment(const AnimationPlan& plan, int index)
{
    const double share = plan.frames > 1 ? double(index) / double(plan.frames - 1) : 1.0;
    return plan.from + TimeNs(std::llround(double(plan.to - plan.from) * share));
}

QString findFfmpeg(QString* error)
{
    const QString missing = QCoreApplication::translate("AnimatedExport", "ffmpeg is not installed; install the Debian package ffmpeg (apt install ffmpeg)");
    // Tests point this at a program of their choosing (or at nothing, to see the failure).
    const QString chosen = qEnvironmentVariable("LOOPSCOPE_FFMPEG");
    if (!chosen.isEmpty()) {
        const QFileInfo info(chosen);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        *error = missing + QCoreApplication::translate("AnimatedExport", " (LOOPSCOPE_FFMPEG is %1, which is not a program)").arg(chosen);
        return {};
    }
    const QString found = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (found.isEmpty())
        *error = missing;
    return found;
}

QString animationCancelled()
{
    return QCoreApplication::translate("AnimatedExport", "the export was cancelled");
}

namespace {

// One ffmpeg run fed raw RGB frames on its standard input.
class FfmpegPipe
{
public:
    FfmpegPipe(const QString& program, QSize size, int frameRate) : m_size(size)
    {
        m_process.setProgram(program);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_input = {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                   QStringLiteral("-f"), QStringLiteral("rawvideo"), QStringLiteral("-pix_fmt"), QStringLiteral("rgb24"),
                   QStringLiteral("-s"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height()),
                   QStringLiteral("-framerate"), QString::number(frameRate), QStringLiteral("-i"), QStringLiteral("pipe:0")};
    }
    ~FfmpegPipe()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QString start(const QStringList& outputArgs)
    {
        m_process.setArguments(m_input + outputArgs);
        m_process.start();
        if (!m_process.waitForStarted(30000))
            return QCoreApplication::translate("AnimatedExport", "cannot start %1: %2").arg(m_process.program(), m_process.errorString());
        return {};
    }

    // Hands one frame over, waiting while more than two are still on their way: ffmpeg encodes
    // one while the next is painted, and no more than that is ever held.
    QString write(const QImage& frame)
    {
        const QImage rgb = frame.convertToFormat(QImage::Format_RGB888);
        const qsizetype row = qsizetype(m_size.width()) * 3;
        for (int y = 0; y < rgb.height(); ++y)
            m_process.write(reinterpret_cast<const char*>(rgb.constScanLine(y)), row);
        while (m_process.bytesToWrite() > 2 * row * m_size.height()) {
            if (m_process.state() == QProcess::NotRunning)
                return failure();
            m_process.waitForBytesWritten(1000);
        }
        return m_process.state() == QProcess::NotRunning ? failure() : QString();
    }

    // Ends the input and waits for ffmpeg to finish writing; "" if it succeeded.
    QString finish()
    {
        while (m_process.bytesToWrite() > 0 && m_process.state() != QProcess::NotRunning)
            m_process.waitForBytesWritten(1000);
        m_process.closeWriteChannel();
        while (m_process.state() != QProcess::NotRunning)
            m_process.waitForFinished(1000);
        if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0)
            return failure();
        return {};
    }

private:
    // ffmpeg's last line on stderr says what went wrong; the exit status when it said nothing.
    QString failure()
    {
        m_process.waitForFinished(5000);
        const QStringList lines =
            QString::fromLocal8Bit(m_process.readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QString last = lines.isEmpty() ? QString() : lines.last().trimmed();
        if (m_process.exitStatus() != QProcess::NormalExit)
            return QCoreApplication::translate("AnimatedExport", "ffmpeg crashed") + (last.isEmpty() ? QString() : QStringLiteral(": ") + last);
        if (!last.isEmpty())
            return QCoreApplication::translate("AnimatedExport", "ffmpeg failed: ") + last;
        return QCoreApplication::translate("AnimatedExport", "ffmpeg failed with exit status %1").arg(m_process.exitCode());
    }

    QProcess m_process;
    QSize m_size;
    QStringList m_input;
};

// Paints frame after frame into one reused image: the still export's picture at a moment.
class FramePainter
{
public:
    FramePainter(const TimelineRenderer::Scenes& scenes, const AnimationRequest& r, const AnimationPlan& plan)
        : m_scenes(scenes), m_plan(plan), m_image(plan.size, QImage::Format_ARGB32_Premultiplied)
    {
        m_request.size = plan.size;
        m_request.from = plan.from;
        m_request.to = plan.to;
        m_request.options = r.options;
        m_request.options.showCursor = true;
        m_end = TimelineRenderer::extent(scenes);
    }
    bool valid() const { return !m_image.isNull(); }

    const QImage& paint(int index)
    {
        // Past the run's end nothing more happens; the cursor stops there, as the player's does.
        m_request.options.moment = std::min(frameMoment(m_plan, index), m_end);
        QPainter painter(&m_image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        paintTimeline(painter, QRectF(QPointF(0, 0), QSizeF(m_plan.size)), m_scenes, m_request);
        return m_image;
    }

private:
    const TimelineRenderer::Scenes& m_scenes;
    const AnimationPlan& m_plan;
    ImageRequest m_request;
    QImage m_image;
    TimeNs m_end = 0;
};

QStringList encoderArguments(VideoFormat format, const QString& palette, const QString& output)
{
    switch (format) {
    case VideoFormat::Gif:
        // Few colours, no dither, and only the changed rectangle of each frame: timelines are flat
        // colour and change a little at a time, so the file stays small.
        return {QStringLiteral("-i"), palette, QStringLiteral("-lavfi"),
                QStringLiteral("[0:v][1:v]paletteuse=dither=none:diff_mode=rectangle"), QStringLiteral("-loop"),
                QStringLiteral("0"), QStringLiteral("-f"), QStringLiteral("gif"), QStringLiteral("-y"), output};
    case VideoFormat::Mp4:
        return {QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"), QStringLiteral("medium"),
                QStringLiteral("-tune"), QStringLiteral("animation"), QStringLiteral("-crf"), QStringLiteral("20"),
                QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-movflags"),
                QStringLiteral("+faststart"), QStringLiteral("-f"), QStringLiteral("mp4"), QStringLiteral("-y"), output};
    case VideoFormat::WebM:
        return {QStringLiteral("-c:v"), QStringLiteral("libvpx-vp9"), QStringLiteral("-crf"), QStringLiteral("32"),
                QStringLiteral("-b:v"), QStringLiteral("0"), QStringLiteral("-deadline"), QStringLiteral("good"),
                QStringLiteral("-cpu-used"), QStringLiteral("4"), QStringLiteral("-row-mt"), QStringLiteral("1"),
                QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-f"), QStringLiteral("webm"),
                QStringLiteral("-y"), output};
    }
    return {};
}

// How many frames the GIF's palette is made from, spread over the range (the last one included).
constexpr int kPaletteSamples = 8;

int paletteSamples(const AnimationPlan& plan)
{
    return std::min(kPaletteSamples, plan.frames);
}

// The GIF's 64 colours, chosen by ffmpeg from a few frames spread over the range. One palette for
// the whole file; taking it from samples rather than from every frame (palettegen in the same
// graph) keeps ffmpeg from holding every frame until the last has arrived.
QString makePalette(const QString& ffmpeg, FramePainter& frames, const AnimationPlan& plan, const QString& palette,
                    const AnimationProgress& progress, int total)
{
    FfmpegPipe pipe(ffmpeg, plan.size, 1);
    if (const QString why = pipe.start({QStringLiteral("-vf"),
                                        QStringLiteral("palettegen=max_colors=64:reserve_transparent=0"),
                                        QStringLiteral("-update"), QStringLiteral("1"), QStringLiteral("-y"), palette});
        !why.isEmpty())
        return why;
    const int samples = paletteSamples(plan);
    for (int i = 0; i < samples; ++i) {
        const int index = samples > 1 ? int(std::lround(double(i) * (plan.frames - 1) / (samples - 1))) : 0;
        if (const QString why = pipe.write(frames.paint(index)); !why.isEmpty())
            return why;
        if (progress && !progress(i + 1, total))
            return animationCancelled();
    }
    return pipe.finish();
}

// Paints every frame into ffmpeg, which writes `output`.
QString encode(const QString& ffmpeg, FramePainter& frames, const AnimationRequest& r, const AnimationPlan& plan,
               const QString& output, const AnimationProgress& progress)
{
    const int before = r.format == VideoFormat::Gif ? paletteSamples(plan) : 0;
    const int total = before + plan.frames;
    QTemporaryFile palette(QDir::tempPath() + QStringLiteral("/loopscope-palette-XXXXXX.png"));
    if (r.format == VideoFormat::Gif) {
        if (!palette.open())
            return QCoreApplication::translate("AnimatedExport", "cannot make a temporary file: %1").arg(palette.errorString());
        palette.close();
        if (const QString why = makePalette(ffmpeg, frames, plan, palette.fileName(), progress, total); !why.isEmpty())
            return why;
    }
    FfmpegPipe pipe(ffmpeg, plan.size, r.frameRate);
    if (const QString why = pipe.start(encoderArguments(r.format, palette.fileName(), output)); !why.isEmpty())
        return why;
    for (int i = 0; i < plan.frames; ++i) {
        if (const QString why = pipe.write(frames.paint(i)); !why.isEmpty())
            return why;
        if (progress && !progress(before + i + 1, total))
            return animationCancelled();
    }
    return pipe.finish();
}

// Copies the finished file into the export's target a block at a time.
QString copyInto(const QString& from, QIODevice& to)
{
    QFile file(from);
    if (!file.open(QIODevice::ReadOnly))
        return QCoreApplication::translate("AnimatedExport", "cannot read ffmpeg's output: %1").arg(file.errorString());
    if (file.size() == 0)
        return QCoreApplication::translate("AnimatedExport", "ffmpeg wrote an empty file");
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (qint64 n; (n = file.read(block.data(), block.size())) > 0;)
        if (to.write(block.constData(), n) != n)
            return {}; // the writer remembers why, and writeExport reports it
    return file.error() == QFileDevice::NoError ? QString() : file.errorString();
}

} // namespace

QString writeTimelineAnimation(const QString& path, const TimelineRenderer::Scenes& scenes, const AnimationRequest& request,
                               const AnimationProgress& progress)
{
    // Everything that can be known is checked before the first frame is painted.
    if (isStandardOutput(path))
        return QCoreApplication::translate("AnimatedExport", "an animation cannot go to standard output; name a .%1 file").arg(videoFormatId(request.format));
    if (const QString why = checkExportTarget(path); !why.isEmpty())
        return why;
    const AnimationPlan plan = planAnimation(scenes, request);
    if (!plan.problem.isEmpty())
        return plan.problem;
    QString missing;
    const QString ffmpeg = findFfmpeg(&missing);
    if (ffmpeg.isEmpty())
        return missing;
    FramePainter frames(scenes, request, plan);
    if (!frames.valid())
        return QCoreApplication::translate("AnimatedExport", "cannot make an image of %1×%2 pixels (not enough memory?)")
            .arg(plan.size.width())
            .arg(plan.size.height());

    // ffmpeg writes beside the target (the same disk, so a full one shows here), under a hidden
    // name that is removed whatever happens; the target is only touched once the file is whole.
    const QFileInfo target(followLinks(path));
    QTemporaryFile encoded(target.absoluteDir().filePath(QStringLiteral(".%1-XXXXXX.%2")
                                                             .arg(target.completeBaseName(), videoFormatId(request.format))));
    if (!encoded.open())
        return QCoreApplication::translate("AnimatedExport", "cannot write %1: %2").arg(path, encoded.errorString());
    encoded.close();
    if (const QString why = encode(ffmpeg, frames, request, plan, encoded.fileName(), progress); !why.isEmpty())
        return why == animationCancelled() ? why : QCoreApplication::translate("AnimatedExport", "cannot write %1: %2").arg(path, why);
    return writeExport(path, [&](QIODevice& device) { return copyInto(encoded.fileName(), device); });
}

} // namespace loopscope::ui
