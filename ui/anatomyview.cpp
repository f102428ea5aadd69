#include "anatomyview.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace loopscope::ui {

namespace {

constexpr int kMaxChips = 40; // longer lists end in "+N more"

QString secondsText(TimeNs t)
{
    return QString::number(nsToSeconds(t), 'f', 3) + AnatomyView::tr(" s", "unit suffix: seconds");
}

QString kindTitle(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Lock: return AnatomyView::tr("Lock");
    case ObjectKind::Semaphore: return AnatomyView::tr("Semaphore");
    case ObjectKind::Queue: return AnatomyView::tr("Queue");
    case ObjectKind::Event: return AnatomyView::tr("Event");
    case ObjectKind::Executor: return AnatomyView::tr("Executor");
    case ObjectKind::IoClient: return AnatomyView::tr("I/O client");
    case ObjectKind::Timer: return AnatomyView::tr("Timer");
    case ObjectKind::Other: break;
    }
    return AnatomyView::tr("Object");
}

template<typename T>
QList<T> capped(QList<T> list, T more)
{
    if (list.size() > kMaxChips) {
        const auto extra = list.size() - kMaxChips;
        list.resize(kMaxChips);
        more.text = AnatomyView::tr("+%1 more").arg(extra);
        list.append(more);
    }
    return list;
}

} // namespace

struct AnatomyView::Ctx
{
    QPainter* p = nullptr;
    qreal width = 0;
    qreal margin = 0;
    qreal em = 0; // line height of the base font
    QFont font, bold, small, heading;
};

AnatomyView::AnatomyView(QWidget* parent) : QWidget(parent)
{
    setAccessibleName(tr("Loop anatomy"));
    setAutoFillBackground(false);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    refresh();
}

void AnatomyView::setDocument(RunDocument* doc)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = doc;
    if (doc) {
        connect(doc, &RunDocument::documentReset, this, &AnatomyView::refresh);
        connect(doc, &RunDocument::focusChanged, this, &AnatomyView::refresh);
        connect(doc, &RunDocument::cursorMoved, this, &AnatomyView::refresh);
    }
    refresh();
}

void AnatomyView::setTheme(const Theme& theme)
{
    m_theme = theme;
    update();
}

void AnatomyView::setFontScale(qreal scale)
{
    m_scale = std::clamp(scale, 0.5, 4.0);
    updateGeometry();
    update();
}

void AnatomyView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange) {
        updateGeometry();
        update();
    }
    QWidget::changeEvent(event);
}

QFont AnatomyView::scaledFont(qreal factor, bool bold) const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale * factor);
    f.setBold(bold);
    return f;
}

QString AnatomyView::phaseLabel(LoopPhase phase)
{
    switch (phase) {
    case LoopPhase::ComputeTimeout: return tr("compute timeout");
    case LoopPhase::Wait: return tr("wait for I/O or timers");
    case LoopPhase::ExpireTimers: return tr("move expired timers to ready");
    case LoopPhase::RunReady: return tr("run ready handles");
    case LoopPhase::Start: return tr("asyncio.run: main is scheduled");
    case LoopPhase::CancelLeftovers: return tr("main finished: cancelling leftover tasks");
    case LoopPhase::ShutdownExecutors: return tr("shutting down executors");
    case LoopPhase::Closed: return tr("the loop is closed");
    case LoopPhase::Deadlock: return tr("deadlock: nothing can ever run again");
    }
    return {};
}

