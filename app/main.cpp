#include "cli.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLabel>

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (loopscope::app::isCliCommand(args)) {
        QCoreApplication app(argc, argv); // headless: no display needed
        return loopscope::app::runCli(args);
    }
    QApplication app(argc, argv);
    // Until the lesson player exists, the window points at what already works.
    QLabel window(QStringLiteral("<h1>Loopscope</h1><p>The interactive lesson player is on its way.</p>"
                                 "<p>From a terminal, <code>loopscope list</code> shows the lessons and "
                                 "<code>loopscope run ID</code> runs one.</p>"));
    window.setWindowTitle(QStringLiteral("Loopscope"));
    window.setAlignment(Qt::AlignCenter);
    window.setMargin(24);
    window.resize(800, 600);
    window.show();
    return app.exec();
}
