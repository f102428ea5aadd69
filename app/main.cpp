#include "cli.h"
#include "exportcli.h"
#include "hugepages.h"
#include "livelesson.h"
#include "mainwindow.h"
#include "recordingio.h"
#include "translations.h"
#include "version.h"
#include "ui/theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>

#include <unistd.h>

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i) {
        args << QString::fromLocal8Bit(argv[i]);
        // Qt reads arguments as UTF-8: other bytes would quietly become another name.
        if (args.last().toLocal8Bit() != QByteArray(argv[i])) {
            std::fprintf(stderr, "loopscope: argument %d has bytes that are not UTF-8; rename the file or choose another name\n", i);
            return 2;
        }
    }
    if (args.size() == 1 && args.first() == QLatin1String("--version")) {
        std::puts(loopscope::app::versionReport().toUtf8().constData());
        return 0;
    }
    if (loopscope::app::isCliCommand(args)) {
        QCoreApplication app(argc, argv); // headless: no display needed
        return loopscope::app::runCli(args);
    }

    if (!args.isEmpty() && args.first() == QLatin1String("export")) {
        // Painting needs a GUI application, not a display: without one, draw offscreen.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Without a login session Qt would warn about a missing runtime folder on every run,
        // burying the one line an error deserves: give it a private one.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QString dir = QDir::tempPath() + QStringLiteral("/loopscope-runtime-") + QString::number(getuid());
            QDir().mkpath(dir);
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
        }
        QApplication app(argc, argv);
        return loopscope::app::runExport(args.mid(1));
    }

    QString lesson, theme, recording;
    double at = -1;
    bool presentation = false, live = false, cpython = false;
    for (int i = 0; i < args.size(); ++i) {
        if (i == 0 && args[i] == QLatin1String("open")) {
            // `loopscope open FILE`: the window, showing a saved recording. Checked before the
            // window appears, so a wrong file costs one line and exit status 2.
            if (args.size() < 2 || args[1].startsWith(QLatin1String("--"))) {
                std::fputs("loopscope: usage: loopscope open FILE|PROGRAM.py [--theme NAME] [--at SECONDS] [--presentation]\n", stderr);
                return 2;
            }
            recording = args[++i];
            // A Python program opens in the editor, to be recorded on CPython from there.
            if (!recording.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)) {
                loopscope::app::OpenedRecording probe;
                if (const QString why = loopscope::app::openRecording(recording, probe); !why.isEmpty()) {
                    std::fprintf(stderr, "loopscope: %s\n", why.toUtf8().constData());
                    return 2;
                }
            } else if (!QFileInfo(recording).isFile()) {
                std::fprintf(stderr, "loopscope: no such program: %s\n", recording.toUtf8().constData());
                return 2;
            }
        } else if (i == 0 && !args[i].startsWith(QLatin1Char('-')) && QFileInfo(args[i]).isFile()) {
            // `loopscope FILE`, as a file manager or the menu entry starts it: the same as open.
            recording = args[i];
            if (!recording.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)) {
                loopscope::app::OpenedRecording probe;
                if (const QString why = loopscope::app::openRecording(recording, probe); !why.isEmpty()) {
                    std::fprintf(stderr, "loopscope: %s\n", why.toUtf8().constData());
                    return 2;
                }
            }
        } else if (i == 0 && (args[i].endsWith(QLatin1String(".loopscope")) || args[i].endsWith(QLatin1String(".py")))) {
            std::fprintf(stderr, "loopscope: no such file: %s\n", args[i].toUtf8().constData());
            return 2;
        } else if (args[i] == QLatin1String("--lesson") && i + 1 < args.size()) {
            lesson = args[++i];
        } else if (args[i] == QLatin1String("--theme") && i + 1 < args.size()) {
            theme = args[++i];
            if (!loopscope::ui::Theme::byId(theme)) {
                std::fprintf(stderr, "loopscope: unknown theme '%s'; themes: light, dark, contrast, print\n",
                             qPrintable(theme));
                return 2;
            }
        } else if (args[i] == QLatin1String("--at") && i + 1 < args.size()) {
            const auto seconds = loopscope::app::numberArg(args[++i], 0, 1e9);
            if (!seconds) {
                std::fprintf(stderr, "loopscope: --at wants a time in seconds from 0 to 1e9; got '%s'\n",
                             args[i].toUtf8().constData());
                return 2;
            }
            at = *seconds;
        } else if (args[i] == QLatin1String("--presentation")) {
            presentation = true;
        } else if (args[i] == QLatin1String("--live")) {
            live = true;
        } else if (args[i] == QLatin1String("--cpython")) {
            cpython = true;
        } else if (args[i] == QLatin1String("--help") || args[i] == QLatin1String("-h")) {
            std::puts("usage: loopscope [--lesson ID] [--live] [--cpython] [--at SECONDS] [--theme light|dark|contrast|print] [--presentation]\n"
                      "       loopscope open FILE|PROGRAM.py [--at SECONDS] [--theme NAME] [--presentation]  (or loopscope FILE)\n"
                      "       loopscope list [--json]\n"
                      "       loopscope run ID [--set NAME=VALUE]... [--variant NAME] [--live] [--json] [--save FILE]\n"
                      "       loopscope show FILE [--json]\n"
                      "       loopscope record PROGRAM.py [--real-time] [--python PATH] [--save FILE] [--json] [--max-wall SECONDS] "
                      "[--max-cpu SECONDS] [--max-memory MIB] [--max-events N] [--max-output BYTES] [-- ARGS...]\n"
                      "       loopscope export ID --format png|svg|pdf|trace|gif|mp4|webm --out FILE|- [options]  (see loopscope export --help)\n"
                      "       loopscope export --recording FILE --format png|svg|pdf|trace|gif|mp4|webm --out FILE|- [options]\n"
                      "       loopscope --version\n"
                      "--cpython draws the lesson's listing recorded on CPython under its run (Play → Compare with CPython).");
            return 0;
        } else {
            std::fprintf(stderr, "loopscope: unexpected argument '%s'; usage: loopscope [--lesson ID] | open | list | run | show | export "
                                 "(loopscope --help lists the options)\n",
                         args[i].toUtf8().constData());
            return 2;
        }
    }
    const loopscope::lessons::Lesson* chosen = lesson.isEmpty() ? nullptr : loopscope::lessons::findLesson(lesson.toStdString());
    if (!lesson.isEmpty() && !chosen) {
        std::fprintf(stderr, "loopscope: unknown lesson '%s'; `loopscope list` shows the lessons\n", qPrintable(lesson));
        return 2;
    }
    if (!recording.isEmpty() && (!lesson.isEmpty() || live)) {
        std::fputs("loopscope: open FILE shows a recording; --lesson and --live start a lesson instead, choose one\n", stderr);
        return 2;
    }
    if (cpython && (live || !recording.isEmpty())) {
        std::fputs("loopscope: --cpython compares a lesson's virtual run; it does not go with --live or open\n", stderr);
        return 2;
    }
    if (live && (!chosen || !chosen->live)) {
        std::fprintf(stderr, "loopscope: --live needs --lesson with one of: %s\n",
                     loopscope::app::liveLessonIds().c_str());
        return 2;
    }

    // The window's process runs big lessons step by step while it draws: its heap goes on huge
    // pages (hugepages.h). Once the arguments are known to be good, before Qt starts.
    loopscope::app::restartWithHugePages(argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Loopscope"));
    QApplication::setOrganizationName(QStringLiteral("Loopscope"));
    QApplication::setApplicationVersion(loopscope::app::loopscopeVersion());
    // The desktop entry's id: docks and task bars match the window to the menu entry by it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.loopscope.Loopscope"));
    loopscope::app::installTranslations();
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.loopscope.Loopscope"),
                                                 QIcon(QStringLiteral(":/icons/loopscope.svg"))));
    loopscope::app::MainWindow window;
    window.showAtStart();
    const bool opened = !recording.isEmpty() && (recording.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)
                                                     ? window.openProgramFile(recording)
                                                     : window.openRecordingFile(recording));
    if (!opened)
        window.openLesson(!lesson.isEmpty() ? lesson : window.lastLessonOr(QStringLiteral("event-loop")));
    if (!theme.isEmpty())
        window.setTheme(*loopscope::ui::Theme::byId(theme));
    if (at >= 0)
        window.player().seek(loopscope::secondsToNs(at));
    if (presentation)
        window.setPresentationMode(true);
    if (live)
        window.setLive(true);
    if (cpython)
        window.setComparing(true);
    return app.exec();
}
