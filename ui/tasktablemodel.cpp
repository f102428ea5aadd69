#include "tasktablemodel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>

namespace loopscope::ui {

TaskTableModel::TaskTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TaskTableModel::setDocument(RunDocument* doc)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = doc;
    if (doc) {
        connect(doc, &RunDocument::documentReset, this, &TaskTableModel::reload);
        connect(doc, &RunDocument::focusChanged, this, &TaskTableModel::reload);
        connect(doc, &RunDocument::cursorMoved, this, &TaskTableModel::refresh);
    }
    reload();
}

void TaskTableModel::setTheme(const Theme& theme)
{
    m_theme = theme;
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1), {Qt::DecorationRole, Qt::ForegroundRole});
}

const Trace* TaskTableModel::trace() const
{
    const RunDocument::Variant* v = m_doc ? m_doc->focused() : nullptr;
    return v ? v->trace : nullptr;
}

TaskTableModel::Bucket TaskTableModel::bucketOf(TaskPhase phase)
{
    switch (phase) {
    case TaskPhase::Running:
    case TaskPhase::Blocked: // a blocking call runs on the loop's thread: running, and stalling
        return Bucket::Running;
    case TaskPhase::Waiting:
        return Bucket::Waiting;
    case TaskPhase::Ready:
        return Bucket::Ready;
    default:
        return Bucket::None;
    }
}

void TaskTableModel::clearStats()
{
    m_order.clear();
    m_stats.clear();
    m_applied = 0;
}

void TaskTableModel::reload()
{
    beginResetModel();
    clearStats();
    m_rows = 0;
    ++m_resets;
    endResetModel();
    refresh();
}

void TaskTableModel::enter(std::uint32_t task, TaskPhase phase, TimeNs t)
{
    if (m_stats.size() <= task)
        m_stats.resize(task + 1);
    Stats& s = m_stats[task];
    s.sum[int(bucketOf(s.phase))] += t - s.since;
    s.phase = phase;
    s.since = t;
}

// The phase changes Replay makes (phaseAfter), with the time each phase lasted.
void TaskTableModel::applyEvent(const Event& e)
{
    const std::uint32_t id = e.task;
    const bool known = id < m_stats.size();
    const auto next = phaseAfter(e, known ? m_stats[id].phase : TaskPhase::Created);
    if (!next)
        return;
    if (e.kind == EventKind::TaskCreated) {
        if (!known)
            m_stats.resize(id + 1);
        m_stats[id] = Stats{TaskPhase::Created, e.t, {0, 0, 0, 0}};
        m_order.push_back(id);
        return;
    }
    enter(id, *next, e.t);
}

void TaskTableModel::refresh()
{
    const Trace* t = trace();
    if (!t) {
        if (m_rows > 0) {
            beginRemoveRows({}, 0, m_rows - 1);
            clearStats();
            m_rows = 0;
            endRemoveRows();
        }
        return;
    }
    const std::size_t cursor = std::min(m_doc->eventsAtCursor(m_doc->focus()), t->size());
    if (cursor < m_applied)
        clearStats(); // sums only run forward: a step back adds them up again
    for (; m_applied < cursor; ++m_applied)
        applyEvent((*t)[m_applied]);
    m_now = m_doc->cursorTime();

    const int rows = int(m_order.size());
    if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    } else if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    if (m_rows > 0)
        emit dataChanged(index(0, State), index(m_rows - 1, ColumnCount - 1));
}

TimeNs TaskTableModel::spent(int row, Bucket bucket) const
{
    const Stats& s = m_stats[m_order[std::size_t(row)]];
    TimeNs sum = s.sum[int(bucket)];
    if (bucketOf(s.phase) == bucket)
        sum += std::max<TimeNs>(0, m_now - s.since);
    return sum;
}

int TaskTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TaskTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString seconds(TimeNs t)
{
    return t < 0 ? QStringLiteral("\u2014") : QString::number(nsToSeconds(t), 'f', 3);
}

} // namespace

