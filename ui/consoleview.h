#pragma once
// ConsoleView: what the program printed up to the cursor, with each line's virtual time and task,
// and asyncio's debug-mode warnings styled as warnings (theme warning colour and a "⚠ warning"
// prefix). Monospace, read-only, selectable and copyable; the newest line stays in view.
// Built from the focused trace's Print and Warning events, so stepping back un-prints lines.

#include "rundocument.h"
#include "theme.h"

#include <QPlainTextEdit>
#include <QPointer>
#include <QTextBlockFormat>

#include <vector>

namespace loopscope::ui {

class ConsoleView : public QPlainTextEdit
{
    Q_OBJECT

public:
    // A printed line or a warning, decoded once by the trace reader.
    struct Entry
    {
        std::size_t event = 0; // index in the trace
        TimeNs t = 0;
        TaskId task;
        StringId text;
        bool warning = false;
        WarningKind kind = WarningKind::SlowCallback; // for a warning
    };

    explicit ConsoleView(QWidget* parent = nullptr);

    void setDocument(RunDocument* document);
    void setTheme(const Theme& theme);
    void setFontScale(qreal scale);
    qreal fontScale() const { return m_scale; }

    // The lines shown, as plain text ("  1.000 s  job-1  job 1: slot freed at 1.00 s").
    QStringList lines() const;
    int lineCount() const { return int(m_shown); }
    int warningCount() const;

public slots:
    void refresh(); // follow the cursor: append new lines, drop lines past it

private:
    void rebuild();
    void rewrite(); // the shown lines again, in the current theme and font
    void scanTrace();            // index Print/Warning events recorded since the last scan
    void appendEntry(const Entry& entry);
    QString timeText(TimeNs t) const;
    QString taskText(TaskId task) const;
    QString entryText(const Entry& entry) const;
    const Trace* trace() const;
    void applyFont();

    QPointer<RunDocument> m_doc;
    Theme m_theme = Theme::light();
    qreal m_scale = 1;
    QFont m_baseFont;
    std::vector<Entry> m_entries;  // every printed line and warning recorded so far
    std::size_t m_scanned = 0;     // events of the trace already indexed
    std::size_t m_shown = 0;       // entries shown (those before the cursor)
};

} // namespace loopscope::ui
