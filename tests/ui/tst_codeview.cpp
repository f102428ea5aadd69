// CodeView: the listing with task markers at the cursor, the running line, and Python highlighting.

#include "uitest.h"
#include "ui/codeview.h"
#include "ui/pythonhighlighter.h"

#include <QFontMetricsF>
#include <QTextBlock>
#include <QScrollBar>
#include <QTextLayout>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using uitest::Loaded;
using uitest::load;

// Line -> task names, the way the gutter groups them.
QMap<int, QStringList> namedMarks(const CodeView& view, const Trace& trace)
{
    QMap<int, QStringList> out;
    const auto marks = view.marks();
    for (auto it = marks.begin(); it != marks.end(); ++it)
        for (quint32 id : it.value())
            out[it.key()] << QString::fromStdString(trace.meta().taskName(TaskId(id)));
    return out;
}

// The index of the first event of `kind` for the task named `name` with `line` (0 = any).
std::size_t findEvent(const Trace& trace, EventKind kind, const std::string& name, int line = 0)
{
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace[i];
        if (e.kind == kind && e.task && trace.meta().taskName(TaskId(e.task)) == name && (line == 0 || e.line == line))
            return i;
    }
    return std::size_t(-1);
}

PythonHighlighter::Category categoryAt(const QTextDocument& doc, const PythonHighlighter& h, int line, int column)
{
    const QTextBlock block = doc.findBlockByNumber(line - 1);
    QTextCharFormat found;
    for (const QTextLayout::FormatRange& r : block.layout()->formats())
        if (column >= r.start && column < r.start + r.length)
            found = r.format;
    using C = PythonHighlighter::Category;
    for (C c : {C::Keyword, C::Builtin, C::Decorator, C::Number, C::Comment, C::String, C::FStringExpr})
        if (found.foreground() == h.format(c).foreground() && found.fontWeight() == h.format(c).fontWeight()
            && found.fontItalic() == h.format(c).fontItalic() && found.hasProperty(QTextFormat::ForegroundBrush))
            return c;
    return C::Plain;
}

} // namespace

