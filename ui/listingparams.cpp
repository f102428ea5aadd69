#include "listingparams.h"

#include <QRegularExpression>
#include <QStringList>

#include <variant>

namespace loopscope::ui {

namespace {

QString quoted(const std::string& text)
{
    QString s = QString::fromStdString(text);
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Where a line's comment starts (-1 if none); a '#' inside quotes is part of a string.
int commentStart(const QString& line)
{
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#')) {
            return i;
        }
    }
    return -1;
}

} // namespace

QString pythonLiteral(const lessons::ParamValue& value)
{
    return std::visit(
        [](const auto& v) -> QString {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                return v ? QStringLiteral("True") : QStringLiteral("False");
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return QString::number(v);
            } else if constexpr (std::is_same_v<T, double>) {
                // A float stays a float in Python: 2.0, not 2.
                QString s = QString::number(v, 'g', 12);
                if (!s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e')) && !s.contains(QLatin1String("inf")))
                    s += QLatin1String(".0");
                return s;
            } else {
                return quoted(v);
            }
        },
        value);
}

QString listingWithValues(const QString& listing, const lessons::Params& params, const std::string& variant)
{
    static const QRegularExpression assignment(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)(\\s*=\\s*)"));
    QStringList lines = listing.split(QLatin1Char('\n'));
    bool inBlock = false;
    for (QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed == QLatin1String("# --- parameters ---")) {
            inBlock = true;
            continue;
        }
        if (trimmed == QLatin1String("# --- end parameters ---"))
            break;
        if (!inBlock)
            continue;
        const QRegularExpressionMatch m = assignment.match(line);
        if (!m.hasMatch())
            continue;
        const std::string name = m.captured(1).toStdString();
        QString literal;
        if (name == "variant" && !variant.empty()) {
            literal = quoted(variant);
        } else {
            const auto it = params.values().find(name);
            if (it == params.values().end())
                continue;
            literal = pythonLiteral(it->second);
        }
        const int hash = commentStart(line);
        QString code = m.captured(1) + m.captured(2) + literal;
        if (hash >= 0) {
            // Keep the comment's column when the value fits before it, else a space after it.
            const int pad = std::max(1, hash - int(code.size()));
            code += QString(pad, QLatin1Char(' ')) + line.mid(hash);
        }
        line = code;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace loopscope::ui
