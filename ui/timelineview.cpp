#include "timelineview.h"

#include "timelineaccessible.h"

#include <QAccessible>
#include <QAction>
#include <QFontInfo>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QScrollBar>
#include <QMetaMethod>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

TimelineView::TimelineView(QWidget* parent) : QWidget(parent)
{
    static const bool accessible = (QAccessible::installFactory(&timelineAccessibleFactory), true);
    Q_UNUSED(accessible);
    m_readMore.setSingleShot(true);
    m_readMore.setInterval(0);
    connect(&m_readMore, &QTimer::timeout, this, &TimelineView::readSlice);
    // A screen reader hears where the cursor settled, not every frame of playback.
    m_announce.setSingleShot(true);
    m_announce.setInterval(150);
    connect(&m_announce, &QTimer::timeout, this, [this] {
        // Describing the cursor walks the lanes: only when an assistive tool or a listener wants it.
        if (!QAccessible::isActive() && !isSignalConnected(QMetaMethod::fromSignal(&TimelineView::cursorAnnounced)))
            return;
        QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
        QAccessible::updateAccessibility(&changed); // returns at once when no assistive tool listens
        emit cursorAnnounced(describeCursor(*this));
    });
    setAccessibleName(QStringLiteral("Timeline"));
    setAccessibleDescription(tr("Task lanes over time. Wheel or +/- zooms, drag or Alt+Left/Right pans, "
                                "click moves the cursor. Up/Down move between lanes, Return or Ctrl+Right/Left "
                                "expand or collapse a group of tasks, / filters the lanes by name."));

    // More lanes than fit scroll; the bar shows how far down one is and reaches the last lane.
    m_scrollBar = new QScrollBar(Qt::Vertical, this);
    m_scrollBar->setObjectName(QStringLiteral("timelineScrollBar"));
    m_scrollBar->setAccessibleName(tr("Scroll lanes"));
    m_scrollBar->setFocusPolicy(Qt::NoFocus); // Page Up/Down and Up/Down on the timeline scroll
    m_scrollBar->hide();
    connect(m_scrollBar, &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_syncingScrollBar)
            scrollTo(value);
    });

    // The lane filter sits above the lane names, where the axis leaves room.
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("laneFilter"));
    m_filter->setPlaceholderText(tr("Filter lanes"));
    m_filter->setAccessibleName(tr("Lane filter"));
    m_filter->setAccessibleDescription(
        tr("Shows only the task lanes whose name contains this text. Esc clears it and returns to the timeline."));
    m_filter->setToolTip(tr("Filter lanes by task name (/)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        m_geometry.setScrollY(0);
        relayout();
        update();
    });
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setPalette(m_theme->palette());

    // +, -, 0 are handled in keyPressEvent, not by actions of the widget's own: the window binds
    // the same keys to View → Zoom, and two shortcuts on one key are ambiguous, so neither fires.
}

TimelineView::~TimelineView() = default;

void TimelineView::setDocument(RunDocument* document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &RunDocument::documentReset, this, &TimelineView::rebuild);
        connect(m_document, &RunDocument::grown, this, &TimelineView::onGrown);
        connect(m_document, &RunDocument::cursorMoved, this, &TimelineView::onCursorMoved);
        connect(m_document, &QObject::destroyed, this, [this] {
            m_scenes.clear();
            update();
        });
    }
    rebuild();
}

void TimelineView::setFontScale(qreal scale)
{
    m_fontScale = std::clamp<qreal>(scale, 0.5, 4.0);
    relayout();
    updateGeometry();
    update();
}

void TimelineView::setTheme(const Theme& theme)
{
    m_theme = &theme;
    setPalette(theme.palette());
    update();
}

TimelineRenderer::Scenes TimelineView::scenes() const
{
    TimelineRenderer::Scenes out;
    for (const auto& s : m_scenes)
        out.push_back(s.get());
    return out;
}

TimeNs TimelineView::moment() const
{
    return m_document ? m_document->cursorTime() : kOpenEnd;
}

