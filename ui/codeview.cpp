#include "codeview.h"

#include "listingparams.h"
#include "pythonhighlighter.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QHelpEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

namespace loopscope::ui {

namespace {

constexpr int kMaxMarkers = 6; // more tasks on one line show as "+N"

bool isLive(const TaskView& t)
{
    return t.exists && t.phase != TaskPhase::Done && t.phase != TaskPhase::Failed && t.phase != TaskPhase::Cancelled;
}

} // namespace

// The strip left of the text: line numbers and task markers.
class CodeGutter : public QWidget
{
public:
    explicit CodeGutter(CodeView* view) : QWidget(view), m_view(view)
    {
        setMouseTracking(true);
        setAccessibleName(CodeView::tr("Line numbers and task markers"));
    }
    QSize sizeHint() const override { return {m_view->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_view->paintGutter(event); }
    bool event(QEvent* event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QStringList names = m_view->describeMarks(m_view->lineAtGutterY(help->pos().y()));
            if (names.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), names.join(QLatin1Char('\n')), this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    CodeView* m_view;
};

CodeView::CodeView(QWidget* parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Lesson code"));
    setAccessibleDescription(tr("The lesson's Python listing; the margin marks the line each task is at"));
    m_baseFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (!QFontInfo(m_baseFont).fixedPitch()) {
        // Some platforms (offscreen, a desktop without a configured monospace font) name a family
        // that resolves to a proportional face: ask for monospaced faces by name, DejaVu first
        // (the app installs it), then by style.
        m_baseFont.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                                QStringLiteral("Noto Mono"), QStringLiteral("monospace")});
        m_baseFont.setStyleHint(QFont::TypeWriter);
    }
    m_baseFont.setPointSizeF(font().pointSizeF());
    m_highlighter = new PythonHighlighter(document(), m_theme);
    m_gutter = new CodeGutter(this);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeView::updateGutter);
    applyFont();
    setTheme(m_theme);
}

CodeView::~CodeView() = default;

void CodeView::setDocument(RunDocument* doc)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = doc;
    if (doc) {
        connect(doc, &RunDocument::documentReset, this, [this] {
            m_maxMarksOnLine = 1; // a new run: the gutter is sized for it afresh
            loadListing();
            refresh();
        });
        connect(doc, &RunDocument::cursorMoved, this, &CodeView::refresh);
        connect(doc, &RunDocument::focusChanged, this, [this] {
            loadListing(); // another variant: its `variant = ...` line
            refresh();
        });
    }
    loadListing();
    refresh();
}

void CodeView::setTheme(const Theme& theme)
{
    m_theme = theme;
    setPalette(theme.palette());
    QPalette p = palette();
    p.setColor(QPalette::Base, theme.surface);
    p.setColor(QPalette::Text, theme.text);
    setPalette(p);
    m_highlighter->setTheme(theme);
    refresh();
}

void CodeView::setFontScale(qreal scale)
{
    m_scale = std::clamp(scale, 0.5, 4.0);
    applyFont();
}

void CodeView::applyFont()
{
    QFont f = m_baseFont;
    f.setPointSizeF(m_baseFont.pointSizeF() * m_scale);
    setFont(f);
    m_gutter->setFont(f);
    setViewportMargins(gutterWidth(), 0, 0, 0);
    resizeEvent(nullptr);
    m_gutter->update();
}

qreal CodeView::markerDiameter() const
{
    return QFontMetricsF(font()).height() * 0.7;
}

int CodeView::gutterWidth() const
{
    const QFontMetricsF fm(font());
    const int digits = std::max(2, int(QString::number(std::max(1, blockCount())).size()));
    const int markers = std::min(m_maxMarksOnLine, kMaxMarkers) + (m_maxMarksOnLine > kMaxMarkers ? 1 : 0);
    const qreal d = markerDiameter();
    return int(std::ceil(fm.horizontalAdvance(QLatin1Char('9')) * (digits + 1.5) + markers * (d + d * 0.3) + d * 0.6));
}

