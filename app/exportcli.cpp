#include "exportcli.h"

#include "cli.h"
#include "programrecorder.h"
#include "recordingio.h"
#include "lessons/runner.h"
#include "core/numtext.h"
#include "ui/animatedexport.h"
#include "ui/exportfile.h"
#include "ui/perfettotrace.h"
#include "ui/plotexport.h"
#include "ui/theme.h"
#include "ui/timelineexport.h"
#include "ui/timelinescene.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

namespace loopscope::app {

namespace {

const char* kUsage =
    "usage: loopscope export ID --format png|svg|pdf|trace --out FILE|- [--set NAME=VALUE]... [--variant NAME] "
    "[--width PX] [--height PX] [--scale F] [--theme light|dark|contrast|print] [--from S] [--to S] [--at S] "
    "[--title TEXT] [--no-legend]\n"
    "       loopscope export ID --format gif|mp4|webm --out FILE [--fps N] [--speed SECONDS_PER_VIRTUAL_SECOND]\n"
    "                        [same picture options but --at]\n"
    "       loopscope export --recording FILE --format FORMAT --out FILE|- [--variant NAME] [same picture options]\n"
    "       loopscope export --program PROGRAM.py --format FORMAT --out FILE|- [--real-time] [--python PATH]\n"
    "                        [--max-wall S] [--max-cpu S] [--max-memory MIB] [--max-events N] [--max-output BYTES]\n"
    "                        [same picture options] [-- ARGS...]\n"
    "       loopscope export ID --plot --format png|svg|pdf --out FILE|- [--log] [--set NAME=VALUE]... [--variant NAME]\n"
    "                        [--width PX] [--height PX] [--scale F] [--theme THEME] [--title TEXT] [--no-legend]\n"
    "       loopscope export --recording FILE --plot --format png|svg|pdf --out FILE|- [--log] [same plot options]\n"
    "       loopscope export --all --format FORMAT --dir DIR [same picture options]   (DIR is created if need be)\n"
    "       loopscope export --all --plot --format png|svg|pdf --dir DIR [same plot options]\n"
    "FORMAT: png, svg, pdf, trace (Perfetto JSON), or an animation: gif, mp4, webm (made with ffmpeg;\n"
    "        default 800x450 at 10 fps for gif, 1280x720 at 30 fps for video; --width alone keeps 16:9;\n"
    "        the cursor moves over --from..--to, by default a virtual second per real second, 2 to 20 s in all)\n"
    "--plot: the lesson's plot instead of its timeline (complexity: total time against n; backpressure: fetches\n"
    "        in flight over time, peaks marked); --log: logarithmic axes";

struct PictureOptions
{
    QString format;
    int width = 1600, height = 900;
    double scale = 1;
    const ui::Theme* theme = &ui::Theme::light();
    double from = -1, to = -1, at = -1;
    QString title;
    bool legend = true;
    bool widthGiven = false, heightGiven = false;
    double fps = -1, speed = -1; // animations only; -1: the format's default, automatic
    bool plot = false;           // the lesson's plot instead of its timeline
    bool log = false;            // the plot's axes on logarithmic scales
};

constexpr int kMinPixels = ui::kMinImageSide, kMaxPixels = ui::kMaxImageSide;
const char* kSeeHelp = "; see `loopscope export --help`";

bool number(const QString& text, double lo, double hi, double& out)
{
    const auto v = numberArg(text, lo, hi);
    out = v.value_or(0.0);
    return v.has_value();
}

bool wholeNumber(const QString& text, double lo, double hi, double& out)
{
    return number(text, lo, hi, out) && out == std::floor(out);
}

const char* kFormats = "formats: png, svg, pdf, trace, gif, mp4, webm";

bool isAnimation(const QString& format)
{
    return ui::videoFormatFor(QStringLiteral("x.") + format).has_value();
}

// The format a file name's ending asks for, if it names one of ours.
QString formatOfName(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const char* f : {"png", "svg", "pdf", "gif", "mp4", "webm"})
        if (suffix == QLatin1String(f))
            return suffix;
    return suffix == QLatin1String("json") ? QStringLiteral("trace") : QString();
}

// An animation's own defaults (size, frame rate), and the options that make no sense for it or
// only for it.
QString settleAnimation(PictureOptions& o)
{
    if (!isAnimation(o.format)) {
        if (o.fps >= 0 || o.speed >= 0)
            return QStringLiteral("--fps and --speed are for animations (gif, mp4, webm), not %1").arg(o.format);
        return {};
    }
    if (o.at >= 0)
        return QStringLiteral("--at draws one moment; an animation moves the cursor from --from to --to");
    const ui::VideoFormat format = *ui::videoFormatFor(QStringLiteral("x.") + o.format);
    const QSize size = ui::defaultAnimationSize(format);
    if (!o.widthGiven && !o.heightGiven) {
        o.width = size.width();
        o.height = size.height();
    } else if (!o.heightGiven) {
        o.height = ui::animationHeightFor(o.width); // the width chosen, in the default aspect
    } else if (!o.widthGiven) {
        o.width = std::min(ui::kMaxImageSide, int(std::lround(o.height * 16.0 / 9.0)));
    }
    if (o.fps < 0)
        o.fps = ui::defaultFrameRate(format);
    return {};
}

// Parses the picture options out of `rest`; whatever is not one is returned in `left`.
QString parsePicture(const QStringList& rest, PictureOptions& o, QStringList& left)
{
    for (int i = 0; i < rest.size(); ++i) {
        const QString& a = rest[i];
        const bool hasValue = i + 1 < rest.size();
        double v = 0;
        if (a == QLatin1String("--format") && hasValue) {
            o.format = rest[++i];
            if (o.format != QLatin1String("png") && o.format != QLatin1String("svg") &&
                o.format != QLatin1String("pdf") && o.format != QLatin1String("trace") && !isAnimation(o.format))
                return QStringLiteral("unknown format '%1'; ").arg(o.format) + QLatin1String(kFormats);
        } else if (a == QLatin1String("--width") && hasValue) {
            if (!wholeNumber(rest[++i], kMinPixels, kMaxPixels, v))
                return QStringLiteral("--width wants a whole number of pixels from 16 to 16000, got '%1'").arg(rest[i]);
            o.width = int(v);
            o.widthGiven = true;
        } else if (a == QLatin1String("--height") && hasValue) {
            if (!wholeNumber(rest[++i], kMinPixels, kMaxPixels, v))
                return QStringLiteral("--height wants a whole number of pixels from 16 to 16000, got '%1'").arg(rest[i]);
            o.height = int(v);
            o.heightGiven = true;
        } else if (a == QLatin1String("--scale") && hasValue) {
            if (!number(rest[++i], 0.25, 8, v))
                return QStringLiteral("--scale wants a factor from 0.25 to 8, got '%1'").arg(rest[i]);
            o.scale = v;
        } else if (a == QLatin1String("--theme") && hasValue) {
            o.theme = ui::Theme::byId(rest[++i]);
            if (!o.theme)
                return QStringLiteral("unknown theme '%1'; themes: light, dark, contrast, print").arg(rest[i]);
        } else if ((a == QLatin1String("--from") || a == QLatin1String("--to") || a == QLatin1String("--at")) && hasValue) {
            if (!number(rest[++i], 0, 1e9, v))
                return QStringLiteral("%1 wants a time in seconds from 0 to 1e9, got '%2'").arg(a, rest[i]);
            (a == QLatin1String("--from") ? o.from : a == QLatin1String("--to") ? o.to : o.at) = v;
        } else if (a == QLatin1String("--title") && hasValue) {
            o.title = rest[++i];
        } else if (a == QLatin1String("--fps") && hasValue) {
            if (!wholeNumber(rest[++i], ui::kMinFrameRate, ui::kMaxFrameRate, v))
                return QStringLiteral("--fps wants a whole number of frames per second from %1 to %2, got '%3'")
                    .arg(ui::kMinFrameRate)
                    .arg(ui::kMaxFrameRate)
                    .arg(rest[i]);
            o.fps = v;
        } else if (a == QLatin1String("--speed") && hasValue) {
            if (!number(rest[++i], ui::kMinSpeed, ui::kMaxSpeed, v))
                return QStringLiteral("--speed wants real seconds per virtual second from 0.001 to 1000, got '%1'")
                    .arg(rest[i]);
            o.speed = v;
        } else if (a == QLatin1String("--no-legend")) {
            o.legend = false;
        } else if (a == QLatin1String("--plot")) {
            o.plot = true;
        } else if (a == QLatin1String("--log")) {
            o.log = true;
        } else {
            left << a;
        }
    }
    if (o.format.isEmpty())
        return QStringLiteral("--format is missing; ") + QLatin1String(kFormats);
    if (o.log && !o.plot)
        return QStringLiteral("--log is for plots; add --plot");
    if (o.plot) {
        if (o.format != QLatin1String("png") && o.format != QLatin1String("svg") && o.format != QLatin1String("pdf"))
            return QStringLiteral("--plot draws png, svg or pdf, not %1").arg(o.format);
        if (o.from >= 0 || o.to >= 0 || o.at >= 0)
            return QStringLiteral("--from, --to and --at choose a timeline's range; a plot shows whole runs");
    }
    if (const QString why = settleAnimation(o); !why.isEmpty())
        return why;
    if (o.from >= 0 && o.to >= 0 && o.to <= o.from)
        return QStringLiteral("--to (%1 s) must be later than --from (%2 s)").arg(o.to).arg(o.from);
    const int width = qRound(o.width * o.scale), height = qRound(o.height * o.scale);
    if (width < kMinPixels || height < kMinPixels || width > kMaxPixels || height > kMaxPixels)
        return QStringLiteral("the picture would be %1×%2 pixels; width and height times scale must be 16 to 16000")
            .arg(width)
            .arg(height);
    return {};
}

// A failure and the exit status it gives: 2 for what the user asked (refused before anything is
// written), 1 for what went wrong while writing.
struct Outcome
{
    QString error;
    int status = 0;
};

// The options a still picture and an animation share: theme, legend, title, text size.
ui::RenderOptions renderOptions(const QString& title, const PictureOptions& o)
{
    ui::RenderOptions r;
    r.theme = o.theme;
    r.legend = o.legend;
    // Text and markers grow with the picture, so a poster is as legible as an article figure.
    r.fontScale = o.scale * std::clamp(o.width / 1600.0, 0.75, 4.0);
    r.title = !o.title.isEmpty() ? o.title : title;
    return r;
}

// Writes a GIF, MP4 or WebM of the runs playing; a plan that cannot be made (too many frames) is
// refused before a frame is painted.
Outcome exportAnimation(const QString& title, const ui::TimelineRenderer::Scenes& view, const PictureOptions& o,
                        const QString& path)
{
    ui::AnimationRequest request;
    request.format = *ui::videoFormatFor(QStringLiteral("x.") + o.format);
    request.size = QSize(qRound(o.width * o.scale), qRound(o.height * o.scale));
    request.frameRate = int(o.fps);
    request.speed = o.speed;
    request.from = o.from >= 0 ? secondsToNs(o.from) : -1;
    request.to = o.to >= 0 ? secondsToNs(o.to) : -1;
    request.options = renderOptions(title, o);
    if (const ui::AnimationPlan plan = ui::planAnimation(view, request); !plan.problem.isEmpty())
        return {plan.problem, 2};
    return {ui::writeTimelineAnimation(path, view, request), 1};
}

// Writes one file of recorded runs: the same for a run just made and a recording opened again.
Outcome exportRuns(const QString& title, const std::vector<const lessons::VariantRun*>& runs,
                   const PictureOptions& o, const QString& path)
{
    std::vector<std::unique_ptr<ui::TimelineScene>> scenes;
    std::vector<const ui::TimelineScene*> view;
    for (const lessons::VariantRun* run : runs) {
        scenes.push_back(std::make_unique<ui::TimelineScene>(*run->trace, run->variant));
        scenes.back()->update();
        scenes.back()->setFinished(run->total);
        view.push_back(scenes.back().get());
    }
    if (o.format == QLatin1String("trace"))
        return {ui::writePerfettoTrace(path, view), 1};

    // A range that starts after the run would be an empty picture: say so instead.
    const TimeNs end = ui::TimelineRenderer::extent(view);
    if (o.from >= 0 && secondsToNs(o.from) >= end)
        return {QStringLiteral("--from %1 s is not before the run's end at %2 s")
                    .arg(QString::fromStdString(formatShortest(o.from)), ui::formatSeconds(end)),
                2};

    if (isAnimation(o.format))
        return exportAnimation(title, view, o, path);

    ui::ImageRequest request;
    request.format = *ui::imageFormatFor(QStringLiteral("x.") + o.format);
    request.size = QSize(qRound(o.width * o.scale), qRound(o.height * o.scale));
    request.from = o.from >= 0 ? secondsToNs(o.from) : -1;
    request.to = o.to >= 0 ? secondsToNs(o.to) : -1;
    ui::RenderOptions& r = request.options;
    r = renderOptions(title, o);
    r.moment = o.at >= 0 ? std::min(secondsToNs(o.at), end) : ui::kOpenEnd;
    r.showCursor = o.at >= 0;
    return {ui::writeTimelineImage(path, view, request), 1};
}

// The lessons that have a plot, for messages: "backpressure, complexity".
QString plotLessons()
{
    QStringList ids;
    for (const std::string& id : ui::lessonsWithPlots())
        ids << QString::fromStdString(id);
    return ids.join(QStringLiteral(", "));
}

// Refuses a lesson (or a program) without a plot, in one line, before anything runs.
QString checkPlot(const lessons::Lesson* lesson)
{
    if (!lesson)
        return QStringLiteral("a program's recording has no plot; lessons with a plot: ") + plotLessons();
    if (!ui::lessonHasPlot(lesson->id))
        return QStringLiteral("lesson '%1' has no plot; lessons with a plot: %2")
            .arg(QString::fromStdString(lesson->id), plotLessons());
    return {};
}

// "max_n = 100, k = 10, t = 0.1": under the plot's title, so a picture says what it was run with.
QString paramsText(const std::vector<std::pair<std::string, std::string>>& params)
{
    QStringList parts;
    for (const auto& [name, value] : params)
        parts << QString::fromStdString(name + " = " + value);
    return parts.join(QStringLiteral(", "));
}

std::vector<std::pair<std::string, std::string>> paramsOf(const lessons::Lesson& lesson, const lessons::Params& params)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const lessons::ParamSpec& spec : lesson.params)
        if (auto it = params.values().find(spec.name); it != params.values().end())
            out.emplace_back(spec.name, lessons::formatValue(it->second));
    return out;
}

