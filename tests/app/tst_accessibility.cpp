// The window through a screen reader's eyes, offscreen: every control a user can reach has a name
// and a description;
// the timeline is a chart whose children are its lanes, each named after its task and telling its
// state at the cursor; stepping changes what the lanes and the cursor description say, and the
// timeline announces the cursor's new place once it settles.

#include "app/mainwindow.h"
#include "app/transportbar.h"
#include "ui/paramspanel.h"
#include "ui/timelineview.h"

#include <QAccessible>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace loopscope;
using namespace loopscope::app;

namespace {

// Roles a user operates (clicks, types into, picks from, moves).
bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::EditableText:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::PageTab:
    case QAccessible::Chart:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
        return true;
    default:
        return false;
    }
}

void walk(QAccessibleInterface* iface, int depth, QStringList& unnamed, int& interactive)
{
    if (!iface || !iface->isValid() || depth > 40 || iface->state().invisible)
        return;
    if (isInteractive(iface->role())) {
        ++interactive;
        if (iface->text(QAccessible::Name).trimmed().isEmpty() || iface->text(QAccessible::Description).trimmed().isEmpty()) {
            QObject* o = iface->object();
            unnamed << QStringLiteral("%1 %2 (role %3): name '%4', description '%5'")
                           .arg(o ? QString::fromLatin1(o->metaObject()->className()) : QStringLiteral("?"),
                                o ? o->objectName() : QString())
                           .arg(int(iface->role()))
                           .arg(iface->text(QAccessible::Name), iface->text(QAccessible::Description));
        }
    }
    if (iface->role() == QAccessible::Chart)
        return; // the timeline's lanes are checked on their own below
    for (int i = 0; i < iface->childCount(); ++i)
        walk(iface->child(i), depth + 1, unnamed, interactive);
}

QAccessibleInterface* findChart(QAccessibleInterface* iface, int depth = 0)
{
    if (!iface || depth > 40)
        return nullptr;
    if (iface->role() == QAccessible::Chart)
        return iface;
    for (int i = 0; i < iface->childCount(); ++i)
        if (QAccessibleInterface* found = findChart(iface->child(i), depth + 1))
            return found;
    return nullptr;
}

QStringList laneValues(QAccessibleInterface* chart)
{
    QStringList out;
    for (int i = 0; i < chart->childCount(); ++i)
        out << chart->child(i)->text(QAccessible::Value);
    return out;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

    QString m_settings = QDir::tempPath() + QStringLiteral("/loopscope-a11y-test.ini");

private slots:
    void everyControlHasANameAndADescription()
    {
        MainWindow w(m_settings);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores")));
        QStringList unnamed;
        int interactive = 0;
        walk(QAccessible::queryAccessibleInterface(&w), 0, unnamed, interactive);
        QVERIFY2(interactive > 20, qPrintable(QString::number(interactive))); // the walk reached the docks
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("\n"))));
    }

    void theWalkFindsAControlWithoutAName()
    {
        // The check above can fail: a field nobody named is reported.
        MainWindow w(m_settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* nameless = new QLineEdit(w.paramsPanel());
        nameless->setObjectName(QStringLiteral("nameless"));
        nameless->show();
        QStringList unnamed;
        int interactive = 0;
        walk(QAccessible::queryAccessibleInterface(&w), 0, unnamed, interactive);
        QCOMPARE(unnamed.size(), 1);
        QVERIFY2(unnamed.first().contains(QStringLiteral("nameless")), qPrintable(unnamed.first()));
    }

    void theTimelineTellsLanesAndStatesAtTheCursor()
    {
        MainWindow w(m_settings);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(QStringLiteral("semaphores"))); // n = 5 jobs, k = 2 slots, t = 1 s
        QAccessibleInterface* chart = findChart(QAccessible::queryAccessibleInterface(&w));
        QVERIFY(chart);
        QCOMPARE(chart->text(QAccessible::Name), QStringLiteral("Timeline"));
        w.player().finishAll();
        QTest::qWait(50);

        // The loop, main and five jobs, plus the semaphore's counter lane.
        QStringList names;
        for (int i = 0; i < chart->childCount(); ++i)
            names << chart->child(i)->text(QAccessible::Name);
        for (const char* expected : {"event loop", "main", "job-1", "job-5"})
            QVERIFY2(names.contains(QString::fromLatin1(expected)), qPrintable(names.join(QStringLiteral(", "))));
        QCOMPARE(chart->indexOfChild(chart->child(2)), 2);

        // At 1.5 s: jobs 1 and 2 are done, 3 and 4 hold the slots (sleeping), 5 waits for one.
        w.player().seek(secondsToNs(1.5));
        const QStringList at15 = laneValues(chart);
        const int job5 = int(names.indexOf(QStringLiteral("job-5")));
        const int job1 = int(names.indexOf(QStringLiteral("job-1")));
        QVERIFY2(at15[job1].startsWith(QStringLiteral("job-1 done at 1.000 s")), qPrintable(at15[job1]));
        QVERIFY2(at15[job5].startsWith(QStringLiteral("job-5 waiting on ")), qPrintable(at15[job5]));
        QVERIFY2(chart->text(QAccessible::Description).startsWith(QStringLiteral("t = 1.500 s · event ")),
                 qPrintable(chart->text(QAccessible::Description)));

        // Stepping changes what the timeline says, and it is announced once the cursor settles.
        QSignalSpy announced(w.timeline(), &ui::TimelineView::cursorAnnounced);
        const QString before = chart->text(QAccessible::Description);
        w.player().stepForward(StepKind::Event);
        QVERIFY(announced.wait(2000));
        QCOMPARE(announced.last().at(0).toString(), chart->text(QAccessible::Description));
        QVERIFY(chart->text(QAccessible::Description) != before);
        QVERIFY2(chart->text(QAccessible::Description).contains(QStringLiteral("t = 2.000 s")),
                 qPrintable(chart->text(QAccessible::Description)));
        QVERIFY(laneValues(chart) != at15);

        // A new run (a parameter change) gives new lanes; the old ones say nothing any more.
        QAccessibleInterface* oldLane = chart->child(job1);
        QVERIFY(w.openLesson(QStringLiteral("gather")));
        QVERIFY(!oldLane->isValid());
        QVERIFY(chart->childCount() > 0);
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
