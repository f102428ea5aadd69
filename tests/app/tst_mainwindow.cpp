// The window driven from the keyboard, offscreen: Space plays, Right and Left step, Home resets;
// a parameter change re-runs the lesson; the code view follows the cursor; settings survive.

#include "app/mainwindow.h"
#include "app/transportbar.h"
#include "ui/codeview.h"
#include "ui/paramspanel.h"

#include <QFile>
#include <QMessageBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace loopscope;
using namespace loopscope::app;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString settings() const { return m_dir.filePath(QStringLiteral("loopscope.ini")); }

private slots:
    void keysDriveThePlayer()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        ui::RunDocument& doc = w.document();
        QCOMPARE(doc.cursorEvent(), std::size_t(0));

        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc.cursorEvent(), std::size_t(1));
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc.cursorEvent(), std::size_t(2));
        QTest::keyClick(&w, Qt::Key_Left);
        QCOMPARE(doc.cursorEvent(), std::size_t(1));

        // Shift+Right: a whole loop iteration, to just after the next "compute timeout" phase.
        QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);
        const Event& e = (*doc.focused()->trace)[doc.cursorEvent() - 1];
        QCOMPARE(e.kind, EventKind::LoopPhase);
        QCOMPARE(LoopPhase(e.sub), LoopPhase::ComputeTimeout);

        w.player().setSecondsPerVirtualSecond(0.1);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.player().isPlaying());
        QTRY_VERIFY(doc.cursorTime() > 0);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.player().isPlaying());

        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(doc.cursorEvent(), std::size_t(0));
        QCOMPARE(doc.cursorTime(), TimeNs(0));

        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(doc.cursorTime(), secondsToNs(3.0));
        QVERIFY(w.player().complete());
    }

    void changingAParameterRerunsTheLesson()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto* k = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_k"));
        QVERIFY(k);
        k->setValue(5);
        w.paramsPanel()->flush();
        QTRY_COMPARE(w.document().params().integer("k"), std::int64_t(5));
        w.player().toEnd();
        QCOMPARE(w.document().cursorTime(), secondsToNs(1.0)); // five jobs, five slots: one wave
    }

    void codeViewMarksTheLinesAtTheCursor()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        w.player().seek(secondsToNs(0.5));
        const auto marks = w.codeView()->marks();
        // Jobs 1 and 2 sleep at line 19 holding slots, 3 to 5 wait at line 16, main awaits gather at 29.
        QCOMPARE(marks.value(19).size(), 2);
        QCOMPARE(marks.value(16).size(), 3);
        QCOMPARE(marks.value(29).size(), 1);
    }

    void unknownLessonIsRefusedAndTheOpenOneStays()
    {
        MainWindow w(settings());
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        // A message box would block; the refusal itself is what is checked here.
        QTimer::singleShot(0, [] {
            if (QWidget* box = QApplication::activeModalWidget())
                box->close();
        });
        QVERIFY(!w.openLesson(QStringLiteral("no-such-lesson")));
        QCOMPARE(w.document().lesson()->id, std::string("gather"));
    }

    void presentationModeAndThemeAreRemembered()
    {
        {
            MainWindow w(settings());
            w.show();
            w.openLesson(QStringLiteral("locks"));
            w.setTheme(ui::Theme::dark());
            w.close();
        }
        MainWindow again(settings());
        QCOMPARE(again.lastLessonOr(QStringLiteral("event-loop")), QStringLiteral("locks"));
        QCOMPARE(qApp->palette().color(QPalette::Window), ui::Theme::dark().background);
    }

    void aSettingsFileThatCannotBeSavedIsSaidOnce()
    {
        // The folder the settings would go in is a file: every save fails.
        QFile blocker(m_dir.filePath(QStringLiteral("blocked")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        MainWindow w(m_dir.filePath(QStringLiteral("blocked/loopscope.ini")));
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("locks")));
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        w.setTheme(ui::Theme::dark());
        const auto boxes = w.findChildren<QMessageBox*>(QStringLiteral("settingsNotSaved"));
        QCOMPARE(boxes.size(), 1);
        QVERIFY(boxes.front()->isVisible());
        QVERIFY(!boxes.front()->isModal() || boxes.front()->windowModality() == Qt::WindowModal); // never blocks the app
        QVERIFY(boxes.front()->text().contains(m_dir.filePath(QStringLiteral("blocked"))));
        // The session goes on: the window still switches lessons and remembers them in memory.
        QCOMPARE(w.lastLessonOr(QStringLiteral("event-loop")), QStringLiteral("gather"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