// Writes the plot of recorded runs: the same for a run just made and a recording opened again.
Outcome exportPlot(const lessons::Lesson& lesson, const QString& subtitle, const std::vector<const lessons::VariantRun*>& runs,
                   const PictureOptions& o, const QString& path)
{
    ui::PlotImageRequest request;
    request.format = *ui::imageFormatFor(QStringLiteral("x.") + o.format);
    request.size = QSize(qRound(o.width * o.scale), qRound(o.height * o.scale));
    ui::PlotOptions& p = request.options;
    p.theme = o.theme;
    p.legend = o.legend;
    p.logX = p.logY = o.log;
    // As for timelines: text grows with the picture, so a poster reads as well as a slide.
    p.fontScale = o.scale * std::clamp(o.width / 1600.0, 0.75, 4.0);
    p.title = o.title;
    p.subtitle = QString::fromStdString(lesson.title) + QStringLiteral(" · ") + subtitle;
    return {ui::writePlotImage(path, ui::plotOfRuns(lesson.id, runs), request), 1};
}

// Runs the chosen variants and writes one file.
Outcome exportOne(const lessons::Lesson& lesson, const lessons::Params& params, const std::vector<std::string>& variants,
                  const PictureOptions& o, const QString& path)
{
    std::vector<lessons::VariantRun> runs;
    for (const auto& v : variants)
        runs.push_back(lessons::runVariant(lesson, params, v));
    std::vector<const lessons::VariantRun*> chosen;
    for (const auto& run : runs)
        chosen.push_back(&run);
    if (o.plot)
        return exportPlot(lesson, paramsText(paramsOf(lesson, params)), chosen, o, path);
    return exportRuns(QString::fromStdString(lesson.title), chosen, o, path);
}

