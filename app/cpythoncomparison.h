#pragma once
// A lesson's listing recorded on the real CPython, to draw under the lesson's own run: the check
// that the core keeps asyncio's semantics, made visible. Each variant is one recorder run of the
// listing with the current parameters (and the variant) written into its parameters block, one
// after another, through ProgramRecording. Nothing here touches the player; the window hands the
// runs over once all of them are in (or says why they are not).

#include "programrecorder.h"
#include "lessons/lesson.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <string>
#include <vector>

namespace loopscope::app {

class CPythonComparison : public QObject
{
    Q_OBJECT

public:
    explicit CPythonComparison(QObject* parent = nullptr);
    ~CPythonComparison() override;

    // Records every variant of `lesson`'s listing at `params` on `python` (empty: python3 on
    // PATH). A recording still going is dropped first. Returns "" or one line (nothing started).
    QString start(const lessons::Lesson& lesson, const lessons::Params& params, const QString& python);
    // Drops what is going on; no finished() follows.
    void cancel();
    bool isRunning() const { return m_recording != nullptr; }

    // Once finished(): one run per variant, named as the lesson's variants (empty on failure),
    // the interpreter's version, and one line when something was not recorded.
    std::vector<RecordedRun> takeRuns() { return std::move(m_runs); }
    QString pythonVersion() const { return m_pythonVersion; }
    QString message() const { return m_message; }

    // The recorder's --set arguments for a lesson's parameters: every one the listing's own
    // parameters block declares, plus the variant when the lesson has several.
    static QStringList settingsFor(const lessons::Lesson& lesson, const lessons::Params& params,
                                   const std::string& variant, const QString& listing);

signals:
    void finished();

private:
    QString startNext();
    void onVariantRecorded();
    void fail(const QString& why);

    const lessons::Lesson* m_lesson = nullptr;
    lessons::Params m_params;
    QString m_python;
    QString m_listing;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_program;
    std::size_t m_next = 0;
    std::unique_ptr<ProgramRecording> m_recording;
    std::vector<RecordedRun> m_runs;
    QString m_pythonVersion;
    QString m_message;
};

} // namespace loopscope::app
