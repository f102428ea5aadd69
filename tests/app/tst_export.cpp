// `loopscope export` and the files it writes, checked for real: PNG decodes at the requested size,
// SVG renders and keeps task names as text, PDF is a PDF, the trace is Chrome Trace Event JSON with
// a track per task; a file that cannot be written fails cleanly and leaves what was there.

// Test data reads better as plain string literals than wrapped in QStringLiteral.
#undef QT_NO_CAST_FROM_ASCII

#include "app/exportcli.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace loopscope::app;

namespace {

int exportWith(const QStringList& args)
{
    return runExport(args);
}

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void pngDecodesAtTheRequestedSize_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QSize>("size");
        QTest::newRow("semaphores default") << "semaphores" << QStringList{} << QSize(1600, 900);
        QTest::newRow("article width") << "blocking-vs-async" << QStringList{"--width", "800", "--height", "450"}
                                       << QSize(800, 450);
        QTest::newRow("scaled poster") << "gather" << QStringList{"--width", "1000", "--height", "600", "--scale", "3"}
                                       << QSize(3000, 1800);
        QTest::newRow("print theme, a moment") << "blocking-the-loop"
                                               << QStringList{"--theme", "print", "--at", "3", "--no-legend"}
                                               << QSize(1600, 900);
    }
    void pngDecodesAtTheRequestedSize()
    {
        QFETCH(QString, lesson);
        QFETCH(QStringList, options);
        QFETCH(QSize, size);
        const QString out = path("picture.png");
        QCOMPARE(exportWith(QStringList{lesson, QStringLiteral("--format"), QStringLiteral("png"), QStringLiteral("--out"), out} + options), 0);
        const QImage image(out);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), size);
        // Something was drawn: more than one colour.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 17)
            for (int x = 0; x < image.width(); x += 13)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 5);
    }

    void svgRendersAndKeepsTaskNamesAsText()
    {
        const QString out = path("semaphores.svg");
        QCOMPARE(exportWith({QStringLiteral("semaphores"), QStringLiteral("--format"), QStringLiteral("svg"),
                             QStringLiteral("--out"), out}),
                 0);
        QSvgRenderer renderer(out);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.defaultSize(), QSize(1600, 900));
        QVERIFY(contents(out).contains("<svg width=\"1600px\" height=\"900px\""));
        const QByteArray svg = contents(out);
        for (const char* name : {">job-1<", ">job-5<", ">main<"})
            QVERIFY2(svg.contains(name), name);
    }

    void pdfIsAPdfOfTheRequestedAspect()
    {
        const QString out = path("locks.pdf");
        QCOMPARE(exportWith({QStringLiteral("locks"), QStringLiteral("--format"), QStringLiteral("pdf"),
                             QStringLiteral("--out"), out, QStringLiteral("--width"), QStringLiteral("1200"),
                             QStringLiteral("--height"), QStringLiteral("600")}),
                 0);
        const QByteArray pdf = contents(out);
        QVERIFY(pdf.startsWith("%PDF"));
        // The page box: 1200×600 px at 96 dpi is 900×450 pt.
        QVERIFY(pdf.contains("/MediaBox [0 0 900.000000 450.000000]"));
    }

    void traceHasEveryTaskAndTheFieldsTheFormatRequires()
    {
        const QString out = path("gather.json");
        QCOMPARE(exportWith({QStringLiteral("task-group"), QStringLiteral("--format"), QStringLiteral("trace"),
                             QStringLiteral("--out"), out}),
                 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(contents(out), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray events = doc.object().value(QStringLiteral("traceEvents")).toArray();
        QVERIFY(events.size() > 50);
        QSet<QString> tracks;
        int slices = 0, flows = 0, instants = 0;
        for (const auto& v : events) {
            const QJsonObject e = v.toObject();
            for (const char* field : {"ph", "pid", "tid", "ts"})
                QVERIFY2(e.contains(QLatin1String(field)), field);
            const QString ph = e.value(QStringLiteral("ph")).toString();
            if (ph == QLatin1String("M") && e.value(QStringLiteral("name")).toString() == QLatin1String("thread_name"))
                tracks.insert(e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString());
            if (ph == QLatin1String("X")) {
                QVERIFY(e.contains(QStringLiteral("dur")));
                QVERIFY(e.value(QStringLiteral("dur")).toDouble() >= 0);
                ++slices;
            }
            if (ph == QLatin1String("s") || ph == QLatin1String("f")) {
                QVERIFY(e.contains(QStringLiteral("id")));
                ++flows;
            }
            instants += ph == QLatin1String("i");
        }
        for (const char* task : {"event loop", "main", "fetch-1", "fetch-2", "fetch-3"})
            QVERIFY2(tracks.contains(QLatin1String(task)), task);
        QVERIFY(slices > 0);
        QVERIFY(flows > 0 && flows % 2 == 0);
        QVERIFY(instants > 0);
    }

    void aMissingFolderIsRefusedBeforeTheRunAndLeavesNothing()
    {
        QCOMPARE(exportWith({QStringLiteral("semaphores"), QStringLiteral("--format"), QStringLiteral("png"),
                             QStringLiteral("--out"), path("missing/folder/x.png")}),
                 2);
        QVERIFY(!QFile::exists(path("missing/folder/x.png")));
    }

    void anExistingFileIsUntouchedWhenTheExportFails()
    {
        const QString out = path("keep.png");
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious");
        }
        // A bad option fails before anything is written...
        QCOMPARE(exportWith({QStringLiteral("semaphores"), QStringLiteral("--format"), QStringLiteral("png"),
                             QStringLiteral("--out"), out, QStringLiteral("--width"), QStringLiteral("0")}),
                 2);
        QCOMPARE(contents(out), QByteArray("precious"));
        // ...and so does a folder that cannot be written into, leaving no temporary file either.
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        const bool canStillWrite = QFile(path("probe")).open(QIODevice::WriteOnly); // root ignores permissions
        if (!canStillWrite) {
            QCOMPARE(exportWith({QStringLiteral("semaphores"), QStringLiteral("--format"), QStringLiteral("png"),
                                 QStringLiteral("--out"), out}),
                     2);
            QCOMPARE(contents(out), QByteArray("precious"));
        }
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::remove(path("probe"));
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("keep.png.*")}, QDir::Files | QDir::Hidden), QStringList());
    }

    void badOptionsExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no such lesson") << QStringList{"nope", "--format", "png", "--out", "x.png"};
        QTest::newRow("unknown format") << QStringList{"semaphores", "--format", "bmp", "--out", "x.bmp"};
        QTest::newRow("no format") << QStringList{"semaphores", "--out", "x.png"};
        QTest::newRow("no out") << QStringList{"semaphores", "--format", "png"};
        QTest::newRow("bad theme") << QStringList{"semaphores", "--format", "png", "--out", "x.png", "--theme", "pink"};
        QTest::newRow("to before from") << QStringList{"semaphores", "--format", "png", "--out", "x.png", "--from", "2", "--to", "1"};
        QTest::newRow("out of range param") << QStringList{"semaphores", "--set", "k=0", "--format", "png", "--out", "x.png"};
        QTest::newRow("unknown variant") << QStringList{"semaphores", "--variant", "fast", "--format", "png", "--out", "x.png"};
        QTest::newRow("all without dir") << QStringList{"--all", "--format", "png"};
    }
    void badOptionsExit2()
    {
        QFETCH(QStringList, args);
        QCOMPARE(exportWith(args), 2);
    }

    void allWritesAFilePerLessonAndPerVariant()
    {
        QTemporaryDir dir;
        QCOMPARE(exportWith({QStringLiteral("--all"), QStringLiteral("--format"), QStringLiteral("svg"),
                             QStringLiteral("--dir"), dir.path(), QStringLiteral("--width"), QStringLiteral("400"),
                             QStringLiteral("--height"), QStringLiteral("300")}),
                 0);
        const QStringList files = QDir(dir.path()).entryList(QDir::Files);
        QVERIFY(files.contains(QStringLiteral("event-loop.svg")));
        QVERIFY(files.contains(QStringLiteral("blocking-vs-async.svg")));
        QVERIFY(files.contains(QStringLiteral("blocking-vs-async-sequential.svg")));
        QVERIFY(files.contains(QStringLiteral("complexity-semaphore.svg")));
        // 22 lessons, plus one per variant for the 6 lessons with several (2+2+2+2+2+3).
        QCOMPARE(files.size(), 22 + 13);
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
