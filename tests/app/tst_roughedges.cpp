// The rough edges a new user hit in the window, one test each, offscreen: a short run's answers,
// the status bar after a lesson change, verdicts after a re-run, number boxes that refuse out loud,
// right and wrong answers told apart and kept across a restart with a score, panes that come back
// after a tiny window, Reset Layout, the F1 sheet's size, the code view showing the run's values
// without shifting sideways, the variant the one-variant panes show, and a big run that goes on by
// itself until it is shown.

#include "app/mainwindow.h"
#include "lessons/lesson.h"
#include "lessons/session.h"
#include "ui/anatomyview.h"
#include "ui/codeview.h"
#include "ui/lessonbrowser.h"
#include "ui/narrativepane.h"
#include "ui/paramspanel.h"
#include "ui/plotview.h"
#include "ui/timelinerenderer.h"
#include "ui/timelinescene.h"
#include "ui/timelineview.h"
#include "ui/rundocument.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QRegularExpression>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTest>
#include <QTimer>
#include <QTreeWidgetItem>

using namespace loopscope;
using namespace loopscope::app;

namespace {

QLabel* statusLabel(MainWindow& w)
{
    return w.statusBar()->findChild<QLabel*>();
}

QDockWidget* dock(MainWindow& w, const char* name)
{
    return w.findChild<QDockWidget*>(QLatin1String(name));
}

QAction* menuAction(MainWindow& w, const QString& text)
{
    for (QAction* a : w.menuBar()->findChildren<QAction*>())
        if (a->text() == text)
            return a;
    return nullptr;
}

void setParam(MainWindow& w, const char* name, int value)
{
    auto* box = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_") + QLatin1String(name));
    QVERIFY(box);
    box->setValue(value);
    w.paramsPanel()->flush();
}

void setChoice(MainWindow& w, const char* name, const QString& value)
{
    auto* box = w.paramsPanel()->findChild<QComboBox*>(QStringLiteral("param_") + QLatin1String(name));
    QVERIFY(box);
    box->setCurrentText(value);
}

} // namespace

class TestRoughEdges : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    QString freshSettings() { return m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_files)); }

