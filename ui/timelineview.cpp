#include "timelineview.h"

#include "timelineaccessible.h"

#include <QAccessible>
#include <QAction>
#include <QFontInfo>
#include <QHelpEvent>
#include <QKeyEvent>
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
    setAccessibleDescription(QStringLiteral("Task lanes over time. Wheel or +/- zooms, drag or Alt+Left/Right pans, "
                                            "click moves the cursor."));
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
    o.fontScale = m_fontScale;
    // Follow the widget's font, so the system's and the window's choices carry over.
    o.basePixelSize = QFontInfo(font()).pixelSize();
    o.fontFamily = font().family();
    o.legend = true;
    return o;
}

TimelineHit TimelineView::hitTest(const QPointF& point) const
{
    if (m_scenes.empty())
        return {};
    return TimelineRenderer::hitTest(point, QRectF(rect()), scenes(), m_geometry, renderOptions());
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
            auto scene = std::make_unique<TimelineScene>(*v.trace, v.name);
            if (v.finished)
                scene->setFinished(v.total);
            m_scenes.push_back(std::move(scene));
        }
    }
    m_fitted = true;
    m_follow = true;
    m_geometry.setScrollY(0);
    relayout();
    update();
}

void TimelineView::onGrown()
{
    if (!m_document)
        return;
    for (std::size_t i = 0; i < m_scenes.size() && int(i) < m_document->variantCount(); ++i) {
        m_scenes[i]->update();
        const RunDocument::Variant& v = m_document->variant(int(i));
        if (v.finished)
            m_scenes[i]->setFinished(v.total);
    }
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
    m_layout = TimelineRenderer::layout(m_geometry, QRectF(rect()), scenes(), renderOptions());
    m_laidOutSize = size();
    if (m_fitted)
        m_geometry.fit();
    clampScroll();
}

void TimelineView::clampScroll()
{
    const double most = std::max(0.0, m_layout.contentHeight - m_layout.plot.height());
    if (m_geometry.scrollY() > most) {
        m_geometry.setScrollY(most);
        m_layout = TimelineRenderer::layout(m_geometry, QRectF(rect()), scenes(), renderOptions());
    }
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
    TimelineRenderer::paint(p, QRectF(rect()), scenes(), m_geometry, renderOptions());
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
    m_geometry.setScrollY(m_geometry.scrollY() - d.y());
    m_layout = TimelineRenderer::layout(m_geometry, QRectF(rect()), scenes(), renderOptions());
    clampScroll();
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
        // Left/Right alone belong to the player (step); Alt+Left/Right pan.
        if (alt) {
            panByFraction(e->key() == Qt::Key_Left ? -0.125 : 0.125);
            return;
        }
        break;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        m_geometry.setScrollY(m_geometry.scrollY() + (e->key() == Qt::Key_PageUp ? -1 : 1) * m_layout.plot.height() * 0.8);
        clampScroll();
        m_layout = TimelineRenderer::layout(m_geometry, QRectF(rect()), scenes(), renderOptions());
        update();
        return;
    default: break;
    }
    QWidget::keyPressEvent(e);
}

} // namespace loopscope::ui