QVariant TaskTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || std::size_t(index.row()) >= m_order.size() || !m_doc)
        return {};
    const std::uint32_t id = m_order[std::size_t(index.row())];
    const ReplayState& s = m_doc->stateAtCursor(m_doc->focus());
    if (id >= s.tasks.size())
        return {};
    const TaskView& task = s.tasks[id];
    const TraceMeta& meta = trace()->meta();
    const int column = index.column();

    auto waitText = [&] {
        const std::string& label = meta.string(task.waitLabel);
        return label.empty() ? QString::fromLatin1(toString(task.waitKind)) : QString::fromStdString(label);
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Name: return QString::fromStdString(meta.taskName(TaskId(id)));
        case State:
            if (task.phase == TaskPhase::Waiting)
                return QString(tr("waiting on ") + waitText());
            return QString::fromLatin1(toString(task.phase));
        case Created: return seconds(task.created);
        case Started: return seconds(task.started);
        case Finished: return seconds(task.finished);
        case Running: return seconds(spent(index.row(), Bucket::Running));
        case Waiting: return seconds(spent(index.row(), Bucket::Waiting));
        case Ready: return seconds(spent(index.row(), Bucket::Ready));
        case Line: return task.line ? QVariant(int(task.line)) : QVariant(QString());
        }
        break;
    case SortRole:
        switch (column) {
        case Name: return id;
        case State: return int(task.phase);
        case Created: return qlonglong(task.created);
        case Started: return qlonglong(task.started);
        case Finished: return qlonglong(task.finished);
        case Running: return qlonglong(spent(index.row(), Bucket::Running));
        case Waiting: return qlonglong(spent(index.row(), Bucket::Waiting));
        case Ready: return qlonglong(spent(index.row(), Bucket::Ready));
        case Line: return int(task.line);
        }
        break;
    case TaskIdRole:
        return id;
    case Qt::DecorationRole:
        // The task's colour (as in the code view's markers) and the state's colour (as in the timeline).
        if (column == Name)
            return m_theme.taskColor(id);
        if (column == State)
            return m_theme.state(task.phase).fill;
        break;
    case Qt::ToolTipRole:
        if (column == State || column == Name) {
            QString tip = QString::fromStdString(meta.taskName(TaskId(id))) + QStringLiteral(": ")
                          + QString::fromLatin1(toString(task.phase));
            if (task.phase == TaskPhase::Waiting)
                tip += tr(" on ", "a task waiting on a lock, queue, ...") + waitText();
            if (task.error)
                tip += QStringLiteral("\n") + QString::fromStdString(meta.string(task.error));
            return tip;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column >= Created)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == State && task.phase == TaskPhase::Failed)
            return m_theme.error;
        break;
    default:
        break;
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        // Short headers, so the columns stay narrow in a side panel; the tooltips give the unit.
        static const char* const names[] = {
            QT_TR_NOOP("Task"),
            QT_TR_NOOP("State"),
            QT_TR_NOOP("Created"),
            QT_TR_NOOP("Started"),
            QT_TR_NOOP("Finished"),
            QT_TR_NOOP("Running"),
            QT_TR_NOOP("Waiting"),
            QT_TR_NOOP("Ready"),
            QT_TR_NOOP("Line"),
        };
        return tr(names[section]);
    }
    if (role == Qt::ToolTipRole) {
        static const char* const tips[] = {
            QT_TR_NOOP("The task's name"),
            QT_TR_NOOP("Its state at the cursor"),
            QT_TR_NOOP("When create_task made it (seconds)"),
            QT_TR_NOOP("When it first ran (seconds)"),
            QT_TR_NOOP("When it finished (seconds)"),
            QT_TR_NOOP("Seconds spent running on the loop (including blocking calls) up to the cursor"),
            QT_TR_NOOP("Seconds spent suspended at an await up to the cursor"),
            QT_TR_NOOP("Seconds spent in the ready queue, woken but not yet run, up to the cursor"),
            QT_TR_NOOP("The listing line it is at"),
        };
        return tr(tips[section]);
    }
    return {};
}

TaskTableView::TaskTableView(QWidget* parent)
    : QTableView(parent), m_model(new TaskTableModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TaskTableModel::SortRole);
    setModel(m_proxy);
    setSortingEnabled(true);
    sortByColumn(TaskTableModel::Name, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->hide();
    // Widths from the font, not from the rows: measuring 100,000 rows on every cursor move would
    // make a large run sluggish.
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setStretchLastSection(true);
    setAccessibleName(tr("Tasks"));
    setAccessibleDescription(tr("Every task of the run shown: its state at the cursor, and when it was created, started and finished"));
    m_baseFont = font();
    setTheme(Theme::light());
    fitColumns();
}

void TaskTableView::fitColumns()
{
    const QFontMetricsF fm(font());
    const qreal pad = fm.height() * 1.6; // cell margins, the sort arrow, the colour swatch
    auto fit = [&](int column, const QString& sample) {
        const QString header = m_model->headerData(column, Qt::Horizontal).toString();
        setColumnWidth(column, int(std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(header)) + pad));
    };
    fit(TaskTableModel::Name, QStringLiteral("consumer-10 "));
    fit(TaskTableModel::State, TaskTableModel::tr("waiting on ") + QStringLiteral("gather of 5 tasks"));
        for (int c = TaskTableModel::Created; c <= TaskTableModel::Ready; ++c)
        fit(c, QStringLiteral("000.000"));
    fit(TaskTableModel::Line, QStringLiteral("000"));
}

void TaskTableView::setDocument(RunDocument* doc)
{
    m_model->setDocument(doc);
}

void TaskTableView::setTheme(const Theme& theme)
{
    m_model->setTheme(theme);
    QPalette p = theme.palette();
    p.setColor(QPalette::Base, theme.surface);
    p.setColor(QPalette::AlternateBase, theme.background);
    p.setColor(QPalette::Text, theme.text);
    setPalette(p);
}

void TaskTableView::setFontScale(qreal scale)
{
    QFont f = m_baseFont;
    f.setPointSizeF(m_baseFont.pointSizeF() * std::clamp(scale, 0.5, 4.0));
    setFont(f);
    horizontalHeader()->setFont(f);
    verticalHeader()->setDefaultSectionSize(int(QFontMetricsF(f).height() * 1.5));
    fitColumns();
}

} // namespace loopscope::ui
