// ParamsPanel: the right control per parameter type with its range, emitting only valid, changed
// parameter sets, debounced for spin boxes; an invalid list is refused with applyAssignment's error.

#include "lessons/lesson.h"
#include "ui/paramspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace loopscope;
using loopscope::ui::ParamsPanel;

namespace {

const lessons::Lesson& lesson(const char* id)
{
    const auto* l = lessons::findLesson(id);
    if (!l)
        qFatal("no lesson %s", id);
    return *l;
}

lessons::Params emitted(const QSignalSpy& spy, int i)
{
    return spy.at(i).at(0).value<lessons::Params>();
}

} // namespace

class TstParamsPanel : public QObject
{
    Q_OBJECT

private slots:
    void controlsMatchSpecs()
    {
        ParamsPanel panel;
        const auto& sem = lesson("semaphores");
        panel.setLesson(&sem, lessons::defaultParams(sem));
        auto* n = panel.findChild<QSpinBox*>(QStringLiteral("param_n"));
        auto* k = panel.findChild<QSpinBox*>(QStringLiteral("param_k"));
        auto* t = panel.findChild<QDoubleSpinBox*>(QStringLiteral("param_t"));
        QVERIFY(n && k && t);
        QCOMPARE(n->value(), 5);
        QCOMPARE(n->minimum(), 1);
        QCOMPARE(n->maximum(), 10000);
        QCOMPARE(k->value(), 2);
        QCOMPARE(t->value(), 1.0);
        QCOMPARE(t->minimum(), 0.01);
        QCOMPARE(t->maximum(), 10.0);
        QCOMPARE(t->decimals(), 2); // enough for the minimum, 0.01
        QCOMPARE(n->accessibleName(), QStringLiteral("n: tasks"));
        QVERIFY(n->toolTip().contains(QStringLiteral("an integer from 1 to 10000")));

        const auto& lazy = lesson("coroutines-are-lazy");
        panel.setLesson(&lazy, lessons::defaultParams(lazy));
        auto* mode = panel.findChild<QComboBox*>(QStringLiteral("param_mode"));
        QVERIFY(mode);
        QCOMPARE(mode->count(), 3);
        QCOMPARE(mode->currentText(), QStringLiteral("forgot-await"));
        QVERIFY(!panel.findChild<QSpinBox*>(QStringLiteral("param_n"))); // the old rows are gone

        const auto& run = lesson("asyncio-run");
        panel.setLesson(&run, lessons::defaultParams(run));
        QVERIFY(panel.findChild<QCheckBox*>(QStringLiteral("param_nested")));
    }

    void spinBoxEmitsTheRightParams()
    {
        ParamsPanel panel;
        panel.setDebounceInterval(0);
        const auto& sem = lesson("semaphores");
        panel.setLesson(&sem, lessons::defaultParams(sem));
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        panel.findChild<QSpinBox*>(QStringLiteral("param_n"))->setValue(7);
        QCOMPARE(spy.count(), 1);
        const lessons::Params p = emitted(spy, 0);
        QCOMPARE(p.integer("n"), 7);
        QCOMPARE(p.integer("k"), 2);
        QCOMPARE(p.number("t"), 1.0);
        QCOMPARE(panel.params().integer("n"), 7);

        panel.findChild<QDoubleSpinBox*>(QStringLiteral("param_t"))->setValue(0.25);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(emitted(spy, 1).number("t"), 0.25);
        QCOMPARE(emitted(spy, 1).integer("n"), 7);
    }

    void spinBoxIsDebounced()
    {
        ParamsPanel panel;
        panel.setDebounceInterval(50);
        const auto& sem = lesson("semaphores");
        panel.setLesson(&sem, lessons::defaultParams(sem));
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        auto* n = panel.findChild<QSpinBox*>(QStringLiteral("param_n"));
        for (int v = 6; v <= 40; ++v) // a drag through 35 values
            n->setValue(v);
        QCOMPARE(spy.count(), 0);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(emitted(spy, 0).integer("n"), 40);
        QTest::qWait(100);
        QCOMPARE(spy.count(), 1);

        // Back to the value already emitted: nothing new to run.
        n->setValue(41);
        n->setValue(40);
        panel.flush();
        QCOMPARE(spy.count(), 1);
    }

