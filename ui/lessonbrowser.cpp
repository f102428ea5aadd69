#include "lessonbrowser.h"

#include "lessons/lesson.h"
#include "progressstore.h"

#include <QEvent>
#include <QHeaderView>

#include <algorithm>

namespace loopscope::ui {

namespace {

enum Column { TitleColumn = 0, MarksColumn = 1 };
constexpr int IdRole = Qt::UserRole;
constexpr int VisitedRole = Qt::UserRole + 1;
constexpr int AnsweredRole = Qt::UserRole + 2;
constexpr int TotalRole = Qt::UserRole + 3;

// The glyphs are in DejaVu and every common UI font; the words beside them are what screen readers
// and tooltips get, so nothing depends on seeing the glyph.
const QChar kVisited(0x2713);     // ✓
const QChar kNotVisited(0x00B7);  // ·
const QChar kRight(0x25C6);       // ◆ answered and right
const QChar kWrong(0x2717);       // ✗ answered and wrong
const QChar kUnanswered(0x25C7);  // ◇

QString describe(const QString& title, bool visited, int answered, int right, int total)
{
    QString s = title + (visited ? LessonBrowser::tr(", visited") : LessonBrowser::tr(", not visited yet"));
    if (total > 0)
        s += LessonBrowser::tr(", %1 of %2 predictions answered").arg(answered).arg(total);
    if (answered > 0)
        s += LessonBrowser::tr(", %1 right").arg(right);
    return s;
}

} // namespace

LessonBrowser::LessonBrowser(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("lessonBrowser"));
    setAccessibleName(tr("Lessons"));
    setAccessibleDescription(tr("Chapters and lessons in syllabus order, with progress marks"));
    setColumnCount(2);
    setHeaderHidden(true);
    setRootIsDecorated(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(MarksColumn, QHeaderView::ResizeToContents);
    populate();

    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (m_quiet || !item)
            return;
        const QString id = item->data(TitleColumn, IdRole).toString();
        if (!id.isEmpty())
            emit lessonChosen(id);
    });
}