void AnatomyView::refresh()
{
    Snapshot snap;
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    if (v && v->trace) {
        const ReplayState& s = m_doc->stateAtCursor(m_doc->focus());
        const TraceMeta& meta = v->trace->meta();
        auto name = [&](TaskId id) {
            return id ? QString::fromStdString(meta.taskName(id)) : tr("loop");
        };
        auto taskChip = [&](TaskId id) { return Chip{name(id), id.value, false}; };

        snap.phase = s.phase;
        snap.iteration = s.iteration;
        // The clock as the reader sees it: the cursor's time, not that of the last event replayed
        // (which lags during a blocking call or an idle wait).
        snap.t = m_doc->cursorTime();
        snap.blocked = s.blocked;

        for (const ReadyEntry& r : s.ready) {
            if (r.isStep) {
                snap.ready.append(taskChip(r.task));
            } else {
                const QString what = r.callback == CallbackKind::Timer         ? tr("timer", "ready queue entry")
                                     : r.callback == CallbackKind::GatherChild ? tr("gather", "ready queue entry")
                                                                               : tr("callback", "ready queue entry");
                snap.ready.append(Chip{what + QStringLiteral(" \u2192 ") + name(r.task), r.task.value, true});
            }
        }

        std::vector<TimerView> timers;
        timers.reserve(s.timers.size());
        for (const auto& [id, timer] : s.timers)
            timers.push_back(timer);
        std::stable_sort(timers.begin(), timers.end(), [](const TimerView& a, const TimerView& b) {
            return a.deadline != b.deadline ? a.deadline < b.deadline : a.id < b.id;
        });
        std::size_t due = 0;
        for (const TimerView& t : timers) {
            snap.timers.append(Chip{secondsText(t.deadline) + QStringLiteral("  ") + name(t.owner), t.owner.value, false});
            due += t.deadline <= s.t ? 1 : 0;
        }

        // What each phase of the cycle has to do right now.
        if (!s.ready.empty())
            snap.phaseDetail[0] = tr("0 s: handles are ready");
        else if (!timers.empty())
            snap.phaseDetail[0] =
                tr("%1 until the next timer").arg(secondsText(std::max<TimeNs>(0, timers.front().deadline - s.t)));
        else
            snap.phaseDetail[0] = tr("no timers: wait for I/O");
        snap.phaseDetail[1] = timers.empty() ? tr("nothing scheduled")
                                             : tr("next timer at %1").arg(secondsText(timers.front().deadline));
        // Whole phrases for one and for many, so a translation does not glue an "s" on.
        snap.phaseDetail[2] = due == 1 ? tr("%1 timer due").arg(due) : tr("%1 timers due").arg(due);
        snap.phaseDetail[3] = s.ready.size() == 1 ? tr("%1 handle queued").arg(s.ready.size())
                                                  : tr("%1 handles queued").arg(s.ready.size());

        for (std::uint32_t id = 1; id <= meta.objectCount(); ++id) {
            const ObjectInfo& info = meta.object(ObjectId(id));
            if (info.kind == ObjectKind::Timer)
                continue;
            const QString title = kindTitle(info.kind) + QLatin1Char(' ') + QString::fromStdString(meta.string(info.name));
            if (info.kind == ObjectKind::Executor) {
                Executor x;
                x.title = title;
                const ExecutorView empty;
                const ExecutorView& ev = id < s.executors.size() ? s.executors[id] : empty;
                const std::size_t lanes = std::max<std::size_t>(std::size_t(std::max<std::int64_t>(0, info.capacity)), ev.workers.size());
                x.workerCount = lanes;
                // Only the lanes that are shown are made: a capacity read from a file can be
                // anything up to 2^63, and the rest is one "+N more" chip.
                const std::size_t shown = std::min<std::size_t>(lanes, kMaxChips);
                for (std::size_t w = 0; w < shown; ++w) {
                    const WorkerView worker = w < ev.workers.size() ? ev.workers[w] : WorkerView{};
                    QString text = QStringLiteral("%1: ").arg(w + 1);
                    if (worker.job == 0 && !worker.submitter)
                        x.workers.append(Chip{text + tr("idle", "executor worker"), 0, true});
                    else
                        x.workers.append(Chip{text + tr("job %1 for %2%3")
                                                         .arg(worker.job)
                                                         .arg(name(worker.submitter))
                                                         .arg(worker.waitingForCpu ? tr(" (waits for the GIL)") : QString()),
                                              worker.submitter.value, false});
                }
                if (lanes > shown)
                    x.workers.append(Chip{tr("+%1 more").arg(lanes - shown), 0, true});
                for (std::uint32_t job : ev.queued)
                    x.queued.append(Chip{tr("job %1").arg(job), 0, true});
                x.queued = capped(x.queued, Chip{{}, 0, true});
                snap.executors.append(x);
                continue;
            }
            const PrimitiveView empty;
            const PrimitiveView& pv = id < s.objects.size() ? s.objects[id] : empty;
            Primitive prim;
            prim.title = title;
            const qint64 cap = info.capacity;
            switch (info.kind) {
            case ObjectKind::Lock:
                prim.state = pv.holders.empty() ? tr("unlocked") : tr("locked");
                break;
            case ObjectKind::Semaphore:
                prim.state = tr("%1 of %2 in use").arg(pv.counter).arg(cap);
                break;
            case ObjectKind::Queue:
                if (cap > 0)
                    prim.state = tr("%1 of %2 items").arg(pv.counter).arg(cap);
                else
                    prim.state = pv.counter == 1 ? tr("%1 item (unbounded)").arg(pv.counter)
                                                 : tr("%1 items (unbounded)").arg(pv.counter);
                prim.hasHolders = false;
                break;
            case ObjectKind::Event:
                prim.state = pv.isSet ? tr("set", "event state") : tr("not set", "event state");
                prim.hasHolders = false;
                break;
            case ObjectKind::IoClient:
                prim.state = cap > 0 ? tr("%1 of %2 in flight").arg(pv.counter).arg(cap)
                                     : tr("%1 in flight").arg(pv.counter);
                break;
            default:
                prim.state = tr("count %1").arg(pv.counter);
                break;
            }
            for (TaskId h : pv.holders)
                prim.holders.append(taskChip(h));
            for (TaskId w : pv.waiters)
                prim.waiters.append(taskChip(w));
            prim.holders = capped(prim.holders, Chip{{}, 0, true});
            prim.waiters = capped(prim.waiters, Chip{{}, 0, true});
            snap.primitives.append(prim);
        }
        snap.ready = capped(snap.ready, Chip{{}, 0, true});
        snap.timers = capped(snap.timers, Chip{{}, 0, true});
    }
    m_snap = std::move(snap);
    setAccessibleDescription(summary());
    updateGeometry();
    update();
}