RenderOptions TimelineView::renderOptions() const
{
    RenderOptions o;
    o.theme = m_theme;
    o.moment = moment();
    if (m_document && m_document->focused()) {
        o.cursorAtEnd = m_document->cursorEvent() >= m_document->focused()->trace->size();
        // Scenes are the variants that have a trace, in order (rebuild).
        for (int i = 0; i < m_document->variantCount(); ++i)
            if (m_document->variant(i).trace)
                o.eventsAtMoment.push_back(m_document->eventsAtCursor(i));
        // A live run stopped part way says so, when, and how far it got, instead of a total.
        for (int i = 0; i < m_document->variantCount(); ++i) {
            const RunDocument::Variant& v = m_document->variant(i);
            QString note;
            if (v.stopped) {
                note = tr("stopped at %1 s").arg(nsToSeconds(v.total), 0, 'f', 3);
                if (v.requestsSent > 0)
                    note += tr(" · %1 of %2 requests answered").arg(v.requestsServed).arg(v.requestsSent);
            }
            o.runNotes.push_back(note);
        }
    }
    o.fontScale = m_fontScale;
    // Follow the widget's font, so the system's and the window's choices carry over.
    o.basePixelSize = QFontInfo(font()).pixelSize();
    o.fontFamily = font().family();
    o.legend = true;
    o.groupThreshold = m_groupThreshold;
    o.expandedGroups = m_expanded;
    o.laneFilter = m_filter ? m_filter->text() : QString();
    return o;
}

QRectF TimelineView::paintRect() const
{
    QRectF r(rect());
    if (m_scrollBar && !m_scrollBar->isHidden())
        r.setWidth(std::max(0.0, r.width() - m_scrollBar->sizeHint().width()));
    return r;
}

void TimelineView::setGroupThreshold(int threshold)
{
    threshold = std::max(0, threshold);
    if (threshold == m_groupThreshold)
        return;
    m_groupThreshold = threshold;
    m_focus = {};
    relayout();
    update();
}

void TimelineView::setGroupExpanded(int scene, int family, bool expanded)
{
    if (expanded)
        m_expanded.insert({scene, family});
    else
        m_expanded.erase({scene, family});
    relayout();
    update();
}

QString TimelineView::laneFilter() const
{
    return m_filter->text();
}

TimelineHit TimelineView::hitTest(const QPointF& point) const
{
    if (m_scenes.empty())
        return {};
    return TimelineRenderer::hitTest(point, paintRect(), scenes(), m_geometry, renderOptions());
}

QSize TimelineView::minimumSizeHint() const
{
    const int em = QFontInfo(font()).pixelSize();
    return QSize(int(28 * em * m_fontScale), int(12 * em * m_fontScale));
}

QSize TimelineView::sizeHint() const
{
    const int em = QFontInfo(font()).pixelSize();
    return QSize(int(70 * em * m_fontScale), int(32 * em * m_fontScale));
}

void TimelineView::rebuild()
{
    ++m_generation;
    m_scenes.clear();
    if (m_document) {
        for (int i = 0; i < m_document->variantCount(); ++i) {
            const RunDocument::Variant& v = m_document->variant(i);
            if (!v.trace)
                continue;
            // Read in readSlice, as the run grows: a big recording a slice per turn.
            m_scenes.push_back(std::make_unique<TimelineScene>(*v.trace, v.name, TimelineScene::Reading::Later));
        }
    }
    m_fitted = true;
    m_follow = true;
    m_geometry.setScrollY(0);
    // Families are numbered anew with each build.
    m_expanded.clear();
    m_focus = {};
    if (m_document) {
        onGrown();
        return;
    }
    relayout();
    update();
}

bool TimelineView::caughtUp() const
{
    return std::all_of(m_scenes.begin(), m_scenes.end(), [](const auto& s) { return s->caughtUp(); });
}

