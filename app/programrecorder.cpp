#include "programrecorder.h"

#include "core/numtext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <csignal>
#include <functional>

#include <sys/types.h>
#include <unistd.h>

namespace loopscope::app {

namespace {

constexpr auto kPrefix = "loopscope-recorder: ";
// How long past its wall-time limit a recorder may take to write what it has and exit, and how
// long after a Stop before the group is killed outright.
constexpr qint64 kBackstopGraceMs = 5000;
constexpr qint64 kStopGraceMs = 3000;
// Only the end of the recorder's standard error is kept: its last line says how the run ended.
constexpr qsizetype kStderrTailBytes = 64 * 1024;

bool hasRecorderPackage(const QString& dir)
{
    return !dir.isEmpty() && QFileInfo::exists(dir + QStringLiteral("/loopscope_recorder/__main__.py"));
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

// The last line the recorder wrote about the run itself; its "wrote FILE" summary is not news.
QString recorderMessage(const QByteArray& stderrTail)
{
    const QList<QByteArray> lines = stderrTail.split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const QString line = QString::fromUtf8(*it).trimmed();
        if (!line.startsWith(QLatin1String(kPrefix)))
            continue;
        const QString text = line.mid(int(qstrlen(kPrefix)));
        if (text.startsWith(QLatin1String("wrote ")))
            continue;
        return text;
    }
    return {};
}

} // namespace

QString recorderDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("LOOPSCOPE_RECORDER_DIR");
    if (!fromEnvironment.isEmpty())
        return hasRecorderPackage(fromEnvironment) ? fromEnvironment : QString();
    const QString installed =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/loopscope/recorder"));
    if (hasRecorderPackage(installed))
        return installed;
#ifdef LOOPSCOPE_SOURCE_RECORDER
    const QString source = QStringLiteral(LOOPSCOPE_SOURCE_RECORDER);
    if (hasRecorderPackage(source))
        return source;
#endif
    return {};
}

QString resolvePython(const QString& python)
{
    if (!python.isEmpty())
        return python;
    const QString found = QStandardPaths::findExecutable(QStringLiteral("python3"));
    return found.isEmpty() ? QStringLiteral("python3") : found;
}

QString checkPython(const QString& python, QString& version)
{
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"),
                         QStringLiteral("import sys, platform; print(platform.python_implementation(), "
                                        "'%d.%d.%d' % sys.version_info[:3])")});
    if (!probe.waitForStarted(10000))
        return QStringLiteral("cannot start Python '%1': %2; install python3 or choose another interpreter")
            .arg(python, probe.errorString());
    if (!probe.waitForFinished(20000)) {
        probe.kill();
        probe.waitForFinished(1000);
        return QStringLiteral("Python '%1' did not answer within 20 s").arg(python);
    }
    const QStringList words = QString::fromUtf8(probe.readAllStandardOutput()).trimmed().split(QLatin1Char(' '));
    if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0 || words.size() != 2)
        return QStringLiteral("'%1' does not run as Python 3").arg(python);
    version = words[1];
    const QStringList parts = version.split(QLatin1Char('.'));
    const int major = parts.value(0).toInt(), minor = parts.value(1).toInt();
    if (words[0] != QLatin1String("CPython") || major != 3 || minor < 11)
        return QStringLiteral("'%1' is %2 %3; recording needs CPython 3.11 or later").arg(python, words[0], version);
    return {};
}

bool takeRecorderOption(const QStringList& args, int& i, ProgramRequest& request, QString& error)
{
    const QString& a = args[i];
    if (a == QLatin1String("--real-time")) {
        request.realTime = true;
        return true;
    }
    struct Limit
    {
        const char* name;
        double max;
        std::function<void(double)> set;
        bool whole;
    };
    RecorderLimits& l = request.limits;
    const Limit limits[] = {
        {"--max-wall", 86400, [&l](double v) { l.wallSeconds = v; }, false},
        {"--max-cpu", 86400, [&l](double v) { l.cpuSeconds = v; }, false},
        {"--max-memory", 1 << 24, [&l](double v) { l.memoryMiB = qint64(v); }, true},
        {"--max-events", 1e10, [&l](double v) { l.events = qint64(v); }, true},
        {"--max-output", 1e13, [&l](double v) { l.outputBytes = qint64(v); }, true},
    };
    const bool python = a == QLatin1String("--python");
    const Limit* limit = nullptr;
    for (const Limit& candidate : limits)
        if (a == QLatin1String(candidate.name))
            limit = &candidate;
    if (!python && !limit)
        return false;
    if (i + 1 >= args.size()) {
        error = QStringLiteral("%1 needs a value").arg(a);
        return true;
    }
    const QString value = args[++i];
    if (python) {
        request.python = value;
        return true;
    }
    const auto v = parseNumber(value.toStdString());
    if (!v || *v < 0 || *v > limit->max || (limit->whole && *v != double(qint64(*v))))
        error = QStringLiteral("%1 wants %2 from 0 (no limit) to %3; got '%4'")
                    .arg(a, limit->whole ? QStringLiteral("a whole number") : QStringLiteral("a number"),
                         QString::number(limit->max, 'g', 12), value);
    else
        limit->set(*v);
    return true;
}

