#include "timelineaccessible.h"

#include "timelineview.h"

#include <QAccessibleWidget>
#include <QPointer>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace loopscope::ui {

namespace {

// The segment of `lane` at `moment`: the last that started at or before it, or -1.
int segmentAt(const Lane& lane, TimeNs moment)
{
    const auto it = std::upper_bound(lane.segments.begin(), lane.segments.end(), moment,
                                     [](TimeNs t, const Segment& s) { return t < s.start; });
    if (it == lane.segments.begin())
        return -1;
    const int index = int(it - lane.segments.begin()) - 1;
    const Segment& s = lane.segments[std::size_t(index)];
    return s.end == kOpenEnd || s.end >= moment ? index : -1;
}

// What lane `laneIndex` of scene `sceneIndex` does at the options' moment, in words.
QString laneValue(const TimelineScene& scene, int sceneIndex, int laneIndex, const RenderOptions& options)
{
    const TimeNs moment = options.moment;
    const Lane& lane = scene.lane(laneIndex);
    const QString who = QString::fromStdString(lane.label);
    if (lane.kind == LaneKind::Counter) {
        if (lane.counter.empty() || lane.counter.front().t > moment)
            return who;
        return who + QStringLiteral(": %1").arg(TimelineRenderer::counterAtMoment(lane, sceneIndex, options));
    }
    const int segment = segmentAt(lane, moment);
    if (segment < 0)
        return lane.kind == LaneKind::Task ? who + QStringLiteral(" not created yet") : who + QStringLiteral(" idle");
    return scene.describe(laneIndex, segment, moment);
}

// A group lane is listed as lane -2 - family: one child stands for its hundred thousand tasks
// while it is folded, as on screen.
constexpr int groupItem(int family) { return -2 - family; }
constexpr int familyOfItem(int item) { return -2 - item; }

// Where the lanes are, flattened over the variants in the order they are drawn: the rows of the
// view's layout (groups folded or open, the lane filter applied), headers left out.
std::vector<std::pair<int, int>> laneIndex(const TimelineView& view)
{
    std::vector<std::pair<int, int>> out;
    const auto scenes = view.scenes();
    for (const RowLayout& r : view.currentLayout().rows) {
        if (r.isHeader() || r.scene >= int(scenes.size()))
            continue;
        out.emplace_back(r.scene, r.group >= 0 ? groupItem(r.group) : r.lane);
    }
    return out;
}

class LaneAccessible : public QAccessibleInterface
{
public:
    LaneAccessible(TimelineView* view, int generation, int scene, int lane)
        : m_view(view), m_generation(generation), m_scene(scene), m_lane(lane)
    {
    }

    bool isValid() const override
    {
        return m_view && m_view->sceneGeneration() == m_generation && m_scene < int(m_view->scenes().size()) &&
               (m_lane >= 0 ? m_lane < m_view->scenes()[std::size_t(m_scene)]->laneCount()
                            : familyOfItem(m_lane) <
                                  int(m_view->scenes()[std::size_t(m_scene)]->families().size()));
    }
    QObject* object() const override { return nullptr; }
    QWindow* window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QAccessibleInterface* parent() const override { return QAccessible::queryAccessibleInterface(m_view.data()); }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    void setText(QAccessible::Text, const QString&) override {}
    QRect rect() const override
    {
        return m_view ? QRect(m_view->mapToGlobal(QPoint(0, 0)), m_view->size()) : QRect();
    }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override
    {
        QAccessible::State s;
        s.readOnly = true;
        return s;
    }

    QString text(QAccessible::Text t) const override
    {
        if (!isValid())
            return {};
        const auto scenes = m_view->scenes();
        const TimelineScene& scene = *scenes[std::size_t(m_scene)];
        switch (t) {
        case QAccessible::Name: {
            QString name = m_lane >= 0 ? QString::fromStdString(scene.lane(m_lane).label)
                                       : TimelineRenderer::groupLabel(scene, familyOfItem(m_lane));
            if (scenes.size() > 1)
                name += QStringLiteral(" (%1)").arg(QString::fromStdString(scene.name()));
            return name;
        }
        case QAccessible::Value:
        case QAccessible::Description:
            if (m_lane < 0) // a group: how many of its tasks are in each state at the cursor
                return TimelineRenderer::groupLabel(scene, familyOfItem(m_lane)) + QStringLiteral(": ") +
                       TimelineRenderer::groupCountsText(scene, familyOfItem(m_lane),
                                                         std::min(m_view->renderOptions().moment, scene.endTime()));
            return laneValue(scene, m_scene, m_lane, m_view->renderOptions());
        default: return {};
        }
    }

private:
    QPointer<TimelineView> m_view;
    int m_generation;
    int m_scene;
    int m_lane;
};

class TimelineAccessible : public QAccessibleWidget
{
public:
    explicit TimelineAccessible(TimelineView* view) : QAccessibleWidget(view, QAccessible::Chart) {}
    ~TimelineAccessible() override { dropLanes(); }