QString AnatomyView::summary() const
{
    auto texts = [](const QList<Chip>& chips) {
        QStringList out;
        for (const Chip& c : chips)
            out << c.text;
        return out.join(QStringLiteral(", "));
    };
    QStringList lines;
    lines << tr("iteration %1, %2%3")
                 .arg(m_snap.iteration)
                 .arg(phaseLabel(m_snap.phase))
                 .arg(m_snap.blocked ? tr(", blocked") : QString());
    lines << tr("ready: ") + texts(m_snap.ready);
    lines << tr("timers: ") + texts(m_snap.timers);
    for (const Primitive& p : m_snap.primitives) {
        QString line = p.title + QStringLiteral(": ") + p.state;
        if (p.hasHolders)
            line += tr("; holders: ") + texts(p.holders);
        line += tr("; waiters: ") + texts(p.waiters);
        lines << line;
    }
    for (const Executor& x : m_snap.executors)
        lines << x.title + tr(": workers ") + texts(x.workers) + tr("; queued: ") + texts(x.queued);
    return lines.join(QLatin1Char('\n'));
}

// ---- layout and painting: one pass, measuring only when there is no painter ----

qreal AnatomyView::drawCycle(Ctx& c, qreal y) const
{
    QPainter* p = c.p;
    const qreal em = c.em;
    const qreal gap = em * 2.6; // room for the arrows between boxes
    const qreal boxW = std::max(em * 5, (c.width - 2 * c.margin - gap) / 2);
    const QFontMetricsF fmBold(c.bold), fmSmall(c.small);
    // Box height: the label wrapped into at most two lines, and the detail line.
    qreal labelH = 0;
    for (LoopPhase phase : kCycle)
        labelH = std::max(labelH, fmBold.boundingRect(QRectF(0, 0, boxW - em, em * 10), Qt::TextWordWrap, phaseLabel(phase)).height());
    const qreal boxH = labelH + fmSmall.height() + em * 0.9;
    const qreal x0 = c.margin, x1 = c.margin + boxW + gap;
    const qreal y0 = y, y1 = y + boxH + gap * 0.7;
    const QRectF boxes[4] = {QRectF(x0, y0, boxW, boxH), QRectF(x1, y0, boxW, boxH), QRectF(x1, y1, boxW, boxH),
                             QRectF(x0, y1, boxW, boxH)};
    if (p) {
        for (int i = 0; i < 4; ++i) {
            const bool lit = m_snap.phase == kCycle[i];
            const QRectF r = boxes[i];
            p->setPen(QPen(lit ? m_theme.accent : m_theme.axis, lit ? em * 0.16 : em * 0.06));
            p->setBrush(lit ? m_theme.accent : m_theme.surface);
            p->drawRoundedRect(r, em * 0.4, em * 0.4);
            p->setPen(lit ? m_theme.surface : m_theme.text);
            p->setFont(c.bold);
            const QRectF inner = r.adjusted(em * 0.5, em * 0.35, -em * 0.5, -em * 0.35);
            p->drawText(QRectF(inner.left(), inner.top(), inner.width(), labelH), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                        phaseLabel(kCycle[i]));
            p->setFont(c.small);
            p->setPen(lit ? m_theme.surface : m_theme.mutedText);
            p->drawText(QRectF(inner.left(), inner.bottom() - fmSmall.height(), inner.width(), fmSmall.height()),
                        Qt::AlignHCenter | Qt::AlignVCenter, fmSmall.elidedText(m_snap.phaseDetail[i], Qt::ElideRight, inner.width()));
        }
        // Arrows clockwise: right along the top, down the right, left along the bottom, up the left.
        auto arrow = [&](QPointF from, QPointF to) {
            p->setPen(QPen(m_theme.axis, em * 0.12, Qt::SolidLine, Qt::RoundCap));
            p->drawLine(from, to);
            const QPointF d = (to - from) / std::hypot(to.x() - from.x(), to.y() - from.y());
            const QPointF n(-d.y(), d.x());
            const qreal s = em * 0.45;
            QPainterPath head;
            head.moveTo(to);
            head.lineTo(to - d * s + n * s * 0.6);
            head.lineTo(to - d * s - n * s * 0.6);
            head.closeSubpath();
            p->setPen(Qt::NoPen);
            p->setBrush(m_theme.axis);
            p->drawPath(head);
        };
        const qreal pad = em * 0.3;
        arrow({boxes[0].right() + pad, boxes[0].center().y()}, {boxes[1].left() - pad, boxes[1].center().y()});
        arrow({boxes[1].center().x(), boxes[1].bottom() + pad}, {boxes[2].center().x(), boxes[2].top() - pad});
        arrow({boxes[2].left() - pad, boxes[2].center().y()}, {boxes[3].right() + pad, boxes[3].center().y()});
        arrow({boxes[3].center().x(), boxes[3].top() - pad}, {boxes[0].center().x(), boxes[0].bottom() + pad});
        // The iteration number in the middle of the cycle.
        p->setPen(m_theme.text);
        p->setFont(c.heading);
        const QRectF middle(boxes[0].center().x() + em, boxes[0].bottom(), boxes[1].center().x() - boxes[0].center().x() - 2 * em,
                            boxes[3].top() - boxes[0].bottom());
        p->drawText(middle, Qt::AlignCenter, tr("iteration %1").arg(m_snap.iteration));
    }
    return y1 + boxH;
}

