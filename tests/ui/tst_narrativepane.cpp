// NarrativePane: the lesson text, prediction inputs of the right kind, Check only once a complete
// run's answers are in, grades and real figures, locking, predicting again, font scale.

#include "lessons/lesson.h"
#include "lessons/runner.h"
#include "ui/lessonbrowser.h"
#include "ui/narrativepane.h"
#include "ui/paramspanel.h"
#include "ui/rundocument.h"
#include "ui/theme.h"

#include <QApplication>
#include <QButtonGroup>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTest>
#include <QTextBrowser>

using namespace loopscope;
using loopscope::ui::NarrativePane;

namespace {

const lessons::Lesson& semaphores() { return *lessons::findLesson("semaphores"); }

std::vector<std::string> answersFor(const lessons::Lesson& lesson, const lessons::Params& params)
{
    const auto runs = lessons::runAllVariants(lesson, params);
    std::vector<std::string> out;
    for (const auto& p : lesson.predictions)
        out.push_back(p.answer(runs));
    return out;
}

QString markdownOf(const lessons::Lesson& lesson) { return ui::lessonText(lesson.id, "narrative.md"); }

} // namespace

class TstNarrativePane : public QObject
{
    Q_OBJECT

private slots:
    void textAndQuestionsBeforeTheRun()
    {
        NarrativePane pane;
        pane.setLesson(&semaphores(), markdownOf(semaphores()));
        QVERIFY(pane.textBrowser()->toPlainText().startsWith(QStringLiteral("Semaphores: k at a time")));
        QVERIFY(pane.textBrowser()->toPlainText().contains(QStringLiteral("What to watch")));
        QCOMPARE(pane.predictionCount(), 2);
        const auto edits = pane.findChildren<QLineEdit*>();
        QCOMPARE(edits.size(), 2);
        QCOMPARE(edits[0]->accessibleName(), QStringLiteral("How many seconds will all the jobs take?"));
        QVERIFY(pane.findChildren<QRadioButton*>().isEmpty());
        auto* check = pane.findChild<QPushButton*>(QStringLiteral("checkPredictions"));
        QVERIFY(check);
        QVERIFY(!check->isEnabled()); // no run yet
        QVERIFY(!pane.hasAnswers());
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("predictionStatus"))->text().contains(QStringLiteral("Answer first")));

        // Seconds accept "2.5 s" and "2,5"; Count only digits.
        QTest::keyClicks(edits[0], QStringLiteral("2.5 s"));
        QCOMPARE(edits[0]->text(), QStringLiteral("2.5 s"));
        QTest::keyClicks(edits[1], QStringLiteral("1x2"));
        QCOMPARE(edits[1]->text(), QStringLiteral("12"));
    }

    void checkGradesAgainstTheRun()
    {
        NarrativePane pane;
        const auto& sem = semaphores();
        pane.setLesson(&sem, markdownOf(sem));
        const auto answers = answersFor(sem, lessons::defaultParams(sem));
        QCOMPARE(answers, (std::vector<std::string>{"3.00", "2"}));
        QSignalSpy one(&pane, &NarrativePane::predictionChecked);
        QSignalSpy all(&pane, &NarrativePane::predictionsChecked);

        pane.setGuess(0, QStringLiteral("2,98")); // within 0.05 s, with a decimal comma
        pane.setGuess(1, QStringLiteral("5"));
        pane.check(); // no answers yet: nothing happens
        QVERIFY(!pane.isChecked());
        QCOMPARE(all.count(), 0);

        pane.setAnswers(answers);
        auto* check = pane.findChild<QPushButton*>(QStringLiteral("checkPredictions"));
        QVERIFY(check->isEnabled());
        check->click();
        QVERIFY(pane.isChecked());
        QCOMPARE(pane.grade(0), std::optional<bool>(true));
        QCOMPARE(pane.grade(1), std::optional<bool>(false));
        QCOMPARE(pane.resultText(0), QStringLiteral("\u2713 Right. The run: 3.00 s"));
        QCOMPARE(pane.resultText(1), QStringLiteral("\u2717 Not quite: you said 5, the run: 2"));
        QCOMPARE(one.count(), 2);
        QCOMPARE(one.at(0), (QList<QVariant>{QStringLiteral("semaphores"), 0, true}));
        QCOMPARE(one.at(1), (QList<QVariant>{QStringLiteral("semaphores"), 1, false}));
        QCOMPARE(all.count(), 1);
        QCOMPARE(all.at(0), (QList<QVariant>{QStringLiteral("semaphores"), 2, 1}));

        // Locked: no more typing, no second check.
        const auto edits = pane.findChildren<QLineEdit*>();
        QVERIFY(edits[0]->isReadOnly());
        QVERIFY(!check->isEnabled());
        pane.check();
        QCOMPARE(all.count(), 1);

        // Predict again: empty, ungraded, checkable with the answers already there.
        pane.findChild<QPushButton*>(QStringLiteral("predictAgain"))->click();
        QVERIFY(!pane.isChecked());
        QCOMPARE(pane.guess(0), QString());
        QCOMPARE(pane.grade(0), std::nullopt);
        QVERIFY(!edits[0]->isReadOnly());
        QVERIFY(check->isEnabled());
        pane.clearAnswers();
        QVERIFY(!check->isEnabled());
    }

    void answersFollowTheParameters()
    {
        NarrativePane pane;
        const auto& sem = semaphores();
        pane.setLesson(&sem, markdownOf(sem));
        lessons::Params p = lessons::defaultParams(sem);
        QVERIFY(!lessons::applyAssignment(sem, p, "n=7"));
        QVERIFY(!lessons::applyAssignment(sem, p, "k=3"));
        pane.setAnswers(answersFor(sem, p));
        pane.setGuess(0, QStringLiteral("3"));
        pane.setGuess(1, QStringLiteral("3"));
        pane.check();
        QCOMPARE(pane.grade(0), std::optional<bool>(true));
        QCOMPARE(pane.grade(1), std::optional<bool>(true));
    }

    void unansweredIsShownNotGraded()
    {
        NarrativePane pane;
        const auto& sem = semaphores();
        pane.setLesson(&sem, markdownOf(sem));
        pane.setAnswers({"3.00", "2"});
        QSignalSpy all(&pane, &NarrativePane::predictionsChecked);
        QSignalSpy one(&pane, &NarrativePane::predictionChecked);
        auto* edit = pane.findChildren<QLineEdit*>().at(0);
        QTest::keyClicks(edit, QStringLiteral("1"));
        QTest::keyClick(edit, Qt::Key_Return); // Enter checks
        QVERIFY(pane.isChecked());
        QCOMPARE(pane.grade(0), std::optional<bool>(false));
        QCOMPARE(pane.grade(1), std::nullopt);
        QCOMPARE(pane.resultText(0), QStringLiteral("\u2717 Not quite: you said 1 s, the run: 3.00 s"));
        QCOMPARE(pane.resultText(1), QStringLiteral("\u2013 Not answered. The run: 2"));
        QCOMPARE(one.count(), 1);
        QCOMPARE(all.at(0), (QList<QVariant>{QStringLiteral("semaphores"), 1, 0}));
    }

    void choiceQuestionsAreRadioButtons()
    {
        const auto* locks = lessons::findLesson("locks");
        QVERIFY(locks);
        NarrativePane pane;
        pane.setLesson(locks, markdownOf(*locks));
        QCOMPARE(pane.predictionCount(), 3);
        const auto radios = pane.findChildren<QRadioButton*>();
        QCOMPARE(radios.size(), 2);
        QCOMPARE(radios[0]->text(), QStringLiteral("all done"));
        QCOMPARE(radios[1]->text(), QStringLiteral("deadlock"));
        QCOMPARE(pane.findChildren<QLineEdit*>().size(), 2);
        radios[1]->click();
        QCOMPARE(pane.guess(1), QStringLiteral("deadlock"));
        radios[0]->click();
        QCOMPARE(pane.guess(1), QStringLiteral("all done"));

        pane.setAnswers({"0.30", "all done", "2"});
        pane.check();
        QCOMPARE(pane.grade(1), std::optional<bool>(true));
        QVERIFY(!radios[1]->isEnabled());
        pane.predictAgain();
        QCOMPARE(pane.guess(1), QString()); // the radio buttons are cleared too
        QVERIFY(radios[1]->isEnabled());
    }

    void newLessonStartsClean()
    {
        NarrativePane pane;
        pane.setLesson(&semaphores(), markdownOf(semaphores()));
        pane.setAnswers({"3.00", "2"});
        pane.setGuess(0, QStringLiteral("3"));
        pane.check();
        const auto* ev = lessons::findLesson("event-loop");
        pane.setLesson(ev, markdownOf(*ev));
        QVERIFY(!pane.isChecked());
        QVERIFY(!pane.hasAnswers());
        QCOMPARE(pane.predictionCount(), int(ev->predictions.size()));
        QCOMPARE(pane.guess(0), QString());
        QVERIFY(pane.textBrowser()->toPlainText().startsWith(QStringLiteral("The event loop")));
    }

    void fontScale()
    {
        NarrativePane pane;
        pane.setLesson(&semaphores(), markdownOf(semaphores()));
        const double base = pane.font().pointSizeF();
        const double before = pane.textBrowser()->document()->defaultFont().pointSizeF();
        pane.setFontScale(2.0);
        QCOMPARE(pane.textBrowser()->document()->defaultFont().pointSizeF(), before * 2.0);
        QCOMPARE(pane.findChild<QWidget*>(QStringLiteral("predictions"))->font().pointSizeF(), base * 2.0);
        QCOMPARE(pane.font().pointSizeF(), base); // its own font stays the base
    }
};

QTEST_MAIN(TstNarrativePane)
#include "tst_narrativepane.moc"
