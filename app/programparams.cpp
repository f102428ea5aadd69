#include "programparams.h"

#include "core/numtext.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace loopscope::app {

namespace {

const QLatin1String kBegin("# --- parameters ---");
const QLatin1String kEnd("# --- end parameters ---");
// Knobs of a program nobody sized for us: wide enough for any sensible setting.
constexpr double kLargest = 1e9;

// The code and the comment of one line; a '#' inside quotes is code.
std::pair<QString, QString> splitComment(const QString& line)
{
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#')) {
            return {line.left(i).trimmed(), line.mid(i + 1).trimmed()};
        }
    }
    return {line.trimmed(), QString()};
}

std::optional<lessons::ParamSpec> specOf(const QString& name, const QString& value, const QString& comment)
{
    static const QRegularExpression whole(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression quoted(QStringLiteral("^\"([^\"\\\\]*)\"$|^'([^'\\\\]*)'$"));
    static const QRegularExpression quotedWord(QStringLiteral("\"([^\"\\\\]*)\"|'([^'\\\\]*)'"));
    lessons::ParamSpec spec;
    spec.name = name.toStdString();
    spec.help = comment.toStdString();
    if (value == QLatin1String("True") || value == QLatin1String("False")) {
        spec.type = lessons::ParamType::Bool;
        spec.defaultValue = value == QLatin1String("True") ? "true" : "false";
        return spec;
    }
    if (whole.match(value).hasMatch()) {
        const auto v = parseNumber(value.toStdString());
        if (!v || std::abs(*v) > kLargest)
            return std::nullopt;
        spec.type = lessons::ParamType::Int;
        spec.defaultValue = formatGeneral(*v, 17);
        spec.min = *v < 0 ? -kLargest : 0;
        spec.max = kLargest;
        return spec;
    }
    if (const auto v = parseNumber(value.toStdString())) {
        if (std::abs(*v) > kLargest)
            return std::nullopt;
        spec.type = lessons::ParamType::Float;
        spec.defaultValue = formatShortest(*v);
        spec.min = *v < 0 ? -kLargest : 0;
        spec.max = kLargest;
        return spec;
    }
    if (const auto m = quoted.match(value); m.hasMatch()) {
        const QString chosen = m.captured(1).isNull() ? m.captured(2) : m.captured(1);
        spec.type = lessons::ParamType::Choice;
        spec.defaultValue = chosen.toStdString();
        spec.choices.push_back(spec.defaultValue);
        // The comment names the other words it may be: `# "fast" or "careful"`.
        for (auto it = quotedWord.globalMatch(comment); it.hasNext();) {
            const auto w = it.next();
            const std::string word = (w.captured(1).isNull() ? w.captured(2) : w.captured(1)).toStdString();
            if (std::find(spec.choices.begin(), spec.choices.end(), word) == spec.choices.end())
                spec.choices.push_back(word);
        }
        return spec;
    }
    return std::nullopt;
}

} // namespace

ProgramParameters readProgramParameters(const QString& source)
{
    ProgramParameters out;
    const QStringList lines = source.split(QLatin1Char('\n'));
    int begin = -1;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (begin < 0 && line == kBegin) {
            begin = i;
        } else if (begin >= 0 && line == kEnd) {
            static const QRegularExpression assignment(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+)$"));
            for (int j = begin + 1; j < i; ++j) {
                const auto [code, comment] = splitComment(lines[j]);
                if (code.isEmpty())
                    continue;
                const auto m = assignment.match(code);
                std::optional<lessons::ParamSpec> spec;
                if (m.hasMatch())
                    spec = specOf(m.captured(1), m.captured(2).trimmed(), comment);
                const bool again = spec && std::any_of(out.specs.begin(), out.specs.end(),
                                                       [&](const lessons::ParamSpec& s) { return s.name == spec->name; });
                if (spec && !again)
                    out.specs.push_back(std::move(*spec));
                else if (again)
                    out.skipped << QStringLiteral("line %1: sets %2 a second time; keep one").arg(j + 1).arg(m.captured(1));
                else
                    out.skipped << QStringLiteral("line %1: “%2” is not a number, True/False or a quoted word")
                                       .arg(j + 1)
                                       .arg(code);
            }
            return out;
        }
    }
    return out; // no block, or one without its end line: no knobs
}

QStringList parameterAssignments(const std::vector<lessons::ParamSpec>& specs, const lessons::Params& params)
{
    lessons::Lesson program;
    program.params = specs;
    const lessons::Params defaults = lessons::defaultParams(program);
    QStringList out;
    for (const lessons::ParamSpec& spec : specs) {
        const auto it = params.values().find(spec.name);
        if (it != params.values().end() && it->second != defaults.values().at(spec.name))
            out << QString::fromStdString(spec.name + "=" + lessons::formatValue(it->second));
    }
    return out;
}

QString applyProgramSettings(const QString& path, const QStringList& assignments, QStringList& settings,
                             lessons::Params& values)
{
    QFile file(path);
    QString source;
    if (file.open(QIODevice::ReadOnly))
        source = QString::fromUtf8(file.read(qint64(8) << 20));
    lessons::Lesson program;
    program.params = readProgramParameters(source).specs;
    values = lessons::defaultParams(program);
    for (const QString& assignment : assignments) {
        if (program.params.empty())
            return QStringLiteral("%1 has no parameters block (# --- parameters --- … # --- end parameters ---) to set %2 in")
                .arg(QFileInfo(path).fileName(), assignment.section(QLatin1Char('='), 0, 0));
        if (const auto error = lessons::applyAssignment(program, values, assignment.toStdString()))
            return QString::fromStdString(*error);
    }
    settings = parameterAssignments(program.params, values);
    return {};
}

} // namespace loopscope::app