void TimelineView::onGrown()
{
    // While a big batch is being read, the next slice comes on its own turn: one slice per turn,
    // however often the loop grows in between.
    if (m_readMore.isActive())
        return;
    // A batch bigger than a slice is read from the next turn on: the turn that recorded it (or
    // opened it) has had its share of time. A small one is in the picture at once.
    std::size_t unread = 0;
    for (const auto& scene : m_scenes)
        unread += scene->trace().size() - scene->processedEvents();
    if (unread > kEventsPerTurn) {
        m_readMore.start();
        relayout();
        update();
        return;
    }
    readSlice();
}

void TimelineView::readSlice()
{
    if (!m_document)
        return;
    // One turn reads at most kEventsPerTurn events in all; the rest waits for the next turn, so
    // a loop iteration in which 100,000 tasks start never holds the window for long.
    std::size_t left = kEventsPerTurn;
    bool behind = false;
    for (std::size_t i = 0; i < m_scenes.size() && int(i) < m_document->variantCount(); ++i) {
        TimelineScene& scene = *m_scenes[i];
        const std::size_t before = scene.processedEvents();
        scene.update(left);
        left -= scene.processedEvents() - before;
        if (!scene.caughtUp()) {
            behind = true;
            continue;
        }
        // Finished only once read to the end: a finished scene's extent is the run's total.
        const RunDocument::Variant& v = m_document->variant(int(i));
        if (v.finished)
            scene.setFinished(v.total);
    }
    if (behind)
        m_readMore.start();
    relayout();
    update();
}

void TimelineView::onCursorMoved()
{
    syncSize();
    // Keep the cursor in view while playing, unless the reader has looked elsewhere on purpose.
    if (m_follow && !m_fitted)
        m_geometry.ensureVisible(moment(), m_geometry.plotWidth() * 0.1);
    update();
    m_announce.start();
}

void TimelineView::relayout()
{
    // The cursor counts too: in a live run it is the clock, ahead of the last event while the
    // loop is stalled, and the stall must grow on screen.
    const TimeNs cursor = m_document ? m_document->cursorTime() : 0;
    const TimeNs end = std::max<TimeNs>({TimelineRenderer::extent(scenes()), cursor, 1});
    m_geometry.setRange(0, end);
    ++m_rowsVersion;
    m_layout = TimelineRenderer::layout(m_geometry, paintRect(), scenes(), renderOptions());
    // The scroll bar shows when the rows overflow; showing it narrows the picture, so lay out again.
    const bool overflow = !m_scenes.empty() && m_layout.contentHeight > m_layout.plot.height() + 0.5;
    if (overflow == m_scrollBar->isHidden()) {
        m_scrollBar->setHidden(!overflow);
        m_layout = TimelineRenderer::layout(m_geometry, paintRect(), scenes(), renderOptions());
    }
    m_laidOutSize = size();
    if (m_fitted)
        m_geometry.fit();
    clampScroll();
    const int labelRoom = int(m_geometry.labelWidth() - 8);
    m_filter->setVisible(!m_scenes.empty() && labelRoom >= 40 && m_layout.axis.height() >= 12);
    m_filter->setGeometry(4, int(m_layout.axis.top()), labelRoom, std::max(12, int(m_layout.axis.height()) - 2));
}

void TimelineView::clampScroll()
{
    const double most = std::max(0.0, m_layout.contentHeight - m_layout.plot.height());
    if (m_geometry.scrollY() > most) {
        m_geometry.setScrollY(most);
        m_layout = TimelineRenderer::layout(m_geometry, paintRect(), scenes(), renderOptions());
    }
    // The bar follows the picture; its own signal is not taken for a move by the reader.
    m_syncingScrollBar = true;
    const int width = m_scrollBar->sizeHint().width();
    m_scrollBar->setGeometry(width > 0 ? this->width() - width : 0, int(m_layout.plot.top()), width,
                             std::max(0, int(m_layout.plot.height())));
    m_scrollBar->setRange(0, int(std::lround(most)));
    m_scrollBar->setPageStep(std::max(1, int(m_layout.plot.height())));
    m_scrollBar->setSingleStep(std::max(1, int(m_geometry.laneHeight() + m_geometry.laneGap())));
    m_scrollBar->setValue(int(std::lround(m_geometry.scrollY())));
    m_syncingScrollBar = false;
}

