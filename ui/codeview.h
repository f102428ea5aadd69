#pragma once
// CodeView: the lesson's listing, read-only, highlighted as Python, with line numbers and a
// marker in the gutter on the line each live task is at (in the task's colour; several tasks on
// one line sit side by side; hovering names them). The running task's line has a background and
// is kept in view. Reads the focused variant's ReplayState at the cursor; never steps a loop.

#include "rundocument.h"
#include "theme.h"

#include <QMap>
#include <QPlainTextEdit>
#include <QPointer>

namespace loopscope::ui {

class PythonHighlighter;

class CodeView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit CodeView(QWidget* parent = nullptr);
    ~CodeView() override;

    void setDocument(RunDocument* document); // shows its listing and follows its cursor
    void setTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }
    void setFontScale(qreal scale); // 1 = the widget's font; presentation mode uses more
    qreal fontScale() const { return m_scale; }

    // Listing line (1-based) -> the tasks at that line, in task id order: what the gutter draws.
    QMap<int, QList<quint32>> marks() const { return m_marks; }
    // The line of the task that is running (or blocked) at the cursor, 0 when none runs.
    int runningLine() const { return m_runningLine; }
    quint32 runningTask() const { return m_runningTask; }
    // "job-1 (waiting on slots)" for each task marked on `line`, as the hover shows them.
    QStringList describeMarks(int line) const;

    int gutterWidth() const;

    // A program of the user's own: the text becomes editable (undo, redo, the usual keys) and is
    // the editor's to keep: a run's recording no longer replaces it. setProgramText(text) enters
    // that mode with `text`; leaveProgram() goes back to showing the document's listing.
    void setProgramText(const QString& text);
    void leaveProgram();
    bool editsProgram() const { return m_program; }
    // Marks the line a program failed on (1-based; 0 clears), with the reason as its tooltip.
    void setErrorLine(int line, const QString& why);
    int errorLine() const { return m_errorLine; }

public slots:
    void refresh(); // re-read the cursor's state

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    friend class CodeGutter;
    void loadListing();
    std::string shownVariant() const; // the lesson variant of the focused run, "" if one only
    void applyFont();
    void updateGutter(const QRect& rect, int dy);
    void paintGutter(QPaintEvent* event);
    int lineAtGutterY(int y) const;
    qreal markerDiameter() const;

    QPointer<RunDocument> m_doc;
    Theme m_theme = Theme::light();
    qreal m_scale = 1;
    QFont m_baseFont;
    PythonHighlighter* m_highlighter = nullptr;
    QWidget* m_gutter = nullptr;
    QMap<int, QList<quint32>> m_marks;
    int m_runningLine = 0;
    quint32 m_runningTask = 0;
    int m_maxMarksOnLine = 1;
    bool m_program = false;
    int m_errorLine = 0;
    QString m_errorText;
    void showErrorLine();
};

} // namespace loopscope::ui