int report(const Outcome& outcome)
{
    if (outcome.error.isEmpty())
        return 0;
    std::fprintf(stderr, "loopscope: %s\n", outcome.error.toUtf8().constData());
    return outcome.status;
}

QString extensionFor(const QString& format)
{
    return format == QLatin1String("trace") ? QStringLiteral("json") : format;
}

int exportAll(const QStringList& args)
{
    QStringList rest = args;
    rest.removeAll(QStringLiteral("--all"));
    PictureOptions o;
    QStringList left;
    if (const QString error = parsePicture(rest, o, left); !error.isEmpty())
        return failUsage(error);
    QString dir;
    for (int i = 0; i < left.size(); ++i) {
        if (left[i] == QLatin1String("--dir") && i + 1 < left.size())
            dir = left[++i];
        else
            return failUsage(QStringLiteral("unexpected argument '%1' with --all").arg(left[i]) + QLatin1String(kSeeHelp));
    }
    if (dir.isEmpty())
        return failUsage(QStringLiteral("--all needs --dir DIR, the folder to write into"));
    // A link to a folder that does not exist yet (#16) is made through: its target is created.
    const QString folder = ui::followLinks(dir);
    if (QFileInfo(folder).exists() && !QFileInfo(folder).isDir())
        return failUsage(QStringLiteral("%1 exists and is not a folder").arg(dir));
    std::error_code why;
    std::filesystem::create_directories(std::filesystem::path(folder.toStdString()), why);
    if (!QFileInfo(folder).isDir())
        return failUsage(QStringLiteral("cannot create folder %1: %2")
                             .arg(dir, QString::fromLocal8Bit(why ? why.message() : std::string("not a folder"))));
    int written = 0;
    for (const lessons::Lesson& lesson : lessons::allLessons()) {
        const lessons::Params params = lessons::defaultParams(lesson);
        if (o.plot) {
            // Only the lessons that have a plot, one file each.
            if (!ui::lessonHasPlot(lesson.id))
                continue;
            const QString path = QDir(dir).filePath(QString::fromStdString(lesson.id) + QStringLiteral("-plot.") + o.format);
            if (const int status = report(exportOne(lesson, params, lesson.variants, o, path)))
                return status;
            std::printf("wrote %s\n", path.toUtf8().constData());
            std::fflush(stdout);
            ++written;
            continue;
        }
        // One picture per lesson with its variants stacked, and one per variant where there are several.
        std::vector<std::pair<QString, std::vector<std::string>>> files{{QString::fromStdString(lesson.id), lesson.variants}};
        if (lesson.variants.size() > 1)
            for (const auto& v : lesson.variants)
                files.push_back({QString::fromStdString(lesson.id + "-" + v), {v}});
        for (const auto& [name, variants] : files) {
            const QString path = QDir(dir).filePath(name + QLatin1Char('.') + extensionFor(o.format));
            if (const int status = report(exportOne(lesson, params, variants, o, path)))
                return status;
            std::printf("wrote %s\n", path.toUtf8().constData());
            std::fflush(stdout);
            ++written;
        }
    }
    std::printf("%d files\n", written);
    return 0;
}

} // namespace

