#include "exportcli.h"

#include "cli.h"
#include "lessons/runner.h"
#include "ui/perfettotrace.h"
#include "ui/theme.h"
#include "ui/timelineexport.h"
#include "ui/timelinescene.h"

#include <QDir>

#include <cmath>
#include <cstdio>
#include <memory>

namespace loopscope::app {

namespace {

const char* kUsage =
    "usage: loopscope export ID --format png|svg|pdf|trace --out FILE [--set NAME=VALUE]... [--variant NAME] "
    "[--width PX] [--height PX] [--scale F] [--theme light|dark|contrast|print] [--from S] [--to S] [--at S] "
    "[--title TEXT] [--no-legend]\n"
    "       loopscope export --all --format png|svg|pdf|trace --dir DIR [same picture options]";

struct PictureOptions
{
    QString format;
    int width = 1600, height = 900;
    double scale = 1;
    const ui::Theme* theme = &ui::Theme::light();
    double from = -1, to = -1, at = -1;
    QString title;
    bool legend = true;
};

bool number(const QString& text, double lo, double hi, double& out)
{
    bool ok = false;
    out = text.toDouble(&ok);
    return ok && std::isfinite(out) && out >= lo && out <= hi;
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
                o.format != QLatin1String("pdf") && o.format != QLatin1String("trace"))
                return QStringLiteral("unknown format '%1'; formats: png, svg, pdf, trace").arg(o.format);
        } else if (a == QLatin1String("--width") && hasValue) {
            if (!number(rest[++i], 16, 16000, v))
                return QStringLiteral("--width wants a whole number of pixels from 16 to 16000, got '%1'").arg(rest[i]);
            o.width = int(v);
        } else if (a == QLatin1String("--height") && hasValue) {
            if (!number(rest[++i], 16, 16000, v))
                return QStringLiteral("--height wants a whole number of pixels from 16 to 16000, got '%1'").arg(rest[i]);
            o.height = int(v);
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
                return QStringLiteral("%1 wants a time in seconds, 0 or more, got '%2'").arg(a, rest[i]);
            (a == QLatin1String("--from") ? o.from : a == QLatin1String("--to") ? o.to : o.at) = v;
        } else if (a == QLatin1String("--title") && hasValue) {
            o.title = rest[++i];
        } else if (a == QLatin1String("--no-legend")) {
            o.legend = false;
        } else {
            left << a;
        }
    }
    if (o.format.isEmpty())
        return QStringLiteral("--format is missing; formats: png, svg, pdf, trace");
    if (o.from >= 0 && o.to >= 0 && o.to <= o.from)
        return QStringLiteral("--to (%1 s) must be later than --from (%2 s)").arg(o.to).arg(o.from);
    if (o.width * o.scale > 16000 || o.height * o.scale > 16000)
        return QStringLiteral("the picture would be %1×%2 pixels; keep width and height times scale at most 16000")
            .arg(qRound(o.width * o.scale))
            .arg(qRound(o.height * o.scale));
    return {};
}

// Runs the chosen variants and writes one file. Returns an empty string or the failure.
QString exportOne(const lessons::Lesson& lesson, const lessons::Params& params, const std::vector<std::string>& variants,
                  const PictureOptions& o, const QString& path)
{
    std::vector<lessons::VariantRun> runs;
    std::vector<std::unique_ptr<ui::TimelineScene>> scenes;
    std::vector<const ui::TimelineScene*> view;
    for (const auto& v : variants) {
        runs.push_back(lessons::runVariant(lesson, params, v));
        scenes.push_back(std::make_unique<ui::TimelineScene>(*runs.back().trace, v));
        scenes.back()->update();
        scenes.back()->setFinished(runs.back().total);
        view.push_back(scenes.back().get());
    }
    if (o.format == QLatin1String("trace"))
        return ui::writePerfettoTrace(path, view);

    ui::ImageRequest request;
    request.format = *ui::imageFormatFor(QStringLiteral("x.") + o.format);
    request.size = QSize(qRound(o.width * o.scale), qRound(o.height * o.scale));
    request.from = o.from >= 0 ? secondsToNs(o.from) : -1;
    request.to = o.to >= 0 ? secondsToNs(o.to) : -1;
    ui::RenderOptions& r = request.options;
    r.theme = o.theme;
    r.legend = o.legend;
    r.moment = o.at >= 0 ? secondsToNs(o.at) : ui::kOpenEnd;
    r.showCursor = o.at >= 0;
    // Text and markers grow with the picture, so a poster is as legible as an article figure.
    r.fontScale = o.scale * std::clamp(o.width / 1600.0, 0.75, 4.0);
    r.title = !o.title.isEmpty() ? o.title : QString::fromStdString(lesson.title);
    return ui::writeTimelineImage(path, view, request);
}

QString extensionFor(const QString& format)
{
    return format == QLatin1String("trace") ? QStringLiteral("json") : format;
}

} // namespace

int runExport(const QStringList& args)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help")) {
        std::puts(kUsage);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.contains(QLatin1String("--all"))) {
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
                return failUsage(QStringLiteral("unexpected argument '%1' with --all\n").arg(left[i]) +
                                 QString::fromLatin1(kUsage));
        }
        if (dir.isEmpty())
            return failUsage(QStringLiteral("--all needs --dir DIR, the folder to write into"));
        if (!QDir(dir).exists())
            return failUsage(QStringLiteral("folder '%1' does not exist; create it first").arg(dir));
        int written = 0;
        for (const lessons::Lesson& lesson : lessons::allLessons()) {
            const lessons::Params params = lessons::defaultParams(lesson);
            // One picture per lesson with its variants stacked, and one per variant where there are several.
            std::vector<std::pair<QString, std::vector<std::string>>> files{
                {QString::fromStdString(lesson.id), lesson.variants}};
            if (lesson.variants.size() > 1)
                for (const auto& v : lesson.variants)
                    files.push_back({QString::fromStdString(lesson.id + "-" + v), {v}});
            for (const auto& [name, variants] : files) {
                const QString path = QDir(dir).filePath(name + QLatin1Char('.') + extensionFor(o.format));
                if (const QString error = exportOne(lesson, params, variants, o, path); !error.isEmpty()) {
                    std::fprintf(stderr, "loopscope: %s\n", qPrintable(error));
                    return 1;
                }
                std::printf("wrote %s\n", qPrintable(path));
                std::fflush(stdout);
                ++written;
            }
        }
        std::printf("%d files\n", written);
        return 0;
    }

    LessonChoice choice;
    QStringList rest;
    if (const QString error = parseLessonChoice(args, choice, rest); !error.isEmpty())
        return failUsage(error);
    PictureOptions o;
    QStringList left;
    if (const QString error = parsePicture(rest, o, left); !error.isEmpty())
        return failUsage(error);
    QString out;
    for (int i = 0; i < left.size(); ++i) {
        if (left[i] == QLatin1String("--out") && i + 1 < left.size())
            out = left[++i];
        else
            return failUsage(QStringLiteral("unexpected argument '%1'\n").arg(left[i]) + QString::fromLatin1(kUsage));
    }
    if (out.isEmpty())
        return failUsage(QStringLiteral("--out FILE is missing: where should the %1 go?").arg(o.format));
    std::vector<std::string> variants = choice.lesson->variants;
    if (!choice.variant.isEmpty())
        variants = {choice.variant.toStdString()};
    if (const QString error = exportOne(*choice.lesson, choice.params, variants, o, out); !error.isEmpty()) {
        std::fprintf(stderr, "loopscope: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}

} // namespace loopscope::app