private slots:
    // #2: from a parameter's number box Space plays and pauses and Esc hands the keys back to the
    // timeline; a choice clicked with the mouse leaves the keys with the timeline.
    void playerKeysReachThePlayerFromTheParameters()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto* view = w.findChild<ui::TimelineView*>();
        auto* k = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_k"));
        QVERIFY(view && k);
        w.player().reset();
        k->setFocus();
        QTRY_VERIFY(k->hasFocus());
        QVERIFY(!w.player().isPlaying());
        QTest::keyClick(k, Qt::Key_Space);
        QVERIFY(w.player().isPlaying());
        QTest::keyClick(k, Qt::Key_Space);
        QVERIFY(!w.player().isPlaying());
        QCOMPARE(k->text(), QStringLiteral("2"));
        // A value typed and not entered is taken before playing.
        k->selectAll();
        QTest::keyClicks(k, QStringLiteral("3"));
        QTest::keyClick(k, Qt::Key_Space);
        QCOMPARE(w.document().params().integer("k"), std::int64_t(3));
        QVERIFY(w.player().isPlaying());
        w.player().pause();
        // Esc leaves the box for the timeline, where Right steps.
        QTest::keyClick(k, Qt::Key_Escape);
        QTRY_VERIFY(view->hasFocus());
        const std::size_t before = w.document().cursorEvent();
        QTest::keyClick(view, Qt::Key_Right);
        QTRY_VERIFY(w.document().cursorEvent() > before);

        // A choice made with the mouse: the timeline keeps the keys.
        QVERIFY(w.openLesson(QStringLiteral("coroutines-are-lazy")));
        auto* mode = w.paramsPanel()->findChild<QComboBox*>(QStringLiteral("param_mode"));
        QVERIFY(mode);
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        QTest::mouseClick(mode, Qt::LeftButton);
        QTRY_VERIFY(mode->view()->isVisible());
        QTest::keyClick(mode->view(), Qt::Key_Down);
        QTest::keyClick(mode->view(), Qt::Key_Return);
        QTRY_VERIFY(!mode->view()->isVisible());
        QCOMPARE(mode->currentIndex(), 1);
        QTRY_VERIFY(view->hasFocus());
    }

    // #11: stepping event by event through t = 0, where both tasks take their permits, the permits
    // lane says at each event what "Inside the loop" says, not the value the instant ends with.
    void aCounterLaneAgreesWithTheLoopPaneWithinAnInstant()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        QCOMPARE(w.document().params().integer("k"), std::int64_t(2));
        auto* view = w.findChild<ui::TimelineView*>();
        auto* anatomy = w.findChild<ui::AnatomyView*>();
        QVERIFY(view && anatomy);
        const auto permitsLane = [&]() -> QString {
            QAccessibleInterface* chart = QAccessible::queryAccessibleInterface(view);
            for (int i = 0; chart && i < chart->childCount(); ++i)
                if (chart->child(i)->text(QAccessible::Name).contains(QStringLiteral("permits in use")))
                    return chart->child(i)->text(QAccessible::Value);
            return {};
        };
        const QRegularExpression inUse(QStringLiteral("(\\d+) of 2 in use"));
        w.player().reset();
        QSet<int> seen;
        for (int step = 0; step < 200 && w.document().cursorTime() == 0; ++step) {
            const QRegularExpressionMatch pane = inUse.match(anatomy->summary());
            QVERIFY2(pane.hasMatch(), qPrintable(anatomy->summary()));
            const QString lane = permitsLane();
            const QString paneValue = pane.captured(1);
            // Before its first change the lane has no value to say; the pane says 0 then.
            const QString laneValue = lane.contains(QLatin1Char(':')) ? lane.section(QStringLiteral(": "), -1) : QStringLiteral("0");
            QVERIFY2(laneValue == paneValue, qPrintable(QStringLiteral("event %1: lane \"%2\", pane \"%3 of 2 in use\"")
                                                            .arg(w.document().cursorEvent()).arg(lane, paneValue)));
            // The painted label reads the same value.
            const ui::RenderOptions options = view->renderOptions();
            for (int lanei = 0; lanei < view->scenes()[0]->laneCount(); ++lanei) {
                const ui::Lane& l = view->scenes()[0]->lane(lanei);
                if (l.kind == ui::LaneKind::Counter && QString::fromStdString(l.label).contains(QStringLiteral("permits")))
                    QCOMPARE(ui::TimelineRenderer::counterAtMoment(l, 0, options), std::int64_t(paneValue.toInt()));
            }
            seen.insert(paneValue.toInt());
            w.player().stepForward(StepKind::Event);
        }
        // The instant really goes from none in use to both, so the lane was checked part way.
        QVERIFY(seen.contains(0) && seen.contains(1) && seen.contains(2));
    }

    // #1: a run that ends while it loads (coroutines-are-lazy takes no time) still gives answers.
    void checkIsReadyForARunThatEndsAsItLoads()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("coroutines-are-lazy")));
        auto* pane = w.findChild<ui::NarrativePane*>();
        auto* check = w.findChild<QPushButton*>(QStringLiteral("checkPredictions"));
        QVERIFY(w.player().complete());
        QVERIFY(pane->hasAnswers());
        QVERIFY(check->isEnabled());
        // create-task sleeps: its answers wait for the end of the run.
        setChoice(w, "mode", QStringLiteral("create-task"));
        QTRY_COMPARE(w.document().params().values().at("mode"), lessons::ParamValue(std::string("create-task")));
        QVERIFY(!pane->hasAnswers());
        w.player().toEnd();
        QTRY_VERIFY(check->isEnabled());
        // Back to a run that ends as it loads: its answers come, and are not cleared after.
        setChoice(w, "mode", QStringLiteral("forgot-await"));
        QTRY_COMPARE(w.document().params().values().at("mode"), lessons::ParamValue(std::string("forgot-await")));
        QVERIFY(pane->hasAnswers());
        QVERIFY(check->isEnabled());
    }

    // #1: a run that takes no time does not give its total away before the cursor moves.
    void aZeroLengthRunKeepsItsTotalUntilPlayed()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("coroutines-are-lazy")));
        QVERIFY(w.player().complete());
        const QString before = ui::TimelineRenderer::headerText(w.timeline()->scenes(), 0, w.timeline()->renderOptions());
        QVERIFY2(!before.contains(QStringLiteral("total")), qPrintable(before));
        QVERIFY2(before.contains(QStringLiteral("so far")), qPrintable(before));
        w.player().toEnd();
        QTRY_VERIFY(w.player().complete());
        const QString after = ui::TimelineRenderer::headerText(w.timeline()->scenes(), 0, w.timeline()->renderOptions());
        QVERIFY2(after.contains(QStringLiteral("total ")), qPrintable(after));
    }

    // #12: on real time the header's "so far" follows the clock through a blocking call that
    // records nothing (the scene's last event is older than the moment shown).
    void aRunningHeaderFollowsTheClock()
    {
        const lessons::Lesson& lesson = *lessons::findLesson("blocking-vs-async");
        lessons::LessonSession session(lesson, lessons::defaultParams(lesson), "sequential");
        for (int i = 0; i < 20 && session.advance(); ++i) {
        }
        ui::TimelineScene scene(session.trace(), "sequential");
        scene.update();
        QVERIFY(!scene.finished());
        // The clock has gone on 2.69 s past the last event recorded.
        const TimeNs clock = scene.total() + secondsToNs(2.69);
        ui::RenderOptions o;
        o.moment = clock;
        const QString header = ui::TimelineRenderer::headerText({&scene}, 0, o);
        QVERIFY2(header.contains(QStringLiteral("running, ") + ui::formatSeconds(clock) + QStringLiteral(" so far")),
                 qPrintable(header));
    }

    // #4: a live run stopped with Esc says it was stopped, when, and how far it got.
    void aStoppedLiveRunSaysSo()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("real-world-io")));
        w.setLive(true);
        QVERIFY(w.player().isLive());
        QTest::qWait(300);
        w.player().stopLive();
        QTRY_VERIFY_WITH_TIMEOUT(!w.player().isLive(), 20000);
        QVERIFY(w.document().variant(0).stopped);
        // The timeline may still be reading the run's last events, a slice per turn.
        QTRY_VERIFY(w.timeline()->caughtUp());
        const QString header = ui::TimelineRenderer::headerText(w.timeline()->scenes(), 0, w.timeline()->renderOptions());
        QVERIFY2(header.contains(QStringLiteral("stopped at ")) && header.contains(QStringLiteral("requests answered")),
                 qPrintable(header));
        QVERIFY2(!header.contains(QStringLiteral("total")) && !header.contains(QStringLiteral("×")), qPrintable(header));
    }

    // #8: the status bar speaks of the lesson shown, not of the one before.
    void statusBarFollowsTheLessonShown()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        for (int i = 0; i < 5; ++i)
            w.player().stepForward(StepKind::Event);
        QVERIFY(statusLabel(w)->text().contains(QStringLiteral("event 5 of")));
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        const auto* focused = w.document().focused();
        QCOMPARE(statusLabel(w)->text(), QStringLiteral("t = 0.000 s · event %1 of %2")
                                             .arg(w.document().cursorEvent())
                                             .arg(focused->trace->size()));
    }

    // #9: verdicts graded the old run; a parameter change takes them away and keeps the guesses.
    void verdictsGoWhenAParameterRerunsTheLesson()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto* pane = w.findChild<ui::NarrativePane*>();
        pane->setGuess(0, QStringLiteral("3"));
        w.player().toEnd();
        QTRY_VERIFY(pane->hasAnswers());
        pane->check();
        QVERIFY(pane->grade(0).has_value());
        QVERIFY(!pane->resultText(0).isEmpty());

        setParam(w, "k", 5);
        QTRY_COMPARE(w.document().params().integer("k"), std::int64_t(5));
        QVERIFY(!pane->isChecked());
        QVERIFY(!pane->grade(0).has_value());
        QVERIFY(pane->resultText(0).isEmpty());
        QCOMPARE(pane->guess(0), QStringLiteral("3"));
    }

    // #13: "-3" and 999999999 are refused with a message; the value stays what it was.
    void numberBoxesRefuseOutOfRangeInputOutLoud()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto* k = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_k"));
        auto* error = w.paramsPanel()->findChild<QLabel*>(QStringLiteral("error_k"));
        QVERIFY(k && error);
        QCOMPARE(k->value(), 2);
        for (const QString& typed : {QStringLiteral("-3"), QStringLiteral("999999999")}) {
            k->setFocus();
            k->selectAll();
            QTest::keyClicks(k, typed);
            QTest::keyClick(k, Qt::Key_Return);
            QCOMPARE(k->value(), 2);
            QVERIFY2(error->isVisibleTo(w.paramsPanel()), qPrintable(typed));
            QVERIFY2(error->text().contains(typed) && error->text().contains(QStringLiteral("from 1 to 1000"))
                         && error->text().contains(QStringLiteral("stays 2")),
                     qPrintable(error->text()));
            QCOMPARE(w.document().params().integer("k"), std::int64_t(2));
        }
        // A good value afterwards goes through and the message goes.
        k->selectAll();
        QTest::keyClicks(k, QStringLiteral("4"));
        QTest::keyClick(k, Qt::Key_Return);
        w.paramsPanel()->flush();
        QTRY_COMPARE(w.document().params().integer("k"), std::int64_t(4));
        QVERIFY(error->text().isEmpty());
    }

    // #14: wrong answers are marked apart from right ones, kept over a restart, and scored.
    void answersAreMarkedKeptAndScored()
    {
        const QString settings = freshSettings();
        const lessons::Lesson& lesson = *lessons::findLesson("semaphores");
        int total = 0;
        for (const auto& l : lessons::allLessons())
            total += int(l.predictions.size());
        QString right;
        {
            MainWindow w(settings);
            w.show();
            QVERIFY(w.openLesson(QStringLiteral("semaphores")));
            w.player().toEnd();
            QTRY_VERIFY(w.player().complete());
            right = QString::fromStdString(lesson.predictions[1].answer(w.player().results()));
            auto* pane = w.findChild<ui::NarrativePane*>();
            pane->setGuess(0, QStringLiteral("999"));
            pane->setGuess(1, right);
            pane->check();
            auto* item = w.findChild<ui::LessonBrowser*>()->lessonItem(QStringLiteral("semaphores"));
            QCOMPARE(item->text(1), QStringLiteral("\u2713 \u2717\u25C6"));
            QCOMPARE(dock(w, "lessonsDock")->windowTitle(), QStringLiteral("Lessons · 1 of %1 predictions right").arg(total));
        }
        MainWindow again(settings);
        again.show();
        QVERIFY(again.openLesson(QStringLiteral("semaphores")));
        auto* pane = again.findChild<ui::NarrativePane*>();
        QCOMPARE(pane->guess(0), QStringLiteral("999"));
        QCOMPARE(pane->guess(1), right);
        QCOMPARE(again.findChild<ui::LessonBrowser*>()->lessonItem(QStringLiteral("semaphores"))->text(1),
                 QStringLiteral("\u2713 \u2717\u25C6"));
        QCOMPARE(dock(again, "lessonsDock")->windowTitle(), QStringLiteral("Lessons · 1 of %1 predictions right").arg(total));
    }

    // #15: side panes get their share back after a tiny window grows; Reset Layout; the F1 sheet.
    void panesComeBackAndTheLayoutResets()
    {
        MainWindow w(freshSettings());
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        // As a tiny window leaves them: both side columns squeezed to a sliver.
        w.resize(900, 700);
        QTest::qWait(50);
        w.resizeDocks({dock(w, "lessonsDock"), dock(w, "codeDock")}, {60, 60}, Qt::Horizontal);
        QTest::qWait(50);
        // (as narrow as their contents allow: well under the share they get back below)
        QVERIFY2(dock(w, "lessonsDock")->width() < 1800 * 20 * 6 / 1000, qPrintable(QString::number(dock(w, "lessonsDock")->width())));
        QVERIFY2(dock(w, "codeDock")->width() < 1800 * 30 * 6 / 1000, qPrintable(QString::number(dock(w, "codeDock")->width())));
        w.resize(1800, 1000);
        QTest::qWait(50);
        QVERIFY2(dock(w, "lessonsDock")->width() >= 1800 * 20 * 6 / 1000, qPrintable(QString::number(dock(w, "lessonsDock")->width())));
        QVERIFY2(dock(w, "codeDock")->width() >= 1800 * 30 * 6 / 1000, qPrintable(QString::number(dock(w, "codeDock")->width())));

        dock(w, "codeDock")->setFloating(true);
        dock(w, "consoleDock")->hide();
        QAction* reset = menuAction(w, QStringLiteral("&Reset Layout"));
        QVERIFY(reset);
        reset->trigger();
        QTest::qWait(50);
        QVERIFY(!dock(w, "codeDock")->isFloating());
        QCOMPARE(w.dockWidgetArea(dock(w, "codeDock")), Qt::RightDockWidgetArea);
        QVERIFY(dock(w, "consoleDock")->isVisible());
    }

    void shortcutSheetShowsEveryRowAndGrowsWhenPresenting()
    {
        MainWindow w(freshSettings());
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto measure = [&w] {
            double points = 0;
            bool scrolls = true;
            QTimer::singleShot(100, [&] {
                auto* sheet = qobject_cast<QDialog*>(QApplication::activeModalWidget());
                if (!sheet)
                    return;
                auto* table = sheet->findChild<QTableWidget*>();
                points = sheet->font().pointSizeF();
                scrolls = table->verticalScrollBar()->isVisible();
                sheet->reject();
            });
            menuAction(w, QStringLiteral("&Keyboard Shortcuts"))->trigger();
            return std::pair{points, scrolls};
        };
        const auto [normal, normalScrolls] = measure();
        QVERIFY(normal > 0);
        QVERIFY(!normalScrolls);
        w.setPresentationMode(true);
        const auto [presenting, presentingScrolls] = measure();
        QVERIFY(presenting > normal * 1.3);
        QVERIFY(!presentingScrolls);
        w.setPresentationMode(false);
    }

    // #7: the code view shows the run's values, line for line, and does not shift sideways.
    void codeViewShowsTheRunsValues()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("coroutines-are-lazy")));
        const int lines = w.codeView()->blockCount();
        setChoice(w, "mode", QStringLiteral("create-task"));
        QTRY_VERIFY(w.codeView()->toPlainText().contains(QStringLiteral("mode = \"create-task\"")));
        QVERIFY(!w.codeView()->toPlainText().contains(QStringLiteral("mode = \"forgot-await\"")));
        QCOMPARE(w.codeView()->blockCount(), lines);

        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        setParam(w, "n", 8);
        QTRY_VERIFY(w.codeView()->toPlainText().contains(QRegularExpression(QStringLiteral("\\nn = 8 +#"))));

        // The gutter keeps one width through the whole run: the text never moves sideways.
        w.player().reset();
        const int width = w.codeView()->gutterWidth();
        while (w.document().cursorEvent() < w.document().focused()->trace->size() || w.player().running()) {
            const std::size_t before = w.document().cursorEvent();
            w.player().stepForward(StepKind::Event);
            QCOMPARE(w.codeView()->gutterWidth(), width);
            if (w.document().cursorEvent() == before)
                break;
        }
    }

    // #6: the questions never squeeze the lesson text to a line or two; they scroll instead.
    void questionsLeaveTheLessonTextItsShare()
    {
        ui::NarrativePane pane;
        pane.resize(320, 420);
        pane.setLesson(lessons::findLesson("blocking-vs-async"), ui::lessonText("blocking-vs-async", "narrative.md"));
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTest::qWait(20);
        QVERIFY2(pane.textBrowser()->height() >= 420 * 45 / 100, qPrintable(QString::number(pane.textBrowser()->height())));
    }

    // #10: the one-variant panes say which variant they show, and V chooses another.
    void variantPanesSayWhichAndFollowTheChoice()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("blocking-vs-async")));
        QCOMPARE(w.document().focus(), 0);
        QCOMPARE(dock(w, "consoleDock")->windowTitle(), QStringLiteral("Console · sequential"));
        menuAction(w, QStringLiteral("&Next Variant"))->trigger();
        QCOMPARE(w.document().focus(), 1);
        QCOMPARE(dock(w, "consoleDock")->windowTitle(), QStringLiteral("Console · concurrent"));
        QCOMPARE(dock(w, "tasksDock")->windowTitle(), QStringLiteral("Tasks · concurrent"));
        QVERIFY(w.codeView()->toPlainText().contains(QStringLiteral("variant = \"concurrent\"")));
        menuAction(w, QStringLiteral("&Next Variant"))->trigger();
        QCOMPARE(w.document().focus(), 0);
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        QCOMPARE(dock(w, "consoleDock")->windowTitle(), QStringLiteral("Console"));
    }

    // Plots: the complexity lesson shows a Plot tab (P switches to it) and exports it; lessons
    // without a plot show no tab bar.
    void theComplexityLessonHasAPlotTab()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* views = w.findChild<QTabWidget*>(QStringLiteral("views"));
        QVERIFY(views);
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        QVERIFY(!views->tabBar()->isVisible());
        QVERIFY(w.openLesson(QStringLiteral("complexity")));
        QVERIFY(views->tabBar()->isVisible());
        QCOMPARE(views->currentWidget(), static_cast<QWidget*>(w.timeline()));
        menuAction(w, QStringLiteral("Timeline or &Plot"))->trigger();
        QCOMPARE(views->currentWidget(), static_cast<QWidget*>(w.plotView()));
        w.player().toEnd();
        QTRY_VERIFY(w.plotView()->plot().hasPoints());
        const QString svg = m_dir.filePath(QStringLiteral("complexity-plot.svg"));
        QCOMPARE(w.exportPlotTo(svg), QString());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("<svg"));
        QVERIFY(!w.exportPlotTo(m_dir.filePath(QStringLiteral("plot.bmp"))).isEmpty());
        // A lesson without a plot: back to the timeline, no tab bar.
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        QVERIFY(!views->tabBar()->isVisible());
        QCOMPARE(views->currentWidget(), static_cast<QWidget*>(w.timeline()));
    }

    // Many tasks: how many siblings fold into one lane is a setting, kept across restarts.
    void laneGroupThresholdIsASetting()
    {
        const QString settings = freshSettings();
        {
            MainWindow w(settings);
            w.show();
            QCOMPARE(w.timeline()->groupThreshold(), 20);
            menuAction(w, QStringLiteral("Fold 100 or More Siblings"))->trigger();
            QCOMPARE(w.timeline()->groupThreshold(), 100);
        }
        MainWindow again(settings);
        again.show();
        QCOMPARE(again.timeline()->groupThreshold(), 100);
        QVERIFY(menuAction(again, QStringLiteral("Fold 100 or More Siblings"))->isChecked());
        menuAction(again, QStringLiteral("Never Fold"))->trigger();
        QCOMPARE(again.timeline()->groupThreshold(), 0);
    }

    // Many tasks: a run too big for one slice goes on by itself until its start is shown.
    void aBigRunGoesOnWithoutPlay()
    {
        MainWindow w(freshSettings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("real-world-io")));
        setParam(w, "n", 100000);
        QTRY_COMPARE(w.document().params().integer("n"), std::int64_t(100000));
        auto* ahead = w.statusBar()->findChild<QProgressBar*>();
        QVERIFY(ahead);
        // Every variant's clock moves past the start without Play or End being pressed.
        QTRY_VERIFY_WITH_TIMEOUT(w.document().variant(1).trace->size() > 0
                                     && (*w.document().variant(1).trace)[w.document().variant(1).trace->size() - 1].t > 0,
                                 180000);
        QTRY_VERIFY(!ahead->isVisible());
        QVERIFY(!statusLabel(w)->text().contains(QStringLiteral("ahead")));
        QVERIFY(!w.player().isPlaying());
        // End gets there too, a slice per turn, with the cursor on the last event.
        w.player().toEnd();
        QTRY_VERIFY_WITH_TIMEOUT(w.player().complete(), 180000);
        QTRY_COMPARE(w.document().cursorEvent(), w.document().focused()->trace->size());
    }
};

QTEST_MAIN(TestRoughEdges)
#include "tst_roughedges.moc"
