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
    QLabel window(QStringLiteral("Loopscope"));
    window.setAlignment(Qt::AlignCenter);
    window.resize(800, 600);
    window.show();
    return app.exec();
}
