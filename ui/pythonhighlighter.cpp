#include "pythonhighlighter.h"

#include <QSet>

namespace loopscope::ui {

namespace {

const QSet<QString>& keywords()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char* k : {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                              "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
                              "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
                              "try", "while", "with", "yield", "match", "case"})
            s.insert(QString::fromLatin1(k));
        return s;
    }();
    return set;
}

const QSet<QString>& builtins()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char* b : {"print", "len", "range", "list", "dict", "set", "tuple", "str", "int", "float", "bool",
                              "sum", "min", "max", "sorted", "enumerate", "zip", "map", "filter", "isinstance", "type",
                              "repr", "round", "abs", "any", "all", "iter", "next", "open", "super", "object", "self",
                              "Exception", "ValueError", "RuntimeError", "TimeoutError", "KeyError", "TypeError",
                              "BaseException", "KeyboardInterrupt", "StopAsyncIteration", "StopIteration",
                              "ExceptionGroup", "__name__"})
            s.insert(QString::fromLatin1(b));
        return s;
    }();
    return set;
}

// Theme colours were chosen for fills; on a light background text needs them a shade darker to
// stay readable, on a dark one a shade lighter.
QColor forText(QColor c, const Theme& theme)
{
    return theme.background.lightness() > 128 ? c.darker(135) : c.lighter(120);
}

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, const Theme& theme)
    : QSyntaxHighlighter(document),
      m_word(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")),
      m_number(QStringLiteral("(?<![A-Za-z0-9_.])(0[xXoObB][0-9a-fA-F_]+|(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)([eE][+-]?\\d+)?j?)")),
      m_decorator(QStringLiteral("^\\s*(@[A-Za-z_][A-Za-z0-9_.]*)"))
{
    makeFormats(theme);
}

void PythonHighlighter::setTheme(const Theme& theme)
{
    makeFormats(theme);
    rehighlight();
}

void PythonHighlighter::makeFormats(const Theme& theme)
{
    for (auto& f : m_formats)
        f = QTextCharFormat();
    m_formats[int(Category::Keyword)].setForeground(theme.accent.lightness() > 128 && theme.background.lightness() > 128
                                                        ? theme.accent.darker(150)
                                                        : theme.accent);
    m_formats[int(Category::Keyword)].setFontWeight(QFont::Bold);
    m_formats[int(Category::Builtin)].setForeground(forText(theme.taskColor(3), theme));
    m_formats[int(Category::Decorator)].setForeground(forText(theme.taskColor(1), theme));
    m_formats[int(Category::Number)].setForeground(forText(theme.taskColor(4), theme));
    m_formats[int(Category::Comment)].setForeground(theme.mutedText);
    m_formats[int(Category::Comment)].setFontItalic(true);
    m_formats[int(Category::String)].setForeground(forText(theme.taskColor(2), theme));
    m_formats[int(Category::FStringExpr)].setForeground(theme.text);
    m_formats[int(Category::FStringExpr)].setFontWeight(QFont::DemiBold);
}

void PythonHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(Normal);
    int i = 0;
    const int n = int(text.size());

    // A triple-quoted string continued from the previous line.
    if (previousBlockState() == InTripleSingle || previousBlockState() == InTripleDouble) {
        const QString close = previousBlockState() == InTripleDouble ? QStringLiteral("\"\"\"") : QStringLiteral("'''");
        const int end = int(text.indexOf(close));
        if (end < 0) {
            setFormat(0, n, m_formats[int(Category::String)]);
            setCurrentBlockState(previousBlockState());
            return;
        }
        setFormat(0, end + 3, m_formats[int(Category::String)]);
        i = end + 3;
    }

    if (const auto m = m_decorator.match(text); m.hasMatch() && i == 0)
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_formats[int(Category::Decorator)]);

    while (i < n) {
        const QChar c = text[i];
        if (c == QLatin1Char('#')) {
            setFormat(i, n - i, m_formats[int(Category::Comment)]);
            return;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            i = highlightString(text, i, i, false);
            continue;
        }
        if (c.isLetter() || c == QLatin1Char('_')) {
            const auto m = m_word.match(text, i, QRegularExpression::NormalMatch,
                                        QRegularExpression::AnchorAtOffsetMatchOption);
            const QString word = m.captured(0);
            const int len = int(word.size());
            // String prefixes: f"", rb'', F"" ...
            if (len <= 2 && i + len < n && (text[i + len] == QLatin1Char('"') || text[i + len] == QLatin1Char('\''))
                && word.toLower().count(QLatin1Char('f')) + word.toLower().count(QLatin1Char('r'))
                           + word.toLower().count(QLatin1Char('b')) + word.toLower().count(QLatin1Char('u'))
                       == len) {
                i = highlightString(text, i, i + len, word.contains(QLatin1Char('f'), Qt::CaseInsensitive));
                continue;
            }
            if (keywords().contains(word))
                setFormat(i, len, m_formats[int(Category::Keyword)]);
            else if (builtins().contains(word))
                setFormat(i, len, m_formats[int(Category::Builtin)]);
            i += len;
            continue;
        }
        if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && text[i + 1].isDigit())) {
            const auto m = m_number.match(text, i, QRegularExpression::NormalMatch,
                                          QRegularExpression::AnchorAtOffsetMatchOption);
            if (m.hasMatch() && m.capturedLength() > 0) {
                setFormat(i, int(m.capturedLength()), m_formats[int(Category::Number)]);
                i += int(m.capturedLength());
                continue;
            }
        }
        ++i;
    }
}

int PythonHighlighter::highlightString(const QString& text, int start, int quoteAt, bool isF)
{
    const int n = int(text.size());
    const QChar q = text[quoteAt];
    const bool triple = quoteAt + 2 < n && text[quoteAt + 1] == q && text[quoteAt + 2] == q;
    const int bodyStart = quoteAt + (triple ? 3 : 1);
    int i = bodyStart;
    int end = -1;
    while (i < n) {
        if (text[i] == QLatin1Char('\\')) {
            i += 2;
            continue;
        }
        if (text[i] == q && (!triple || (i + 2 < n && text[i + 1] == q && text[i + 2] == q))) {
            end = i + (triple ? 3 : 1);
            break;
        }
        ++i;
    }
    if (end < 0) { // open to the end of the line: a triple quote carries on to the next
        end = n;
        if (triple)
            setCurrentBlockState(q == QLatin1Char('"') ? InTripleDouble : InTripleSingle);
    }
    setFormat(start, end - start, m_formats[int(Category::String)]);
    if (isF)
        highlightFStringExprs(text, bodyStart, end);
    return end;
}

void PythonHighlighter::highlightFStringExprs(const QString& text, int from, int to)
{
    // {expr} parts, not {{ escapes; nested braces inside a format spec are rare in lessons.
    for (int i = from; i < to; ++i) {
        if (text[i] != QLatin1Char('{'))
            continue;
        if (i + 1 < to && text[i + 1] == QLatin1Char('{')) {
            ++i;
            continue;
        }
        int depth = 0, j = i;
        for (; j < to; ++j) {
            if (text[j] == QLatin1Char('{'))
                ++depth;
            else if (text[j] == QLatin1Char('}') && --depth == 0)
                break;
        }
        const int end = std::min(j + 1, to);
        setFormat(i, end - i, m_formats[int(Category::FStringExpr)]);
        i = end - 1;
    }
}

} // namespace loopscope::ui
