#pragma once
// ParamsPanel: a lesson's parameters as controls that fit them — Int a spin box, Float a decimal
// spin box, Bool a check box, Choice a combo box, List a line edit — within each parameter's range,
// with its help beside it, and "Restore defaults".
//
// Every value is checked with lessons::applyAssignment, the same rule as the command line, and
// paramsChanged is emitted only with a complete, valid set that differs from the last one. Spin
// boxes and the list field are debounced: dragging or typing "100" re-runs the lesson once, not for
// every intermediate value. An invalid list shows applyAssignment's one-line error under the field.

#include "lessons/lesson.h"

#include <QColor>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QPushButton;
class QTimer;

namespace loopscope::ui {

struct Theme;

class ParamsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ParamsPanel(QWidget* parent = nullptr);
    ~ParamsPanel() override;

    // Shows `lesson`'s parameters set to `params` (the app's current ones). Emits nothing.
    void setLesson(const lessons::Lesson* lesson, const lessons::Params& params);
    // Sets the controls to `params` without emitting (e.g. after the app re-ran from the command line).
    void setParams(const lessons::Params& params);
    const lessons::Lesson* lesson() const { return m_lesson; }

    // The last valid set (what was set or last emitted).
    const lessons::Params& params() const { return m_params; }
    // The error shown for invalid input, or empty.
    QString errorText() const;

    // The colour of error messages (the rest follows the widget palette). Default: the light theme.
    void setTheme(const Theme& theme);

    // How long spin boxes and the list field wait for the value to settle, in ms (default 300).
    void setDebounceInterval(int ms);

    // Emits any pending (debounced) change now; the app calls it before a run it starts itself.
    void flush();

public slots:
    void restoreDefaults();

signals:
    void paramsChanged(const loopscope::lessons::Params& params);

private:
    struct Row
    {
        const lessons::ParamSpec* spec = nullptr;
        QWidget* control = nullptr;
        QLabel* error = nullptr; // why the last input was refused (numbers and lists)
    };

    void rebuild();
    void applyErrorColour(QLabel* label) const;
    void clearRows();
    QWidget* makeControl(const lessons::ParamSpec& spec);
    void showValue(const Row& row, const lessons::ParamValue& value);
    void showRefusal(QLabel* error, const lessons::ParamSpec& spec, const QString& text);
    QString textOf(const Row& row) const; // the control's value as typed on the command line
    void changed(bool debounce);
    void commit();

    const lessons::Lesson* m_lesson = nullptr;
    lessons::Params m_params;
    std::vector<Row> m_rows;
    QGridLayout* m_grid = nullptr;
    QLabel* m_empty = nullptr;
    QColor m_errorColour;
    QPushButton* m_restore = nullptr;
    QTimer* m_debounce = nullptr;
    bool m_loading = false; // controls being set from code
};

} // namespace loopscope::ui
