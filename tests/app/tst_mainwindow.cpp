// The window driven from the keyboard, offscreen: Space plays, Right and Left step, Home resets;
// a parameter change re-runs the lesson; the code view follows the cursor; settings survive.

#include "app/mainwindow.h"
#include "app/transportbar.h"
#include "ui/codeview.h"
#include "ui/paramspanel.h"

#include <QFile>
#include <QFileInfo>
#include <QMenu>
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

        // End finishes a small run at once, a big one a slice per turn: wait either way.
        QTest::keyClick(&w, Qt::Key_End);
        QTRY_COMPARE(doc.cursorTime(), secondsToNs(3.0));
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
        QTRY_COMPARE(w.document().cursorTime(), secondsToNs(1.0)); // five jobs, five slots: one wave
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

    void savesAndOpensARecording()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        auto* n = w.paramsPanel()->findChild<QSpinBox*>(QStringLiteral("param_n"));
        QVERIFY(n);
        n->setValue(7);
        w.paramsPanel()->flush();
        QTRY_COMPARE(lessons::formatValue(w.document().params().values().at("n")), std::string("7"));
        const QString path = m_dir.filePath(QStringLiteral("semaphores.loopscope"));
        QCOMPARE(w.saveRecordingFile(path), QString());
        // Saving ran the lesson to its end: the events saved are the whole run.
        std::vector<std::size_t> sizes;
        for (int i = 0; i < w.document().variantCount(); ++i)
            sizes.push_back(w.document().variant(i).trace->size());
        const TimeNs total = w.document().variant(0).total;

        QVERIFY(w.openLesson(QStringLiteral("gather")));
        QVERIFY(w.openRecordingFile(path));
        const ui::RunDocument& doc = w.document();
        QCOMPARE(QString::fromStdString(doc.lesson()->id), QStringLiteral("semaphores"));
        QCOMPARE(lessons::formatValue(doc.params().values().at("n")), std::string("7"));
        QCOMPARE(lessons::formatValue(w.paramsPanel()->params().values().at("n")), std::string("7"));
        QCOMPARE(doc.variantCount(), int(sizes.size()));
        for (int i = 0; i < doc.variantCount(); ++i) {
            QCOMPARE(doc.variant(i).trace->size(), sizes[std::size_t(i)]);
            QVERIFY(doc.variant(i).finished);
        }
        QCOMPARE(doc.variant(0).total, total);
        QVERIFY(doc.listing().contains(QLatin1String("Semaphore")));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("semaphores.loopscope")));
        QVERIFY(w.player().complete()); // every variant, virtual clock: the answers are there
        // Stepping works on the opened run as on a fresh one.
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc.cursorEvent(), std::size_t(1));
        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(doc.cursorTime(), total);
        // It is remembered among the recent recordings.
        const auto recent = w.findChildren<QMenu*>();
        bool listed = false;
        for (QMenu* m : recent)
            for (QAction* a : m->actions())
                listed |= a->toolTip() == QFileInfo(path).absoluteFilePath();
        QVERIFY(listed);
    }

    void aBadRecordingLeavesTheWindowAsItWas()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        const QString bad = m_dir.filePath(QStringLiteral("bad.loopscope"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("LSREC\r\n\x1a but cut short");
        f.close();
        QVERIFY(!w.openRecordingFile(bad));
        QCOMPARE(QString::fromStdString(w.document().lesson()->id), QStringLiteral("gather"));
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("recordingNotOpened"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QLatin1String("truncated")));
        QVERIFY(!box->isModal() || box->windowModality() != Qt::ApplicationModal);
        box->close();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
