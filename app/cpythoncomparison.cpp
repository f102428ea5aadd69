#include "cpythoncomparison.h"

#include "programparams.h"
#include "ui/rundocument.h"

#include <QDir>
#include <QFile>

namespace loopscope::app {

CPythonComparison::CPythonComparison(QObject* parent) : QObject(parent) {}

CPythonComparison::~CPythonComparison() = default; // a recorder still running is ended with it

QStringList CPythonComparison::settingsFor(const lessons::Lesson& lesson, const lessons::Params& params,
                                           const std::string& variant, const QString& listing)
{
    QStringList settings;
    bool listingHasVariant = false;
    for (const lessons::ParamSpec& declared : readProgramParameters(listing).specs) {
        if (declared.name == "variant") {
            listingHasVariant = true;
            continue;
        }
        const auto it = params.values().find(declared.name);
        if (it != params.values().end())
            settings << QString::fromStdString(declared.name + "=" + lessons::formatValue(it->second));
    }
    if (listingHasVariant && lesson.variants.size() > 1)
        settings << QString::fromStdString("variant=" + variant);
    return settings;
}

QString CPythonComparison::start(const lessons::Lesson& lesson, const lessons::Params& params, const QString& python)
{
    cancel();
    m_lesson = &lesson;
    m_params = params;
    m_python = python;
    m_runs.clear();
    m_message.clear();
    m_pythonVersion.clear();
    m_next = 0;
    m_listing = ui::lessonText(lesson.id, "listing.py");
    if (m_listing.isEmpty())
        return QStringLiteral("the lesson “%1” has no listing to record").arg(QString::fromStdString(lesson.id));
    // The listing runs from a private folder under its shipped name, so the lines of its
    // traceback and its awaits read as the code view shows them.
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/loopscope-cpython-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot make a temporary folder for the listing: %1").arg(m_dir->errorString());
    m_program = m_dir->filePath(QStringLiteral("listing.py"));
    QFile file(m_program);
    const QByteArray bytes = m_listing.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QStringLiteral("cannot write the listing to %1: %2").arg(m_program, file.errorString());
    file.close();
    const QString why = startNext();
    if (!why.isEmpty())
        cancel();
    return why;
}

void CPythonComparison::cancel()
{
    if (m_recording) {
        m_recording->disconnect(this);
        m_recording.reset(); // ends the recorder's whole process group
    }
    m_dir.reset();
}

QString CPythonComparison::startNext()
{
    ProgramRequest request;
    request.program = m_program;
    request.python = m_python;
    request.settings = settingsFor(*m_lesson, m_params, m_lesson->variants[m_next], m_listing);
    m_recording = std::make_unique<ProgramRecording>();
    connect(m_recording.get(), &ProgramRecording::finished, this, &CPythonComparison::onVariantRecorded,
            Qt::QueuedConnection); // the recording is dropped in there, not inside its own signal
    return m_recording->start(request);
}

void CPythonComparison::onVariantRecorded()
{
    ProgramOutcome outcome = m_recording->takeOutcome();
    m_recording.reset();
    m_pythonVersion = outcome.pythonVersion;
    const QString variant = QString::fromStdString(m_lesson->variants[m_next]);
    if (!outcome.recorded || outcome.opened.recording.runs.size() != 1) {
        fail(QStringLiteral("%1: %2").arg(variant, outcome.message.isEmpty() ? QStringLiteral("nothing was recorded")
                                                                              : outcome.message));
        return;
    }
    RecordedRun run = std::move(outcome.opened.recording.runs.front());
    run.variant = m_lesson->variants[m_next];
    m_runs.push_back(std::move(run));
    if (!outcome.message.isEmpty())
        m_message = QStringLiteral("%1: %2").arg(variant, outcome.message); // a limit: part of the run
    if (++m_next < m_lesson->variants.size()) {
        if (const QString why = startNext(); !why.isEmpty())
            fail(why);
        return;
    }
    m_dir.reset();
    emit finished();
}

void CPythonComparison::fail(const QString& why)
{
    cancel();
    m_runs.clear();
    m_message = why;
    emit finished();
}

} // namespace loopscope::app
