// LessonBrowser: syllabus order, choosing with mouse and keyboard, next/previous across chapters,
// progress marks and their accessible text.

#include "lessons/lesson.h"
#include "ui/lessonbrowser.h"
#include "ui/progressstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace loopscope;
using loopscope::ui::LessonBrowser;

class TstLessonBrowser : public QObject
{
    Q_OBJECT

    static QString id(const lessons::Lesson& l) { return QString::fromStdString(l.id); }

private slots:
    void syllabusOrderAndChapters()
    {
        LessonBrowser browser;
        QStringList expected;
        int chapters = 0, lastChapter = -1;
        for (const auto& l : lessons::allLessons()) {
            expected << id(l);
            if (l.chapter != lastChapter)
                ++chapters, lastChapter = l.chapter;
        }
        QCOMPARE(browser.lessonIds(), expected);
        QCOMPARE(browser.topLevelItemCount(), chapters);
        // Chapter 1 holds the first lesson, with the chapter title shown.
        const auto& first = lessons::allLessons().front();
        QVERIFY(browser.topLevelItem(0)->text(0).contains(QString::fromStdString(first.chapterTitle)));
        QCOMPARE(browser.topLevelItem(0)->child(0), browser.lessonItem(id(first)));
        QCOMPARE(browser.lessonItem(id(first))->text(0), QString::fromStdString(first.title));
        QVERIFY(browser.lessonItem(QStringLiteral("no-such-lesson")) == nullptr);
    }

    void selectLessonIsQuietClickIsNot()
    {
        LessonBrowser browser;
        browser.resize(500, 800);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QSignalSpy chosen(&browser, &LessonBrowser::lessonChosen);
        QVERIFY(browser.selectLesson(QStringLiteral("semaphores")));
        QCOMPARE(browser.currentLessonId(), QStringLiteral("semaphores"));
        QCOMPARE(chosen.count(), 0);
        QVERIFY(!browser.selectLesson(QStringLiteral("nope")));

        const QRect rect = browser.visualItemRect(browser.lessonItem(QStringLiteral("locks")));
        QVERIFY(rect.isValid());
        // Rows have air in proportion to the font.
        QVERIFY2(rect.height() >= QFontMetrics(browser.font()).height() * 7 / 5,
                 qPrintable(QStringLiteral("row %1 px, font %2 px").arg(rect.height()).arg(QFontMetrics(browser.font()).height())));
        QTest::mouseClick(browser.viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("locks"));
    }

    void nextAndPreviousCrossChapters()
    {
        LessonBrowser browser;
        QSignalSpy chosen(&browser, &LessonBrowser::lessonChosen);
        const auto& all = lessons::allLessons();
        // The last lesson of chapter 1 and the first of chapter 2.
        std::size_t boundary = 0;
        while (all[boundary + 1].chapter == all[0].chapter)
            ++boundary;
        browser.selectLesson(id(all[boundary]));
        QVERIFY(browser.selectNext());
        QCOMPARE(browser.currentLessonId(), id(all[boundary + 1]));
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), id(all[boundary + 1]));
        QVERIFY(browser.selectPrevious());
        QCOMPARE(browser.currentLessonId(), id(all[boundary]));
        QCOMPARE(chosen.count(), 2);

        browser.selectLesson(id(all.front()));
        QVERIFY(!browser.selectPrevious());
        QCOMPARE(browser.currentLessonId(), id(all.front()));
        browser.selectLesson(id(all.back()));
        QVERIFY(!browser.selectNext());
        QCOMPARE(browser.currentLessonId(), id(all.back()));
        QCOMPARE(chosen.count(), 2);
    }

    void keyboardMovesBetweenLessons()
    {
        LessonBrowser browser;
        browser.resize(500, 900);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        browser.setFocus();
        QSignalSpy chosen(&browser, &LessonBrowser::lessonChosen);
        const auto& all = lessons::allLessons();
        browser.selectLesson(id(all[0]));
        QTest::keyClick(&browser, Qt::Key_Down);
        QCOMPARE(browser.currentLessonId(), id(all[1]));
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), id(all[1]));
        QTest::keyClick(&browser, Qt::Key_Up);
        QCOMPARE(browser.currentLessonId(), id(all[0]));
        QCOMPARE(chosen.count(), 2);

        // Down from a chapter's last lesson goes to the next chapter's first lesson.
        std::size_t boundary = 0;
        while (all[boundary + 1].chapter == all[0].chapter)
            ++boundary;
        browser.selectLesson(id(all[boundary]));
        QTest::keyClick(&browser, Qt::Key_Down);
        QCOMPARE(browser.currentLessonId(), id(all[boundary + 1]));
        QCOMPARE(chosen.count(), 3);
        // Up steps back over the heading; Up at the very first lesson stays there; End and Home.
        QTest::keyClick(&browser, Qt::Key_Up);
        QCOMPARE(browser.currentLessonId(), id(all[boundary]));
        QTest::keyClick(&browser, Qt::Key_End);
        QCOMPARE(browser.currentLessonId(), id(all.back()));
        QTest::keyClick(&browser, Qt::Key_Home);
        QCOMPARE(browser.currentLessonId(), id(all.front()));
        QTest::keyClick(&browser, Qt::Key_Up);
        QCOMPARE(browser.currentLessonId(), id(all.front()));
        QCOMPARE(chosen.count(), 6);
    }

    void progressMarks()
    {
        LessonBrowser browser;
        auto* item = browser.lessonItem(QStringLiteral("semaphores"));
        QVERIFY(item);
        const int total = int(lessons::findLesson("semaphores")->predictions.size());
        QCOMPARE(total, 2);
        QCOMPARE(item->data(0, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Semaphores: k at a time, not visited yet, 0 of 2 predictions answered"));
        QCOMPARE(item->text(1), QStringLiteral("\u00B7 \u25C7\u25C7"));

        browser.setProgress(QStringLiteral("semaphores"), true, {true, std::nullopt});
        QCOMPARE(item->data(0, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Semaphores: k at a time, visited, 1 of 2 predictions answered, 1 right"));
        QCOMPARE(item->text(1), QStringLiteral("\u2713 \u25C6\u25C7"));
        QVERIFY(item->toolTip(0).contains(QStringLiteral("visited")));

        // From a store: visited and answered come through; other lessons stay unmarked.
        QTemporaryDir dir;
        ui::ProgressStore store(dir.filePath(QStringLiteral("s.ini")));
        store.markVisited(QStringLiteral("event-loop"));
        store.recordPrediction(QStringLiteral("event-loop"), 0, false);
        store.recordPrediction(QStringLiteral("event-loop"), 1, true);
        browser.showProgress(store);
        // A wrong answer is marked apart from a right one.
        QCOMPARE(browser.lessonItem(QStringLiteral("event-loop"))->text(1), QStringLiteral("\u2713 \u2717\u25C6"));
        QCOMPARE(browser.lessonItem(QStringLiteral("event-loop"))->data(0, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("One loop, many waits, visited, 2 of 2 predictions answered, 1 right"));
        QCOMPARE(item->text(1), QStringLiteral("\u00B7 \u25C7\u25C7"));
    }
};

QTEST_MAIN(TstLessonBrowser)
#include "tst_lessonbrowser.moc"
