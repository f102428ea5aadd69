#include "consoleview.h"

#include "core/tracereader.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>

#include <algorithm>

namespace loopscope::ui {

namespace {

// "slow callback" rather than the identifier "slow_callback": this is read, not parsed.
QString warningName(WarningKind kind)
{
    return QString::fromLatin1(toString(kind)).replace(QLatin1Char('_'), QLatin1Char(' '));
}

} // namespace

ConsoleView::ConsoleView(QWidget* parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Console"));
    setAccessibleDescription(tr("What the run printed, each line with its time and the task that printed it"));
    m_baseFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_baseFont.setPointSizeF(font().pointSizeF());
    applyFont();
    setTheme(m_theme);
}

void ConsoleView::setDocument(RunDocument* doc)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = doc;
    if (doc) {
        connect(doc, &RunDocument::documentReset, this, &ConsoleView::rebuild);
        connect(doc, &RunDocument::focusChanged, this, &ConsoleView::rebuild);
        connect(doc, &RunDocument::cursorMoved, this, &ConsoleView::refresh);
        connect(doc, &RunDocument::grown, this, &ConsoleView::scanTrace);
    }
    rebuild();
}

void ConsoleView::setTheme(const Theme& theme)
{
    m_theme = theme;
    QPalette p = theme.palette();
    p.setColor(QPalette::Base, theme.surface);
    p.setColor(QPalette::Text, theme.text);
    setPalette(p);
    rewrite();
}

void ConsoleView::rewrite()
{
    // Colours and indents are baked into the text: write it again with the new ones.
    const std::size_t shown = m_shown;
    clear();
    m_shown = 0;
    for (std::size_t i = 0; i < shown; ++i)
        appendEntry(m_entries[i]);
    m_shown = shown;
}

void ConsoleView::setFontScale(qreal scale)
{
    m_scale = std::clamp(scale, 0.5, 4.0);
    applyFont();
}

void ConsoleView::applyFont()
{
    QFont f = m_baseFont;
    f.setPointSizeF(m_baseFont.pointSizeF() * m_scale);
    setFont(f);
    rewrite();
}

const Trace* ConsoleView::trace() const
{
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    return v ? v->trace : nullptr;
}

void ConsoleView::rebuild()
{
    m_entries.clear();
    m_scanned = 0;
    m_shown = 0;
    clear();
    scanTrace();
    refresh();
}

void ConsoleView::scanTrace()
{
    const Trace* t = trace();
    if (!t)
        return;
    struct : TraceHandlers
    {
        std::vector<Entry>* entries = nullptr;
        void printed(const Event& e, TaskId task, StringId text) { entries->push_back({at, e.t, task, text, false}); }
        void warned(const Event& e, TaskId task, WarningKind kind, StringId text)
        {
            entries->push_back({at, e.t, task, text, true, kind});
        }
        std::size_t at = 0;
    } reader;
    reader.entries = &m_entries;
    // One event at a time, so that each entry knows its index in the trace.
    const std::size_t size = t->size();
    for (; m_scanned < size; ++m_scanned) {
        reader.at = m_scanned;
        dispatch((*t)[m_scanned], reader);
    }
}

void ConsoleView::refresh()
{
    if (!m_doc || !trace()) {
        clear();
        m_shown = 0;
        return;
    }
    scanTrace();
    const std::size_t cursor = m_doc->eventsAtCursor(m_doc->focus());
    const std::size_t want = std::size_t(
        std::lower_bound(m_entries.begin(), m_entries.end(), cursor,
                         [](const Entry& e, std::size_t c) { return e.event < c; })
        - m_entries.begin());
    if (want == m_shown)
        return;
    if (want < m_shown) {
        // Stepping back: remove the lines after the cursor (blocks are lines, one per entry).
        if (want == 0) {
            clear();
        } else {
            QTextCursor c(document()->findBlockByNumber(int(want) - 1));
            c.movePosition(QTextCursor::EndOfBlock);
            c.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
            c.removeSelectedText();
        }
        m_shown = want;
    } else {
        for (std::size_t i = m_shown; i < want; ++i)
            appendEntry(m_entries[i]);
        m_shown = want;
    }
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

QString ConsoleView::timeText(TimeNs t) const
{
    return tr("%1 s", "time in seconds").arg(nsToSeconds(t), 7, 'f', 3);
}

QString ConsoleView::taskText(TaskId task) const
{
    if (!task)
        return tr("loop");
    return QString::fromStdString(trace()->meta().taskName(task));
}

QString ConsoleView::entryText(const Entry& entry) const
{
    const QString text = QString::fromStdString(trace()->meta().string(entry.text));
    if (entry.warning)
        return timeText(entry.t) + QStringLiteral("  ") + tr("\u26A0 warning (%1)").arg(warningName(entry.kind))
               + QLatin1Char(' ') + taskText(entry.task) + QStringLiteral(": ") + text;
    return timeText(entry.t) + QStringLiteral("  ") + taskText(entry.task) + QStringLiteral("  ") + text;
}

void ConsoleView::appendEntry(const Entry& entry)
{
    // One block per entry (stepping back removes blocks): a printed newline stays inside the block.
    QString text = QString::fromStdString(trace()->meta().string(entry.text));
    // Continuation lines start under the text, so the time column stays clear (monospace: spaces align).
    text.replace(QLatin1Char('\n'), QString(QChar::LineSeparator) + QString(timeText(0).size() + 2, QLatin1Char(' ')));
    QTextCursor c(document());
    c.movePosition(QTextCursor::End);
    if (!document()->isEmpty())
        c.insertBlock();
    QTextCharFormat muted;
    muted.setForeground(m_theme.mutedText);
    QTextCharFormat taskFormat;
    QColor taskColor = m_theme.taskColor(entry.task.value);
    // Task colours are fill colours; shade them so the name reads as text on the console's surface.
    taskFormat.setForeground(m_theme.background.lightness() > 128 ? taskColor.darker(130) : taskColor.lighter(115));
    QTextCharFormat plain;
    plain.setForeground(m_theme.text);

    c.insertText(timeText(entry.t) + QStringLiteral("  "), muted);
    if (entry.warning) {
        QTextCharFormat warn;
        warn.setForeground(m_theme.warning);
        warn.setFontWeight(QFont::Bold);
        QTextBlockFormat block;
        QColor tint = m_theme.warning;
        tint.setAlpha(30);
        block.setBackground(tint);
        c.setBlockFormat(block);
        c.insertText(tr("\u26A0 warning (%1)").arg(warningName(entry.kind)) + QLatin1Char(' '), warn);
        c.insertText(taskText(entry.task) + QStringLiteral(": "), taskFormat);
        QTextCharFormat warnText;
        warnText.setForeground(m_theme.warning);
        c.insertText(text, warnText);
    } else {
        c.setBlockFormat(QTextBlockFormat());
        c.insertText(taskText(entry.task) + QStringLiteral("  "), taskFormat);
        c.insertText(text, plain);
    }
}

QStringList ConsoleView::lines() const
{
    QStringList out;
    for (std::size_t i = 0; i < m_shown; ++i)
        out << entryText(m_entries[i]);
    return out;
}

int ConsoleView::warningCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.begin() + std::ptrdiff_t(m_shown),
                             [](const Entry& e) { return e.warning; }));
}

} // namespace loopscope::ui
