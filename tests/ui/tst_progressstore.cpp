// ProgressStore: defaults, a round trip through the file, and what happens to a file that is not ours.

#include "ui/progressstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using loopscope::ui::ProgressStore;

class TstProgressStore : public QObject
{
    Q_OBJECT

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static void writeAll(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

private slots:
    void missingFileGivesDefaultsQuietly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/settings.ini"));
        ProgressStore store(path);
        QVERIFY(store.loadError().isEmpty());
        QVERIFY(store.visitedLessons().isEmpty());
        QCOMPARE(store.lastLesson(), QString());
        QCOMPARE(store.themeId(), QString());
        QCOMPARE(store.presentationMode(), false);
        QVERIFY(store.windowGeometry().isEmpty());
        QVERIFY(!QFile::exists(path)); // nothing written until something changes
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/settings.ini")); // folder made on save
        const QByteArray geometry("\x01\x02\x00\xffgeom", 8), state("state\x00\x7f", 7);
        {
            ProgressStore store(path);
            QSignalSpy progress(&store, &ProgressStore::progressChanged);
            store.markVisited(QStringLiteral("semaphores"));
            store.markVisited(QStringLiteral("event-loop"));
            store.markVisited(QStringLiteral("semaphores")); // again: no change, no signal
            store.recordPrediction(QStringLiteral("semaphores"), 0, true);
            store.recordPrediction(QStringLiteral("semaphores"), 1, false);
            store.setLastLesson(QStringLiteral("semaphores"));
            store.setThemeId(QStringLiteral("contrast"));
            store.setWindowLayout(geometry, state);
            store.setPresentationMode(true);
            QCOMPARE(progress.count(), 4);
            QCOMPARE(progress.at(0).at(0).toString(), QStringLiteral("semaphores"));
            QVERIFY(store.saveError().isEmpty());
            QVERIFY(QFile::exists(path));
        }
        // Written through a temporary file that is gone afterwards.
        QCOMPARE(QDir(dir.filePath(QStringLiteral("sub"))).entryList(QDir::Files), QStringList{QStringLiteral("settings.ini")});

        ProgressStore again(path);
        QVERIFY2(again.loadError().isEmpty(), qPrintable(again.loadError()));
        QCOMPARE(again.visitedLessons(), (QStringList{QStringLiteral("event-loop"), QStringLiteral("semaphores")}));
        QVERIFY(again.isVisited(QStringLiteral("semaphores")));
        QVERIFY(!again.isVisited(QStringLiteral("locks")));
        QCOMPARE(again.answeredCount(QStringLiteral("semaphores")), 2);
        QCOMPARE(again.rightCount(QStringLiteral("semaphores")), 1);
        QCOMPARE(again.wasRight(QStringLiteral("semaphores"), 0), std::optional<bool>(true));
        QCOMPARE(again.wasRight(QStringLiteral("semaphores"), 1), std::optional<bool>(false));
        QCOMPARE(again.wasRight(QStringLiteral("semaphores"), 2), std::nullopt);
        QCOMPARE(again.answeredCount(QStringLiteral("event-loop")), 0);
        QCOMPARE(again.lastLesson(), QStringLiteral("semaphores"));
        QCOMPARE(again.themeId(), QStringLiteral("contrast"));
        QCOMPARE(again.windowGeometry(), geometry);
        QCOMPARE(again.windowState(), state);
        QCOMPARE(again.presentationMode(), true);
    }