QString recorderOptionsUsage()
{
    return QStringLiteral("[--real-time] [--python PATH] [--max-wall SECONDS] [--max-cpu SECONDS] [--max-memory MIB] "
                          "[--max-events N] [--max-output BYTES]");
}

QString checkRequest(const ProgramRequest& request, QString& version)
{
    const QFileInfo program(request.program);
    if (!program.exists())
        return QStringLiteral("no such program: %1").arg(request.program);
    if (program.isDir())
        return QStringLiteral("%1 is a folder, not a Python program").arg(request.program);
    if (!program.isReadable())
        return QStringLiteral("cannot read %1: permission denied").arg(request.program);
    if (recorderDirectory().isEmpty())
        return QStringLiteral("the recorder (loopscope_recorder) is not installed beside Loopscope; "
                              "set LOOPSCOPE_RECORDER_DIR to the folder that holds it");
    const RecorderLimits& l = request.limits;
    if (l.wallSeconds < 0 || l.cpuSeconds < 0 || l.memoryMiB < 0 || l.events < 0 || l.outputBytes < 0)
        return QStringLiteral("limits cannot be negative (0 switches one off)");
    return checkPython(resolvePython(request.python), version);
}

ProgramRecording::ProgramRecording(QObject* parent)
    : QObject(parent)
{
    m_backstop.setInterval(200);
    connect(&m_backstop, &QTimer::timeout, this, &ProgramRecording::enforceBackstop);
}

ProgramRecording::~ProgramRecording()
{
    if (isRunning()) {
        signalGroup(SIGKILL);
        m_process->waitForFinished(2000);
    }
}

QString ProgramRecording::start(const ProgramRequest& request)
{
    if (isRunning())
        return QStringLiteral("a program is being recorded already");
    m_request = request;
    m_outcome = {};
    m_stderrTail.clear();
    m_stopped = m_killed = m_done = false;
    m_termSentMs = -1;
    if (const QString why = checkRequest(request, m_outcome.pythonVersion); !why.isEmpty())
        return why;

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/loopscope-program-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot make a temporary folder for the recording: %1").arg(m_dir->errorString());
    m_output = m_dir->filePath(QStringLiteral("program.loopscope"));

    const QFileInfo program(request.program);
    const RecorderLimits& l = request.limits;
    // -P (Python 3.11+, checked above): the program's own folder is not searched for modules, so a
    // file there named loopscope_recorder.py or asyncio.py cannot stand in for the recorder's.
    QStringList args{QStringLiteral("-P"), QStringLiteral("-m"), QStringLiteral("loopscope_recorder"), QStringLiteral("-o"), m_output};
    if (request.realTime)
        args << QStringLiteral("--real-time");
    for (const QString& setting : request.settings)
        args << QStringLiteral("--set") << setting;
    args << QStringLiteral("--max-wall") << number(l.wallSeconds) << QStringLiteral("--max-cpu") << number(l.cpuSeconds)
         << QStringLiteral("--max-memory") << QString::number(l.memoryMiB) << QStringLiteral("--max-events")
         << QString::number(l.events) << QStringLiteral("--max-output") << QString::number(l.outputBytes)
         << QStringLiteral("--") << program.absoluteFilePath() << request.args;

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString path = env.value(QStringLiteral("PYTHONPATH"));
    env.insert(QStringLiteral("PYTHONPATH"), path.isEmpty() ? recorderDirectory()
                                                            : recorderDirectory() + QLatin1Char(':') + path);
    // The same program gives the same recording: sets and dicts keyed by strings iterate alike.
    if (!env.contains(QStringLiteral("PYTHONHASHSEED")))
        env.insert(QStringLiteral("PYTHONHASHSEED"), QStringLiteral("0"));
    env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1")); // the recorder may sit in /usr

    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(env);
    m_process->setWorkingDirectory(program.absolutePath());
    m_process->setStandardInputFile(QProcess::nullDevice());
    // A session of its own: Stop reaches the program and every process it started, and a Ctrl+C
    // in the terminal reaches Loopscope, which stops the recording in order.
    m_process->setChildProcessModifier([] { ::setsid(); });
    connect(m_process.get(), &QProcess::readyReadStandardError, this, &ProgramRecording::drain);
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &ProgramRecording::drain);
    connect(m_process.get(), &QProcess::finished, this, &ProgramRecording::onProcessFinished);
    m_process->start(resolvePython(request.python), args);
    if (!m_process->waitForStarted(10000)) {
        const QString why = m_process->errorString();
        m_process.reset();
        return QStringLiteral("cannot start Python: %1").arg(why);
    }
    m_pid = m_process->processId();
    m_clock.start();
    m_backstop.start();
    return {};
}

