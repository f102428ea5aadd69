#pragma once
// Spin boxes that refuse out-of-range input out loud. A plain QSpinBox drops keys it cannot accept,
// so "-3" typed into a box from 1 becomes 3 and 999999999 becomes its maximum without a word. These
// accept any number while it is typed; when editing ends with one outside the range, the box keeps
// its previous value and emits rejected(text), so the panel can say what was refused and why.

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace loopscope::ui {

class CheckedSpinBox : public QSpinBox
{
    Q_OBJECT

public:
    using QSpinBox::QSpinBox;

signals:
    void rejected(const QString& text); // the text typed, as typed (without prefix and suffix)

protected:
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
};

class CheckedDoubleSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    using QDoubleSpinBox::QDoubleSpinBox;

signals:
    void rejected(const QString& text);

protected:
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
};

} // namespace loopscope::ui
