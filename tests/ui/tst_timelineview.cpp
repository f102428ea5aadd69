// TimelineView: hit-testing at known points, zoom and pan by wheel, keys and drag, seek requests,
// following the cursor, font scale; and PNGs of real lessons rendered through the one paint path.

#include "lessons/lessontest.h"
#include "lessons/session.h"
#include "ui/rundocument.h"
#include "ui/timelineview.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

struct Fixture
{
    std::vector<lessons::VariantRun> runs;
    RunDocument document;
    TimelineView view;

    Fixture(std::string_view id, const std::vector<std::string>& settings, QSize size = {1200, 600})
    {
        const lessons::Lesson& lesson = lessontest::lessonById(id);
        lessons::Params params = lessons::defaultParams(lesson);
        for (const auto& s : settings)
            if (lessons::applyAssignment(lesson, params, s))
                throw std::invalid_argument(s);
        std::vector<RunDocument::Variant> variants;
        for (const auto& name : lesson.variants) {
            runs.push_back(lessons::runVariant(lesson, params, name));
            const auto& r = runs.back();
            variants.push_back({r.variant, r.trace.get(), true, r.total, r.error});
        }
        document.reset(&lesson, params, std::move(variants));
        view.setDocument(&document);
        view.resize(size);
        document.setCursor(runs.front().trace->size());
    }

    const TimelineScene& scene() const { return *view.scenes().front(); }
    int lane(const std::string& label) const
    {
        for (int i = 0; i < scene().laneCount(); ++i)
            if (scene().lane(i).label == label)
                return i;
        return -1;
    }
    // The centre of a lane's row at time t, as the view lays it out.
    QPointF at(const std::string& label, TimeNs t) const
    {
        TimelineGeometry g = view.geometry();
        const TimelineLayout l = TimelineRenderer::layout(g, QRectF(view.rect()), view.scenes(), view.renderOptions());
        for (const RowLayout& r : l.rows)
            if (r.lane == lane(label))
                return {g.timeToX(t), r.rect.center().y()};
        return {};
    }
};

