// ExportDialog: choices map to the ImageRequest; PNG and trace files written from the dialog;
// remembered choices across instances; failure keeps an existing file; clipboard; the preview.

#include "lessons/lessontest.h"
#include "ui/exportdialog.h"
#include "ui/perfettotrace.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

// Every variant of a lesson run for real, with a finished scene each.
struct Runs
{
    std::vector<lessons::VariantRun> runs;
    std::vector<std::unique_ptr<TimelineScene>> scenes;

    Runs(std::string_view id, std::initializer_list<std::string> settings)
    {
        const lessons::Lesson& lesson = lessontest::lessonById(id);
        const lessons::Params params = lessontest::paramsFor(lesson, settings);
        for (const auto& v : lesson.variants) {
            runs.push_back(lessons::runVariant(lesson, params, v));
            scenes.push_back(std::make_unique<TimelineScene>(*runs.back().trace, v));
            scenes.back()->update();
            scenes.back()->setFinished(runs.back().total);
        }
    }
    ExportSource source(const QString& settings) const
    {
        ExportSource s;
        for (const auto& sc : scenes)
            s.scenes.push_back(sc.get());
        s.runEnd = TimelineRenderer::extent(s.scenes);
        s.cursor = s.runEnd / 2;
        s.visibleFrom = s.runEnd / 4;
        s.visibleTo = s.runEnd * 3 / 4;
        s.name = QStringLiteral("lesson");
        s.title = QStringLiteral("A title");
        s.settingsPath = settings;
        return s;
    }
};

