// A lesson from the keyboard alone, offscreen: open the next lesson, Tab to a prediction, type an
// answer, Return hands the keys back to the timeline, Space plays, Right steps, End ends the run,
// Tab reaches Check and Space presses it (the verdict shows), Ctrl+E opens the export dialog and
// Esc closes it. Every widget that takes focus on the way shows it (it has focus and is visible).

#include "app/mainwindow.h"
#include "ui/narrativepane.h"
#include "ui/timelineview.h"

#include <QApplication>
#include <QDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace loopscope;
using namespace loopscope::app;

namespace {

// Presses Tab until `wanted` holds for the focus widget (at most `limit` presses).
template<typename Pred>
bool tabUntil(QWidget& window, Pred wanted, int limit = 80)
{
    for (int i = 0; i < limit; ++i) {
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &window, Qt::Key_Tab);
        QWidget* focus = QApplication::focusWidget();
        if (focus && wanted(focus))
            return focus->isVisible();
    }
    return false;
}

} // namespace

class TestKeyboardPath : public QObject
{
    Q_OBJECT

private slots:
    void aLessonFromTheKeyboardAlone()
    {
        MainWindow w(QDir::tempPath() + QStringLiteral("/loopscope-keyboard-test.ini"));
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(w.openLesson(QStringLiteral("locks")));

        // Open: the next lesson in the syllabus.
        QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(w.document().lesson()->id, std::string("semaphores"));
        QTest::qWait(50); // the new questions are shown from the event loop, as after any key

        // Answer: Tab to the first prediction (how many seconds all jobs take) and type it.
        auto* pane = w.findChild<ui::NarrativePane*>();
        QVERIFY(tabUntil(w, [pane](QWidget* f) { return qobject_cast<QLineEdit*>(f) && pane->isAncestorOf(f); }));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("3"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(w.timeline()));

        // Zoom with the timeline focused: one binding per key, so + and 0 act (none is ambiguous).
        const double span = w.timeline()->geometry().visibleEnd() - w.timeline()->geometry().visibleStart();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Plus);
        const double zoomed = w.timeline()->geometry().visibleEnd() - w.timeline()->geometry().visibleStart();
        QVERIFY2(zoomed < span * 0.9, qPrintable(QStringLiteral("%1 -> %2").arg(span).arg(zoomed)));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_0);
        QCOMPARE(w.timeline()->geometry().visibleEnd() - w.timeline()->geometry().visibleStart(), span);

        // Play, pause, step, to the end.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QVERIFY(w.player().isPlaying());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QVERIFY(!w.player().isPlaying());
        const std::size_t before = w.document().cursorEvent();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
        QVERIFY(w.document().cursorEvent() > before);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_End);
        QTRY_VERIFY(w.player().complete());

        // Check: Tab to the button and press it with Space.
        QSignalSpy checked(pane, &ui::NarrativePane::predictionsChecked);
        QVERIFY(tabUntil(w, [](QWidget* f) { return f->objectName() == QLatin1String("checkPredictions"); }));
        QVERIFY(QApplication::focusWidget()->isEnabled());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QCOMPARE(checked.count(), 1);
        QCOMPARE(checked.at(0).at(1).toInt(), 1); // one question answered
        QCOMPARE(checked.at(0).at(2).toInt(), 1); // and right: 5 jobs, 2 slots, 1 s each

        // Export: Ctrl+E opens the dialog; Esc closes it without writing anything.
        bool opened = false;
        QTimer poll; // the dialog runs its own loop: look for it from there, however long it takes to open
        poll.setInterval(50);
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
                poll.stop();
                opened = true;
                QTest::keyClick(dialog, Qt::Key_Escape);
            }
        });
        poll.start();
        w.timeline()->setFocus();
        QTest::keyClick(w.timeline(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(opened);
    }
};

QTEST_MAIN(TestKeyboardPath)
#include "tst_keyboardpath.moc"