void wheel(QWidget* w, QPointF pos, int delta, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, mods, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

QString shotDir()
{
    const QString dir = QDir::temp().filePath(QStringLiteral("loopscope-timeline"));
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void hitTestFindsTheWaitingSegment()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        const TimelineHit hit = f.view.hitTest(f.at("fetch-2", secondsToNs(1)));
        QCOMPARE(hit.scene, 0);
        QCOMPARE(hit.lane, f.lane("fetch-2"));
        QVERIFY(hit.segment >= 0);
        const Segment& s = f.scene().lane(hit.lane).segments[std::size_t(hit.segment)];
        QCOMPARE(TaskPhase(s.state), TaskPhase::Waiting);
        QCOMPARE(hit.text, QStringLiteral("fetch-2 waiting on sleep(2.0) from 0.000 s to 2.000 s, line 14"));
    }

    void hitTestElsewhere()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        // The label column names the lane.
        const QPointF label(20, f.at("fetch-3", 0).y());
        QCOMPARE(f.view.hitTest(label).lane, f.lane("fetch-3"));
        QCOMPARE(f.view.hitTest(label).segment, -1);
        QCOMPARE(f.view.hitTest(label).text, QStringLiteral("fetch-3"));
        // The axis at the top is no lane.
        QCOMPARE(f.view.hitTest(QPointF(600, 5)).lane, -1);
        // The loop lane is idle in the middle of the wait.
        const TimelineHit loop = f.view.hitTest(f.at("event loop", secondsToNs(1)));
        QCOMPARE(loop.lane, 0);
        QVERIFY2(loop.text.startsWith(QStringLiteral("event loop idle")), qPrintable(loop.text));
        // After the cursor nothing has happened yet.
        f.document.setCursorTime(secondsToNs(0.5));
        const TimelineHit later = f.view.hitTest(f.at("fetch-2", secondsToNs(1.5)));
        QCOMPARE(later.lane, f.lane("fetch-2"));
        QCOMPARE(later.segment, -1);
        // Before it, the open wait ends at the cursor.
        QCOMPARE(f.view.hitTest(f.at("fetch-2", secondsToNs(0.25))).text,
                 QStringLiteral("fetch-2 waiting on sleep(2.0) from 0.000 s to 0.500 s, line 14"));
    }

    void hitTestCounterLane()
    {
        Fixture f("semaphores", {"n=5", "k=2"});
        const TimelineHit hit = f.view.hitTest(f.at("slots permits in use", secondsToNs(2.5)));
        QCOMPARE(hit.lane, f.lane("slots permits in use"));
        QCOMPARE(hit.text, QStringLiteral("slots permits in use: 1 at 2.500 s"));
    }

    void clickRequestsASeek()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        QSignalSpy spy(&f.view, &TimelineView::seekRequested);
        const QPointF p = f.at("fetch-1", secondsToNs(1.5));
        QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, p.toPoint());
        QCOMPARE(spy.count(), 1);
        const TimeNs t = spy.front().front().value<TimeNs>();
        QVERIFY2(std::abs(t - secondsToNs(1.5)) <= TimeNs(f.view.geometry().nsPerPixel()), qPrintable(QString::number(t)));
        // The view did not move the cursor itself.
        QCOMPARE(f.document.cursorTime(), secondsToNs(2));
    }

    void wheelZoomsAroundThePointer()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        const double before = f.view.geometry().nsPerPixel();
        const QPointF p = f.at("fetch-1", secondsToNs(1));
        wheel(&f.view, p, 120);
        QVERIFY(f.view.geometry().nsPerPixel() < before);
        QVERIFY(std::abs(f.view.geometry().xToTimef(p.x()) - 1e9) < f.view.geometry().nsPerPixel());
        // Never out past the whole run: zooming out stops at the fitted view.
        wheel(&f.view, p, -480);
        QCOMPARE(f.view.geometry().nsPerPixel(), before);
        QCOMPARE(f.view.geometry().visibleStart(), 0.0);
        wheel(&f.view, p, 240);
        // Shift+wheel pans instead.
        const double npp = f.view.geometry().nsPerPixel();
        const double start = f.view.geometry().visibleStart();
        wheel(&f.view, p, -120, Qt::ShiftModifier);
        QCOMPARE(f.view.geometry().nsPerPixel(), npp);
        QVERIFY(f.view.geometry().visibleStart() > start);
    }

    void keysZoomFitAndPan()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        const double fitted = f.view.geometry().nsPerPixel();
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QVERIFY(std::abs(f.view.geometry().nsPerPixel() - fitted / 1.5) < 1e-6);
        QTest::keyClick(&f.view, Qt::Key_Minus);
        QTest::keyClick(&f.view, Qt::Key_Minus);
        QCOMPARE(f.view.geometry().nsPerPixel(), fitted); // never out past the whole run
        QTest::keyClick(&f.view, Qt::Key_0);
        QCOMPARE(f.view.geometry().nsPerPixel(), fitted);
        QCOMPARE(f.view.geometry().visibleStart(), 0.0);
        // Plain Left/Right are the player's; Alt+Left/Right pan, within the run.
        QTest::keyClick(&f.view, Qt::Key_Right);
        QCOMPARE(f.view.geometry().visibleStart(), 0.0);
        QTest::keyClick(&f.view, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(f.view.geometry().visibleStart(), 0.0); // the whole run is in view already
        QTest::keyClick(&f.view, Qt::Key_0);
        f.document.setCursorTime(0);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        const double npp = f.view.geometry().nsPerPixel();
        const double start = f.view.geometry().visibleStart();
        QTest::keyClick(&f.view, Qt::Key_Right, Qt::AltModifier);
        QVERIFY(std::abs(f.view.geometry().visibleStart() - start - 0.125 * f.view.geometry().plotWidth() * npp) < 1);
        QTest::keyClick(&f.view, Qt::Key_Left, Qt::AltModifier);
        QVERIFY(std::abs(f.view.geometry().visibleStart() - start) < 1);
    }

    void dragPans()
    {
        Fixture f("event-loop", {"n=3", "delay=2.0"});
        // Zoomed in around the end: there is earlier time to drag into view.
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        const double start = f.view.geometry().visibleStart();
        QVERIFY(start > 200 * f.view.geometry().nsPerPixel());
        const QPoint from = f.at("fetch-1", secondsToNs(2)).toPoint();
        QTest::mousePress(&f.view, Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(&f.view, from + QPoint(50, 0));
        QTest::mouseMove(&f.view, from + QPoint(100, 0));
        QSignalSpy spy(&f.view, &TimelineView::seekRequested);
        QTest::mouseRelease(&f.view, Qt::LeftButton, Qt::NoModifier, from + QPoint(100, 0));
        QCOMPARE(spy.count(), 0); // a drag is not a click
        QVERIFY(std::abs(f.view.geometry().visibleStart() - (start - 100 * f.view.geometry().nsPerPixel())) < 1);
    }

    void followsTheCursorUntilPannedAway()
    {
        Fixture f("semaphores", {"n=5", "k=2"});
        f.document.setCursorTime(0);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QVERIFY(f.view.followsCursor());
        const auto visible = [&](TimeNs t) {
            const double x = f.view.geometry().timeToX(t);
            return x >= f.view.geometry().plotLeft() && x <= f.view.geometry().plotRight();
        };
        QVERIFY(!visible(secondsToNs(2.9)));
        f.document.setCursorTime(secondsToNs(2.9));
        QVERIFY(visible(secondsToNs(2.9)));
        // The reader pans far back: the cursor leaves the view and stays out.
        for (int i = 0; i < 12; ++i)
            QTest::keyClick(&f.view, Qt::Key_Left, Qt::AltModifier);
        QVERIFY(!f.view.followsCursor());
        const double start = f.view.geometry().visibleStart();
        f.document.setCursorTime(secondsToNs(3));
        QCOMPARE(f.view.geometry().visibleStart(), start);
        // Fit brings following back.
        QTest::keyClick(&f.view, Qt::Key_0);
        QVERIFY(f.view.followsCursor());
    }

    void fontScaleAndSize()
    {
        Fixture f("event-loop", {"n=3"});
        const auto fontPixels = [&] {
            TimelineGeometry g = f.view.geometry();
            return TimelineRenderer::layout(g, QRectF(f.view.rect()), f.view.scenes(), f.view.renderOptions()).font.pixelSize();
        };
        const int before = fontPixels();
        const double labels = f.view.geometry().labelWidth();
        const QSize hint = f.view.minimumSizeHint();
        f.view.setFontScale(2.0);
        QCOMPARE(fontPixels(), 2 * before);
        QVERIFY(f.view.geometry().labelWidth() > 1.8 * labels);
        QVERIFY(f.view.minimumSizeHint().width() > hint.width());
        QVERIFY(hint.width() >= 200 && hint.height() >= 100);
        QVERIFY(!f.view.accessibleName().isEmpty());
        f.view.setTheme(Theme::dark());
        QCOMPARE(&f.view.theme(), &Theme::dark());
        QCOMPARE(f.view.renderOptions().theme, &Theme::dark());
    }

    void growsWithTheDocument()
    {
        const lessons::Lesson& lesson = lessontest::lessonById("event-loop");
        const lessons::Params params = lessontest::paramsFor(lesson, {"n=3"}); // the session keeps a reference
        lessons::LessonSession session(lesson, params, lesson.variants.front());
        RunDocument document;
        document.reset(&lesson, lessontest::paramsFor(lesson, {"n=3"}), {{"main", &session.trace(), false, 0, {}}});
        TimelineView view;
        view.resize(1000, 500);
        view.setDocument(&document);
        QCOMPARE(view.scenes().size(), std::size_t(1));
        const std::size_t first = view.scenes().front()->processedEvents();
        while (session.advance())
            document.notifyGrown();
        document.notifyGrown();
        QVERIFY(view.scenes().front()->processedEvents() > first);
        QCOMPARE(view.scenes().front()->processedEvents(), session.trace().size());
        QCOMPARE(view.scenes().front()->laneCount(), 5);
    }

    // Pictures to look at: semaphores and event-loop, mid-run and at the end, through the widget.
    void renderShots_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<double>("at");
        QTest::newRow("semaphores-mid") << QStringLiteral("semaphores") << QStringList{QStringLiteral("n=5"), QStringLiteral("k=2")} << 1.5;
        QTest::newRow("semaphores-end") << QStringLiteral("semaphores") << QStringList{QStringLiteral("n=5"), QStringLiteral("k=2")} << -1.0;
        QTest::newRow("event-loop-mid") << QStringLiteral("event-loop") << QStringList{} << 1.0;
        QTest::newRow("event-loop-end") << QStringLiteral("event-loop") << QStringList{} << -1.0;
    }
    void renderShots()
    {
        QFETCH(QString, lesson);
        QFETCH(QStringList, settings);
        QFETCH(double, at);
        std::vector<std::string> s;
        for (const QString& x : settings)
            s.push_back(x.toStdString());
        Fixture f(lesson.toStdString(), s, QSize(1920, 1080));
        if (at >= 0)
            f.document.setCursorTime(secondsToNs(at));
        else
            f.document.setCursor(f.runs.front().trace->size());
        const QImage image = f.view.grab().toImage();
        QCOMPARE(image.size(), QSize(1920, 1080) * image.devicePixelRatio());
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        QVERIFY(image.save(shotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
        // The waiting colour is in the picture.
        const QColor waiting = Theme::light().state(TaskPhase::Waiting).fill;
        bool found = false;
        for (int y = 0; y < image.height() && !found; y += 2)
            for (int x = 0; x < image.width() && !found; x += 2)
                found = image.pixelColor(x, y).rgb() == waiting.rgb();
        QVERIFY(found);
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