    int childCount() const override { return int(order().size()); }

    QAccessibleInterface* child(int index) const override
    {
        const auto& lanes = order();
        if (index < 0 || index >= int(lanes.size()))
            return nullptr;
        auto& id = m_lanes[std::size_t(index)];
        if (!id) {
            const auto [scene, lane] = lanes[std::size_t(index)];
            id = QAccessible::registerAccessibleInterface(
                new LaneAccessible(view(), view()->sceneGeneration(), scene, lane));
            m_indexOf[id] = index;
        }
        return QAccessible::accessibleInterface(id);
    }

    int indexOfChild(const QAccessibleInterface* child) const override
    {
        const auto it = m_indexOf.find(QAccessible::uniqueId(const_cast<QAccessibleInterface*>(child)));
        return it == m_indexOf.end() ? -1 : it->second;
    }

    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Description)
            return describeCursor(*view());
        return QAccessibleWidget::text(t);
    }

private:
    TimelineView* view() const { return static_cast<TimelineView*>(widget()); }

    // The lanes in the order drawn, made again only when the view lays its rows out anew (a
    // new task's lane comes before the workers' and counters', so indexes move): a screen reader
    // walking 100,000 lanes asks for each one, and each answer must not walk them all again.
    const std::vector<std::pair<int, int>>& order() const
    {
        const std::pair<int, int> key{view()->sceneGeneration(), view()->rowsVersion()};
        if (key != m_orderKey) {
            dropLanes();
            m_order = laneIndex(*view());
            m_orderKey = key;
        }
        return m_order;
    }

    void dropLanes() const
    {
        for (const auto& [index, id] : m_lanes)
            QAccessible::deleteAccessibleInterface(id);
        m_lanes.clear();
        m_indexOf.clear();
    }

    mutable std::vector<std::pair<int, int>> m_order;
    mutable std::pair<int, int> m_orderKey{-1, -1};
    mutable std::map<std::size_t, QAccessible::Id> m_lanes;
    mutable std::map<QAccessible::Id, int> m_indexOf;
};

} // namespace

QAccessibleInterface* timelineAccessibleFactory(const QString& className, QObject* object)
{
    if (className == QLatin1String("loopscope::ui::TimelineView") && object && object->isWidgetType())
        return new TimelineAccessible(static_cast<TimelineView*>(object));
    return nullptr;
}

QString describeCursor(const TimelineView& view)
{
    const RunDocument* doc = view.document();
    if (!doc || !doc->focused() || !doc->focused()->trace)
        return QStringLiteral("Nothing recorded yet");
    const TimeNs moment = view.renderOptions().moment;
    QString text = QStringLiteral("t = %1 · event %2 of %3")
                       .arg(formatSeconds(moment))
                       .arg(doc->cursorEvent())
                       .arg(doc->focused()->trace->size());
    // What changed at this moment in the focused variant: the lanes whose state begins here.
    const auto scenes = view.scenes();
    const int focus = std::min(doc->focus(), int(scenes.size()) - 1);
    if (focus < 0)
        return text;
    const TimelineScene& scene = *scenes[std::size_t(focus)];
    QStringList changes;
    for (int lane : scene.displayOrder()) {
        const Lane& l = scene.lane(lane);
        if (l.kind != LaneKind::Task)
            continue;
        const int segment = segmentAt(l, moment);
        if (segment >= 0 && l.segments[std::size_t(segment)].start == moment)
            changes << scene.describe(lane, segment, moment);
        if (changes.size() == 3)
            break;
    }
    if (!changes.isEmpty())
        text += QStringLiteral(" · ") + changes.join(QStringLiteral("; "));
    return text;
}

} // namespace loopscope::ui