int runExport(const QStringList& args)
{
    if (!args.isEmpty() && args.first() == QLatin1String("--help")) {
        std::puts(kUsage);
        return 0;
    }
    if (args.isEmpty())
        return failUsage(QStringLiteral("export needs a lesson id (or --all) and --format") + QLatin1String(kSeeHelp));
    if (args.contains(QLatin1String("--all")))
        return exportAll(args);

    // `--recording FILE [--variant NAME]`: a saved run instead of a lesson run now.
    const bool fromProgram = args.first() == QLatin1String("--program");
    const bool fromRecording = args.first() == QLatin1String("--recording");
    if (fromRecording && args.size() < 2)
        return failUsage(QStringLiteral("--recording needs the recording's file name") + QLatin1String(kSeeHelp));
    if (fromProgram && args.size() < 2)
        return failUsage(QStringLiteral("--program needs the Python program's file name") + QLatin1String(kSeeHelp));
    OpenedRecording opened;
    LessonChoice choice;
    QStringList rest;
    ProgramRequest program;
    if (fromProgram) {
        program.program = args[1];
        for (int i = 2; i < args.size(); ++i) {
            QString error;
            if (args[i] == QLatin1String("--")) {
                program.args = args.mid(i + 1);
                break;
            }
            if (takeRecorderOption(args, i, program, error)) {
                if (!error.isEmpty())
                    return failUsage(error);
            } else {
                rest << args[i];
            }
        }
    } else if (fromRecording) {
        if (const QString why = openRecording(args[1], opened); !why.isEmpty())
            return failUsage(why);
        choice.lesson = opened.lesson;
        for (int i = 2; i < args.size(); ++i) {
            if (args[i] == QLatin1String("--variant") && i + 1 < args.size())
                choice.variant = args[++i];
            else
                rest << args[i];
        }
        if (!choice.variant.isEmpty() &&
            std::none_of(opened.recording.runs.begin(), opened.recording.runs.end(),
                         [&](const auto& r) { return QString::fromStdString(r.variant) == choice.variant; }))
            return failUsage(QStringLiteral("the recording has no variant '%1'").arg(choice.variant));
    } else if (const QString error = parseLessonChoice(args, choice, rest); !error.isEmpty()) {
        return failUsage(error);
    }
    PictureOptions o;
    QStringList left;
    if (const QString error = parsePicture(rest, o, left); !error.isEmpty())
        return failUsage(error);
    QString out;
    for (int i = 0; i < left.size(); ++i) {
        if (left[i] == QLatin1String("--out") && i + 1 < left.size())
            out = left[++i];
        else
            return failUsage(QStringLiteral("unexpected argument '%1'").arg(left[i]) + QLatin1String(kSeeHelp));
    }
    if (out.isEmpty())
        return failUsage(QStringLiteral("--out FILE is missing: where should the %1 go? (- for standard output)").arg(o.format));
    if (o.plot) {
        const lessons::Lesson* lesson = fromProgram ? nullptr : fromRecording ? opened.lesson : choice.lesson;
        if (const QString why = checkPlot(lesson); !why.isEmpty())
            return failUsage(why);
    }
    // The name and the format must agree: PNG bytes in a .svg would open nowhere.
    if (const QString named = formatOfName(out); !named.isEmpty() && named != o.format)
        return failUsage(QStringLiteral("%1 names a %2 file but --format is %3; change one of them").arg(out, named, o.format));
    if (isAnimation(o.format)) {
        if (ui::isStandardOutput(out))
            return failUsage(QStringLiteral("--out - is not supported for animations; name a .%1 file").arg(o.format));
        // Without ffmpeg there is nothing to run the lesson for.
        QString missing;
        if (ui::findFfmpeg(&missing).isEmpty())
            return report({missing, 1});
    }
    // Checked before the lesson runs: a mistyped folder costs nothing.
    if (const QString why = ui::checkExportTarget(out); !why.isEmpty())
        return failUsage(why);
    // A reader that goes away (`| head`) is a failed write with a reason, not a silent death.
    if (ui::isStandardOutput(out))
        std::signal(SIGPIPE, SIG_IGN);
    if (fromProgram) {
        // Recorded now, on CPython; then drawn like a recording opened from a file.
        ProgramRecording recording;
        if (const QString why = recording.start(program); !why.isEmpty())
            return failUsage(why);
        while (!recording.waitForFinished(100)) {
        }
        ProgramOutcome outcome = recording.takeOutcome();
        if (!outcome.message.isEmpty())
            std::fputs((QStringLiteral("loopscope: ") + outcome.message + QLatin1Char('\n')).toUtf8().constData(), stderr);
        if (!outcome.recorded)
            return 1;
        opened = std::move(outcome.opened);
    }
    if (fromRecording || fromProgram) {
        std::vector<const lessons::VariantRun*> runs;
        for (const auto& run : opened.recording.runs)
            if (choice.variant.isEmpty() || QString::fromStdString(run.variant) == choice.variant)
                runs.push_back(&run);
        const QString title = QString::fromStdString(opened.isProgram() ? opened.recording.listingName
                                                                         : opened.lesson->title);
        if (o.plot && opened.lesson)
            return report(exportPlot(*opened.lesson, paramsText(opened.recording.params), runs, o, out));
        return report(exportRuns(title, runs, o, out));
    }
    std::vector<std::string> variants = choice.lesson->variants;
    if (!choice.variant.isEmpty())
        variants = {choice.variant.toStdString()};
    return report(exportOne(*choice.lesson, choice.params, variants, o, out));
}

} // namespace loopscope::app
