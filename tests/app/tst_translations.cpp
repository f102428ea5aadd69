// The language follows the locale: a German translation of a few of the window's texts, made
// with lrelease from the template's own contexts, is picked up for a German locale and ignored
// for an English one; and the build's translation template holds the window's texts.

#include "app/mainwindow.h"
#include "app/translations.h"

#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace loopscope::app;

namespace {

const char* const kGermanTs = R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>loopscope::app::MainWindow</name>
    <message><source>&amp;File</source><translation>&amp;Datei</translation></message>
    <message><source>&amp;Help</source><translation>&amp;Hilfe</translation></message>
</context>
</TS>
)";

QStringList menuTitles(const MainWindow& w)
{
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QFile ts(m_dir.filePath(QStringLiteral("loopscope_de.ts")));
        QVERIFY(ts.open(QIODevice::WriteOnly));
        ts.write(kGermanTs);
        ts.close();
        QProcess lrelease;
        lrelease.start(QStringLiteral("/usr/lib/qt6/bin/lrelease"),
                       {QStringLiteral("-silent"), ts.fileName(), QStringLiteral("-qm"), m_dir.filePath(QStringLiteral("loopscope_de.qm"))});
        QVERIFY2(lrelease.waitForFinished(30000) && lrelease.exitCode() == 0,
                 "lrelease (Debian package qt6-l10n-tools) could not make the .qm");
    }

    void anEnglishLocaleKeepsTheSourceTexts()
    {
        QCOMPARE(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates), {m_dir.path()}), 0);
        MainWindow w(m_dir.filePath(QStringLiteral("en.ini")));
        QVERIFY(menuTitles(w).contains(QStringLiteral("&File")));
    }

    void aGermanLocaleGetsTheGermanTexts()
    {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany), {m_dir.path()}) >= 1);
        MainWindow w(m_dir.filePath(QStringLiteral("de.ini")));
        const QStringList titles = menuTitles(w);
        QVERIFY2(titles.contains(QStringLiteral("&Datei")), qPrintable(titles.join(QLatin1Char(' '))));
        QVERIFY(titles.contains(QStringLiteral("&Hilfe")));
        QVERIFY(titles.contains(QStringLiteral("&View"))); // untranslated texts stay as they are
    }

    void theTemplateHoldsTheWindowsTexts()
    {
        QFile ts(QStringLiteral(LOOPSCOPE_BUILD_DIR "/translations/loopscope.ts"));
        QVERIFY2(ts.open(QIODevice::ReadOnly), "the build makes translations/loopscope.ts (lupdate, qt6-l10n-tools)");
        const QByteArray text = ts.readAll();
        QVERIFY(text.contains("<name>loopscope::app::MainWindow</name>"));
        QVERIFY(text.contains("<source>Compare with &amp;CPython</source>"));
        QVERIFY2(text.count("<message") > 240, QByteArray::number(text.count("<message")).constData());
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