void TimelineView::scrollTo(double y)
{
    m_geometry.setScrollY(y);
    m_layout = TimelineRenderer::layout(m_geometry, paintRect(), scenes(), renderOptions());
    clampScroll();
    update();
}

namespace {

int rowIndexOf(const TimelineLayout& layout, const TimelineView::LaneFocus& focus)
{
    for (int i = 0; i < int(layout.rows.size()); ++i) {
        const RowLayout& r = layout.rows[std::size_t(i)];
        if (!r.isHeader() && r.scene == focus.scene && r.lane == focus.lane && r.group == focus.group)
            return i;
    }
    return -1;
}

} // namespace

void TimelineView::moveFocus(int step)
{
    const auto& rows = m_layout.rows;
    int index = rowIndexOf(m_layout, m_focus);
    if (index < 0) {
        // The first lane in view is where the keyboard starts.
        for (index = 0; index < int(rows.size()); ++index)
            if (!rows[std::size_t(index)].isHeader() && rows[std::size_t(index)].rect.bottom() > m_layout.plot.top())
                break;
    } else {
        int next = index;
        do
            next += step;
        while (next >= 0 && next < int(rows.size()) && rows[std::size_t(next)].isHeader());
        if (next >= 0 && next < int(rows.size()))
            index = next;
    }
    if (index < 0 || index >= int(rows.size()) || rows[std::size_t(index)].isHeader())
        return;
    const RowLayout& r = rows[std::size_t(index)];
    m_focus = {r.scene, r.lane, r.group};
    ensureFocusVisible();
    update();
    QAccessibleEvent changed(this, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&changed);
}

void TimelineView::ensureFocusVisible()
{
    const int index = rowIndexOf(m_layout, m_focus);
    if (index < 0)
        return;
    const QRectF r = m_layout.rows[std::size_t(index)].rect;
    // The sticky header covers the top of the rows: a focused lane goes below it.
    const double headerH = m_layout.rows.front().rect.height();
    const double top = m_layout.plot.top() + headerH;
    if (r.top() < top)
        scrollTo(m_geometry.scrollY() - (top - r.top()));
    else if (r.bottom() > m_layout.plot.bottom())
        scrollTo(m_geometry.scrollY() + (r.bottom() - m_layout.plot.bottom()));
}

void TimelineView::toggleFocusedGroup(int expand)
{
    if (m_focus.group >= 0) {
        const bool open = isGroupExpanded(m_focus.scene, m_focus.group);
        const bool want = expand < 0 ? !open : expand == 1;
        if (want != open)
            setGroupExpanded(m_focus.scene, m_focus.group, want);
    } else if (expand == 0 && m_focus.lane >= 0 && m_focus.scene >= 0 && m_focus.scene < int(m_scenes.size())) {
        // Collapsing from a member closes its group and moves the keyboard onto the group.
        const int family = m_scenes[std::size_t(m_focus.scene)]->familyOfLane(m_focus.lane);
        if (family < 0 || !isGroupExpanded(m_focus.scene, family))
            return;
        setGroupExpanded(m_focus.scene, family, false);
        m_focus = {m_focus.scene, -1, family};
    } else {
        return;
    }
    ensureFocusVisible();
    update();
}

void TimelineView::userMoved()
{
    m_fitted = false;
    const double x = m_geometry.timeToX(moment());
    m_follow = x >= m_geometry.plotLeft() && x <= m_geometry.plotRight();
    update();
}

void TimelineView::zoomIn()
{
    syncSize();
    const double x = m_follow ? std::clamp(m_geometry.timeToX(moment()), m_geometry.plotLeft(), m_geometry.plotRight())
                              : (m_geometry.plotLeft() + m_geometry.plotRight()) / 2;
    m_geometry.zoomAround(x, 1.5);
    userMoved();
}

