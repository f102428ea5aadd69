#pragma once
// NarrativePane: the lesson's text (its narrative.md) and its prediction questions.
//
// Predictions are asked before the lesson runs: the learner answers each (a number of seconds, a
// count, or one of a few choices). The app hands in the answers once a complete run exists
// (setAnswers, from Prediction::answer(runs)); "Check" then grades each guess with
// lessons::isRightAnswer and shows the real figure beside it. Checked guesses are locked — a
// prediction changed after seeing the answer is not a prediction — until "Predict again".

#include "lessons/lesson.h"

#include <QColor>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QAbstractButton;
class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;

namespace loopscope::ui {

struct Theme;

class NarrativePane : public QWidget
{
    Q_OBJECT

public:
    explicit NarrativePane(QWidget* parent = nullptr);
    ~NarrativePane() override;

    // Shows a lesson: its Markdown and empty prediction inputs. Answers are cleared.
    void setLesson(const lessons::Lesson* lesson, const QString& markdown);
    const lessons::Lesson* lesson() const { return m_lesson; }

    // The answers of a complete run, one per prediction in order; enables "Check".
    void setAnswers(std::vector<std::string> answers);
    // The answers no longer match the parameters (a re-run is under way): "Check" waits again,
    // verdicts given on the old run go, guesses stay and can be changed.
    void clearAnswers();
    bool hasAnswers() const;

    // Text size relative to the widget font (presentation mode uses ~1.5).
    void setFontScale(double scale);
    double fontScale() const { return m_scale; }
    // Colours of the grades (right / wrong); the rest follows the widget palette.
    void setTheme(const Theme& theme);

    // --- the questions ---------------------------------------------------------------------------
    int predictionCount() const { return int(m_questions.size()); }
    // The guess as entered ("" when not answered); for Choice, the chosen text.
    QString guess(int index) const;
    // Enters a guess as if typed or clicked (tests, or restoring a session).
    void setGuess(int index, const QString& text);
    bool isChecked() const { return m_checked; }
    // After check(): whether the guess was right; nullopt when not answered or not checked.
    std::optional<bool> grade(int index) const;
    // After check(): the line shown under the question.
    QString resultText(int index) const;

    QTextBrowser* textBrowser() const { return m_text; }

public slots:
    // Grades every answered question (needs answers). Emits predictionChecked per answered question
    // and predictionsChecked once.
    void check();
    // Clears the guesses and grades so the learner can predict again (e.g. after changing parameters).
    void predictAgain();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

signals:
    void predictionChecked(const QString& lessonId, int index, bool right);
    void predictionsChecked(const QString& lessonId, int answered, int right);

private:
    struct Question
    {
        const lessons::Prediction* prediction = nullptr;
        QLabel* label = nullptr;
        QLineEdit* edit = nullptr;        // Seconds, Count
        QButtonGroup* choices = nullptr;  // Choice
        QLabel* result = nullptr;
        std::optional<bool> grade;
    };

    void buildQuestions();
    void clearQuestions();
    void updateState();
    void applyFonts();
    void styleDocument();
    QString answerText(const Question& q, const std::string& answer) const;

    const lessons::Lesson* m_lesson = nullptr;
    QString m_markdown;
    std::vector<std::string> m_answers;
    std::vector<Question> m_questions;
    bool m_checked = false;
    double m_scale = 1.0;
    QColor m_right, m_wrong, m_muted;

    QTextBrowser* m_text = nullptr;
    QGroupBox* m_box = nullptr;
    QWidget* m_questionsHost = nullptr;
    QWidget* m_scroll = nullptr;
    QVBoxLayout* m_questionsLayout = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_check = nullptr;
    QPushButton* m_again = nullptr;
};

} // namespace loopscope::ui
