// Every lesson under a comma-decimal locale (as Qt sets it from a German user's environment): the
// parameters parse the same, the printed lines carry points, and every numeric prediction's own
// answer grades as right. Without this, "2.5" ran as 2 and "0,00" was graded wrong.

#include "commalocale.h"
#include "lessontest.h"

using namespace lessontest;

class TestLocale : public QObject
{
    Q_OBJECT
private slots:
    void parametersParseWithAPoint()
    {
        LS_IN_COMMA_LOCALE(locale);
        const VariantRun r = run("loop-cycle", {"delays=2.5,1.5,0.5"});
        QCOMPARE(total(r), 2.5);
        const auto lines = texts(r);
        QVERIFY(std::find(lines.begin(), lines.end(), "task 1: sleeping 2.50 s") != lines.end());
        QVERIFY(std::find(lines.begin(), lines.end(), "task 1: woke at 2.50 s") != lines.end());
    }

    void subnormalValuesAreRefusedBeforeTheRun()
    {
        LS_IN_COMMA_LOCALE(locale);
        const Lesson& lesson = lessonById("loop-cycle");
        Params params = defaultParams(lesson);
        for (const char* bad : {"delays=1e-310", "delays=nan", "delays=1,inf", "delays=2;5"}) {
            const auto error = applyAssignment(lesson, params, bad);
            QVERIFY2(error.has_value(), bad);
            QVERIFY(error->find("invalid value") != std::string::npos);
        }
    }

    void everyAnswerIsWrittenWithAPointAndGradesItself()
    {
        LS_IN_COMMA_LOCALE(locale);
        int numeric = 0;
        for (const Lesson& lesson : allLessons()) {
            std::vector<VariantRun> runs;
            for (const auto& v : lesson.variants)
                runs.push_back(runVariant(lesson, defaultParams(lesson), v));
            for (const Prediction& p : lesson.predictions) {
                const std::string answer = p.answer(runs);
                const std::string where = lesson.id + ": " + p.question + " -> " + answer;
                if (p.kind == AnswerKind::Choice)
                    continue;
                ++numeric;
                QVERIFY2(answer.find(',') == std::string::npos, where.c_str());
                QVERIFY2(isRightAnswer(p, answer, answer), where.c_str());
            }
            for (const VariantRun& r : runs)
                for (const auto& line : console(r))
                    QVERIFY2(line.text.find(" s") == std::string::npos || line.text.find(",00 s") == std::string::npos,
                             (lesson.id + ": " + line.text).c_str());
        }
        QVERIFY(numeric >= 40); // the syllabus has 49 numeric questions
    }
};

QTEST_GUILESS_MAIN(TestLocale)
#include "tst_locale.moc"
