// semaphores: the syllabus figures. Total = ceil(n/k)*t; never more than k slots in use.

#include "lessontest.h"

using namespace lessontest;

class TestLessonSemaphores : public QObject
{
    Q_OBJECT

private slots:
    void totalIsWavesOfKTimesT_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("k");
        QTest::addColumn<QString>("t");
        QTest::addColumn<double>("total");
        QTest::addColumn<int>("most");
        QTest::newRow("defaults 5,2,1") << "5" << "2" << "1" << 3.0 << 2;
        QTest::newRow("7,3,1") << "7" << "3" << "1" << 3.0 << 3;
        QTest::newRow("10,10,0.5") << "10" << "10" << "0.5" << 0.5 << 10;
        QTest::newRow("4,1,0.25") << "4" << "1" << "0.25" << 1.0 << 1;
    }
    void totalIsWavesOfKTimesT()
    {
        QFETCH(QString, n);
        QFETCH(QString, k);
        QFETCH(QString, t);
        QFETCH(double, total);
        QFETCH(int, most);
        const auto r = run("semaphores", {"n=" + n.toStdString(), "k=" + k.toStdString(), "t=" + t.toStdString()});
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        const auto a = answers("semaphores", {"n=" + n.toStdString(), "k=" + k.toStdString(), "t=" + t.toStdString()});
        QCOMPARE(a.at(1), std::to_string(most));
    }

    void permitsNeverExceedKAndWaitersLeaveInOrder()
    {
        const auto r = run("semaphores", {"n=5", "k=2", "t=1"});
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 job 1: slot taken at 0.00 s, 1 of 2 in use", "0.000 job 2: slot taken at 0.00 s, 2 of 2 in use",
            "1.000 job 1: slot freed at 1.00 s", "1.000 job 2: slot freed at 1.00 s",
            "1.000 job 3: slot taken at 1.00 s, 1 of 2 in use", "1.000 job 4: slot taken at 1.00 s, 2 of 2 in use",
            "2.000 job 3: slot freed at 2.00 s", "2.000 job 4: slot freed at 2.00 s",
            "2.000 job 5: slot taken at 2.00 s, 1 of 2 in use", "3.000 job 5: slot freed at 3.00 s",
            "3.000 main: 5 jobs in 3.00 s"}));
        QCOMPARE(peakCounter(r, "slots"), 2);
    }
};

QTEST_GUILESS_MAIN(TestLessonSemaphores)
#include "tst_lesson_semaphores.moc"