    void clearProgressKeepsWindowSettings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            ProgressStore store(path);
            store.markVisited(QStringLiteral("gather"));
            store.recordPrediction(QStringLiteral("gather"), 0, true);
            store.setThemeId(QStringLiteral("dark"));
            store.clearProgress();
        }
        ProgressStore again(path);
        QVERIFY(again.visitedLessons().isEmpty());
        QCOMPARE(again.answeredCount(QStringLiteral("gather")), 0);
        QCOMPARE(again.themeId(), QStringLiteral("dark"));
    }

    void garbageGivesDefaultsAndIsKept_data()
    {
        QTest::addColumn<QByteArray>("garbage");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01PK\x03\x04 not settings \x00\x00", 22);
        QTest::newRow("text") << QByteArray("{\"this\": \"is json, not ours\"}\n");
        QTest::newRow("ini without our marker") << QByteArray("[session]\nlastLesson=semaphores\n");
        QTest::newRow("broken section") << QByteArray("[loopscope\nformat=1\n");
    }
    void garbageGivesDefaultsAndIsKept()
    {
        QFETCH(QByteArray, garbage);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        writeAll(path, garbage);

        ProgressStore store(path);
        QVERIFY(!store.loadError().isEmpty());
        QVERIFY2(!store.loadError().contains(QLatin1Char('\n')), qPrintable(store.loadError())); // one line
        QVERIFY(store.loadError().contains(QStringLiteral(".corrupt")));
        QCOMPARE(store.lastLesson(), QString());
        QVERIFY(store.visitedLessons().isEmpty());
        // The garbage is kept, byte for byte, and the path is free for a good file.
        QCOMPARE(readAll(path + QStringLiteral(".corrupt")), garbage);

        store.markVisited(QStringLiteral("locks"));
        QVERIFY(store.saveError().isEmpty());
        QCOMPARE(readAll(path + QStringLiteral(".corrupt")), garbage);
        ProgressStore again(path);
        QVERIFY2(again.loadError().isEmpty(), qPrintable(again.loadError()));
        QVERIFY(again.isVisited(QStringLiteral("locks")));
    }

    void secondCorruptFileDoesNotReplaceTheFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        writeAll(path + QStringLiteral(".corrupt"), "first");
        writeAll(path, "second \x01");
        ProgressStore store(path);
        QVERIFY(!store.loadError().isEmpty());
        QCOMPARE(readAll(path + QStringLiteral(".corrupt")), QByteArray("first"));
        QCOMPARE(readAll(path + QStringLiteral(".corrupt.1")), QByteArray("second \x01"));
    }

    void oddValuesFallBackOneByOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        writeAll(path, "[loopscope]\nformat=1\n[view]\npresentation=perhaps\ntheme=dark\n"
                       "[predictions]\nsemaphores=0:true, x:true, 1:maybe, 3:false\n");
        ProgressStore store(path);
        QVERIFY2(store.loadError().isEmpty(), qPrintable(store.loadError()));
        QCOMPARE(store.presentationMode(), false);
        QCOMPARE(store.themeId(), QStringLiteral("dark"));
        QCOMPARE(store.answeredCount(QStringLiteral("semaphores")), 2);
        QCOMPARE(store.wasRight(QStringLiteral("semaphores"), 3), std::optional<bool>(false));
    }

    void emptyFileIsNotAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        writeAll(path, "");
        ProgressStore store(path);
        QVERIFY(store.loadError().isEmpty());
        QVERIFY(!QFile::exists(path + QStringLiteral(".corrupt")));
    }

    void folderInTheWayIsReportedNotFatal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        QVERIFY(QDir().mkpath(path + QStringLiteral("/inside")));
        ProgressStore store(path);
        QVERIFY(!store.loadError().isEmpty());
        QVERIFY(!store.loadError().contains(QLatin1Char('\n')));
        store.markVisited(QStringLiteral("gather")); // must not crash; either saved or says why
        QVERIFY(store.isVisited(QStringLiteral("gather")));
        QVERIFY(QFileInfo(path + QStringLiteral(".corrupt")).isDir() || !store.saveError().isEmpty());
    }

    void aNewerFileIsKeptAsItIs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        const QByteArray newer("[loopscope]\nformat=99\n[session]\nlastLesson=locks\n");
        writeAll(path, newer);
        ProgressStore store(path);
        QVERIFY(store.loadError().contains(QStringLiteral("newer Loopscope")));
        QVERIFY(store.loadError().contains(path));
        QVERIFY(!QFile::exists(path + QStringLiteral(".corrupt")));
        store.markVisited(QStringLiteral("gather")); // remembered for the session, not written
        QVERIFY(store.isVisited(QStringLiteral("gather")));
        QCOMPARE(readAll(path), newer);
    }

    void aFifoNeitherBlocksNorIsReplaced()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        ProgressStore store(path); // opening the FIFO for reading would wait for a writer for ever
        QVERIFY(store.loadError().contains(QStringLiteral("not a regular file")));
        store.markVisited(QStringLiteral("gather"));
        QVERIFY(QFileInfo(path).exists() && !QFileInfo(path).isFile()); // still the FIFO
    }

    void aLinkIsWrittenThroughAndStays()
    {
        QTemporaryDir dir;
        const QString real = dir.filePath(QStringLiteral("dotfiles/loopscope.ini"));
        QVERIFY(QDir().mkpath(QFileInfo(real).absolutePath()));
        const QString link = dir.filePath(QStringLiteral("settings.ini"));
        QVERIFY(QFile::link(real, link));
        {
            ProgressStore store(link);
            QVERIFY(store.loadError().isEmpty());
            store.markVisited(QStringLiteral("locks"));
            QVERIFY2(store.saveError().isEmpty(), qPrintable(store.saveError()));
        }
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(readAll(real).contains("locks"));
        ProgressStore again(link);
        QVERIFY(again.isVisited(QStringLiteral("locks")));
    }

    void leftoversOfAnInterruptedSaveAreNotInTheWay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        QVERIFY(QDir().mkpath(path + QStringLiteral(".saving/stale")));
        ProgressStore store(path);
        store.markVisited(QStringLiteral("gather"));
        QVERIFY2(store.saveError().isEmpty(), qPrintable(store.saveError()));
        QVERIFY(readAll(path).contains("gather"));
    }

    void aFailedSaveIsSaidOnceAndTheSessionGoesOn()
    {
        QTemporaryDir dir;
        // The config folder is a file: nothing can be saved under it.
        writeAll(dir.filePath(QStringLiteral("config")), "not a folder");
        const QString path = dir.filePath(QStringLiteral("config/loopscope/settings.ini"));
        ProgressStore store(path);
        QVERIFY(store.loadError().isEmpty());
        QSignalSpy failed(&store, &ProgressStore::saveFailed);
        store.markVisited(QStringLiteral("gather"));
        store.recordPrediction(QStringLiteral("gather"), 0, true);
        store.setThemeId(QStringLiteral("dark"));
        QCOMPARE(failed.count(), 1);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(dir.filePath(QStringLiteral("config/loopscope"))), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
        QVERIFY(!store.saveError().isEmpty());
        // Everything is still there for the rest of the session.
        QVERIFY(store.isVisited(QStringLiteral("gather")));
        QCOMPARE(store.wasRight(QStringLiteral("gather"), 0), std::optional<bool>(true));
        QCOMPARE(store.themeId(), QStringLiteral("dark"));
    }
};

QTEST_GUILESS_MAIN(TstProgressStore)
#include "tst_progressstore.moc"
