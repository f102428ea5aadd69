#include "checkedspinbox.h"

namespace loopscope::ui {

namespace {

// The number part of a spin box's text: prefix and suffix removed, a typographic minus made ASCII.
QString body(const QAbstractSpinBox& box, const QString& text, const QString& prefix, const QString& suffix)
{
    Q_UNUSED(box);
    QString b = text;
    if (!prefix.isEmpty() && b.startsWith(prefix))
        b.remove(0, prefix.size());
    if (!suffix.isEmpty() && b.endsWith(suffix))
        b.chop(suffix.size());
    else if (!suffix.trimmed().isEmpty() && b.endsWith(suffix.trimmed()))
        b.chop(suffix.trimmed().size());
    b.replace(QChar(0x2212), QLatin1Char('-'));
    return b.trimmed();
}

// Still being typed: nothing yet, only a sign, or a number that ends in its decimal point.
bool unfinished(const QString& b)
{
    return b.isEmpty() || b == QLatin1String("-") || b == QLatin1String("+");
}

} // namespace

QValidator::State CheckedSpinBox::validate(QString& text, int& pos) const
{
    const QString b = body(*this, text, prefix(), suffix());
    if (unfinished(b))
        return QValidator::Intermediate;
    bool ok = false;
    const qlonglong v = locale().toLongLong(b, &ok);
    if (!ok) {
        const qlonglong c = b.toLongLong(&ok);
        if (!ok)
            return QSpinBox::validate(text, pos); // not a number: refused as before, key by key
        return c < minimum() || c > maximum() ? QValidator::Intermediate : QValidator::Acceptable;
    }
    return v < minimum() || v > maximum() ? QValidator::Intermediate : QValidator::Acceptable;
}

void CheckedSpinBox::fixup(QString& input) const
{
    // Editing ended on a value the box cannot take; it goes back to its previous value. Saying so
    // is not a change of state, so the const is lifted only to emit.
    const QString b = body(*this, input, prefix(), suffix());
    if (!b.isEmpty())
        emit const_cast<CheckedSpinBox*>(this)->rejected(b);
    QSpinBox::fixup(input);
}

QValidator::State CheckedDoubleSpinBox::validate(QString& text, int& pos) const
{
    const QString b = body(*this, text, prefix(), suffix());
    if (unfinished(b))
        return QValidator::Intermediate;
    bool ok = false;
    const double v = locale().toDouble(b, &ok);
    if (!ok) {
        // "2." or "2," while typing the decimals.
        if (b.endsWith(locale().decimalPoint()) || b.endsWith(QLatin1Char('.')))
            return QValidator::Intermediate;
        return QDoubleSpinBox::validate(text, pos);
    }
    return v < minimum() || v > maximum() ? QValidator::Intermediate : QValidator::Acceptable;
}

void CheckedDoubleSpinBox::fixup(QString& input) const
{
    const QString b = body(*this, input, prefix(), suffix());
    if (!b.isEmpty())
        emit const_cast<CheckedDoubleSpinBox*>(this)->rejected(b);
    QDoubleSpinBox::fixup(input);
}

} // namespace loopscope::ui
