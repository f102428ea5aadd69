// The window's process restarts itself once with glibc's malloc on huge pages, and puts the
// environment back for what it starts (app/hugepages.h). This test program starts the same way
// the app does, so it checks the real restart: the setting was there when the process started,
// and neither this process's environment nor a child's shows it afterwards.

#include "app/hugepages.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <cstdlib>

using namespace loopscope::app;

namespace {

// GLIBC_TUNABLES as the environment had it when ctest started this program, before the restart.
const char* g_before = nullptr;
bool g_beforeSet = false;

// The environment this process was started with (by exec), as the kernel keeps it.
QList<QByteArray> startEnvironment()
{
    QFile f(QStringLiteral("/proc/self/environ"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().split('\0');
}

bool restartExpected()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#else
    QFile mode(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled"));
    if (!mode.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = mode.readAll();
    return !text.isEmpty() && !text.contains("[never]") && !(g_beforeSet && QByteArray(g_before).contains("glibc.malloc.hugetlb"));
#endif
}

} // namespace

class TestHugePages : public QObject
{
    Q_OBJECT

private slots:
    void settingIsAddedToWhatIsThere()
    {
        QCOMPARE(tunablesWithHugePages(nullptr).value(), std::string("glibc.malloc.hugetlb=1"));
        QCOMPARE(tunablesWithHugePages("").value(), std::string("glibc.malloc.hugetlb=1"));
        QCOMPARE(tunablesWithHugePages("glibc.malloc.arena_max=2").value(),
                 std::string("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"));
        // The user's own choice stands, whatever it is.
        QVERIFY(!tunablesWithHugePages("glibc.malloc.hugetlb=0"));
        QVERIFY(!tunablesWithHugePages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2"));
    }

    void theVariableBeforeSurvivesTheRoundTrip()
    {
        QVERIFY(!decodeBefore(encodeBefore(nullptr)));
        QCOMPARE(decodeBefore(encodeBefore("")).value(), std::string());
        QCOMPARE(decodeBefore(encodeBefore("a=1:b=2")).value(), std::string("a=1:b=2"));
        QCOMPARE(decodeBefore(encodeBefore("-")).value(), std::string("-"));
    }

    void theProcessStartedWithTheSetting()
    {
        if (!restartExpected())
            QSKIP("no restart here: a sanitizer build, huge pages switched off, or the user's own setting");
        // The marker says the first start handed over to this one. (glibc cuts a GLIBC_TUNABLES
        // of several settings in place as it reads it, so the setting is compared whole only
        // when it is the one there.)
        const QList<QByteArray> start = startEnvironment();
        QVERIFY(start.contains(QByteArray("LOOPSCOPE_GLIBC_TUNABLES_BEFORE=") + encodeBefore(g_before).c_str()));
        if (!g_beforeSet)
            QVERIFY(start.contains(QByteArray("GLIBC_TUNABLES=glibc.malloc.hugetlb=1")));
    }

    void theEnvironmentIsTheUsersAgain()
    {
        QCOMPARE(qEnvironmentVariableIsSet("GLIBC_TUNABLES"), g_beforeSet);
        if (g_beforeSet)
            QCOMPARE(qgetenv("GLIBC_TUNABLES"), QByteArray(g_before));
        QVERIFY(!qEnvironmentVariableIsSet("LOOPSCOPE_GLIBC_TUNABLES_BEFORE"));
        // A program started from here sees the same.
        QProcess child;
        child.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"),
                                                QStringLiteral("echo \"${GLIBC_TUNABLES-unset}|${LOOPSCOPE_GLIBC_TUNABLES_BEFORE-unset}\"")});
        QVERIFY(child.waitForFinished(10000));
        const QByteArray expected = (g_beforeSet ? QByteArray(g_before) : QByteArray("unset")) + "|unset\n";
        QCOMPARE(child.readAllStandardOutput(), expected);
    }
};

int main(int argc, char** argv)
{
    // What the environment said before any restart: on the second start the marker keeps it.
    if (const char* marker = std::getenv("LOOPSCOPE_GLIBC_TUNABLES_BEFORE")) {
        static const std::optional<std::string> before = decodeBefore(marker);
        g_beforeSet = before.has_value();
        g_before = before ? before->c_str() : nullptr;
    } else {
        g_before = std::getenv("GLIBC_TUNABLES");
        g_beforeSet = g_before != nullptr;
        static const std::string copy = g_before ? g_before : "";
        g_before = g_beforeSet ? copy.c_str() : nullptr;
    }
    restartWithHugePages(argv);
    QCoreApplication app(argc, argv);
    TestHugePages test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hugepages.moc"
