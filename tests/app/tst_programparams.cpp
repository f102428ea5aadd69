// A program's `# --- parameters ---` block read as the parameters panel's specs: the type of each
// knob from its default, a choice's words from its comment, what cannot be a knob named by line,
// and the values chosen turned into the recorder's --set arguments.

#include "app/programparams.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::app;

class TestProgramParams : public QObject
{
    Q_OBJECT

private slots:
    void readsEachKindOfKnob()
    {
        const ProgramParameters p = readProgramParameters(QStringLiteral(
            "import asyncio\n"
            "# --- parameters ---\n"
            "n = 5          # how many jobs\n"
            "t = 0.25       # seconds each\n"
            "offset = -3\n"
            "loud = False   # print every step\n"
            "mode = 'fast'  # \"fast\", \"careful\" or 'lazy'; a # inside words: \"a#b\"\n"
            "\n"
            "names = ['a', 'b']\n"
            "n = 6\n"
            "# --- end parameters ---\n"
            "x = 1\n"));
        QCOMPARE(p.specs.size(), std::size_t(5));
        QCOMPARE(p.specs[0].name, std::string("n"));
        QCOMPARE(p.specs[0].type, lessons::ParamType::Int);
        QCOMPARE(p.specs[0].defaultValue, std::string("5"));
        QCOMPARE(p.specs[0].help, std::string("how many jobs"));
        QCOMPARE(p.specs[0].min, 0.0);
        QCOMPARE(p.specs[1].type, lessons::ParamType::Float);
        QCOMPARE(p.specs[1].defaultValue, std::string("0.25"));
        QCOMPARE(p.specs[2].defaultValue, std::string("-3"));
        QVERIFY(p.specs[2].min < -3);
        QCOMPARE(p.specs[3].type, lessons::ParamType::Bool);
        QCOMPARE(p.specs[3].defaultValue, std::string("false"));
        QCOMPARE(p.specs[4].type, lessons::ParamType::Choice);
        QCOMPARE(p.specs[4].choices, (std::vector<std::string>{"fast", "careful", "lazy", "a#b"}));
        QCOMPARE(p.skipped.size(), 2); // the list, and n given twice
        QVERIFY(p.skipped[0].startsWith(QLatin1String("line 9:")));
        QVERIFY(p.skipped[1].startsWith(QLatin1String("line 10:")));
    }

    void noBlockOrNoEndMeansNoKnobs()
    {
        QVERIFY(readProgramParameters(QStringLiteral("n = 5\n")).specs.empty());
        QVERIFY(readProgramParameters(QStringLiteral("# --- parameters ---\nn = 5\n")).specs.empty());
    }

    void assignmentsNameOnlyWhatDiffersFromTheDefault()
    {
        lessons::Lesson program;
        program.params = readProgramParameters(QStringLiteral("# --- parameters ---\n"
                                                              "n = 5\n"
                                                              "t = 1.0\n"
                                                              "loud = False\n"
                                                              "# --- end parameters ---\n"))
                             .specs;
        lessons::Params params = lessons::defaultParams(program);
        QCOMPARE(parameterAssignments(program.params, params), QStringList());
        QVERIFY(!lessons::applyAssignment(program, params, "n=8"));
        QVERIFY(!lessons::applyAssignment(program, params, "loud=true"));
        QVERIFY(!lessons::applyAssignment(program, params, "t=1"));
        QCOMPARE(parameterAssignments(program.params, params), (QStringList{QStringLiteral("n=8"), QStringLiteral("loud=true")}));
    }
};

QTEST_MAIN(TestProgramParams)
#include "tst_programparams.moc"