void TimelineView::zoomOut()
{
    syncSize();
    const double x = m_follow ? std::clamp(m_geometry.timeToX(moment()), m_geometry.plotLeft(), m_geometry.plotRight())
                              : (m_geometry.plotLeft() + m_geometry.plotRight()) / 2;
    m_geometry.zoomAround(x, 1 / 1.5);
    userMoved();
}

void TimelineView::fit()
{
    m_fitted = true;
    m_follow = true;
    relayout();
    update();
}

void TimelineView::panByFraction(double fraction)
{
    syncSize();
    m_geometry.panBy(-fraction * m_geometry.plotWidth());
    userMoved();
}

bool TimelineView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const TimelineHit hit = hitTest(help->pos());
        if (hit.text.isEmpty()) {
            QToolTip::hideText();
            e->ignore();
        } else {
            QToolTip::showText(help->globalPos(), hit.text, this);
        }
        return true;
    }
    return QWidget::event(e);
}

void TimelineView::paintEvent(QPaintEvent*)
{
    syncSize();
    QPainter p(this);
    if (m_scenes.empty()) {
        p.fillRect(rect(), m_theme->background);
        p.setPen(m_theme->mutedText);
        p.drawText(rect(), Qt::AlignCenter, QStringLiteral("No run yet"));
        return;
    }
    // The strip under the scroll bar, above and below it, is the timeline's background.
    p.fillRect(rect(), m_theme->background);
    RenderOptions o = renderOptions();
    if (hasFocus()) {
        o.focusScene = m_focus.scene;
        o.focusLane = m_focus.lane;
        o.focusGroup = m_focus.group;
    }
    TimelineRenderer::paint(p, paintRect(), scenes(), m_geometry, o);
}

void TimelineView::resizeEvent(QResizeEvent*)
{
    syncSize();
}

void TimelineView::syncSize()
{
    if (size() == m_laidOutSize)
        return;
    // Keep the same time span visible across a resize unless the whole run is being fitted.
    const double start = m_geometry.visibleStart(), end = m_geometry.visibleEnd();
    relayout();
    if (!m_fitted && end > start) {
        m_geometry.setNsPerPixel((end - start) / m_geometry.plotWidth());
        m_geometry.setVisibleStart(start);
    }
}

bool TimelineView::eventFilter(QObject* watched, QEvent* e)
{
    if (watched == m_filter && (e->type() == QEvent::ShortcutOverride || e->type() == QEvent::KeyPress)) {
        const auto* key = static_cast<QKeyEvent*>(e);
        // Esc in the filter clears it and returns to the lanes; it must not reach the window's
        // Esc (stop a live run) while the reader is typing a name.
        if (key->key() == Qt::Key_Escape) {
            e->accept();
            if (e->type() == QEvent::KeyPress) {
                m_filter->clear();
                setFocus(Qt::OtherFocusReason);
            }
            return true;
        }
        // Down or Return goes from the filter to the lanes it left.
        if (e->type() == QEvent::KeyPress && (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return ||
                                              key->key() == Qt::Key_Enter)) {
            setFocus(Qt::OtherFocusReason);
            m_focus = {};
            moveFocus(1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, e);
}

void TimelineView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::FontChange) {
        relayout();
        updateGeometry();
        update();
    }
    QWidget::changeEvent(e);
}

