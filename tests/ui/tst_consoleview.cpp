// ConsoleView: printed lines and warnings up to the cursor, with time and task.

#include "uitest.h"
#include "ui/consoleview.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextLayout>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using uitest::Loaded;
using uitest::load;

// A hand-made trace with a print, a warning and a print from the loop itself.
struct Synthetic
{
    std::shared_ptr<TraceMeta> tables = std::make_shared<TraceMeta>();
    Trace trace{tables};
    RunDocument doc;

    Synthetic()
    {
        TraceMeta& meta = *tables;
        const TaskId worker = meta.addTask(meta.intern("worker"), TaskId());
        auto event = [&](TimeNs t, std::uint32_t task, EventKind kind, std::uint8_t sub, std::uint32_t a) {
            Event e;
            e.t = t;
            e.task = task;
            e.kind = kind;
            e.sub = sub;
            e.arg.ab.a = a;
            trace.append(e);
        };
        event(0, worker.value, EventKind::TaskCreated, 0, 0);
        event(0, worker.value, EventKind::Print, 0, meta.intern("hello").value);
        event(secondsToNs(0.25), worker.value, EventKind::Warning, std::uint8_t(WarningKind::SlowCallback),
              meta.intern("Executing <Task worker> took 0.250 seconds").value);
        event(secondsToNs(2), 0, EventKind::Print, 0, meta.intern("two\nlines").value);
        RunDocument::Variant v;
        v.name = "main";
        v.trace = &trace;
        v.finished = true;
        v.total = trace.endTime();
        doc.reset(nullptr, {}, {v});
    }
};

// The text colours used in one line of the console.
QList<QColor> coloursOf(const QTextBlock& block)
{
    QList<QColor> out;
    for (auto it = block.begin(); !it.atEnd(); ++it)
        out << it.fragment().charFormat().foreground().color();
    return out;
}

} // namespace

class TestConsoleView : public QObject
{
    Q_OBJECT

private slots:
    // At 1.0 s (every event at or before it) jobs 1 and 2 have taken and freed their slots, and
    // jobs 3 and 4 have taken them in turn.
    void showsPrintedLinesUpToTheCursor()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        ConsoleView view;
        view.setDocument(&l->doc);
        QCOMPARE(view.lines(), QStringList());

        l->doc.setCursorTime(secondsToNs(0.5));
        const QStringList early{
            QStringLiteral("  0.000 s  job-1  job 1: slot taken at 0.00 s, 1 of 2 in use"),
            QStringLiteral("  0.000 s  job-2  job 2: slot taken at 0.00 s, 2 of 2 in use"),
        };
        QCOMPARE(view.lines(), early);

        l->doc.setCursorTime(secondsToNs(1.0));
        const QStringList atOne = early + QStringList{
            QStringLiteral("  1.000 s  job-1  job 1: slot freed at 1.00 s"),
            QStringLiteral("  1.000 s  job-2  job 2: slot freed at 1.00 s"),
            QStringLiteral("  1.000 s  job-3  job 3: slot taken at 1.00 s, 1 of 2 in use"),
            QStringLiteral("  1.000 s  job-4  job 4: slot taken at 1.00 s, 2 of 2 in use"),
        };
        QCOMPARE(view.lines(), atOne);
        // What is on screen is exactly those lines (one block each).
        QCOMPARE(view.toPlainText(), atOne.join(QLatin1Char('\n')));

        // Stepping back un-prints.
        l->doc.setCursorTime(secondsToNs(0.5));
        QCOMPARE(view.lines(), early);
        QCOMPARE(view.toPlainText(), early.join(QLatin1Char('\n')));

        // The end: all 11 lines, main's last.
        l->doc.setCursor(l->run.trace->size());
        QCOMPARE(view.lineCount(), 11);
        QCOMPARE(view.lines().back(), QStringLiteral("  3.000 s  main  main: 5 jobs in 3.00 s"));
        QCOMPARE(view.lines().size(), int(lessontest::texts(l->run).size()));
    }

    void styleWarningsAsWarnings()
    {
        Synthetic s;
        ConsoleView view;
        view.setDocument(&s.doc);
        s.doc.setCursorTime(secondsToNs(0.1));
        QCOMPARE(view.lines(), QStringList{QStringLiteral("  0.000 s  worker  hello")});
        QCOMPARE(view.warningCount(), 0);

        s.doc.setCursorTime(secondsToNs(3));
        const QStringList all{
            QStringLiteral("  0.000 s  worker  hello"),
            QStringLiteral("  0.250 s  \u26A0 warning (slow callback) worker: Executing <Task worker> took 0.250 seconds"),
            QStringLiteral("  2.000 s  loop  two\nlines"),
        };
        QCOMPARE(view.lines(), all);
        QCOMPARE(view.warningCount(), 1);
        // The warning's line is drawn in the theme's warning colour; a print is not.
        const QTextBlock warning = view.document()->findBlockByNumber(1);
        QVERIFY(coloursOf(warning).contains(Theme::light().warning));
        QVERIFY(!coloursOf(view.document()->findBlockByNumber(0)).contains(Theme::light().warning));
        QVERIFY(!coloursOf(view.document()->findBlockByNumber(0)).isEmpty());
        // A printed newline stays within its line, so there is one block per entry.
        QCOMPARE(view.document()->blockCount(), 3);

        // A theme change re-colours what is shown.
        view.setTheme(Theme::dark());
        QVERIFY(coloursOf(view.document()->findBlockByNumber(1)).contains(Theme::dark().warning));
        QCOMPARE(view.lineCount(), 3);
    }

    void isCopyableAndKeepsTheNewestInView()
    {
        auto l = load("semaphores", {"n=20", "k=2", "t=1.0"});
        ConsoleView view;
        view.resize(600, 200);
        view.show();
        view.setDocument(&l->doc);
        l->doc.setCursor(l->run.trace->size());
        QVERIFY(view.isReadOnly());
        QVERIFY(view.textInteractionFlags() & Qt::TextSelectableByKeyboard);
        QVERIFY(view.verticalScrollBar()->maximum() > 0);
        QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
        view.selectAll();
        view.copy();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("main: 20 jobs in 10.00 s")));
    }
};

QTEST_MAIN(TestConsoleView)
#include "tst_consoleview.moc"
