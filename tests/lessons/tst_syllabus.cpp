// The registry against the syllabus, prediction grading, and every lesson at the limits of its ranges.

#include "lessontest.h"

using namespace lessontest;

class TestSyllabus : public QObject
{
    Q_OBJECT

private slots:
    void lessonsAreTheSyllabusInOrder()
    {
        const std::vector<std::pair<std::string, int>> expected = {
            {"event-loop", 1}, {"blocking-vs-async", 1}, {"loop-cycle", 1}, {"coroutines-are-lazy", 1},
            {"asyncio-run", 1}, {"gather", 2}, {"task-group", 2}, {"locks", 2}, {"semaphores", 2},
            {"producer-consumer", 2}, {"timeouts", 3}, {"cancellation", 3}, {"fire-and-forget", 3},
            {"retries", 3}, {"graceful-shutdown", 3}, {"real-world-io", 4}, {"blocking-the-loop", 4},
            {"threads-and-processes", 4}, {"backpressure", 4}, {"async-generators", 4}, {"context-vars", 4},
            {"complexity", 5}};
        const auto& lessons = allLessons();
        QCOMPARE(lessons.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(lessons[i].id, expected[i].first);
            QCOMPARE(lessons[i].chapter, expected[i].second);
            QVERIFY(!lessons[i].variants.empty());
            QVERIFY(lessons[i].program);
        }
    }

    void everyLessonAsksOneToThreeQuestionsWithComputedAnswers_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto& lesson : allLessons())
            QTest::newRow(lesson.id.c_str()) << QString::fromStdString(lesson.id);
    }
    void everyLessonAsksOneToThreeQuestionsWithComputedAnswers()
    {
        QFETCH(QString, id);
        const Lesson& lesson = lessonById(id.toStdString());
        QVERIFY2(!lesson.predictions.empty() && lesson.predictions.size() <= 3, "one to three questions");
        const auto runs = runAllVariants(lesson, defaultParams(lesson));
        for (const auto& p : lesson.predictions) {
            QVERIFY(!p.question.empty());
            const std::string answer = p.answer(runs);
            QVERIFY2(!answer.empty(), p.question.c_str());
            QVERIFY2(isRightAnswer(p, answer, answer), p.question.c_str());
            if (p.kind == AnswerKind::Choice)
                QVERIFY2(std::find(p.choices.begin(), p.choices.end(), answer) != p.choices.end(), answer.c_str());
        }
    }

    void gradingAcceptsCloseDurationsAndExactCountsAndChoices()
    {
        Prediction seconds{"", AnswerKind::Seconds, {}, {}};
        QVERIFY(isRightAnswer(seconds, "3", "3.00"));
        QVERIFY(isRightAnswer(seconds, " 3.04 s", "3.00"));
        QVERIFY(isRightAnswer(seconds, "104", "100.00"));  // within 5 %
        QVERIFY(!isRightAnswer(seconds, "106", "100.00"));
        QVERIFY(!isRightAnswer(seconds, "6", "3.00"));
        QVERIFY(!isRightAnswer(seconds, "three", "3.00"));
        QVERIFY(!isRightAnswer(seconds, "", "3.00"));
        Prediction count{"", AnswerKind::Count, {}, {}};
        QVERIFY(isRightAnswer(count, "2", "2"));
        QVERIFY(!isRightAnswer(count, "3", "2"));
        Prediction choice{"", AnswerKind::Choice, {"first", "second"}, {}};
        QVERIFY(isRightAnswer(choice, "second", "second"));
        QVERIFY(!isRightAnswer(choice, "first", "second"));
    }

    // Each parameter at its minimum and maximum (the others at their defaults), every variant:
    // the run ends, reports a total, and no C++ exception escapes.
    void everyLessonRunsAtTheLimitsOfEachRange_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("setting");
        for (const auto& lesson : allLessons())
            for (const auto& spec : lesson.params) {
                std::vector<std::string> values;
                if (spec.type == ParamType::Int || spec.type == ParamType::Float) {
                    values = {formatValue(spec.type == ParamType::Int ? ParamValue(std::int64_t(spec.min)) : ParamValue(spec.min)),
                              formatValue(spec.type == ParamType::Int ? ParamValue(std::int64_t(spec.max)) : ParamValue(spec.max))};
                } else if (spec.type == ParamType::Bool) {
                    values = {"false", "true"};
                } else if (spec.type == ParamType::Choice) {
                    values = spec.choices;
                } else { // List: the fewest entries at the smallest value, the most at the largest
                    const std::string lo = formatValue(spec.min), hi = formatValue(spec.max);
                    std::string many = hi;
                    for (std::size_t i = 1; i < spec.maxEntries; ++i)
                        many += "," + hi;
                    values = {lo, many};
                }
                for (const auto& v : values) {
                    const std::string setting = spec.name + "=" + v;
                    QTest::addRow("%s %s", lesson.id.c_str(), setting.c_str())
                        << QString::fromStdString(lesson.id) << QString::fromStdString(setting);
                }
            }
    }
    void everyLessonRunsAtTheLimitsOfEachRange()
    {
        QFETCH(QString, id);
        QFETCH(QString, setting);
        const Lesson& lesson = lessonById(id.toStdString());
        Params params = defaultParams(lesson);
        const auto error = applyAssignment(lesson, params, setting.toStdString());
        QVERIFY2(!error, error ? error->c_str() : "");
        for (const auto& variant : lesson.variants) {
            const VariantRun r = runVariant(lesson, params, variant);
            QVERIFY(r.total >= 0);
            QVERIFY2(r.error.find("no program yet") == std::string::npos, r.error.c_str());
            QVERIFY2(!console(r).empty() || !r.error.empty(), "the run printed nothing and raised nothing");
        }
    }
};

QTEST_GUILESS_MAIN(TestSyllabus)
#include "tst_syllabus.moc"
