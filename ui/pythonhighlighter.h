#pragma once
// Python syntax highlighting for the lesson listings: keywords, builtins, decorators, numbers,
// comments and strings (including f-strings and their {expressions}, and triple-quoted strings
// that span lines). Colours come from the Theme, so the listing follows light/dark/contrast.

#include "theme.h"

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace loopscope::ui {

class PythonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    // What a character is, for tests: the category highlightBlock gave it.
    enum class Category { Plain, Keyword, Builtin, Decorator, Number, Comment, String, FStringExpr };

    explicit PythonHighlighter(QTextDocument* document, const Theme& theme = Theme::light());

    void setTheme(const Theme& theme); // re-highlights
    QTextCharFormat format(Category category) const { return m_formats[int(category)]; }

protected:
    void highlightBlock(const QString& text) override;

private:
    // Block states: a triple-quoted string left open at the end of a line.
    enum State { Normal = -1, InTripleSingle = 1, InTripleDouble = 2 };

    void makeFormats(const Theme& theme);
    // Highlights a string literal starting at `start` (at its prefix or quote); returns its end.
    int highlightString(const QString& text, int start, int quoteAt, bool isF);
    void highlightFStringExprs(const QString& text, int from, int to);

    QTextCharFormat m_formats[8];
    QRegularExpression m_word, m_number, m_decorator;
};

} // namespace loopscope::ui