void LessonBrowser::populate()
{
    clear();
    m_lessons.clear();
    QTreeWidgetItem* chapter = nullptr;
    int chapterNumber = -1;
    for (const auto& lesson : lessons::allLessons()) {
        if (!chapter || lesson.chapter != chapterNumber) {
            chapterNumber = lesson.chapter;
            chapter = new QTreeWidgetItem(this);
            const QString title = QStringLiteral("%1  %2").arg(chapterNumber).arg(QString::fromStdString(lesson.chapterTitle));
            chapter->setText(TitleColumn, title);
            chapter->setData(TitleColumn, Qt::AccessibleTextRole, tr("Chapter %1: %2")
                                                                      .arg(chapterNumber)
                                                                      .arg(QString::fromStdString(lesson.chapterTitle)));
            // A chapter is a heading, not a place to go: the keyboard moves between lessons.
            chapter->setFlags(Qt::ItemIsEnabled);
            chapter->setFirstColumnSpanned(false);
        }
        auto* item = new QTreeWidgetItem(chapter);
        const QString id = QString::fromStdString(lesson.id);
        item->setText(TitleColumn, QString::fromStdString(lesson.title));
        item->setData(TitleColumn, IdRole, id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_lessons.append(item);
        setProgress(id, false, std::vector<std::optional<bool>>(lesson.predictions.size()));
    }
    expandAll();
    applyFonts();
}

void LessonBrowser::applyFonts()
{
    // Rows get air in proportion to the font (readable on a projector, no pixel assumptions), and
    // chapter headings follow the widget font when presentation mode enlarges it.
    // (A width of -1 would make the size invalid, and Qt drops invalid hints; the title column stretches.)
    const QSize row(0, QFontMetrics(font()).height() * 3 / 2);
    QFont bold = font();
    bold.setBold(true);
    for (int c = 0; c < topLevelItemCount(); ++c) {
        QTreeWidgetItem* chapter = topLevelItem(c);
        chapter->setFont(TitleColumn, bold);
        chapter->setSizeHint(TitleColumn, row);
        for (int i = 0; i < chapter->childCount(); ++i)
            chapter->child(i)->setSizeHint(TitleColumn, row);
    }
}

void LessonBrowser::changeEvent(QEvent* event)
{
    QTreeWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
}

QStringList LessonBrowser::lessonIds() const
{
    QStringList ids;
    for (const auto* item : m_lessons)
        ids << item->data(TitleColumn, IdRole).toString();
    return ids;
}

QString LessonBrowser::currentLessonId() const
{
    const auto* item = currentItem();
    return item ? item->data(TitleColumn, IdRole).toString() : QString();
}

QTreeWidgetItem* LessonBrowser::lessonItem(const QString& id) const
{
    for (auto* item : m_lessons)
        if (item->data(TitleColumn, IdRole).toString() == id)
            return item;
    return nullptr;
}

bool LessonBrowser::selectLesson(const QString& id)
{
    auto* item = lessonItem(id);
    if (!item)
        return false;
    m_quiet = true;
    setCurrentItem(item);
    scrollToItem(item);
    m_quiet = false;
    return true;
}

bool LessonBrowser::step(int delta)
{
    const int at = m_lessons.indexOf(currentItem());
    // With nothing (or a chapter) selected, "next" starts the syllabus and "previous" does nothing.
    const int to = at < 0 ? (delta > 0 ? 0 : -1) : at + delta;
    if (to < 0 || to >= m_lessons.size())
        return false;
    setCurrentItem(m_lessons[to]); // emits lessonChosen through currentItemChanged
    scrollToItem(m_lessons[to]);
    return true;
}

QModelIndex LessonBrowser::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex target = QTreeWidget::moveCursor(action, modifiers);
    QTreeWidgetItem* item = itemFromIndex(target);
    if (!item || item->parent() || item->childCount() == 0)
        return target; // a lesson, or nothing
    bool backwards = false;
    switch (action) {
    case MoveUp:
    case MovePageUp:
    case MovePrevious: backwards = true; break;
    case MoveDown:
    case MovePageDown:
    case MoveNext:
    case MoveHome:
    case MoveEnd: break;
    default: return target; // Left and Right open, close and climb the tree as usual
    }
    if (backwards) {
        // The heading's predecessor is the last lesson of the chapter before, if there is one.
        const int chapter = indexOfTopLevelItem(item);
        if (chapter == 0)
            return currentIndex();
        QTreeWidgetItem* previous = topLevelItem(chapter - 1);
        previous->setExpanded(true);
        return indexFromItem(previous->child(previous->childCount() - 1));
    }
    item->setExpanded(true);
    return indexFromItem(item->child(0));
}

bool LessonBrowser::selectNext() { return step(+1); }
bool LessonBrowser::selectPrevious() { return step(-1); }

void LessonBrowser::setProgress(const QString& id, bool visited, const std::vector<std::optional<bool>>& grades)
{
    auto* item = lessonItem(id);
    if (!item)
        return;
    const int total = int(grades.size());
    const int answered = int(std::count_if(grades.begin(), grades.end(), [](const auto& g) { return g.has_value(); }));
    const int right = int(std::count(grades.begin(), grades.end(), std::optional<bool>(true)));
    item->setData(TitleColumn, VisitedRole, visited);
    item->setData(TitleColumn, AnsweredRole, answered);
    item->setData(TitleColumn, TotalRole, total);

    QString marks = visited ? QString(kVisited) : QString(kNotVisited);
    if (total > 0) {
        marks += QLatin1Char(' ');
        for (const auto& g : grades)
            marks += !g ? kUnanswered : (*g ? kRight : kWrong);
    }
    item->setText(MarksColumn, marks);

    const QString text = describe(item->text(TitleColumn), visited, answered, right, total);
    item->setData(TitleColumn, Qt::AccessibleTextRole, text);
    item->setData(MarksColumn, Qt::AccessibleTextRole, text);
    item->setToolTip(TitleColumn, QStringLiteral("%1 (%2)").arg(text, id));
    item->setToolTip(MarksColumn, text);
}

void LessonBrowser::showProgress(const ProgressStore& store)
{
    for (const auto& lesson : lessons::allLessons()) {
        const QString id = QString::fromStdString(lesson.id);
        std::vector<std::optional<bool>> grades;
        for (int i = 0; i < int(lesson.predictions.size()); ++i)
            grades.push_back(store.wasRight(id, i));
        setProgress(id, store.isVisited(id), grades);
    }
}

} // namespace loopscope::ui
