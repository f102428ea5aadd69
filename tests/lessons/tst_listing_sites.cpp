// Every lesson's program against its listing.py: the lines the program records are real lines of the
// listing (suspensions on await lines, prints on print lines), and every await line of the listing
// is recorded by some run. That is what makes the timeline's yield points and the code view exact.

#include "lessontest.h"

#include <QFile>
#include <QRegularExpression>

#include <map>
#include <set>

using namespace lessontest;

namespace {

struct Listing
{
    QStringList lines;            // lines[0] is line 1
    std::set<int> code;           // lines with code on them (not blank, comment or docstring)
    std::set<int> awaits;         // lines that await: await, async with, async for
    std::set<int> prints;         // lines that call print
};

Listing readListing(const std::string& id)
{
    Listing listing;
    QFile file(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/lessons/%1/listing.py").arg(QString::fromStdString(id)));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return listing;
    listing.lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    static const QRegularExpression strings(QStringLiteral("(?:[rbf]?\"(?:[^\"\\\\]|\\\\.)*\")|(?:[rbf]?'(?:[^'\\\\]|\\\\.)*')"));
    static const QRegularExpression awaiting(QStringLiteral("\\bawait\\b|\\basync\\s+(with|for)\\b"));
    static const QRegularExpression printing(QStringLiteral("\\bprint\\("));
    bool inDocstring = false;
    for (int i = 0; i < listing.lines.size(); ++i) {
        QString text = listing.lines[i].trimmed();
        const int quotes = int(text.count(QStringLiteral("\"\"\"")));
        if (inDocstring || text.startsWith(QStringLiteral("\"\"\""))) {
            if (inDocstring ? quotes >= 1 : quotes == 1)
                inDocstring = !inDocstring;
            continue;
        }
        // Keep the call's name but drop string contents, so "await" inside a message is not an await.
        QString bare = text;
        bare.replace(strings, QStringLiteral("''"));
        if (const int hash = int(bare.indexOf(QLatin1Char('#'))); hash >= 0)
            bare.truncate(hash);
        bare = bare.trimmed();
        if (bare.isEmpty())
            continue;
        listing.code.insert(i + 1);
        if (awaiting.match(bare).hasMatch())
            listing.awaits.insert(i + 1);
        if (printing.match(bare).hasMatch())
            listing.prints.insert(i + 1);
    }
    return listing;
}

// Defaults, each choice, each flag's other value, and every value of a small integer range:
// together they reach every branch of a listing.
std::vector<Params> settingsReachingEveryBranch(const Lesson& lesson)
{
    std::vector<Params> out{defaultParams(lesson)};
    for (const auto& spec : lesson.params) {
        std::vector<std::string> values;
        if (spec.type == ParamType::Choice)
            values = spec.choices;
        else if (spec.type == ParamType::Bool)
            values = {"true", "false"};
        else if (spec.type == ParamType::Int && spec.max - spec.min <= 10)
            for (auto v = std::int64_t(spec.min); v <= std::int64_t(spec.max); ++v)
                values.push_back(std::to_string(v));
        for (const auto& v : values) {
            Params p = defaultParams(lesson);
            applyAssignment(lesson, p, spec.name + "=" + v);
            out.push_back(p);
        }
    }
    return out;
}

QString where(const Listing& listing, int line)
{
    return QStringLiteral("line %1: %2").arg(line).arg(line >= 1 && line <= listing.lines.size()
                                                           ? listing.lines[line - 1].trimmed()
                                                           : QStringLiteral("(past the end)"));
}

} // namespace

class TestListingSites : public QObject
{
    Q_OBJECT

private slots:
    void recordedSitesAndListingAwaitsMatch_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto& lesson : allLessons())
            QTest::newRow(lesson.id.c_str()) << QString::fromStdString(lesson.id);
    }
    void recordedSitesAndListingAwaitsMatch()
    {
        QFETCH(QString, id);
        const Lesson& lesson = lessonById(id.toStdString());
        const Listing listing = readListing(lesson.id);
        QVERIFY2(!listing.lines.isEmpty(), "listing.py is missing");
        QVERIFY2(!listing.awaits.empty(), "the listing has no await lines");

        std::set<int> recorded;
        for (const Params& params : settingsReachingEveryBranch(lesson)) {
            for (const auto& variant : lesson.variants) {
                const VariantRun r = runVariant(lesson, params, variant);
                for (std::size_t i = 0; i < r.trace->size(); ++i) {
                    const Event& e = (*r.trace)[i];
                    if (e.line == 0)
                        continue;
                    recorded.insert(e.line);
                    QVERIFY2(listing.code.count(e.line),
                             qPrintable(QStringLiteral("%1 recorded at a line with no code, %2")
                                            .arg(QString::fromLatin1(toString(e.kind)), where(listing, e.line))));
                    if (e.kind == EventKind::TaskSuspended || e.kind == EventKind::TaskYielded)
                        QVERIFY2(listing.awaits.count(e.line),
                                 qPrintable(QStringLiteral("a task suspended at a line that does not await, %1")
                                                .arg(where(listing, e.line))));
                    if (e.kind == EventKind::Print)
                        QVERIFY2(listing.prints.count(e.line),
                                 qPrintable(QStringLiteral("a print recorded at a line that does not print, %1")
                                                .arg(where(listing, e.line))));
                }
            }
        }
        for (int line : listing.awaits)
            QVERIFY2(recorded.count(line),
                     qPrintable(QStringLiteral("the program never records the listing's %1").arg(where(listing, line))));
    }
};

QTEST_GUILESS_MAIN(TestListingSites)
#include "tst_listing_sites.moc"