    void settingFromCodeIsSilent()
    {
        ParamsPanel panel;
        panel.setDebounceInterval(0);
        const auto& sem = lesson("semaphores");
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        lessons::Params p = lessons::defaultParams(sem);
        QVERIFY(!lessons::applyAssignment(sem, p, "k=3"));
        panel.setLesson(&sem, p);
        panel.setParams(p);
        QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("param_k"))->value(), 3);
        QCOMPARE(spy.count(), 0);
    }

    void checkBoxAndComboEmitAtOnce()
    {
        ParamsPanel panel; // default debounce: toggles do not wait for it
        const auto& locks = lesson("locks");
        panel.setLesson(&locks, lessons::defaultParams(locks));
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        panel.findChild<QCheckBox*>(QStringLiteral("param_deadlock"))->setChecked(true);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(emitted(spy, 0).flag("deadlock"), true);

        const auto& fix = lesson("blocking-the-loop");
        panel.setLesson(&fix, lessons::defaultParams(fix));
        panel.findChild<QComboBox*>(QStringLiteral("param_fix"))->setCurrentText(QStringLiteral("to-thread"));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(emitted(spy, 1).text("fix"), std::string("to-thread"));
    }

    void invalidListIsRefusedWithTheError()
    {
        ParamsPanel panel;
        panel.setDebounceInterval(30); // typed characters arrive before it fires
        const auto& cycle = lesson("loop-cycle");
        panel.setLesson(&cycle, lessons::defaultParams(cycle));
        panel.show();
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        auto* delays = panel.findChild<QLineEdit*>(QStringLiteral("param_delays"));
        auto* error = panel.findChild<QLabel*>(QStringLiteral("error_delays"));
        QVERIFY(delays && error);
        QCOMPARE(delays->text(), QStringLiteral("2,1,3"));
        QVERIFY(error->isHidden());

        delays->selectAll();
        QTest::keyClicks(delays, QStringLiteral("2,x,3"));
        QTRY_VERIFY(error->isVisible());
        QCOMPARE(spy.count(), 0);
        lessons::Params scratch = lessons::defaultParams(cycle);
        const auto expected = lessons::applyAssignment(cycle, scratch, "delays=2,x,3");
        QVERIFY(expected);
        QVERIFY2(error->text().endsWith(QString::fromStdString(*expected)), qPrintable(error->text()));
        QCOMPARE(panel.errorText(), error->text());
        QCOMPARE(panel.params().text("delays"), std::string("2,1,3")); // the last valid value stays

        // Out of range and too many entries are refused too.
        delays->setText(QStringLiteral("2,1,99"));
        QTest::keyClick(delays, Qt::Key_Return);
        QCOMPARE(spy.count(), 0);
        QVERIFY(error->text().contains(QStringLiteral("from 0 to 10")));

        delays->clear();
        QTest::keyClicks(delays, QStringLiteral("0.5, 4"));
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(emitted(spy, 0).text("delays"), std::string("0.5,4"));
        QVERIFY(error->isHidden());
        QVERIFY(panel.errorText().isEmpty());
    }

    void restoreDefaults()
    {
        ParamsPanel panel;
        panel.setDebounceInterval(0);
        const auto& sem = lesson("semaphores");
        panel.setLesson(&sem, lessons::defaultParams(sem));
        QSignalSpy spy(&panel, &ParamsPanel::paramsChanged);
        auto* restore = panel.findChild<QPushButton*>(QStringLiteral("restoreDefaults"));
        QVERIFY(restore);
        restore->click(); // already at defaults: nothing to re-run
        QCOMPARE(spy.count(), 0);
        panel.findChild<QSpinBox*>(QStringLiteral("param_k"))->setValue(9);
        panel.findChild<QSpinBox*>(QStringLiteral("param_n"))->setValue(100);
        QCOMPARE(spy.count(), 2);
        restore->click();
        QCOMPARE(spy.count(), 3);
        QCOMPARE(emitted(spy, 2).values(), lessons::defaultParams(sem).values());
        QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("param_n"))->value(), 5);
        QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("param_k"))->value(), 2);
    }

    void lessonWithoutParameters()
    {
        ParamsPanel panel;
        const auto& gather = lesson("gather");
        panel.setLesson(&gather, lessons::defaultParams(gather));
        QVERIFY(panel.findChild<QSpinBox*>(QStringLiteral("param_fail")));
        // Find a lesson with no parameters, if the syllabus has one.
        for (const auto& l : lessons::allLessons())
            if (l.params.empty()) {
                panel.setLesson(&l, lessons::defaultParams(l));
                QVERIFY(!panel.findChild<QSpinBox*>(QStringLiteral("param_fail")));
                QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("restoreDefaults"))->isHidden());
                return;
            }
    }
};

QTEST_MAIN(TstParamsPanel)
#include "tst_paramspanel.moc"
