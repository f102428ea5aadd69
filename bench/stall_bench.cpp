// Does the window stay responsive while a big run is recorded (issue 13)? real-world-io at
// n = 100,000 starts with one loop iteration of 100,000 ready handles. The bench opens it in the
// real main window (offscreen), lets the player run ahead by itself past t = 0, then presses End,
// and prints the longest time the Qt event loop went without a turn, and how many gaps passed
// 100 ms.
// A figure to watch, never a verdict: benchmarks do not fail a build.

#include "app/hugepages.h"
#include "app/mainwindow.h"
#include "app/player.h"
#include "ui/paramspanel.h"
#include "ui/rundocument.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <vector>

using namespace loopscope;

namespace {

// Time between turns of the Qt event loop, sampled by a zero-interval timer (it fires once per
// turn): the longest gap is the longest the window could not answer.
class TurnGaps
{
public:
    TurnGaps()
    {
        m_timer.setInterval(0);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_gapsMs.push_back(double(now - m_last) / 1e6);
            m_last = now;
        });
    }
    // The first gap runs from here: work done before the loop turns again (a synchronous load)
    // counts.
    void start()
    {
        m_gapsMs.clear();
        m_last = 0;
        m_clock.start();
        m_timer.start();
    }
    // The last gap runs to here.
    void stop()
    {
        m_timer.stop();
        m_gapsMs.push_back(double(m_clock.nsecsElapsed() - m_last) / 1e6);
    }
    void print(const char* what) const
    {
        std::vector<double> g = m_gapsMs;
        if (g.empty()) {
            std::printf("%-34s no turns measured\n", what);
            return;
        }
        std::sort(g.begin(), g.end());
        const auto over = std::count_if(g.begin(), g.end(), [](double v) { return v > 100.0; });
        std::printf("%-34s %8.1f ms in all  longest gap %7.1f ms  p99 %6.1f ms  gaps over 100 ms: %lld of %zu\n",
                    what, double(m_clock.nsecsElapsed()) / 1e6, g.back(), g[g.size() * 99 / 100], (long long)over,
                    g.size());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gapsMs;
};

// Turns the Qt event loop until `done` or `seconds` have passed.
template<typename Done>
bool spinUntil(Done done, int seconds)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > qint64(seconds) * 1000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    // As the app's window does (app/hugepages.h).
    app::restartWithHugePages(argv);
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    // Qt has just set the C library's locale from the environment; figures print with a point.
    std::setlocale(LC_NUMERIC, "C");

    const QString settings = QDir::temp().filePath(QStringLiteral("loopscope-stall-bench.ini"));
    QFile::remove(settings);
    app::MainWindow w(settings);
    w.resize(1920, 1080);
    w.show();
    if (!w.openLesson(QStringLiteral("real-world-io"))) {
        std::fprintf(stderr, "cannot open real-world-io\n");
        return 1;
    }
    auto* n = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_n"));
    if (!n) {
        std::fprintf(stderr, "real-world-io has no n\n");
        return 1;
    }

    bool ahead = false;
    QObject::connect(&w.player(), &app::Player::runningAhead, [&](bool a, TimeNs) { ahead = a; });

    TurnGaps gaps;
    gaps.start();
    n->setValue(100000);
    w.paramsPanel()->flush();
    // The run goes on by itself, a slice per turn, until the moment shown (t = 0) is recorded:
    // that takes the iteration in which 100,000 tasks take their first step.
    const auto pastStart = [&] {
        const ui::RunDocument& d = w.document();
        if (d.params().integer("n") != 100000 || ahead)
            return false;
        for (int i = 0; i < d.variantCount(); ++i) {
            const Trace* t = d.variant(i).trace;
            if (!t || t->size() == 0 || ((*t)[t->size() - 1].t == 0 && !d.variant(i).finished))
                return false;
        }
        return true;
    };
    if (!spinUntil(pastStart, 600)) {
        std::fprintf(stderr, "the run did not get past t = 0 within 600 s\n");
        return 1;
    }
    gaps.stop();
    gaps.print("n=100000, running ahead alone");

    // End: every variant recorded to its end, the cursor there.
    gaps.start();
    w.player().toEnd();
    if (!spinUntil([&] { return w.player().complete() && !ahead; }, 600)) {
        std::fprintf(stderr, "End did not get there within 600 s\n");
        return 1;
    }
    gaps.stop();
    gaps.print("End (the rest of the run)");

    QFile::remove(settings);
    return 0;
}
