#include "paramspanel.h"

#include "checkedspinbox.h"
#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Decimals enough to show the smallest value the parameter allows and its default exactly.
int decimalsFor(const lessons::ParamSpec& spec)
{
    auto decimalsOf = [](const QString& text) {
        const int dot = text.indexOf(QLatin1Char('.'));
        return dot < 0 ? 0 : int(text.size() - dot - 1);
    };
    const int d = std::max(decimalsOf(QString::number(spec.min, 'g', 10)), decimalsOf(qs(spec.defaultValue)));
    return std::clamp(d, 1, 4);
}

} // namespace

ParamsPanel::ParamsPanel(QWidget* parent) : QWidget(parent), m_errorColour(Theme::light().error)
{
    setObjectName(QStringLiteral("paramsPanel"));
    setAccessibleName(tr("Parameters"));

    auto* outer = new QVBoxLayout(this);
    m_grid = new QGridLayout;
    m_grid->setColumnStretch(2, 1);
    outer->addLayout(m_grid);

    m_empty = new QLabel(tr("This lesson has no parameters."), this);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setWordWrap(true);
    outer->addWidget(m_empty);

    auto* buttons = new QHBoxLayout;
    m_restore = new QPushButton(tr("Restore &defaults"), this);
    m_restore->setObjectName(QStringLiteral("restoreDefaults"));
    m_restore->setAccessibleName(tr("Restore default parameters"));
    m_restore->setToolTip(tr("Set every parameter back to the lesson's default and run again"));
    connect(m_restore, &QPushButton::clicked, this, &ParamsPanel::restoreDefaults);
    buttons->addWidget(m_restore);
    buttons->addStretch(1);
    outer->addLayout(buttons);
    outer->addStretch(1);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &ParamsPanel::commit);

    rebuild();
}

ParamsPanel::~ParamsPanel() = default;

void ParamsPanel::setTheme(const Theme& theme)
{
    m_errorColour = theme.error;
    for (const auto& row : m_rows)
        if (row.error)
            applyErrorColour(row.error);
}

void ParamsPanel::applyErrorColour(QLabel* label) const
{
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, m_errorColour);
    label->setPalette(p);
}

void ParamsPanel::setDebounceInterval(int ms) { m_debounce->setInterval(std::max(0, ms)); }

void ParamsPanel::setLesson(const lessons::Lesson* lesson, const lessons::Params& params)
{
    m_debounce->stop();
    m_lesson = lesson;
    rebuild();
    setParams(params);
}

void ParamsPanel::clearRows()
{
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rows.clear();
}

void ParamsPanel::rebuild()
{
    clearRows();
    const bool any = m_lesson && !m_lesson->params.empty();
    m_empty->setVisible(m_lesson && !any);
    m_restore->setVisible(any);
    if (!any)
        return;

    int gridRow = 0;
    for (const auto& spec : m_lesson->params) {
        const QString name = qs(spec.name);
        const QString help = qs(spec.help);
        const QString valid = qs(lessons::describeValid(spec));

        auto* label = new QLabel(name, this);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        QWidget* control = makeControl(spec);
        control->setObjectName(QStringLiteral("param_") + name);
        control->setAccessibleName(name + QStringLiteral(": ") + help);
        control->setAccessibleDescription(valid);
        control->setToolTip(QStringLiteral("%1: %2 (%3)").arg(name, help, valid));
        label->setBuddy(control);

        auto* helpLabel = new QLabel(help, this);
        helpLabel->setForegroundRole(QPalette::PlaceholderText);
        helpLabel->setWordWrap(true);
        helpLabel->setToolTip(valid);

        m_grid->addWidget(label, gridRow, 0);
        m_grid->addWidget(control, gridRow, 1);
        m_grid->addWidget(helpLabel, gridRow, 2);

        Row row{&spec, control, nullptr};
        if (spec.type != lessons::ParamType::Bool && spec.type != lessons::ParamType::Choice) {
            row.error = new QLabel(this);
            row.error->setObjectName(QStringLiteral("error_") + name);
            row.error->setWordWrap(true);
            row.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
            row.error->hide();
            applyErrorColour(row.error);
            ++gridRow;
            m_grid->addWidget(row.error, gridRow, 1, 1, 2);
        }
        m_rows.push_back(row);
        ++gridRow;
        if (auto* box = qobject_cast<CheckedSpinBox*>(control))
            connect(box, &CheckedSpinBox::rejected, this, [this, error = row.error, spec = &spec](const QString& text) {
                showRefusal(error, *spec, text);
            });
        else if (auto* box = qobject_cast<CheckedDoubleSpinBox*>(control))
            connect(box, &CheckedDoubleSpinBox::rejected, this, [this, error = row.error, spec = &spec](const QString& text) {
                showRefusal(error, *spec, text);
            });
    }
}

void ParamsPanel::showRefusal(QLabel* error, const lessons::ParamSpec& spec, const QString& text)
{
    // The box went back to the value it had; say what was typed and what the parameter takes.
    const auto kept = m_params.values().find(spec.name);
    QString message = tr("%1 is out of range for %2, which takes %3")
                          .arg(text, qs(spec.name), qs(lessons::describeValid(spec)));
    if (kept != m_params.values().end())
        message += tr("; it stays %1").arg(qs(lessons::formatValue(kept->second)));
    error->setText(QString(QChar(0x26A0)) + QLatin1Char(' ') + message);
    error->show();
}

