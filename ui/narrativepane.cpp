#include "narrativepane.h"

#include "theme.h"

#include <QButtonGroup>
#include <QEvent>
#include <QResizeEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace loopscope::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// The text reads a little larger than the controls around it: it is what the learner reads most.
constexpr double kTextScale = 1.1;

// Asks for the height of what it holds, so the questions take the room they need and the text the
// rest; when the pane is short it shrinks and scrolls instead.
class FittingScrollArea : public QScrollArea
{
public:
    using QScrollArea::QScrollArea;
    QSize sizeHint() const override
    {
        const int frame = 2 * frameWidth();
        if (!widget())
            return {frame, frame};
        const QSize inner = widget()->sizeHint();
        // Wrapped question text is taller when narrow: ask for the height at the width we have.
        const int w = width() - frame;
        const int h = widget()->hasHeightForWidth() && w > 0 ? widget()->heightForWidth(w) : inner.height();
        return {inner.width() + frame, std::max(h, inner.height()) + frame};
    }
    QSize minimumSizeHint() const override
    {
        const QSize hint = sizeHint();
        return {0, std::min(hint.height(), 3 * fontMetrics().height())};
    }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QScrollArea::resizeEvent(event);
        if (event->size().width() != event->oldSize().width())
            updateGeometry(); // the height it asks for depends on the width
    }
};

} // namespace

NarrativePane::NarrativePane(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("narrativePane"));
    setAccessibleName(tr("Lesson"));

    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("narrativeText"));
    m_text->setAccessibleName(tr("Lesson text"));
    m_text->setOpenExternalLinks(true);
    m_text->setFrameShape(QFrame::NoFrame);

    m_box = new QGroupBox(tr("Predict, then run"), this);
    m_box->setObjectName(QStringLiteral("predictions"));
    m_box->setAccessibleName(tr("Predictions"));
    auto* boxLayout = new QVBoxLayout(m_box);

    m_questionsHost = new QWidget;
    m_questionsLayout = new QVBoxLayout(m_questionsHost);
    m_questionsLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new FittingScrollArea(m_box);
    m_scroll = scroll;
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes straight to the answers inside
    scroll->setWidget(m_questionsHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    boxLayout->addWidget(scroll, 1);

    m_status = new QLabel(m_box);
    m_status->setObjectName(QStringLiteral("predictionStatus"));
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    boxLayout->addWidget(m_status);

    auto* buttons = new QHBoxLayout;
    m_check = new QPushButton(tr("&Check"), m_box);
    m_check->setObjectName(QStringLiteral("checkPredictions"));
    m_check->setAccessibleName(tr("Check predictions"));
    m_check->setAccessibleDescription(tr("Compares your answers with the run's, once the run is complete"));
    m_again = new QPushButton(tr("Predict &again"), m_box);
    m_again->setObjectName(QStringLiteral("predictAgain"));
    m_again->setAccessibleName(tr("Predict again"));
    buttons->addWidget(m_check);
    buttons->addWidget(m_again);
    buttons->addStretch(1);
    boxLayout->addLayout(buttons);
    connect(m_check, &QPushButton::clicked, this, &NarrativePane::check);
    connect(m_again, &QPushButton::clicked, this, &NarrativePane::predictAgain);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_text, 1);
    outer->addWidget(m_box, 0);

    setTheme(Theme::light());
    applyFonts();
    updateState();
}

NarrativePane::~NarrativePane() = default;

void NarrativePane::setTheme(const Theme& theme)
{
    m_right = theme.accent;
    m_wrong = theme.error;
    m_muted = theme.mutedText;
    for (auto& q : m_questions)
        if (q.result) {
            QPalette p = q.result->palette();
            p.setColor(QPalette::WindowText, !q.grade ? m_muted : (*q.grade ? m_right : m_wrong));
            q.result->setPalette(p);
        }
}

void NarrativePane::setFontScale(double scale)
{
    m_scale = std::clamp(scale, 0.5, 4.0);
    applyFonts();
}

void NarrativePane::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The questions may take half the pane, never the lesson text's share: past that they scroll.
    m_box->setMaximumHeight(std::max(height() / 2, m_box->minimumSizeHint().height()));
}

void NarrativePane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
}

void NarrativePane::applyFonts()
{
    // Children get explicit fonts derived from ours, so this widget's own font stays the base.
    QFont ui = font();
    ui.setPointSizeF(font().pointSizeF() * m_scale);
    m_box->setFont(ui);
    QFont reading = font();
    reading.setPointSizeF(font().pointSizeF() * m_scale * kTextScale);
    m_text->setFont(reading);
    m_text->document()->setDefaultFont(reading);
    m_questionsLayout->setSpacing(QFontMetrics(ui).height() * 3 / 4);
    // Markdown's code spans carry an absolute size from when they were read: read the text again.
    if (!m_markdown.isEmpty()) {
        auto* bar = m_text->verticalScrollBar();
        const double at = bar->maximum() > 0 ? double(bar->value()) / bar->maximum() : 0.0;
        m_text->setMarkdown(m_markdown);
        styleDocument();
        bar->setValue(int(at * bar->maximum()));
    } else {
        styleDocument();
    }
}