qreal AnatomyView::drawChips(Ctx& c, qreal x0, qreal y, const QList<Chip>& chips, const QString& empty) const
{
    QPainter* p = c.p;
    const QFontMetricsF fm(c.font);
    const qreal em = c.em;
    const qreal h = fm.height() * 1.35;
    const qreal dot = fm.height() * 0.55;
    const qreal right = c.width - c.margin;
    if (chips.isEmpty()) {
        if (p) {
            QFont f = c.font;
            f.setItalic(true);
            p->setFont(f);
            p->setPen(m_theme.mutedText);
            p->drawText(QRectF(x0, y, right - x0, h), Qt::AlignLeft | Qt::AlignVCenter, empty);
        }
        return y + h;
    }
    qreal x = x0;
    for (int i = 0; i < chips.size(); ++i) {
        const Chip& chip = chips[i];
        const bool hasDot = chip.task != 0 && !chip.callback;
        const qreal textW = std::min(fm.horizontalAdvance(chip.text), right - x0 - em * 2);
        const qreal w = textW + em * 0.9 + (hasDot ? dot + em * 0.35 : 0);
        if (x > x0 && x + w > right) {
            x = x0;
            y += h + em * 0.3;
        }
        if (p) {
            const QRectF r(x, y, w, h);
            const QColor colour = chip.task ? m_theme.taskColor(chip.task) : m_theme.axis;
            p->setBrush(m_theme.surface);
            p->setPen(QPen(chip.callback ? m_theme.axis : colour, em * 0.1, chip.callback ? Qt::DashLine : Qt::SolidLine));
            p->drawRoundedRect(r.adjusted(em * 0.05, em * 0.05, -em * 0.05, -em * 0.05), h / 2, h / 2);
            qreal tx = x + em * 0.45;
            if (hasDot) {
                p->setPen(Qt::NoPen);
                p->setBrush(colour);
                p->drawEllipse(QRectF(tx, y + (h - dot) / 2, dot, dot));
                tx += dot + em * 0.35;
            }
            p->setFont(c.font);
            p->setPen(chip.callback ? m_theme.mutedText : m_theme.text);
            p->drawText(QRectF(tx, y, textW + 1, h), Qt::AlignLeft | Qt::AlignVCenter,
                        fm.elidedText(chip.text, Qt::ElideRight, textW + 1));
        }
        x += w + em * 0.35;
    }
    return y + h;
}

