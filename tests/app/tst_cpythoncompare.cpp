// Compare with CPython, offscreen: the lesson's listing is recorded on the CPython found on PATH
// (python3) and drawn under the lesson's own run, one "· CPython" run per variant, with the same
// printed lines at the same virtual times and the same totals; a parameter change records it
// again; the toggle takes it away; a save keeps only the lesson's own runs; a program, a live run
// and an opened recording are not compared.

#include "app/cpythoncomparison.h"
#include "app/mainwindow.h"
#include "app/recordingio.h"
#include "core/tracequery.h"
#include "lessons/runner.h"
#include "ui/paramspanel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace loopscope;
using namespace loopscope::app;

namespace {

constexpr int kRecordTimeoutMs = 60000;

const lessons::Lesson& lesson(const char* id)
{
    return *lessons::findLesson(id);
}

lessons::Params params(const char* id, std::initializer_list<const char*> settings)
{
    lessons::Params p = lessons::defaultParams(lesson(id));
    for (const char* s : settings)
        if (auto error = lessons::applyAssignment(lesson(id), p, s))
            qFatal("%s", error->c_str());
    return p;
}

// "t=0.500 job 1: slot taken…" for every printed line: what and when, to compare two runs by.
QStringList printed(const Trace& trace)
{
    QStringList out;
    for (const PrintedLine& line : printedLines(trace))
        out << QStringLiteral("t=%1 %2").arg(nsToSeconds(line.t), 0, 'f', 6).arg(QString::fromStdString(line.text));
    return out;
}

QStringList names(const ui::RunDocument& doc)
{
    QStringList out;
    for (int i = 0; i < doc.variantCount(); ++i)
        out << QString::fromStdString(doc.variant(i).name);
    return out;
}

QStringList words(std::initializer_list<const char*> texts)
{
    QStringList out;
    for (const char* t : texts)
        out << QString::fromUtf8(t);
    return out;
}

bool compared(MainWindow& w)
{
    QSignalSpy done(&w, &MainWindow::comparisonDone);
    return done.wait(kRecordTimeoutMs) || done.count() > 0;
}

} // namespace

class TestCPythonCompare : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString settings() const { return m_dir.filePath(QStringLiteral("loopscope.ini")); }

private slots:
    void theListingOnCPythonIsDrawnUnderTheRun()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        ui::RunDocument& doc = w.document();
        QCOMPARE(doc.variantCount(), 1);

        w.setComparing(true);
        QVERIFY(w.isRecordingComparison());
        QVERIFY(compared(w));
        QCOMPARE(names(doc), words({"main", "main · CPython"}));
        w.player().finishAll();
        const auto& core = doc.variant(0);
        const auto& cpython = doc.variant(1);
        QVERIFY(cpython.finished);
        // n = 5 jobs, 2 slots, 1 s each: waves at 0, 1 and 2 s, done at 3 s on both.
        QCOMPARE(cpython.total, secondsToNs(3.0));
        QCOMPARE(core.total, secondsToNs(3.0));
        QCOMPARE(printed(*cpython.trace), printed(*core.trace));
        QCOMPARE(printed(*cpython.trace).size(), 11); // 5 taken, 5 freed, main's total
        QCOMPARE(creationOrder(*cpython.trace).size(), creationOrder(*core.trace).size());

        // Stepping with the comparison focused moves through its events; nothing runs it.
        doc.setFocus(1);
        doc.setCursor(0);
        w.player().stepForward(StepKind::Event);
        QCOMPARE(doc.cursorEvent(), std::size_t(1));
        w.player().toEnd();
        QTRY_COMPARE(doc.cursorEvent(), cpython.trace->size());

        // Switched off, the lesson's own run stays where it was.
        w.setComparing(false);
        QCOMPARE(names(doc), words({"main"}));
        QCOMPARE(doc.focus(), 0);
    }

    void everyVariantIsComparedAndAParameterChangeRecordsAgain()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("blocking-vs-async")));
        w.setComparing(true);
        QVERIFY(compared(w));
        const ui::RunDocument& doc = w.document();
        QCOMPARE(names(doc), words({"sequential", "concurrent", "sequential · CPython", "concurrent · CPython"}));
        QCOMPARE(doc.variant(2).total, secondsToNs(4.0)); // two jobs of 2 s, one after the other
        QCOMPARE(doc.variant(3).total, secondsToNs(2.0)); // the same two, at once

        // Three jobs now: the listing is recorded again with n = 3 written into it.
        QSignalSpy done(&w, &MainWindow::comparisonDone);
        emit w.paramsPanel()->paramsChanged(params("blocking-vs-async", {"n=3"}));
        QCOMPARE(doc.variantCount(), 2); // the old comparison went with the old run
        QVERIFY(done.wait(kRecordTimeoutMs));
        QCOMPARE(doc.variantCount(), 4);
        QCOMPARE(doc.variant(2).total, secondsToNs(6.0));
        QCOMPARE(doc.variant(3).total, secondsToNs(2.0));
        w.player().finishAll();
        for (int i : {0, 1})
            QCOMPARE(printed(*doc.variant(i + 2).trace), printed(*doc.variant(i).trace));

        // A save holds the lesson's own runs only: the file opens as the lesson again.
        const QString file = m_dir.filePath(QStringLiteral("compared.loopscope"));
        QCOMPARE(w.saveRecordingFile(file), QString());
        OpenedRecording opened;
        QCOMPARE(openRecording(file, opened), QString());
        QCOMPARE(opened.recording.runs.size(), std::size_t(2));
        QCOMPARE(opened.recording.runs[1].variant, std::string("concurrent"));

        // An opened recording is shown as it was saved: no comparison is recorded for it.
        QVERIFY(w.openRecordingFile(file));
        QVERIFY(!w.isRecordingComparison());
        QCOMPARE(doc.variantCount(), 2);
    }

    void programsAndLiveRunsAreNotCompared()
    {
        MainWindow w(settings());
        w.show();
        QVERIFY(w.openLesson(QStringLiteral("event-loop")));
        w.setComparing(true);
        QVERIFY(w.isRecordingComparison());
        // Live mode: real time is not the listing's virtual clock; the recording in flight is dropped.
        w.setLive(true);
        QVERIFY(!w.isRecordingComparison());
        QTRY_VERIFY_WITH_TIMEOUT(!w.player().isLive(), 20000);
        QCOMPARE(w.document().variantCount(), 1);
        // A program is recorded on CPython already.
        w.newProgram();
        QVERIFY(!w.isRecordingComparison());
        QCOMPARE(w.document().variantCount(), 0);
    }

    void theRecorderSettingsFollowTheListingsBlock()
    {
        // Every parameter the block declares, with its current value; the variant only when the
        // lesson has several (the listing's `variant` line picks the code path).
        const QString listing = QStringLiteral("# --- parameters ---\nn = 2\ndelay = 2.0\nvariant = \"sequential\"   # \"sequential\" or \"concurrent\"\n# --- end parameters ---\n");
        QCOMPARE(CPythonComparison::settingsFor(lesson("blocking-vs-async"), params("blocking-vs-async", {"n=7"}),
                                                "concurrent", listing),
                 words({"n=7", "delay=2", "variant=concurrent"}));
    }
};

QTEST_MAIN(TestCPythonCompare)
#include "tst_cpythoncompare.moc"