void NarrativePane::styleDocument()
{
    // Markdown arrives without spacing suited to reading: open the lines and the paragraphs up and
    // keep the text off the edge, all in proportion to the font.
    QTextDocument* doc = m_text->document();
    const QFontMetricsF metrics(doc->defaultFont());
    doc->setDocumentMargin(metrics.height() * 0.8);
    QTextCursor cursor(doc);
    cursor.beginEditBlock();
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        format.setLineHeight(135, QTextBlockFormat::ProportionalHeight);
        if (format.headingLevel() == 0)
            format.setBottomMargin(metrics.height() * 0.5);
        else
            format.setTopMargin(metrics.height() * 0.6);
        cursor.setPosition(block.position());
        cursor.setBlockFormat(format);
        // Code in the text at the text's size (the importer uses the system fixed font's size).
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || !fragment.charFormat().fontFixedPitch())
                continue;
            QTextCharFormat code;
            code.setFontPointSize(doc->defaultFont().pointSizeF() * 0.95);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(code);
        }
    }
    cursor.endEditBlock();
}

void NarrativePane::setLesson(const lessons::Lesson* lesson, const QString& markdown)
{
    m_lesson = lesson;
    m_markdown = markdown;
    m_answers.clear();
    m_checked = false;
    if (markdown.isEmpty() && lesson)
        m_text->setMarkdown(tr("# %1\n\n*This lesson's text is not available.*").arg(qs(lesson->title)));
    else
        m_text->setMarkdown(markdown);
    styleDocument();
    buildQuestions();
    updateState();
}

void NarrativePane::clearQuestions()
{
    while (QLayoutItem* item = m_questionsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_questions.clear();
}

void NarrativePane::buildQuestions()
{
    clearQuestions();
    m_box->setVisible(m_lesson && !m_lesson->predictions.empty());
    if (!m_lesson)
        return;
    int number = 1;
    for (const auto& prediction : m_lesson->predictions) {
        Question q;
        q.prediction = &prediction;
        auto* block = new QWidget(m_questionsHost);
        auto* layout = new QVBoxLayout(block);
        layout->setContentsMargins(0, 0, 0, 0);
        const QString question = qs(prediction.question);
        q.label = new QLabel(QStringLiteral("%1. %2").arg(number).arg(question), block);
        q.label->setWordWrap(true);
        layout->addWidget(q.label);

        if (prediction.kind == lessons::AnswerKind::Choice) {
            q.choices = new QButtonGroup(block);
            q.choices->setExclusive(true);
            for (const auto& choice : prediction.choices) {
                auto* radio = new QRadioButton(qs(choice), block);
                radio->setAccessibleName(qs(choice));
                radio->setAccessibleDescription(question);
                q.choices->addButton(radio);
                layout->addWidget(radio);
            }
        } else {
            auto* row = new QHBoxLayout;
            q.edit = new QLineEdit(block);
            q.edit->setAccessibleName(question);
            const bool seconds = prediction.kind == lessons::AnswerKind::Seconds;
            // Seconds: a decimal number ("2.5", "2,5" or "2.5 s"); Count: a whole number.
            const auto pattern = seconds ? QStringLiteral("\\s*\\d{0,6}([.,]\\d{0,3})?\\s*s?\\s*")
                                         : QStringLiteral("\\s*\\d{0,7}\\s*");
            q.edit->setValidator(new QRegularExpressionValidator(QRegularExpression(pattern), q.edit));
            q.edit->setPlaceholderText(seconds ? tr("seconds") : tr("a number"));
            const QFontMetrics fm(q.edit->font());
            q.edit->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("0000.000 ") + tr("seconds")));
            q.edit->setMaximumWidth(fm.horizontalAdvance(QStringLiteral("0000.000 ") + tr("seconds")) * 2);
            row->addWidget(q.edit);
            if (seconds)
                row->addWidget(new QLabel(tr("s", "unit: seconds"), block));
            row->addStretch(1);
            layout->addLayout(row);
            connect(q.edit, &QLineEdit::returnPressed, this, [this] {
                if (m_check->isEnabled())
                    check();
            });
        }
        q.label->setBuddy(q.edit ? static_cast<QWidget*>(q.edit) : q.choices->buttons().value(0));

        q.result = new QLabel(block);
        q.result->setWordWrap(true);
        q.result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        q.result->hide();
        layout->addWidget(q.result);

        m_questionsLayout->addWidget(block);
        m_questions.push_back(q);
        ++number;
    }
    m_questionsLayout->addStretch(1);
    // Questions are made per lesson, so they would come last in the window's Tab chain: put them
    // in reading order instead, after the lesson text and before Check.
    QWidget* previous = m_text;
    for (const Question& q : m_questions) {
        QWidget* answer = q.edit ? static_cast<QWidget*>(q.edit) : q.choices->buttons().value(0);
        QWidget::setTabOrder(previous, answer);
        previous = answer;
    }
    QWidget::setTabOrder(previous, m_check);
    QWidget::setTabOrder(m_check, m_again);
}