class TestCodeView : public QObject
{
    Q_OBJECT

private slots:
    void showsTheListing()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        CodeView view;
        view.setDocument(&l->doc);
        QCOMPARE(view.toPlainText(), l->doc.listing());
        QVERIFY(view.isReadOnly());
        QVERIFY(view.toPlainText().contains(QStringLiteral("async with slots:")));
    }

    // At 0.5 s two jobs hold a slot and sleep (line 19), three wait for one (line 16) and main
    // waits in gather (line 29); nothing runs.
    void marksTheLinesTasksAreAt()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        CodeView view;
        view.setDocument(&l->doc);
        l->doc.setCursorTime(secondsToNs(0.5));
        const QMap<int, QStringList> expected{
            {16, {QStringLiteral("job-3"), QStringLiteral("job-4"), QStringLiteral("job-5")}},
            {19, {QStringLiteral("job-1"), QStringLiteral("job-2")}},
            {29, {QStringLiteral("main")}},
        };
        QCOMPARE(namedMarks(view, *l->run.trace), expected);
        QCOMPARE(view.runningLine(), 0);
        QCOMPARE(view.extraSelections().size(), 0);
        const QStringList hover = view.describeMarks(16);
        QCOMPARE(hover.size(), 3);
        QVERIFY2(hover.front().startsWith(QStringLiteral("job-3 (waiting on ")), qPrintable(hover.front()));

        // At 1.5 s jobs 3 and 4 sleep in the slot, job 5 still waits; 1 and 2 are done and unmarked.
        l->doc.setCursorTime(secondsToNs(1.5));
        const QMap<int, QStringList> later{
            {16, {QStringLiteral("job-5")}},
            {19, {QStringLiteral("job-3"), QStringLiteral("job-4")}},
            {29, {QStringLiteral("main")}},
        };
        QCOMPARE(namedMarks(view, *l->run.trace), later);

        // Back to the start: nothing has run yet.
        l->doc.setCursor(0);
        QVERIFY(view.marks().isEmpty());
    }

    // While job-1 runs its print on line 18, that line is the running line, with a background.
    void emphasisesTheRunningLine()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        CodeView view;
        view.resize(900, 300); // shorter than the listing, so keeping the line in view scrolls
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDocument(&l->doc);
        const std::size_t at = findEvent(*l->run.trace, EventKind::Line, "job-1", 18);
        QVERIFY(at != std::size_t(-1));
        l->doc.setCursor(at + 1);
        QCOMPARE(view.runningLine(), 18);
        QCOMPARE(QString::fromStdString(l->run.trace->meta().taskName(TaskId(view.runningTask()))), QStringLiteral("job-1"));
        QVERIFY(view.marks().value(18).contains(view.runningTask()));
        QCOMPARE(view.extraSelections().size(), 1);
        QCOMPARE(view.extraSelections().front().cursor.blockNumber(), 17);

        // main's last line, near the bottom of the listing, is scrolled into view.
        const std::size_t last = findEvent(*l->run.trace, EventKind::Line, "main", 31);
        QVERIFY(last != std::size_t(-1));
        l->doc.setCursor(last + 1);
        QCOMPARE(view.runningLine(), 31);
        const int first = view.verticalScrollBar()->value();
        const int visible = int(view.viewport()->height() / QFontMetricsF(view.font()).lineSpacing());
        QVERIFY2(first <= 30 && 30 < first + visible, qPrintable(QStringLiteral("first %1 visible %2").arg(first).arg(visible)));
    }

    void followsFocusAndReset()
    {
        auto l = load("event-loop", {"n=3"});
        CodeView view;
        view.setDocument(&l->doc);
        QCOMPARE(view.toPlainText(), l->doc.listing());
        l->doc.setCursorTime(secondsToNs(1.0));
        // Three fetches asleep on line 14 and main in gather on line 25.
        QCOMPARE(view.marks().value(14).size(), 3);
        QCOMPARE(view.marks().value(25).size(), 1);
    }

    void highlightsPython()
    {
        QTextDocument doc;
        doc.setPlainText(QStringLiteral("@decorator\n"
                                        "async def main(x=12, y=0.5):\n"
                                        "    print(f\"job {i}: {x:.2f} s\")  # a comment\n"
                                        "    s = '''open\n"
                                        "still string'''\n"
                                        "    return None\n"));
        PythonHighlighter h(&doc, Theme::light());
        h.rehighlight();
        using C = PythonHighlighter::Category;
        QCOMPARE(categoryAt(doc, h, 1, 0), C::Decorator);
        QCOMPARE(categoryAt(doc, h, 2, 0), C::Keyword);   // async
        QCOMPARE(categoryAt(doc, h, 2, 6), C::Keyword);   // def
        QCOMPARE(categoryAt(doc, h, 2, 10), C::Plain);    // main
        QCOMPARE(categoryAt(doc, h, 2, 17), C::Number);   // 12
        QCOMPARE(categoryAt(doc, h, 2, 24), C::Number);   // 0.5
        QCOMPARE(categoryAt(doc, h, 3, 4), C::Builtin);   // print
        QCOMPARE(categoryAt(doc, h, 3, 10), C::String);   // f"job
        QCOMPARE(categoryAt(doc, h, 3, 11), C::String);   // j
        QCOMPARE(categoryAt(doc, h, 3, 15), C::String);      // the space before {i}
        QCOMPARE(categoryAt(doc, h, 3, 17), C::FStringExpr); // {i}
        QCOMPARE(categoryAt(doc, h, 3, 22), C::FStringExpr); // {x:.2f}
        QCOMPARE(categoryAt(doc, h, 3, 28), C::String);      // s"
        QCOMPARE(categoryAt(doc, h, 3, 17), C::FStringExpr); // {i}
        QCOMPARE(categoryAt(doc, h, 3, 22), C::FStringExpr); // {x:.2f}
        QCOMPARE(categoryAt(doc, h, 3, 28), C::String);   // s"
        QCOMPARE(categoryAt(doc, h, 3, 35), C::Comment);
        QCOMPARE(categoryAt(doc, h, 5, 2), C::String);    // inside the triple-quoted string
        QCOMPARE(categoryAt(doc, h, 6, 4), C::Keyword);   // return: the string closed
        QCOMPARE(categoryAt(doc, h, 6, 11), C::Keyword);  // None
        // The dark theme colours strings differently from the light one: colours follow the theme.
        const QColor light = h.format(C::String).foreground().color();
        h.setTheme(Theme::dark());
        QVERIFY(h.format(C::String).foreground().color() != light);
    }

    void scalesItsFont()
    {
        CodeView view;
        const qreal base = view.font().pointSizeF();
        view.setFontScale(2);
        QCOMPARE(view.font().pointSizeF(), base * 2);
        // Code lines up in columns: narrow and wide letters take the same room, whatever the
        // platform's idea of a fixed font (the offscreen one names a proportional face).
        const QFontMetricsF fm(view.font());
        QCOMPARE(fm.horizontalAdvance(QStringLiteral("iiiiiiii")), fm.horizontalAdvance(QStringLiteral("WWWWWWWW")));
    }
};

QTEST_MAIN(TestCodeView)
#include "tst_codeview.moc"
