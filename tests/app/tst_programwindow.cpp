// The window's program mode, offscreen: a program of the user's own is edited, recorded on the
// CPython found on PATH (python3) through the recorder in the source tree, and shown like a lesson;
// a failure is marked on its line; Stop ends a runaway program and keeps what it recorded; a
// program's recording saves and opens again.

#include "app/mainwindow.h"
#include "core/tracequery.h"
#include "ui/codeview.h"

#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <set>

using namespace loopscope;
using namespace loopscope::app;

namespace {

constexpr int kRecordTimeoutMs = 60000;

std::set<std::string> taskNames(const ui::RunDocument& doc)
{
    std::set<std::string> names;
    const Trace& trace = *doc.variant(0).trace;
    for (TaskId id : creationOrder(trace))
        names.insert(trace.meta().taskName(id));
    return names;
}

QStringList printed(const ui::RunDocument& doc)
{
    QStringList out;
    for (const PrintedLine& line : printedLines(*doc.variant(0).trace))
        out << QString::fromStdString(line.text);
    return out;
}

} // namespace

class TestProgramWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString settings() const { return m_dir.filePath(QStringLiteral("loopscope.ini")); }

    QString write(const QString& name, const QByteArray& text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text);
        return path;
    }

    static bool record(MainWindow& w)
    {
        QSignalSpy recorded(&w, &MainWindow::programRecorded);
        if (!w.runProgram())
            return false;
        return recorded.wait(kRecordTimeoutMs);
    }

private slots:
    void aNewProgramIsEditedRecordedAndShown()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        w.newProgram();
        QVERIFY(w.programMode());
        QVERIFY(w.codeView()->editsProgram());
        QVERIFY(!w.codeView()->isReadOnly());
        QCOMPARE(w.document().variantCount(), 0);
        QVERIFY(record(w));
        const ui::RunDocument& doc = w.document();
        QVERIFY(!doc.lesson());
        QCOMPARE(doc.variantCount(), 1);
        QCOMPARE(doc.variant(0).name, std::string("main"));
        QVERIFY(doc.variant(0).finished);
        // The starter: three workers waiting 0.5, 1.0 and 1.5 s under one gather.
        QCOMPARE(doc.variant(0).total, secondsToNs(1.5));
        QCOMPARE(printed(doc), (QStringList{QStringLiteral("worker 1 starts"), QStringLiteral("worker 2 starts"),
                                            QStringLiteral("worker 3 starts"), QStringLiteral("worker 1 is done"),
                                            QStringLiteral("worker 2 is done"), QStringLiteral("worker 3 is done"),
                                            QStringLiteral("all done: [1, 4, 9]")}));
        QCOMPARE(taskNames(doc).size(), std::size_t(4)); // main and three workers
        // Stepping works on it as on a lesson's run.
        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(doc.cursorTime(), secondsToNs(1.5));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("program.py")));
    }

    void aFailureIsMarkedOnItsLineAndEditsAreSavedBeforeARun()
    {
        const QString path = write(QStringLiteral("fails.py"), "import asyncio\n"
                                                             "\n"
                                                             "async def main():\n"
                                                             "    await asyncio.sleep(1)\n"
                                                             "    raise RuntimeError('gave up')\n"
                                                             "\n"
                                                             "asyncio.run(main())\n");
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProgramFile(path));
        QCOMPARE(w.programPath(), path);
        QVERIFY(record(w));
        QCOMPARE(w.codeView()->errorLine(), 5);
        QCOMPARE(w.document().variant(0).error, std::string("RuntimeError: gave up"));
        QVERIFY(printed(w.document()).contains(QStringLiteral("RuntimeError: gave up")));

        // An edit that moves the failure down a line is saved to the file by the next run.
        QTextCursor c(w.codeView()->document()->findBlockByNumber(3));
        c.insertText(QStringLiteral("    print('about to fail')\n"));
        QVERIFY(w.codeView()->document()->isModified());
        QVERIFY(record(w));
        QVERIFY(!w.codeView()->document()->isModified());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("about to fail"));
        QCOMPARE(w.codeView()->errorLine(), 6);
    }

    void aSyntaxErrorIsMarkedOnItsLine()
    {
        const QString path = write(QStringLiteral("typo.py"), "import asyncio\n"
                                                            "\n"
                                                            "async def main(:\n"
                                                            "    pass\n");
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProgramFile(path));
        QVERIFY(record(w));
        QCOMPARE(w.codeView()->errorLine(), 3);
        QVERIFY(QString::fromStdString(w.document().variant(0).error).startsWith(QLatin1String("SyntaxError")));
    }

    void stopEndsARunawayProgramAndKeepsWhatItRecorded()
    {
        const QString path = write(QStringLiteral("spins.py"), "import asyncio\n"
                                                             "\n"
                                                             "async def main():\n"
                                                             "    print('spinning')\n"
                                                             "    await asyncio.sleep(0)\n"
                                                             "    while True:\n"
                                                             "        pass\n"
                                                             "\n"
                                                             "asyncio.run(main())\n");
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProgramFile(path));
        QSignalSpy recorded(&w, &MainWindow::programRecorded);
        QVERIFY(w.runProgram());
        QVERIFY(w.isRecordingProgram());
        QTest::qWait(1500);
        w.stopProgram();
        QVERIFY(recorded.wait(kRecordTimeoutMs));
        QVERIFY(!w.isRecordingProgram());
        QCOMPARE(w.document().variantCount(), 1);
        QCOMPARE(printed(w.document()), QStringList{QStringLiteral("spinning")});
    }

    void aProgramsRecordingSavesAndOpensAgain()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.newProgram();
        QVERIFY(record(w));
        const std::size_t events = w.document().variant(0).trace->size();
        const QString text = w.codeView()->toPlainText();
        const QString saved = m_dir.filePath(QStringLiteral("starter.loopscope"));
        QCOMPARE(w.saveRecordingFile(saved), QString());

        QVERIFY(w.openLesson(QStringLiteral("gather")));
        QVERIFY(!w.programMode());
        QVERIFY(w.codeView()->isReadOnly());
        QVERIFY(w.openRecordingFile(saved));
        QVERIFY(w.programMode());
        QCOMPARE(w.document().variant(0).trace->size(), events);
        QCOMPARE(w.codeView()->toPlainText(), text);
    }

    void aMissingOrBinaryProgramIsRefusedAndTheWindowStays()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        QVERIFY(!w.openProgramFile(m_dir.filePath(QStringLiteral("nowhere.py"))));
        auto* missing = w.findChild<QMessageBox*>(QStringLiteral("programNotOpened"));
        QVERIFY(missing);
        QVERIFY(missing->text().contains(QLatin1String("no such file")));
        delete missing;
        const QString binary = write(QStringLiteral("binary.py"), QByteArray("\xff\xfe\x00 not text", 12));
        QVERIFY(!w.openProgramFile(binary));
        QVERIFY(!w.programMode());
        QCOMPARE(QString::fromStdString(w.document().lesson()->id), QStringLiteral("gather"));
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("programNotOpened"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QLatin1String("not UTF-8")));
    }
};

QTEST_MAIN(TestProgramWindow)
#include "tst_programwindow.moc"