void CodeView::resizeEvent(QResizeEvent* event)
{
    if (event)
        QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void CodeView::updateGutter(const QRect& rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

int CodeView::lineAtGutterY(int y) const
{
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid()) {
        const qreal bottom = top + blockBoundingRect(block).height();
        if (y >= top && y < bottom)
            return block.blockNumber() + 1;
        top = bottom;
        block = block.next();
    }
    return 0;
}

void CodeView::paintGutter(QPaintEvent* event)
{
    QPainter p(m_gutter);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(event->rect(), m_theme.background);
    p.setPen(m_theme.grid);
    p.drawLine(m_gutter->width() - 1, event->rect().top(), m_gutter->width() - 1, event->rect().bottom());

    const QFontMetricsF fm(font());
    const qreal d = markerDiameter();
    const qreal numberRight = fm.horizontalAdvance(QLatin1Char('9')) * (std::max(2, int(QString::number(std::max(1, blockCount())).size())) + 0.5);
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal h = blockBoundingRect(block).height();
        const int line = block.blockNumber() + 1;
        if (top + h >= event->rect().top()) {
            const bool running = line == m_runningLine;
            QFont f = font();
            f.setBold(running);
            p.setFont(f);
            p.setPen(running ? m_theme.text : m_theme.mutedText);
            p.drawText(QRectF(0, top, numberRight, fm.height()), Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
            const auto it = m_marks.constFind(line);
            if (it != m_marks.constEnd()) {
                qreal x = numberRight + d * 0.6;
                const qreal cy = top + fm.height() / 2;
                int shown = 0;
                for (quint32 task : *it) {
                    if (shown == kMaxMarkers)
                        break;
                    const QRectF dot(x, cy - d / 2, d, d);
                    p.setBrush(m_theme.taskColor(task));
                    // The running task's marker has a ring, so it is told apart without colour.
                    p.setPen(task == m_runningTask ? QPen(m_theme.text, d * 0.18) : QPen(m_theme.surface, d * 0.08));
                    p.drawEllipse(dot);
                    x += d * 1.3;
                    ++shown;
                }
                if (it->size() > kMaxMarkers) {
                    QFont small = font();
                    small.setPointSizeF(font().pointSizeF() * 0.75);
                    p.setFont(small);
                    p.setPen(m_theme.mutedText);
                    p.drawText(QRectF(x, top, m_gutter->width() - x, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                               QStringLiteral("+%1").arg(it->size() - kMaxMarkers));
                }
            }
        }
        top += h;
        block = block.next();
    }
}

void CodeView::setProgramText(const QString& text)
{
    m_program = true;
    setReadOnly(false);
    setTextInteractionFlags(Qt::TextEditorInteraction);
    setAccessibleName(tr("Program editor"));
    setAccessibleDescription(tr("Your Python program; Run (Ctrl+R) records it on CPython"));
    setPlainText(text); // a new program: its own undo history
    document()->setModified(false);
    m_runningLine = 0;
    setErrorLine(0, {});
}

void CodeView::leaveProgram()
{
    m_program = false;
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Lesson code"));
    setAccessibleDescription(tr("The lesson's Python listing; the margin marks the line each task is at"));
    setErrorLine(0, {});
    loadListing();
    refresh();
}

void CodeView::setErrorLine(int line, const QString& why)
{
    m_errorLine = line;
    m_errorText = why;
    showErrorLine();
}

void CodeView::showErrorLine()
{
    const QTextBlock block = document()->findBlockByNumber(m_errorLine - 1);
    if (m_errorLine > 0 && block.isValid()) {
        setTextCursor(QTextCursor(block));
        centerCursor();
    }
    refresh();
}

void CodeView::loadListing()
{
    if (m_program)
        return; // the editor's text is the user's; a run shows what was recorded of it
    const QString text = m_doc ? listingWithValues(m_doc->listing(), m_doc->params(), shownVariant()) : QString();
    if (text != toPlainText()) {
        setPlainText(text);
        m_runningLine = 0;
    }
}

std::string CodeView::shownVariant() const
{
    // The lesson's variant the focused run is of ("sequential · CPython" is a run of "sequential").
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    if (!v || !m_doc->lesson() || m_doc->lesson()->variants.size() < 2)
        return {};
    for (const std::string& name : m_doc->lesson()->variants)
        if (v->name == name || v->name.rfind(name + " ", 0) == 0)
            return name;
    return {};
}

QStringList CodeView::describeMarks(int line) const
{
    QStringList out;
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    if (!v || !v->trace)
        return out;
    const ReplayState& s = m_doc->stateAtCursor(m_doc->focus());
    const TraceMeta& meta = v->trace->meta();
    for (quint32 id : m_marks.value(line)) {
        const TaskView& t = s.tasks[id];
        QString what = QString::fromLatin1(toString(t.phase));
        if (t.phase == TaskPhase::Waiting) {
            const std::string& label = meta.string(t.waitLabel);
            what += tr(" on ", "a task waiting on a lock, queue, ...")
                    + (label.empty() ? QString::fromLatin1(toString(t.waitKind)) : QString::fromStdString(label));
        }
        out << QString::fromStdString(meta.taskName(TaskId(id))) + QStringLiteral(" (") + what + QLatin1Char(')');
    }
    return out;
}

void CodeView::refresh()
{
    m_marks.clear();
    m_runningTask = 0;
    const int previousRunning = m_runningLine;
    m_runningLine = 0;
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    if (v && v->trace) {
        const ReplayState& s = m_doc->stateAtCursor(m_doc->focus());
        for (std::size_t id = 1; id < s.tasks.size(); ++id) {
            const TaskView& t = s.tasks[id];
            if (!isLive(t) || t.line == 0)
                continue;
            m_marks[t.line].append(quint32(id));
            if (t.phase == TaskPhase::Running || t.phase == TaskPhase::Blocked) {
                m_runningLine = t.line;
                m_runningTask = quint32(id);
            }
        }
    }
    // Room for markers only grows within a run, and is set aside for as many tasks as the run has
    // made (up to the "+N" overflow), so the text does not shift sideways as tasks come and go.
    int most = m_maxMarksOnLine;
    for (const auto& tasks : std::as_const(m_marks))
        most = std::max(most, int(tasks.size()));
    if (v && v->trace)
        most = std::max(most, int(std::min<std::size_t>(v->trace->meta().taskCount(), kMaxMarkers + 1)));
    if (most != m_maxMarksOnLine) {
        m_maxMarksOnLine = most;
        setViewportMargins(gutterWidth(), 0, 0, 0);
        resizeEvent(nullptr);
    }

    // The running line's background: a tint of the running state's colour.
    QList<QTextEdit::ExtraSelection> extras;
    if (m_runningLine > 0 && m_runningLine <= blockCount()) {
        QTextEdit::ExtraSelection sel;
        QColor tint = m_theme.state(TaskPhase::Running).fill;
        tint.setAlpha(m_theme.background.lightness() > 128 ? 45 : 90);
        sel.format.setBackground(tint);
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        sel.cursor = QTextCursor(document()->findBlockByNumber(m_runningLine - 1));
        extras << sel;
        if (m_runningLine != previousRunning) {
            // Keep it in view without moving the reader's selection.
            const QTextBlock block = document()->findBlockByNumber(m_runningLine - 1);
            const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
            const qreal margin = r.height() * 2;
            if (r.top() < margin || r.bottom() > viewport()->height() - margin) {
                const int target = std::max(0, m_runningLine - 1 - std::max(1, int(viewport()->height() / std::max(1.0, r.height())) / 3));
                verticalScrollBar()->setValue(target);
            }
        }
    }
    // A program's failing line, over everything else.
    if (m_errorLine > 0 && m_errorLine <= blockCount()) {
        QTextEdit::ExtraSelection error;
        QColor tint = m_theme.error;
        tint.setAlpha(m_theme.background.lightness() > 128 ? 60 : 110);
        error.format.setBackground(tint);
        error.format.setProperty(QTextFormat::FullWidthSelection, true);
        error.format.setToolTip(m_errorText);
        error.cursor = QTextCursor(document()->findBlockByNumber(m_errorLine - 1));
        extras << error;
    }
    setExtraSelections(extras);
    m_gutter->update();
}

} // namespace loopscope::ui
