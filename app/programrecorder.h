#pragma once
// Recording a user's Python program: runs recorder/loopscope_recorder on a CPython in a child
// process of its own (its own session, so Stop ends the program and everything it started at
// once), with the user's rights and the limits below, then opens the recording it wrote. The
// window and the command line both go through here.
//
// The recorder enforces the limits itself and writes what it recorded before it stops; this side
// only keeps a backstop: a child still alive a few seconds past its wall-time limit (stuck in C
// code, ignoring signals) is killed, and the user is told nothing could be saved.

#include "recordingio.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace loopscope::app {

// What a recorded program may use; 0 switches a limit off. The defaults suit a classroom machine.
struct RecorderLimits
{
    double wallSeconds = 30;
    double cpuSeconds = 30;
    qint64 memoryMiB = 1024;
    qint64 events = 5'000'000;
    qint64 outputBytes = 10'000'000;
};

struct ProgramRequest
{
    QString program;  // the .py file
    QStringList args; // its own arguments
    // "name=value" for its `# --- parameters ---` block (app/programparams.h); the recorder writes
    // each into its line before the program runs, and records the program as it ran.
    QStringList settings;
    QString python;   // the interpreter; empty: python3 on PATH
    bool realTime = false;
    RecorderLimits limits;
};

struct ProgramOutcome
{
    bool recorded = false;   // `opened` holds the recording
    OpenedRecording opened;
    QString pythonVersion;   // "3.11.2"
    int exitStatus = 0;      // the recorder's: the program's own, 3 for a limit, 1 for a crash
    // One line, empty when the program simply ended: a limit, a deadlock, a crash, a stop, or why
    // nothing was recorded.
    QString message;
};

// The folder holding the loopscope_recorder package: $LOOPSCOPE_RECORDER_DIR, the installed
// share folder beside the binary, or the source tree this binary was built from. Empty if none.
QString recorderDirectory();

// The interpreter a request runs: `python`, or python3 found on PATH.
QString resolvePython(const QString& python);

// Checks that `python` runs and is CPython 3.11 or later; returns "" and its version, or one line.
QString checkPython(const QString& python, QString& version);

// Reads one recorder option of the command line (`--python PATH`, `--real-time`, `--max-wall S`,
// `--max-cpu S`, `--max-memory MIB`, `--max-events N`, `--max-output BYTES`) at args[i] into
// `request`, moving `i` past its value. Returns false if args[i] is not one; `error` receives the
// one-line problem when it is one with a bad value.
bool takeRecorderOption(const QStringList& args, int& i, ProgramRequest& request, QString& error);
// The options above, for usage lines.
QString recorderOptionsUsage();

// Checks a request before anything runs (program readable, interpreter usable, recorder found).
// Returns "" or one line; `version` receives the interpreter's version.
QString checkRequest(const ProgramRequest& request, QString& version);

class ProgramRecording : public QObject
{
    Q_OBJECT

public:
    explicit ProgramRecording(QObject* parent = nullptr);
    ~ProgramRecording() override; // a recorder still running is ended with its whole group

    // Checks the request, then starts the recorder. Returns "" or one line (nothing started).
    QString start(const ProgramRequest& request);
    bool isRunning() const;
    // Ends the program: SIGTERM to its process group (the recorder then writes what it has), and
    // SIGKILL if it is still there after a grace period.
    void stop();
    // For the command line, which has no event loop running: waits up to `ms`, enforcing the
    // backstop. True once the recorder has ended and the outcome is ready.
    bool waitForFinished(int ms);
    // Seconds since the program started.
    double elapsedSeconds() const;
    // The outcome, once finished() was emitted (or waitForFinished returned true).
    ProgramOutcome takeOutcome();

signals:
    void finished();

private:
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void enforceBackstop();
    void signalGroup(int signal);
    void drain();

    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_output;
    ProgramRequest m_request;
    ProgramOutcome m_outcome;
    QByteArray m_stderrTail;
    QElapsedTimer m_clock;
    QTimer m_backstop;
    qint64 m_pid = 0;
    qint64 m_termSentMs = -1;
    bool m_stopped = false;
    bool m_killed = false;
    bool m_done = false;
};

} // namespace loopscope::app