void select(QComboBox* box, const QVariant& data)
{
    const int i = box->findData(data);
    QVERIFY2(i >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(i);
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT
    std::unique_ptr<Runs> m_sem, m_block;
    QTemporaryDir m_dir;

    QString settingsFile(const QString& name) { return m_dir.filePath(name + QStringLiteral(".ini")); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sem = std::make_unique<Runs>("semaphores", std::initializer_list<std::string>{"n=5"});
        m_block = std::make_unique<Runs>("blocking-vs-async", std::initializer_list<std::string>{});
        QCOMPARE(m_sem->scenes.size(), std::size_t(1));
        QVERIFY(m_block->scenes.size() >= 2);
    }

    void defaultsMapToRequest()
    {
        ExportDialog d(m_sem->source(settingsFile(QStringLiteral("defaults"))));
        QCOMPARE(d.format(), ExportFormat::Png);
        const ImageRequest r = d.imageRequest();
        QCOMPARE(r.format, ImageFormat::Png);
        QCOMPARE(r.size, QSize(1600, 900));
        QCOMPARE(r.from, TimeNs(-1));
        QCOMPARE(r.to, TimeNs(-1));
        QCOMPARE(r.options.theme, &Theme::light());
        QCOMPARE(r.options.moment, m_sem->source({}).cursor); // the cursor by default
        QVERIFY(r.options.showCursor);
        QVERIFY(r.options.legend);
        QVERIFY(r.options.lanes.isEmpty());
        QCOMPARE(r.options.title, QStringLiteral("A title"));
        QCOMPARE(r.options.fontScale, 1.0);
        QCOMPARE(d.defaultFileName(), QStringLiteral("lesson.png"));
        QVERIFY(d.problem().isEmpty());
    }

    void choicesMapToRequest()
    {
        const ExportSource src = m_sem->source({});
        ExportDialog d(src);
        select(d.formatBox(), QStringLiteral("svg"));
        d.widthBox()->setValue(8000);
        d.heightBox()->setValue(2000);
        select(d.themeBox(), QStringLiteral("print"));
        select(d.momentBox(), ExportDialog::AtEnd);
        d.legendBox()->setChecked(false);
        d.titleEdit()->setText(QStringLiteral("Five jobs"));
        d.captionEdit()->setText(QStringLiteral("Two permits"));
        select(d.rangeBox(), ExportDialog::CustomRange);
        d.fromBox()->setValue(0.5);
        d.toBox()->setValue(1.25);
        d.chosenLanesButton()->setChecked(true);
        QStringList kept;
        for (int i = 0; i < d.lanesList()->count(); ++i) {
            QListWidgetItem* item = d.lanesList()->item(i);
            const bool keep = i % 2 == 1;
            item->setCheckState(keep ? Qt::Checked : Qt::Unchecked);
            if (keep)
                kept << item->text();
        }
        QVERIFY(kept.size() >= 2);

        ImageRequest r = d.imageRequest();
        QCOMPARE(r.format, ImageFormat::Svg);
        QCOMPARE(r.size, QSize(8000, 2000));
        QCOMPARE(r.options.fontScale, 4.0); // 8000 / 1600, capped at 4
        QCOMPARE(r.options.theme, &Theme::print());
        QCOMPARE(r.options.moment, kOpenEnd);
        QVERIFY(!r.options.showCursor);
        QVERIFY(!r.options.legend);
        QCOMPARE(r.options.title, QStringLiteral("Five jobs"));
        QCOMPARE(r.options.caption, QStringLiteral("Two permits"));
        QCOMPARE(r.from, TimeNs(500'000'000));
        QCOMPARE(r.to, TimeNs(1'250'000'000));
        QCOMPARE(r.options.lanes, kept);
        QCOMPARE(d.defaultFileName(), QStringLiteral("lesson.svg"));

        // The visible range, and the size by scale factor.
        select(d.rangeBox(), ExportDialog::VisibleRange);
        d.widthBox()->setValue(1000);
        d.heightBox()->setValue(500);
        d.scaleButton()->setChecked(true);
        d.scaleBox()->setValue(2.5);
        r = d.imageRequest();
        QCOMPARE(r.from, src.visibleFrom);
        QCOMPARE(r.to, src.visibleTo);
        QCOMPARE(r.size, QSize(2500, 1250));
        QCOMPARE(r.options.fontScale, 2.5 * 0.75); // 1000 px of base width is the smallest text step
        d.pixelsButton()->setChecked(true);
        QCOMPARE(d.imageRequest().size, QSize(1000, 500));

        // Bad choices are named and block the export.
        select(d.rangeBox(), ExportDialog::CustomRange);
        d.fromBox()->setValue(1.0);
        d.toBox()->setValue(0.5);
        QVERIFY(d.problem().contains(QStringLiteral("later")));
        QVERIFY(!d.writeTo(m_dir.filePath(QStringLiteral("never.svg"))).isEmpty());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.svg"))));
        d.toBox()->setValue(2.0);
        for (int i = 0; i < d.lanesList()->count(); ++i)
            d.lanesList()->item(i)->setCheckState(Qt::Unchecked);
        QVERIFY(d.problem().contains(QStringLiteral("lane")));
        d.allLanesButton()->setChecked(true);
        QVERIFY(d.problem().isEmpty());
        QVERIFY(d.imageRequest().options.lanes.isEmpty());
    }

    void variantsStackedOrOne()
    {
        ExportDialog d(m_block->source({}));
        QCOMPARE(d.chosenScenes().size(), m_block->scenes.size());
        d.oneVariantButton()->setChecked(true);
        d.variantsBox()->setCurrentIndex(1);
        QCOMPARE(d.chosenScenes().size(), std::size_t(1));
        QCOMPARE(d.chosenScenes().front(), m_block->scenes[1].get());
        QCOMPARE(d.defaultFileName(),
                 QStringLiteral("lesson-") + QString::fromStdString(m_block->scenes[1]->name()) + QStringLiteral(".png"));
    }

    void writesPngOfChosenSize()
    {
        ExportDialog d(m_block->source({}));
        d.widthBox()->setValue(8000);
        d.heightBox()->setValue(1200);
        const QString path = m_dir.filePath(QStringLiteral("wide.png"));
        QCOMPARE(d.writeTo(path), QString());
        const QImage image(path);
        QCOMPARE(image.size(), QSize(8000, 1200));
        // Something was drawn: not one flat colour.
        QCOMPARE(image.pixelColor(2, 2), Theme::light().background);
        bool varied = false;
        for (int x = 0; x < image.width() && !varied; x += 37)
            varied = image.pixelColor(x, image.height() / 2) != Theme::light().background;
        QVERIFY(varied);
    }

    void writesTraceJson()
    {
        ExportDialog d(m_block->source({}));
        select(d.formatBox(), QStringLiteral("trace"));
        QCOMPARE(d.format(), ExportFormat::Trace);
        QCOMPARE(d.defaultFileName(), QStringLiteral("lesson.json"));
        QVERIFY(!d.themeBox()->isEnabled()); // picture options do not apply
        QVERIFY(d.renderImage().isNull());
        QVERIFY(!d.copyToClipboard().isEmpty());
        const QString path = m_dir.filePath(QStringLiteral("run.json"));
        QCOMPARE(d.writeTo(path), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(!doc.isNull());
        const QByteArray expected = perfettoTraceJson(d.chosenScenes());
        f.seek(0);
        QCOMPARE(f.readAll(), expected);
        d.updatePreview();
        QVERIFY(d.previewImage().isNull());
    }

    void remembersChoices()
    {
        const QString settings = settingsFile(QStringLiteral("remember"));
        {
            ExportDialog d(m_block->source(settings));
            select(d.formatBox(), QStringLiteral("pdf"));
            d.scaleButton()->setChecked(true);
            d.widthBox()->setValue(1200);
            d.heightBox()->setValue(700);
            d.scaleBox()->setValue(3);
            select(d.themeBox(), QStringLiteral("contrast"));
            select(d.rangeBox(), ExportDialog::CustomRange);
            d.fromBox()->setValue(0.25);
            d.toBox()->setValue(0.75);
            select(d.momentBox(), ExportDialog::AtEnd);
            d.legendBox()->setChecked(false);
            d.chosenLanesButton()->setChecked(true);
            for (int i = 1; i < d.lanesList()->count(); ++i)
                d.lanesList()->item(i)->setCheckState(Qt::Unchecked);
            d.oneVariantButton()->setChecked(true);
            d.variantsBox()->setCurrentIndex(1);
            d.reject(); // closing writes the choices
        }
        QVERIFY(QFile::exists(settings));
        ExportDialog again(m_block->source(settings));
        QCOMPARE(again.format(), ExportFormat::Pdf);
        QVERIFY(again.scaleButton()->isChecked());
        QCOMPARE(again.widthBox()->value(), 1200);
        QCOMPARE(again.heightBox()->value(), 700);
        QCOMPARE(again.scaleBox()->value(), 3.0);
        QCOMPARE(again.rangeBox()->currentData().toInt(), int(ExportDialog::CustomRange));
        QCOMPARE(again.momentBox()->currentData().toInt(), int(ExportDialog::AtEnd));
        QVERIFY(!again.legendBox()->isChecked());
        QVERIFY(again.oneVariantButton()->isChecked());
        QCOMPARE(again.variantsBox()->currentIndex(), 1);
        const ImageRequest r = again.imageRequest();
        QCOMPARE(r.format, ImageFormat::Pdf);
        QCOMPARE(r.size, QSize(3600, 2100));
        QCOMPARE(r.options.theme, &Theme::contrast());
        QCOMPARE(r.from, TimeNs(250'000'000));
        QCOMPARE(r.to, TimeNs(750'000'000));
        QCOMPARE(r.options.lanes, QStringList{again.lanesList()->item(0)->text()});
        QCOMPARE(r.options.title, QStringLiteral("A title")); // titles belong to the lesson

        // Another lesson's lanes are not carried over as an empty choice.
        ExportDialog other(m_sem->source(settings));
        QVERIFY(other.problem().isEmpty());
    }

    void missingOrGarbledSettingsGiveDefaults()
    {
        ExportDialog missing(m_sem->source(m_dir.filePath(QStringLiteral("no/such/folder/x.ini"))));
        QCOMPARE(missing.imageRequest().size, QSize(1600, 900));
        const QString garbled = settingsFile(QStringLiteral("garbled"));
        QFile f(garbled);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[export]\nformat=jpeg\nwidth=banana\ntheme=neon\nscale=-4\nrange=sideways\n\x01\x02\n");
        f.close();
        ExportDialog d(m_sem->source(garbled));
        QCOMPARE(d.format(), ExportFormat::Png);
        QCOMPARE(d.imageRequest().size, QSize(1600, 900));
        QCOMPARE(d.imageRequest().options.theme, &Theme::light());
        QCOMPARE(d.imageRequest().from, TimeNs(-1));
    }

    void impossibleRememberedNumbersGiveDefaults()
    {
        // nan, inf, fractions, numbers out of range or an empty range: each falls back on its own,
        // and the dialog opens ready to export rather than showing an error nobody caused.
        const QString odd = settingsFile(QStringLiteral("odd"));
        QFile f(odd);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[export]\nformat=svg\nsizeBy=scale\nwidth=nan\nheight=1e400\nscale=nan\nrange=custom\n"
                "from=inf\nto=nan\n");
        f.close();
        ExportDialog d(m_sem->source(odd));
        QCOMPARE(d.format(), ExportFormat::Svg); // the sensible choices are still restored
        QCOMPARE(d.problem(), QString());
        const ImageRequest r = d.imageRequest();
        QCOMPARE(r.size, QSize(1600 * 2, 900 * 2)); // default pixels at the default scale of 2
        QVERIFY(r.to > r.from);

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("[export]\nwidth=800.5\nheight=99999\nrange=custom\nfrom=3\nto=1\n");
        f.close();
        ExportDialog e(m_sem->source(odd));
        QCOMPARE(e.problem(), QString());
        QCOMPARE(e.imageRequest().size, QSize(1600, 900));
    }

    void unwritablePathKeepsExistingFile()
    {
        ExportDialog d(m_sem->source({}));
        const QString missingFolder = m_dir.filePath(QStringLiteral("nowhere/out.png"));
        const QString error = d.writeTo(missingFolder);
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(!QFile::exists(missingFolder));

        // A file the system will not let anyone replace (even root): /proc/version stays as it was.
        QFile proc(QStringLiteral("/proc/version"));
        if (proc.open(QIODevice::ReadOnly)) {
            const QByteArray before = proc.readAll();
            proc.close();
            QVERIFY(!d.writeTo(proc.fileName()).isEmpty());
            QVERIFY(proc.open(QIODevice::ReadOnly));
            QCOMPARE(proc.readAll(), before);
        }

        // Invalid choices never touch the file either.
        select(d.rangeBox(), ExportDialog::CustomRange);
        d.fromBox()->setValue(1.0);
        d.toBox()->setValue(0.5);
        const QString kept = m_dir.filePath(QStringLiteral("kept.png"));
        {
            QFile f(kept);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious");
        }
        QVERIFY(!d.writeTo(kept).isEmpty());
        {
            QFile f(kept);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), QByteArray("precious"));
        }
        select(d.rangeBox(), ExportDialog::WholeRun);

        // A read-only folder holding a file: the write fails and the file is as it was.
        const QString folder = m_dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(folder));
        const QString existing = folder + QStringLiteral("/out.png");
        {
            QFile f(existing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious");
        }
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        if (QFileInfo(folder).isWritable() || QFile(folder + QStringLiteral("/probe")).open(QIODevice::WriteOnly)) {
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            QSKIP("running as a user who can write anywhere (root)");
        }
        const QString lockedError = d.writeTo(existing);
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!lockedError.isEmpty());
        QFile f(existing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious"));
    }

    void copiesImageOfChosenSize()
    {
        ExportDialog d(m_sem->source({}));
        d.widthBox()->setValue(900);
        d.heightBox()->setValue(400);
        select(d.themeBox(), QStringLiteral("dark"));
        QApplication::clipboard()->clear();
        QCOMPARE(d.copyToClipboard(), QString());
        const QImage image = QApplication::clipboard()->image();
        QCOMPARE(image.size(), QSize(900, 400));
        QCOMPARE(image.pixelColor(1, 1).rgb(), Theme::dark().background.rgb());
    }

    void keyboardAndNames()
    {
        ExportDialog d(m_sem->source({}));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        const QList<QWidget*> controls{d.formatBox(), d.pixelsButton(), d.scaleButton(), d.widthBox(),
                                       d.heightBox(), d.scaleBox(), d.themeBox(), d.legendBox(),
                                       d.titleEdit(), d.captionEdit(), d.rangeBox(), d.fromBox(),
                                       d.toBox(), d.momentBox(), d.allLanesButton(), d.chosenLanesButton(),
                                       d.lanesList(), d.stackedButton(), d.oneVariantButton(), d.variantsBox()};
        for (QWidget* w : controls)
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        // Tab walks the options in reading order.
        d.widthBox()->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), d.heightBox());
        d.titleEdit()->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), d.captionEdit());
        // Space on a lane unchecks it once chosen lanes are on.
        d.chosenLanesButton()->setChecked(true);
        d.lanesList()->setFocus();
        d.lanesList()->setCurrentRow(0);
        QTest::keyClick(d.lanesList(), Qt::Key_Space);
        QCOMPARE(d.lanesList()->item(0)->checkState(), Qt::Unchecked);
        QVERIFY(!d.imageRequest().options.lanes.contains(d.lanesList()->item(0)->text()));
        d.close();
    }

    void previewFollowsChoices()
    {
        ExportDialog d(m_block->source({}));
        d.resize(1920, 1080);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.updatePreview();
        QImage preview = d.previewImage();
        QVERIFY(!preview.isNull());
        const QSizeF wide = preview.deviceIndependentSize();
        QVERIFY(qAbs(wide.width() / wide.height() - 1600.0 / 900.0) < 0.02);
        QCOMPARE(preview.pixelColor(2, 2).rgb(), Theme::light().background.rgb());
        d.grab().save(QDir::temp().filePath(QStringLiteral("loopscope-exportdialog-light.png")));

        // A change re-renders after the debounce: dark, and square.
        select(d.themeBox(), QStringLiteral("dark"));
        d.heightBox()->setValue(1600);
        QTRY_VERIFY(d.previewImage().pixelColor(2, 2).rgb() == Theme::dark().background.rgb());
        const QSizeF square = d.previewImage().deviceIndependentSize();
        QVERIFY(qAbs(square.width() - square.height()) <= 1);

        // A look at it, for people.
        const QString shot = QDir::temp().filePath(QStringLiteral("loopscope-exportdialog.png"));
        d.grab().save(shot);
        d.close();
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
