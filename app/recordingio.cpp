#include "recordingio.h"

#include "core/recordingfile.h"
#include "ui/exportfile.h"
#include "ui/rundocument.h"

#include <QFile>
#include <QFileInfo>

namespace loopscope::app {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Larger than any recording Loopscope makes (two million events compress to a few tens of MB),
// small enough that a wrong file is refused before it is read.
constexpr qint64 kMaxRecordingBytes = qint64(4) << 30;

} // namespace

RecordingInfo lessonRecordingInfo(const lessons::Lesson& lesson, const lessons::Params& params, ClockKind clock)
{
    RecordingInfo info;
    info.lessonId = lesson.id;
    for (const lessons::ParamSpec& spec : lesson.params)
        if (auto it = params.values().find(spec.name); it != params.values().end())
            info.params.emplace_back(spec.name, lessons::formatValue(it->second));
    info.clock = clock;
    info.listingName = "listing.py";
    info.listingText = ui::lessonText(lesson.id, "listing.py").toStdString();
    return info;
}

QString saveRecording(const QString& path, const RecordingInfo& info, const std::vector<const RecordedRun*>& runs)
{
    const std::string bytes = encodeRecording(info, runs);
    // The export writer keeps the first write's failure with its reason ("No space left on device").
    return ui::writeExport(path, [&bytes](QIODevice& device) -> QString {
        device.write(bytes.data(), qint64(bytes.size()));
        return {};
    });
}

QString saveRecording(const QString& path, const Recording& recording)
{
    std::vector<const RecordedRun*> runs;
    for (const RecordedRun& run : recording.runs)
        runs.push_back(&run);
    return saveRecording(path, recording, runs);
}

QString openRecording(const QString& path, OpenedRecording& out)
{
    const auto refuse = [&path](const QString& why) {
        return QStringLiteral("cannot open recording %1: %2").arg(path, why);
    };
    const QFileInfo info(path);
    if (!info.exists())
        return refuse(QStringLiteral("no such file"));
    if (info.isDir())
        return refuse(QStringLiteral("it is a folder"));
    if (!info.isFile())
        return refuse(QStringLiteral("not a regular file"));
    if (info.size() > kMaxRecordingBytes)
        return refuse(QStringLiteral("%1 bytes is more than any recording holds").arg(info.size()));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(file.errorString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return refuse(file.errorString());

    OpenedRecording opened;
    if (const std::string why = decodeRecording(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                                opened.recording);
        !why.empty())
        return refuse(q(why));
    const Recording& rec = opened.recording;
    if (rec.lessonId.empty()) { // a program: its source and its one run say everything
        out = std::move(opened);
        return {};
    }
    opened.lesson = lessons::findLesson(rec.lessonId);
    if (!opened.lesson)
        return refuse(QStringLiteral("it records lesson '%1', which this Loopscope does not have").arg(q(rec.lessonId)));
    opened.params = lessons::defaultParams(*opened.lesson);
    for (const auto& [name, value] : rec.params)
        if (auto error = lessons::applyAssignment(*opened.lesson, opened.params, name + "=" + value))
            return refuse(QStringLiteral("its parameters do not fit lesson %1: %2").arg(q(rec.lessonId), q(*error)));
    // The window shows every variant side by side: a recording holds each one once, in order.
    if (rec.runs.size() > opened.lesson->variants.size())
        return refuse(QStringLiteral("it has %1 variants; lesson %2 has %3")
                          .arg(rec.runs.size())
                          .arg(q(rec.lessonId))
                          .arg(opened.lesson->variants.size()));
    out = std::move(opened);
    return {};
}

QString recordingFileFilter()
{
    return QStringLiteral("Loopscope recordings (*.loopscope);;All files (*)");
}

} // namespace loopscope::app