bool ProgramRecording::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void ProgramRecording::signalGroup(int signal)
{
    if (m_pid > 0)
        ::kill(-pid_t(m_pid), signal); // the group: the program's own children too
}

void ProgramRecording::stop()
{
    if (!isRunning() || m_stopped)
        return;
    m_stopped = true;
    m_termSentMs = m_clock.elapsed();
    signalGroup(SIGTERM);
}

void ProgramRecording::enforceBackstop()
{
    if (!isRunning())
        return;
    const qint64 now = m_clock.elapsed();
    const double wall = m_request.limits.wallSeconds;
    if (m_termSentMs < 0 && wall > 0 && now > qint64(wall * 1000) + kBackstopGraceMs) {
        m_termSentMs = now;
        signalGroup(SIGTERM);
    } else if (m_termSentMs >= 0 && now - m_termSentMs > kStopGraceMs && !m_killed) {
        m_killed = true;
        signalGroup(SIGKILL);
    }
}

void ProgramRecording::drain()
{
    // The program's own output is in the recording; only the recorder's last words matter here.
    m_process->readAllStandardOutput();
    m_stderrTail += m_process->readAllStandardError();
    if (m_stderrTail.size() > kStderrTailBytes)
        m_stderrTail = m_stderrTail.right(kStderrTailBytes);
}

bool ProgramRecording::waitForFinished(int ms)
{
    if (m_done)
        return true;
    if (!m_process)
        return false;
    enforceBackstop();
    m_process->waitForFinished(ms); // emits finished(), which completes the outcome
    return m_done;
}

double ProgramRecording::elapsedSeconds() const
{
    return m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0.0;
}

void ProgramRecording::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    m_backstop.stop();
    drain();
    m_outcome.exitStatus = status == QProcess::NormalExit ? exitCode : 1;
    m_outcome.message = recorderMessage(m_stderrTail);
    if (QFileInfo::exists(m_output)) {
        OpenedRecording opened;
        if (const QString why = openRecording(m_output, opened); why.isEmpty() && opened.isProgram()) {
            m_outcome.recorded = true;
            m_outcome.opened = std::move(opened);
        } else if (m_outcome.message.isEmpty()) {
            m_outcome.message = QStringLiteral("the recorder wrote a file Loopscope cannot read (%1); please report it").arg(why);
        }
    }
    if (!m_outcome.recorded) {
        QString why;
        if (m_killed)
            why = QStringLiteral("the program did not stop when asked and was killed");
        else if (status == QProcess::CrashExit)
            why = QStringLiteral("the Python process crashed");
        if (!why.isEmpty())
            m_outcome.message = why + QStringLiteral("; nothing was recorded");
        else if (m_outcome.message.isEmpty())
            m_outcome.message = QStringLiteral("the recorder ended (status %1) without writing a recording").arg(exitCode);
    } else if (m_outcome.message.isEmpty() && m_stopped) {
        m_outcome.message = QStringLiteral("stopped after %1 s; what was recorded until then is shown")
                                .arg(elapsedSeconds(), 0, 'f', 1);
    }
    m_done = true;
    m_dir.reset(); // the recording is in memory now
    emit finished();
}

ProgramOutcome ProgramRecording::takeOutcome()
{
    return std::move(m_outcome);
}

} // namespace loopscope::app