void NarrativePane::setAnswers(std::vector<std::string> answers)
{
    m_answers = std::move(answers);
    updateState();
}

void NarrativePane::clearAnswers()
{
    m_answers.clear();
    // Verdicts graded another run: they go, the guesses stay (unlocked) for the next Check.
    m_checked = false;
    for (auto& q : m_questions) {
        q.grade.reset();
        q.result->clear();
        q.result->hide();
    }
    updateState();
}

bool NarrativePane::hasAnswers() const
{
    return !m_questions.empty() && m_answers.size() >= m_questions.size();
}

QString NarrativePane::guess(int index) const
{
    if (index < 0 || index >= predictionCount())
        return {};
    const Question& q = m_questions[std::size_t(index)];
    if (q.edit)
        return q.edit->text().trimmed();
    const auto* chosen = q.choices->checkedButton();
    return chosen ? chosen->text() : QString();
}

void NarrativePane::setGuess(int index, const QString& text)
{
    if (index < 0 || index >= predictionCount())
        return;
    Question& q = m_questions[std::size_t(index)];
    if (q.edit) {
        q.edit->setText(text);
        return;
    }
    for (auto* button : q.choices->buttons())
        if (button->text() == text)
            button->setChecked(true);
}

std::optional<bool> NarrativePane::grade(int index) const
{
    if (index < 0 || index >= predictionCount())
        return std::nullopt;
    return m_questions[std::size_t(index)].grade;
}

QString NarrativePane::resultText(int index) const
{
    if (index < 0 || index >= predictionCount())
        return {};
    return m_questions[std::size_t(index)].result->text();
}

QString NarrativePane::answerText(const Question& q, const std::string& answer) const
{
    return q.prediction->kind == lessons::AnswerKind::Seconds ? qs(answer) + tr(" s", "unit suffix: seconds")
                                                              : qs(answer);
}

void NarrativePane::check()
{
    if (!m_lesson || !hasAnswers() || m_checked)
        return;
    m_checked = true;
    const QString id = qs(m_lesson->id);
    int answered = 0, right = 0;
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        Question& q = m_questions[i];
        const std::string& answer = m_answers[i];
        QString g = guess(int(i));
        if (q.prediction->kind == lessons::AnswerKind::Seconds)
            g.replace(QLatin1Char(','), QLatin1Char('.')); // a decimal comma is still a decimal point
        const QString real = answerText(q, answer);
        QString line;
        if (g.isEmpty()) {
            q.grade.reset();
            line = tr("\u2013 Not answered. The run: %1").arg(real);
        } else {
            q.grade = lessons::isRightAnswer(*q.prediction, g.toStdString(), answer);
            ++answered;
            right += *q.grade;
            if (*q.grade)
                line = tr("\u2713 Right. The run: %1").arg(real);
            else
                line = tr("\u2717 Not quite: you said %1, the run: %2")
                           .arg(q.prediction->kind == lessons::AnswerKind::Seconds && !g.endsWith(QLatin1Char('s'))
                                    ? g + tr(" s", "unit suffix: seconds")
                                    : g,
                                real);
        }
        q.result->setText(line);
        q.result->setAccessibleName(line);
        QPalette p = q.result->palette();
        p.setColor(QPalette::WindowText, !q.grade ? m_muted : (*q.grade ? m_right : m_wrong));
        q.result->setPalette(p);
        QFont f = q.result->font();
        f.setBold(bool(q.grade));
        q.result->setFont(f);
        q.result->show();
    }
    updateState();
    for (std::size_t i = 0; i < m_questions.size(); ++i)
        if (m_questions[i].grade)
            emit predictionChecked(id, int(i), *m_questions[i].grade);
    emit predictionsChecked(id, answered, right);
}

void NarrativePane::predictAgain()
{
    m_checked = false;
    for (auto& q : m_questions) {
        q.grade.reset();
        q.result->clear();
        q.result->hide();
        if (q.edit) {
            q.edit->clear();
        } else {
            // An exclusive group will not uncheck its last button; lift that for a moment.
            q.choices->setExclusive(false);
            for (auto* b : q.choices->buttons())
                b->setChecked(false);
            q.choices->setExclusive(true);
        }
    }
    updateState();
}

void NarrativePane::updateState()
{
    // Results appear and disappear: the question area asks for a new height.
    m_questionsHost->adjustSize();
    m_scroll->updateGeometry();
    for (auto& q : m_questions) {
        if (q.edit)
            q.edit->setReadOnly(m_checked);
        else
            for (auto* b : q.choices->buttons())
                b->setEnabled(!m_checked);
    }
    m_check->setEnabled(!m_checked && hasAnswers());
    m_again->setVisible(m_checked);
    if (m_checked)
        m_status->setText(tr("Change a parameter and predict again, or read on."));
    else if (hasAnswers())
        m_status->setText(tr("The run is complete: press Check to compare."));
    else
        m_status->setText(tr("Answer first, then run the lesson to the end and press Check."));
}

} // namespace loopscope::ui
