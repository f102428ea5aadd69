// The main window's program mode: a Python program of the user's own in the code view (now an
// editor), recorded on CPython by loopscope_recorder in a child process, and shown with every
// view a lesson has. The recording is a Recording like any other; nothing here steps a loop.

#include "mainwindow.h"

#include "programparams.h"
#include "programrecorder.h"
#include "recordingio.h"
#include "transportbar.h"
#include "core/tracequery.h"
#include "ui/codeview.h"
#include "ui/exportfile.h"
#include "ui/lessonbrowser.h"
#include "ui/narrativepane.h"
#include "ui/paramspanel.h"
#include "ui/progressstore.h"
#include "ui/timelineview.h"

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace loopscope::app {

namespace {

// What File → New Program starts from: small, runs at once, and shows a gather.
const char* const kStarterProgram = R"(""" A program of your own: edit it, then Run (Ctrl+R) to record it on CPython. """
import asyncio

# --- parameters ---
n = 3      # how many workers
t = 0.5    # seconds of waiting per step
# --- end parameters ---


async def worker(i):
    print(f"worker {i} starts")
    await asyncio.sleep(t * i)   # each worker waits a little longer than the one before
    print(f"worker {i} is done")
    return i * i


async def main():
    results = await asyncio.gather(*(worker(i) for i in range(1, n + 1)))
    print("all done:", results)


asyncio.run(main())
)";

// The last place a traceback in the printed output points into the program: "File ".../name.py",
// line N". 0 when the output has no traceback of the program.
int failingLine(const Trace& trace, const std::string& programName)
{
    static const QRegularExpression frame(QStringLiteral("File \"([^\"]*)\", line (\\d+)"));
    int found = 0;
    for (const PrintedLine& printed : printedLines(trace)) {
        const QString text = QString::fromStdString(printed.text);
        for (auto it = frame.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            if (QFileInfo(m.captured(1)).fileName() == QString::fromStdString(programName))
                found = m.captured(2).toInt();
        }
    }
    return found;
}

} // namespace

void MainWindow::buildProgramActions(QMenu* file)
{
    auto add = [this, file](const QString& text, const QKeySequence& keys, auto slot) {
        QAction* a = file->addAction(text);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(tr("&New Program"), QKeySequence::New, [this] { newProgram(); });
    add(tr("Open &Python Program…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] { chooseProgramToOpen(); });
    m_saveProgram = add(tr("Save Program &As…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] { chooseWhereToSaveProgram(); });
    m_runProgram = add(tr("&Run Program"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] { runProgram(); });
    add(tr("Python &Interpreter…"), QKeySequence(), [this] { choosePython(); });
}

void MainWindow::updateProgramActions()
{
    m_saveProgram->setEnabled(m_programMode);
    m_runProgram->setEnabled(m_programMode && !isRecordingProgram());
    m_stopLive->setEnabled(m_player->isLive() || isRecordingProgram());
}

bool MainWindow::isRecordingProgram() const
{
    return m_recording && m_recording->isRunning();
}

void MainWindow::newProgram()
{
    if (!keepProgramEdits())
        return;
    enterProgram({}, QStringLiteral("program.py"), QString::fromUtf8(kStarterProgram));
}

void MainWindow::editLessonCopy()
{
    if (!m_lesson || !keepProgramEdits())
        return;
    enterProgram({}, QString::fromStdString(m_lesson->id) + QStringLiteral(".py"), m_document->listing());
}

bool MainWindow::openProgramFile(const QString& path)
{
    const auto refuse = [this, &path](const QString& why) {
        showProblem(tr("Program not opened"), QStringLiteral("programNotOpened"),
                    tr("Cannot open %1: %2").arg(path, why));
        return false;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return refuse(tr("no such file"));
    if (!info.isFile())
        return refuse(tr("it is not a file"));
    if (info.size() > 8 * 1024 * 1024)
        return refuse(tr("%1 bytes is more than a program to watch should be").arg(info.size()));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(file.errorString());
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes)
        return refuse(tr("it is not UTF-8 text"));
    if (!keepProgramEdits())
        return false;
    enterProgram(info.absoluteFilePath(), info.fileName(), text);
    return true;
}

void MainWindow::enterProgram(const QString& path, const QString& name, const QString& text)
{
    if (isRecordingProgram())
        m_recording->stop();
    m_programMode = true;
    m_programPath = path;
    m_programName = name;
    m_lesson = nullptr;
    m_player->clear();
    refreshComparison(); // a program is recorded on CPython already
    m_code->setProgramText(text);
    m_programKnobs.params.clear();
    refreshProgramKnobs();
    m_narrative->setLesson(nullptr, programNarrative());
    m_browser->clearSelection();
    m_transport->liveAction()->setChecked(false);
    m_transport->liveAction()->setToolTip(tr("Live is for lessons; a program records on CPython (Run, Ctrl+R)"));
    updateProgramTitle();
    updateProgramActions();
    m_status->setText(tr("%1: Run (Ctrl+R) records it on CPython.").arg(name));
}

void MainWindow::leaveProgramMode()
{
    if (!m_programMode)
        return;
    if (isRecordingProgram())
        m_recording->stop();
    m_programMode = false;
    m_programPath.clear();
    m_code->leaveProgram();
    updateProgramActions();
}

QString MainWindow::programNarrative() const
{
    const QString interpreter = resolvePython(m_store->python());
    return tr("# %1\n\n"
              "A program of your own. **Run** (Ctrl+R) records it on CPython (`%2`) and shows it like a "
              "lesson: the timeline, the code with each task's line, the loop's insides, the console and "
              "the tasks. Step, rewind, export and save it as you would a lesson.\n\n"
              "By default the recording uses a virtual clock: sleeps take no real time and the same "
              "program gives the same recording every time.\n\n"
              "The program runs as a separate process **with your own rights**, as if you ran it in a "
              "terminal, stopped after 30 s, 30 s of CPU time, 1 GiB of memory, 5 million events or "
              "10 MB of output. **Esc** stops it; what it did until then stays.\n\n"
              "Running saves your edits to the program's file first (a new program runs from a "
              "temporary copy until you save it with Save Program As…).")
        .arg(m_programName.toHtmlEscaped(), interpreter);
}

void MainWindow::updateProgramTitle()
{
    if (!m_programMode)
        return;
    setWindowTitle(tr("%1[*] — Loopscope").arg(m_programName));
    setWindowModified(m_code->document()->isModified());
}

bool MainWindow::keepProgramEdits()
{
    if (!m_programMode || !m_code->document()->isModified())
        return true;
    QMessageBox ask(QMessageBox::Question, tr("Unsaved program"),
                    tr("%1 has changes that are not saved.").arg(m_programName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    ask.setObjectName(QStringLiteral("unsavedProgram"));
    ask.setDefaultButton(QMessageBox::Save);
    switch (ask.exec()) {
    case QMessageBox::Save:
        return m_programPath.isEmpty() ? chooseWhereToSaveProgram() : saveProgramTo(m_programPath).isEmpty();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

QString MainWindow::saveProgramTo(const QString& path)
{
    const QByteArray bytes = m_code->toPlainText().toUtf8();
    if (const QString why = ui::writeExport(path, [&bytes](QIODevice& device) -> QString {
            device.write(bytes);
            return {};
        });
        !why.isEmpty()) {
        showProblem(tr("Program not saved"), QStringLiteral("programNotSaved"), tr("The program was not saved: %1").arg(why));
        return why;
    }
    m_programPath = QFileInfo(path).absoluteFilePath();
    m_programName = QFileInfo(path).fileName();
    m_code->document()->setModified(false);
    updateProgramTitle();
    return {};
}

bool MainWindow::chooseWhereToSaveProgram()
{
    if (!m_programMode)
        return false;
    const QString start = m_programPath.isEmpty() ? QDir::home().filePath(m_programName) : m_programPath;
    QString path = QFileDialog::getSaveFileName(this, tr("Save Program"), start, tr("Python programs (*.py);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".py");
    return saveProgramTo(path).isEmpty();
}

void MainWindow::chooseProgramToOpen()
{
    const QString folder = m_programPath.isEmpty() ? QDir::homePath() : QFileInfo(m_programPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Python Program"), folder,
                                                      tr("Python programs (*.py);;All files (*)"));
    if (!path.isEmpty())
        openProgramFile(path);
}

void MainWindow::choosePython()
{
    bool ok = false;
    const QString current = m_store->python();
    const QString chosen = QInputDialog::getText(
        this, tr("Python Interpreter"),
        tr("The CPython (3.11 or later) that records programs: a path, or empty for python3 on PATH.\n"
           "A virtual environment's python lets programs import what it has installed."),
        QLineEdit::Normal, current, &ok);
    if (!ok)
        return;
    if (!chosen.trimmed().isEmpty()) {
        QString version;
        if (const QString why = checkPython(chosen.trimmed(), version); !why.isEmpty()) {
            showProblem(tr("Interpreter not changed"), QStringLiteral("pythonNotChanged"), why);
            return;
        }
        m_status->setText(tr("Programs will be recorded on Python %1 (%2)").arg(version, chosen.trimmed()));
    }
    m_store->setPython(chosen.trimmed());
    if (m_programMode)
        m_narrative->setLesson(nullptr, programNarrative());
}

void MainWindow::refreshProgramKnobs()
{
    // The block as the editor has it now; the values chosen stay while the knobs are the same.
    std::vector<lessons::ParamSpec> specs = readProgramParameters(m_code->toPlainText()).specs;
    const auto same = [](const lessons::ParamSpec& a, const lessons::ParamSpec& b) {
        return a.name == b.name && a.type == b.type && a.defaultValue == b.defaultValue && a.choices == b.choices;
    };
    if (!m_programKnobs.params.empty() &&
        std::equal(specs.begin(), specs.end(), m_programKnobs.params.begin(), m_programKnobs.params.end(), same))
        return;
    m_programKnobs.id.clear();
    m_programKnobs.title = m_programName.toStdString();
    m_programKnobs.variants = {"main"};
    m_programKnobs.params = std::move(specs);
    m_params->setLesson(&m_programKnobs, lessons::defaultParams(m_programKnobs));
}

void MainWindow::onProgramParamsChanged()
{
    if (m_programMode && !isRecordingProgram())
        runProgram();
}

bool MainWindow::runProgram()
{
    if (!m_programMode || isRecordingProgram())
        return false;
    refreshProgramKnobs();
    QString file = m_programPath;
    if (file.isEmpty()) {
        // An untitled program runs from a private copy; it is saved only when the user says where.
        if (!m_untitledDir || !m_untitledDir->isValid())
            m_untitledDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/loopscope-untitled-XXXXXX"));
        file = m_untitledDir->filePath(m_programName);
        QFile copy(file);
        const QByteArray bytes = m_code->toPlainText().toUtf8();
        if (!copy.open(QIODevice::WriteOnly | QIODevice::Truncate) || copy.write(bytes) != bytes.size()) {
            showProblem(tr("Program not run"), QStringLiteral("programNotRun"),
                        tr("Cannot write a copy of the program to run: %1").arg(copy.errorString()));
            return false;
        }
    } else if (m_code->document()->isModified() && !saveProgramTo(m_programPath).isEmpty()) {
        return false; // the reason is shown; the edits stay in the editor
    }
    if (!m_recording) {
        m_recording = new ProgramRecording(this);
        connect(m_recording, &ProgramRecording::finished, this, &MainWindow::onProgramRecorded);
    }
    ProgramRequest request;
    request.program = file;
    request.python = m_store->python();
    request.settings = parameterAssignments(m_programKnobs.params, m_params->params());
    m_code->setErrorLine(0, {});
    if (const QString why = m_recording->start(request); !why.isEmpty()) {
        showProblem(tr("Program not run"), QStringLiteral("programNotRun"), why);
        return false;
    }
    m_status->setText(tr("Recording %1 on CPython… Esc stops it.").arg(m_programName));
    m_aheadBar->show();
    updateProgramActions();
    return true;
}

void MainWindow::onProgramRecorded()
{
    m_aheadBar->hide();
    ProgramOutcome outcome = m_recording->takeOutcome();
    updateProgramActions();
    if (!m_programMode)
        return; // the user moved on to a lesson meanwhile
    if (!outcome.recorded) {
        showProblem(tr("Program not recorded"), QStringLiteral("programNotRecorded"), outcome.message);
        return;
    }
    Recording recording = std::move(outcome.opened.recording);
    showProgramRecording(std::move(recording));
    const RecordedRun& run = m_player->results().front();
    QString summary = tr("Recorded %1 on Python %2: %3 s, %n event(s)", nullptr, int(run.trace->size()))
                          .arg(m_programName, outcome.pythonVersion)
                          .arg(nsToSeconds(run.total), 0, 'f', 3);
    if (!run.error.empty())
        summary += tr(" · ended with %1").arg(QString::fromStdString(run.error));
    if (!outcome.message.isEmpty())
        summary += QStringLiteral(" · ") + outcome.message;
    m_status->setText(summary);
    emit programRecorded();
}

void MainWindow::showProgramRecording(Recording recording)
{
    m_programInfo = static_cast<const RecordingInfo&>(recording);
    m_player->loadRecording(nullptr, {}, std::move(recording));
    const RecordedRun& run = m_player->results().front();
    const int line = failingLine(*run.trace, m_programInfo.listingName);
    m_code->setErrorLine(line, QString::fromStdString(run.error));
    m_timeline->fit();
    m_document->setCursor(0);
}

void MainWindow::stopProgram()
{
    if (isRecordingProgram()) {
        m_recording->stop();
        m_status->setText(tr("Stopping %1…").arg(m_programName));
    }
}

} // namespace loopscope::app
