#pragma once
// LessonBrowser: the syllabus as a tree — chapters, and under each its lessons in order — with a
// progress mark on every lesson (visited; predictions answered). Choosing a lesson, with the mouse
// or the keyboard, emits lessonChosen(id); the app loads it. Programmatic selection (selectLesson)
// stays quiet so the app can show where it is without being told to go there again.

#include <QTreeWidget>

#include <optional>
#include <vector>

namespace loopscope::ui {

class ProgressStore;

class LessonBrowser : public QTreeWidget
{
    Q_OBJECT

public:
    explicit LessonBrowser(QWidget* parent = nullptr);

    // Every lesson id, in syllabus order.
    QStringList lessonIds() const;
    // The selected lesson's id, or empty when a chapter (or nothing) is selected.
    QString currentLessonId() const;

    // Selects a lesson without emitting lessonChosen. False when there is no such lesson.
    bool selectLesson(const QString& id);
    // Moves to the next / previous lesson in syllabus order, across chapters, and emits
    // lessonChosen. False (and nothing happens) at the end / start of the syllabus.
    bool selectNext();
    bool selectPrevious();

    // The marks on one lesson: visited, and each prediction's grade (nullopt: not answered yet);
    // right and wrong answers are marked differently (◆ right, ✗ wrong, ◇ not answered).
    void setProgress(const QString& id, bool visited, const std::vector<std::optional<bool>>& grades);
    // The marks of every lesson from the store (call again when it reports progressChanged).
    void showProgress(const ProgressStore& store);

    // The item of a lesson (tests and accessibility checks read its texts); nullptr when unknown.
    QTreeWidgetItem* lessonItem(const QString& id) const;

signals:
    void lessonChosen(const QString& id);

protected:
    // Up, Down, Page Up/Down, Home and End land on lessons: chapter headings are stepped over.
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    void changeEvent(QEvent* event) override;

private:
    void populate();
    void applyFonts();
    bool step(int delta);

    QList<QTreeWidgetItem*> m_lessons; // syllabus order
    bool m_quiet = false;              // selection changes made by the app itself
};

} // namespace loopscope::ui