void TimelineView::wheelEvent(QWheelEvent* e)
{
    syncSize();
    const QPoint delta = e->angleDelta();
    if (e->modifiers() & Qt::ShiftModifier) {
        // Shift+wheel pans (some systems turn it into a horizontal delta).
        const int d = delta.x() != 0 ? delta.x() : delta.y();
        m_geometry.panBy(d / 120.0 * m_geometry.plotWidth() * 0.1);
        userMoved();
    } else if (delta.x() != 0 && std::abs(delta.x()) > std::abs(delta.y())) {
        m_geometry.panBy(delta.x() / 120.0 * m_geometry.plotWidth() * 0.1);
        userMoved();
    } else if (delta.y() != 0 && e->position().x() < m_geometry.plotLeft() - m_geometry.padding()) {
        // Over the lane names the wheel scrolls the lanes, three at a time.
        scrollTo(m_geometry.scrollY() - delta.y() / 120.0 * 3 * (m_geometry.laneHeight() + m_geometry.laneGap()));
    } else if (delta.y() != 0) {
        m_geometry.zoomAround(e->position().x(), std::pow(1.25, delta.y() / 120.0));
        userMoved();
    }
    e->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* e)
{
    syncSize();
    if (e->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(e);
    m_pressPos = m_lastPos = e->position();
    m_dragging = false;
    e->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent* e)
{
    if (!(e->buttons() & Qt::LeftButton))
        return;
    const QPointF pos = e->position();
    if (!m_dragging && (pos - m_pressPos).manhattanLength() < 4)
        return;
    m_dragging = true;
    setCursor(Qt::ClosedHandCursor);
    const QPointF d = pos - m_lastPos;
    m_lastPos = pos;
    m_geometry.panBy(d.x());
    scrollTo(m_geometry.scrollY() - d.y());
    userMoved();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* e)
{
    if (e->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(e);
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
        return;
    }
    // A click on a group's name or chevron opens or closes it; on a lane's name, the keyboard
    // moves there.
    if (!m_scenes.empty() && e->position().x() < m_geometry.plotLeft() - m_geometry.padding()) {
        const TimelineHit hit = hitTest(e->position());
        if (hit.group >= 0) {
            m_focus = {hit.scene, -1, hit.group};
            setGroupExpanded(hit.scene, hit.group, !isGroupExpanded(hit.scene, hit.group));
        } else if (hit.lane >= 0) {
            m_focus = {hit.scene, hit.lane, -1};
            update();
        }
        return;
    }
    // A click asks the player to move the cursor there; the view itself changes nothing.
    if (!m_scenes.empty() && e->position().x() >= m_geometry.plotLeft() - m_geometry.padding())
        emit seekRequested(std::clamp<TimeNs>(m_geometry.xToTime(e->position().x()), 0, m_geometry.rangeEnd()));
}

void TimelineView::keyPressEvent(QKeyEvent* e)
{
    syncSize();
    const bool alt = e->modifiers() & Qt::AltModifier;
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        fit();
        return;
    case Qt::Key_Left:
    case Qt::Key_Right:
        // Left/Right alone belong to the player (step); Alt+Left/Right pan; Ctrl+Right/Left
        // expand and collapse the focused group.
        if (alt) {
            panByFraction(e->key() == Qt::Key_Left ? -0.125 : 0.125);
            return;
        }
        if (e->modifiers() & Qt::ControlModifier) {
            toggleFocusedGroup(e->key() == Qt::Key_Right ? 1 : 0);
            return;
        }
        break;
    case Qt::Key_Up:
    case Qt::Key_Down:
        moveFocus(e->key() == Qt::Key_Up ? -1 : 1);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_focus.group >= 0) {
            toggleFocusedGroup(-1);
            return;
        }
        break;
    case Qt::Key_Slash:
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
        return;
    case Qt::Key_F:
        if (e->modifiers() & Qt::ControlModifier) {
            m_filter->setFocus(Qt::ShortcutFocusReason);
            m_filter->selectAll();
            return;
        }
        break;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        scrollTo(m_geometry.scrollY() + (e->key() == Qt::Key_PageUp ? -1 : 1) * m_layout.plot.height() * 0.8);
        return;
    case Qt::Key_Home:
        if (e->modifiers() & Qt::ControlModifier) {
            scrollTo(0);
            return;
        }
        break;
    default: break;
    }
    QWidget::keyPressEvent(e);
}

} // namespace loopscope::ui