QWidget* ParamsPanel::makeControl(const lessons::ParamSpec& spec)
{
    using lessons::ParamType;
    switch (spec.type) {
    case ParamType::Int: {
        auto* box = new CheckedSpinBox(this);
        box->setRange(int(spec.min), int(spec.max));
        // A number counts once typed in full (Return or leaving the box): "999999999" must not
        // pass through 999 on its way to being refused.
        box->setKeyboardTracking(false);
        box->setAccelerated(true);
        connect(box, &QSpinBox::valueChanged, this, [this] { changed(true); });
        return box;
    }
    case ParamType::Float: {
        auto* box = new CheckedDoubleSpinBox(this);
        box->setKeyboardTracking(false);
        box->setDecimals(decimalsFor(spec));
        box->setRange(spec.min, spec.max);
        // Steps follow the value's size: 0.1 around 2 s, 0.01 around 0.5 s, 1 around 20 s.
        box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
        box->setSuffix(tr(" s", "unit suffix: seconds"));
        box->setAccelerated(true);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { changed(true); });
        return box;
    }
    case ParamType::Bool: {
        auto* box = new QCheckBox(this);
        // Tab reaches it; a click does not take the keys from the player (Space would toggle it
        // again instead of playing).
        box->setFocusPolicy(Qt::TabFocus);
        connect(box, &QCheckBox::toggled, this, [this] { changed(false); });
        return box;
    }
    case ParamType::Choice: {
        auto* box = new QComboBox(this);
        // Tab reaches it; a choice made with the mouse leaves the keys with the player (the
        // arrows would pick another choice instead of stepping).
        box->setFocusPolicy(Qt::TabFocus);
        for (const auto& c : spec.choices)
            box->addItem(qs(c));
        connect(box, &QComboBox::currentIndexChanged, this, [this] { changed(false); });
        return box;
    }
    case ParamType::List: {
        auto* edit = new QLineEdit(this);
        edit->setPlaceholderText(tr("e.g. %1").arg(qs(spec.defaultValue)));
        edit->setClearButtonEnabled(false);
        connect(edit, &QLineEdit::textEdited, this, [this] { changed(true); });
        // Leaving the field or pressing Enter does not wait for the debounce.
        connect(edit, &QLineEdit::editingFinished, this, [this] {
            if (!m_loading)
                commit();
        });
        return edit;
    }
    }
    return new QWidget(this);
}

void ParamsPanel::showValue(const Row& row, const lessons::ParamValue& value)
{
    using lessons::ParamType;
    switch (row.spec->type) {
    case ParamType::Int:
        static_cast<QSpinBox*>(row.control)->setValue(int(std::get<std::int64_t>(value)));
        break;
    case ParamType::Float:
        static_cast<QDoubleSpinBox*>(row.control)->setValue(std::get<double>(value));
        break;
    case ParamType::Bool:
        static_cast<QCheckBox*>(row.control)->setChecked(std::get<bool>(value));
        break;
    case ParamType::Choice:
        static_cast<QComboBox*>(row.control)->setCurrentText(qs(std::get<std::string>(value)));
        break;
    case ParamType::List:
        static_cast<QLineEdit*>(row.control)->setText(qs(std::get<std::string>(value)));
        break;
    }
}

QString ParamsPanel::textOf(const Row& row) const
{
    using lessons::ParamType;
    switch (row.spec->type) {
    case ParamType::Int: return QString::number(static_cast<QSpinBox*>(row.control)->value());
    // 'g' with enough digits gives "0.1", not "0.10000000000000001"; always a '.' decimal point.
    case ParamType::Float: return QString::number(static_cast<QDoubleSpinBox*>(row.control)->value(), 'g', 12);
    case ParamType::Bool: return static_cast<QCheckBox*>(row.control)->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    case ParamType::Choice: return static_cast<QComboBox*>(row.control)->currentText();
    case ParamType::List: return static_cast<QLineEdit*>(row.control)->text().remove(QLatin1Char(' '));
    }
    return {};
}

void ParamsPanel::setParams(const lessons::Params& params)
{
    m_debounce->stop();
    m_params = params;
    m_loading = true;
    for (const auto& row : m_rows) {
        const auto it = params.values().find(row.spec->name);
        if (it != params.values().end())
            showValue(row, it->second);
        if (row.error) {
            row.error->clear();
            row.error->hide();
        }
    }
    m_loading = false;
}

void ParamsPanel::restoreDefaults()
{
    if (!m_lesson)
        return;
    const lessons::Params defaults = lessons::defaultParams(*m_lesson);
    const bool differs = defaults.values() != m_params.values();
    setParams(defaults);
    if (differs)
        emit paramsChanged(m_params);
}

QString ParamsPanel::errorText() const
{
    QStringList errors;
    for (const auto& row : m_rows)
        if (row.error && !row.error->text().isEmpty())
            errors << row.error->text();
    return errors.join(QLatin1Char('\n'));
}

void ParamsPanel::changed(bool debounce)
{
    if (m_loading || !m_lesson)
        return;
    if (debounce && m_debounce->interval() > 0)
        m_debounce->start();
    else
        commit();
}

void ParamsPanel::flush()
{
    if (m_debounce->isActive())
        commit();
}

void ParamsPanel::commit()
{
    m_debounce->stop();
    if (!m_lesson)
        return;
    // Each control is checked on its own: a half-typed list keeps its last valid value and shows
    // why, while a change to another parameter still goes through.
    lessons::Params next = m_params;
    for (const auto& row : m_rows) {
        const std::string assignment = row.spec->name + '=' + textOf(row).toStdString();
        const auto error = lessons::applyAssignment(*m_lesson, next, assignment);
        if (row.error) {
            row.error->setText(error ? QString(QChar(0x26A0)) + QLatin1Char(' ') + qs(*error) : QString());
            row.error->setVisible(bool(error));
            row.control->setAccessibleDescription(error ? qs(*error) : qs(lessons::describeValid(*row.spec)));
        }
    }
    if (next.values() == m_params.values())
        return;
    m_params = next;
    emit paramsChanged(m_params);
}

} // namespace loopscope::ui