qreal AnatomyView::layout(QPainter* p, qreal width) const
{
    Ctx c;
    c.p = p;
    c.width = width;
    c.font = scaledFont();
    c.bold = scaledFont(1, true);
    c.small = scaledFont(0.85);
    c.heading = scaledFont(1.1, true);
    c.em = QFontMetricsF(c.font).height();
    c.margin = c.em * 0.6;
    const qreal em = c.em;
    const QFontMetricsF fmHeading(c.heading), fm(c.font);
    qreal y = c.margin;

    auto heading = [&](const QString& text, const QString& note = {}) {
        y += em * 0.5;
        if (p) {
            p->setPen(QPen(m_theme.grid, std::max<qreal>(1, em * 0.05)));
            p->drawLine(QPointF(c.margin, y), QPointF(width - c.margin, y));
        }
        y += em * 0.35;
        if (p) {
            p->setFont(c.heading);
            p->setPen(m_theme.text);
            p->drawText(QPointF(c.margin, y + fmHeading.ascent()), text);
            if (!note.isEmpty()) {
                p->setFont(c.small);
                p->setPen(m_theme.mutedText);
                const qreal x = c.margin + fmHeading.horizontalAdvance(text) + em * 0.6;
                p->drawText(QRectF(x, y, width - c.margin - x, fmHeading.height()), Qt::AlignLeft | Qt::AlignVCenter,
                            QFontMetricsF(c.small).elidedText(note, Qt::ElideRight, width - c.margin - x));
            }
        }
        y += fmHeading.height() + em * 0.3;
    };
    auto labelled = [&](const QString& label, qreal labelW, const QList<Chip>& chips, const QString& empty) {
        if (p) {
            p->setFont(c.font);
            p->setPen(m_theme.mutedText);
            p->drawText(QRectF(c.margin + em * 0.5, y, labelW, fm.height() * 1.35), Qt::AlignLeft | Qt::AlignVCenter, label);
        }
        y = drawChips(c, c.margin + em * 0.5 + labelW, y, chips, empty) + em * 0.3;
    };

    // Title: where the loop is.
    if (p) {
        p->setFont(c.heading);
        p->setPen(m_theme.text);
        p->drawText(QPointF(c.margin, y + fmHeading.ascent()), tr("Event loop"));
        p->setFont(c.font);
        p->setPen(m_theme.mutedText);
        const qreal x = c.margin + fmHeading.horizontalAdvance(tr("Event loop")) + em * 0.6;
        p->drawText(QRectF(x, y, width - c.margin - x, fmHeading.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    tr("t = ") + secondsText(m_snap.t));
    }
    y += fmHeading.height() + em * 0.5;
    y = drawCycle(c, y) + em * 0.4;

    // Phases outside the cycle, and the stall, as a status line under it.
    const bool inCycle = std::find(std::begin(kCycle), std::end(kCycle), m_snap.phase) != std::end(kCycle);
    QStringList status;
    if (!inCycle)
        status << phaseLabel(m_snap.phase);
    if (m_snap.blocked)
        status << tr("\u26A0 blocked: a blocking call holds the loop; nothing else can run");
    for (const QString& s : status) {
        const QRectF r(c.margin, y, width - 2 * c.margin, 0);
        const qreal h = fm.boundingRect(r.adjusted(em * 0.4, 0, -em * 0.4, 0).adjusted(0, 0, 0, em * 20), Qt::TextWordWrap, s).height() + em * 0.4;
        if (p) {
            const bool bad = m_snap.phase == LoopPhase::Deadlock || s.startsWith(QChar(0x26A0));
            p->setPen(Qt::NoPen);
            p->setBrush(bad ? m_theme.stall : m_theme.selection);
            p->drawRoundedRect(QRectF(c.margin, y, width - 2 * c.margin, h), em * 0.3, em * 0.3);
            p->setFont(c.bold);
            p->setPen(m_snap.phase == LoopPhase::Deadlock ? m_theme.error : bad ? m_theme.warning : m_theme.text);
            p->drawText(QRectF(c.margin + em * 0.4, y + em * 0.2, width - 2 * c.margin - em * 0.8, h), Qt::TextWordWrap, s);
        }
        y += h + em * 0.3;
    }

    heading(tr("Ready queue (%1)").arg(m_snap.ready.size()), tr("front first, run in this order"));
    y = drawChips(c, c.margin, y, m_snap.ready, tr("empty", "ready queue")) + em * 0.2;

    heading(tr("Timers (%1)").arg(m_snap.timers.size()), tr("deadline and owner, soonest first"));
    y = drawChips(c, c.margin, y, m_snap.timers, tr("none pending")) + em * 0.2;

    const qreal labelW = std::max(fm.horizontalAdvance(tr("holders")), fm.horizontalAdvance(tr("waiters")))
                         + em * 0.6;
    for (const Primitive& prim : m_snap.primitives) {
        heading(prim.title, prim.state);
        if (prim.hasHolders)
            labelled(tr("holders"), labelW, prim.holders, tr("none"));
        labelled(tr("waiters"), labelW, prim.waiters, tr("none (FIFO: first in line is woken first)"));
    }
    const qreal laneW = std::max(fm.horizontalAdvance(tr("workers")), fm.horizontalAdvance(tr("queued")))
                        + em * 0.6;
    for (const Executor& x : m_snap.executors) {
        heading(x.title, x.workerCount == 1 ? tr("%1 worker").arg(x.workerCount) : tr("%1 workers").arg(x.workerCount));
        labelled(tr("workers"), laneW, x.workers, tr("none"));
        labelled(tr("queued"), laneW, x.queued, tr("none"));
    }
    return y + c.margin;
}

void AnatomyView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.fillRect(rect(), m_theme.background);
    layout(&p, width());
}

int AnatomyView::heightForWidth(int width) const
{
    return int(std::ceil(layout(nullptr, width)));
}

QSize AnatomyView::sizeHint() const
{
    const int w = int(QFontMetricsF(scaledFont()).height() * 24);
    return {w, heightForWidth(w)};
}

QSize AnatomyView::minimumSizeHint() const
{
    // No minimum height: the view sits in a scroll area, which gives it heightForWidth(its width).
    // A minimum taken at this narrow width would hold a wide pane at the narrow pane's height and
    // leave its lower part blank.
    const int w = int(QFontMetricsF(scaledFont()).height() * 14);
    return {w, 0};
}

} // namespace loopscope::ui
