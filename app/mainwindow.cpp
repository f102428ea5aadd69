#include "mainwindow.h"

#include "programrecorder.h"
#include "recordingio.h"
#include "transportbar.h"
#include "version.h"
#include "ui/anatomyview.h"
#include "ui/codeview.h"
#include "ui/consoleview.h"
#include "ui/lessonbrowser.h"
#include "ui/narrativepane.h"
#include "ui/paramspanel.h"
#include "ui/plotexport.h"
#include "ui/plotview.h"
#include "ui/progressstore.h"
#include "ui/tasktablemodel.h"
#include "ui/exportdialog.h"
#include "ui/timelineview.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QActionGroup>
#include <QKeyEvent>
#include <QLineEdit>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QMimeData>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace loopscope::app {

namespace {

struct Shortcut
{
    const char* keys;
    const char* what;
};

// One list feeds both the key bindings' documentation and the Help sheet; marked for lupdate
// and translated where shown (showShortcuts).
const Shortcut kShortcuts[] = {
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Space"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Play / pause")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Right / Left"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Step forward / back (by the chosen step)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Shift+Right / Shift+Left"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Step a whole loop iteration")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Home / End"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Back to the start / to the end of the run")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "L"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Live: run the lesson on real time (lessons that support it)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "C"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Compare with CPython: the listing recorded on CPython, drawn under the run")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Esc"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Stop a live run or a program being recorded (what is recorded stays)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "+ / −"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Zoom the timeline in / out")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "0"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Fit the whole run")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Up / Down"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "On the timeline: move between lanes")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Return, Ctrl+Right / Ctrl+Left"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "On the timeline: open or close the focused lane group / open / close")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "/ or Ctrl+F"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Filter lanes by task name (Esc clears, Down goes back to the lanes)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Page Up / Page Down, Ctrl+Home"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Scroll the lanes / back to the top")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "P"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Timeline or plot (lessons with a plot: complexity, backpressure)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "F6"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Go to the timeline (Return or Esc in an answer or a parameter does too; Space plays from a number box)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "V / Shift+V"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Next / previous variant in the code, console, tasks and loop panes")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Ctrl+E"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Export the timeline (PNG, SVG, PDF, GIF, MP4, WebM or a Perfetto trace)")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Ctrl+O / Ctrl+S"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Open / save a recording")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Ctrl+N / Ctrl+R"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "A new program of your own / record it on CPython")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Ctrl+Page Up / Ctrl+Page Down"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Previous / next lesson")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "F11"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Presentation mode")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Ctrl+Shift+R"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "Reset the layout: every pane back in its place and size")},
    {QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "F1"), QT_TRANSLATE_NOOP("loopscope::app::MainWindow", "This sheet")},
};

} // namespace

MainWindow::MainWindow(const QString& settingsPath, QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Loopscope"));
    setObjectName(QStringLiteral("mainwindow"));
    m_store = std::make_unique<ui::ProgressStore>(settingsPath.isEmpty() ? ui::ProgressStore::defaultPath() : settingsPath);
    // Said once, without stopping anyone: the session goes on with its progress in memory.
    connect(m_store.get(), &ui::ProgressStore::saveFailed, this, [this](const QString& message) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Settings not saved"), message, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("settingsNotSaved"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    m_document = new ui::RunDocument(this);
    m_player = new Player(*m_document, this);

    m_timeline = new ui::TimelineView(this);
    m_timeline->setDocument(m_document);
    m_timeline->setAccessibleName(tr("Timeline"));
    // The timeline, and for lessons whose story is a chart (complexity, backpressure) a plot
    // beside it; the tab bar shows only when there is a plot to switch to.
    m_views = new QTabWidget(this);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    // Tab goes to the timeline or the tab bar, not to the tab widget itself (which would hand the
    // focus back into the page it came from, and Tab would never leave it).
    m_views->setFocusPolicy(Qt::NoFocus);
    m_views->addTab(m_timeline, tr("Timeline"));
    m_plot = new ui::PlotView(this);
    m_plot->setDocument(m_document);
    m_plot->setAccessibleName(tr("Plot"));
    const int plotTab = m_views->addTab(m_plot, tr("Plot"));
    auto showPlotTab = [this, plotTab](bool on) {
        m_views->setTabVisible(plotTab, on);
        m_views->tabBar()->setVisible(on);
        if (!on)
            m_views->setCurrentWidget(m_timeline);
    };
    showPlotTab(m_plot->hasPlot());
    connect(m_plot, &ui::PlotView::availabilityChanged, this, showPlotTab);
    setCentralWidget(m_views);

    m_transport = new TransportBar(*m_player, *m_document, this);
    addToolBar(Qt::TopToolBarArea, m_transport);

    buildDocks();
    buildActions();
    QApplication::instance()->installEventFilter(this); // see eventFilter: Return in a field
    connect(m_code->document(), &QTextDocument::modificationChanged, this, [this] { updateProgramTitle(); });

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    m_aheadBar = new QProgressBar(this);
    m_aheadBar->setRange(0, 0); // busy indicator: how far the loop will go is not known
    m_aheadBar->setMaximumWidth(160);
    m_aheadBar->setAccessibleName(tr("Running the loop ahead"));
    m_aheadBar->hide();
    statusBar()->addPermanentWidget(m_aheadBar);

    connect(m_timeline, &ui::TimelineView::seekRequested, m_player, &Player::seek);
    connect(m_player, &Player::runningAhead, this, [this](bool ahead, TimeNs reached) {
        m_aheadBar->setVisible(ahead);
        if (ahead)
            m_status->setText(tr("Running the loop ahead of the picture… %1 s, %2 events so far")
                                  .arg(nsToSeconds(reached), 0, 'f', 2)
                                  .arg(m_document->focused() ? m_document->focused()->trace->size() : 0));
        else
            showCursorStatus();
    });
    connect(m_player, &Player::finished, this, &MainWindow::onRunFinished);
    connect(m_player, &Player::liveChanged, this, [this](bool live) {
        updateProgramActions();
        showLiveStatus();
        if (!live)
            m_timeline->fit();
    });
    connect(m_document, &ui::RunDocument::cursorMoved, this, &MainWindow::showCursorStatus);
    // A new lesson or run: the status speaks of it, not of the one before.
    connect(m_document, &ui::RunDocument::documentReset, this, &MainWindow::showCursorStatus);
    connect(m_document, &ui::RunDocument::grown, this, &MainWindow::showCursorStatus); // "of N" grows
    connect(m_document, &ui::RunDocument::documentReset, this, &MainWindow::labelVariantDocks);
    connect(m_document, &ui::RunDocument::focusChanged, this, &MainWindow::labelVariantDocks);

    // A recording dropped anywhere on the window opens.
    setAcceptDrops(true);
    resize(1600, 1000);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::dock(const QString& title, const QString& objectName, QWidget* content, Qt::DockWidgetArea area)
{
    auto* d = new QDockWidget(title, this);
    d->setObjectName(objectName);
    d->setWidget(content);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, d);
    m_docks.push_back(d);
    return d;
}

void MainWindow::buildDocks()
{
    setDockNestingEnabled(true);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_browser = new ui::LessonBrowser(this);
    m_browser->setAccessibleName(tr("Lessons"));
    auto* lessonsDock = dock(tr("Lessons"), QStringLiteral("lessonsDock"), m_browser, Qt::LeftDockWidgetArea);

    m_narrative = new ui::NarrativePane(this);
    m_narrative->setAccessibleName(tr("Lesson text and predictions"));
    auto* narrativeDock = dock(tr("Lesson"), QStringLiteral("narrativeDock"), m_narrative, Qt::LeftDockWidgetArea);
    splitDockWidget(lessonsDock, narrativeDock, Qt::Vertical);

    m_params = new ui::ParamsPanel(this);
    m_params->setAccessibleName(tr("Parameters"));
    auto* paramsDock = dock(tr("Parameters"), QStringLiteral("paramsDock"), m_params, Qt::LeftDockWidgetArea);
    splitDockWidget(narrativeDock, paramsDock, Qt::Vertical);

    m_code = new ui::CodeView(this);
    m_code->setDocument(m_document);
    m_code->setAccessibleName(tr("Listing"));
    auto* codeDock = dock(tr("Code"), QStringLiteral("codeDock"), m_code, Qt::RightDockWidgetArea);

    m_anatomy = new ui::AnatomyView(this);
    m_anatomy->setDocument(m_document);
    m_anatomy->setAccessibleName(tr("Loop anatomy"));
    auto* anatomyScroll = new QScrollArea(this);
    anatomyScroll->setWidget(m_anatomy);
    anatomyScroll->setWidgetResizable(true);
    anatomyScroll->setFrameShape(QFrame::NoFrame);
    auto* anatomyDock = dock(tr("Inside the loop"), QStringLiteral("anatomyDock"), anatomyScroll, Qt::RightDockWidgetArea);
    splitDockWidget(codeDock, anatomyDock, Qt::Vertical);

    m_console = new ui::ConsoleView(this);
    m_console->setDocument(m_document);
    m_console->setAccessibleName(tr("Console"));
    auto* consoleDock = dock(tr("Console"), QStringLiteral("consoleDock"), m_console, Qt::BottomDockWidgetArea);

    m_taskTable = new ui::TaskTableView(this);
    m_taskTable->setDocument(m_document);
    m_taskTable->setAccessibleName(tr("Tasks"));
    auto* tasksDock = dock(tr("Tasks"), QStringLiteral("tasksDock"), m_taskTable, Qt::BottomDockWidgetArea);
    splitDockWidget(consoleDock, tasksDock, Qt::Horizontal);

    connect(m_browser, &ui::LessonBrowser::lessonChosen, this, [this](const QString& id) { openLesson(id); });
    connect(m_params, &ui::ParamsPanel::paramsChanged, this, &MainWindow::onParamsChanged);
    connect(m_narrative, &ui::NarrativePane::predictionChecked, this, [this](const QString& id, int index, bool right) {
        m_store->recordPrediction(id, index, right, m_narrative->guess(index));
    });
    connect(m_store.get(), &ui::ProgressStore::progressChanged, this, [this] { showProgress(); });
}

void MainWindow::buildActions()
{
    auto add = [this](QMenu* menu, const QString& text, const QKeySequence& keys, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };

    QMenu* file = menuBar()->addMenu(tr("&File"));
    buildProgramActions(file);
    file->addSeparator();
    add(file, tr("&Open Recording…"), QKeySequence::Open, [this] { chooseRecordingToOpen(); });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    add(file, tr("&Save Recording…"), QKeySequence::Save, [this] { chooseWhereToSave(); });
    file->addSeparator();
    add(file, tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportImage(); });
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* play = menuBar()->addMenu(tr("&Play"));
    play->addAction(m_transport->playAction());
    m_transport->playAction()->setShortcut(Qt::Key_Space);
    play->addAction(m_transport->stepForwardAction());
    m_transport->stepForwardAction()->setShortcut(Qt::Key_Right);
    play->addAction(m_transport->stepBackAction());
    m_transport->stepBackAction()->setShortcut(Qt::Key_Left);
    add(play, tr("Step a Loop &Iteration"), QKeySequence(Qt::SHIFT | Qt::Key_Right),
        [this] { m_player->stepForward(StepKind::Iteration); });
    add(play, tr("Back a Loop Iteration"), QKeySequence(Qt::SHIFT | Qt::Key_Left),
        [this] { m_player->stepBack(StepKind::Iteration); });
    QAction* live = m_transport->liveAction();
    live->setShortcut(Qt::Key_L);
    live->setShortcutContext(Qt::WindowShortcut);
    play->addSeparator();
    play->addAction(live);
    connect(live, &QAction::triggered, this, [this](bool on) { setLive(on); });
    QAction* cpython = m_transport->cpythonAction();
    cpython->setText(tr("Compare with &CPython"));
    cpython->setIconText(tr("CPython"));
    cpython->setShortcut(Qt::Key_C);
    cpython->setShortcutContext(Qt::WindowShortcut);
    cpython->setToolTip(tr("Record the lesson's listing on the real CPython and draw it under the run (C); "
                           "where the two differ, Loopscope is wrong"));
    play->addAction(cpython);
    connect(cpython, &QAction::triggered, this, [this](bool on) { setComparing(on); });
    m_stopLive = add(play, tr("&Stop"), QKeySequence(Qt::Key_Escape), [this] {
        if (isRecordingProgram())
            stopProgram();
        else
            m_player->stopLive();
    });
    m_stopLive->setToolTip(tr("Stop a live run or a program being recorded (what was recorded stays)"));
    play->addSeparator();
    play->addAction(m_transport->resetAction());
    m_transport->resetAction()->setShortcut(Qt::Key_Home);
    add(play, tr("To the &End"), QKeySequence(Qt::Key_End), [this] { m_player->toEnd(); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    add(view, tr("Zoom &In"), QKeySequence(Qt::Key_Plus), [this] { m_timeline->zoomIn(); });
    view->actions().back()->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    add(view, tr("Zoom &Out"), QKeySequence(Qt::Key_Minus), [this] { m_timeline->zoomOut(); });
    add(view, tr("&Fit Whole Run"), QKeySequence(Qt::Key_0), [this] { m_timeline->fit(); });
    add(view, tr("Go to the &Timeline"), QKeySequence(Qt::Key_F6), [this] {
        m_views->setCurrentWidget(m_timeline);
        m_timeline->setFocus(Qt::ShortcutFocusReason);
    });
    add(view, tr("Timeline or &Plot"), QKeySequence(Qt::Key_P), [this] {
        if (!m_plot->hasPlot())
            return;
        const bool toPlot = m_views->currentWidget() != m_plot;
        m_views->setCurrentWidget(toPlot ? static_cast<QWidget*>(m_plot) : m_timeline);
        (toPlot ? m_plot->canvas() : static_cast<QWidget*>(m_timeline))->setFocus(Qt::ShortcutFocusReason);
    });
    // Code, console, tasks and the loop's insides show one variant: these choose which.
    add(view, tr("&Next Variant"), QKeySequence(Qt::Key_V), [this] { focusVariant(+1); });
    add(view, tr("Pre&vious Variant"), QKeySequence(Qt::SHIFT | Qt::Key_V), [this] { focusVariant(-1); });
    view->addSeparator();
    QMenu* themes = view->addMenu(tr("&Theme"));
    auto* themeGroup = new QActionGroup(this);
    for (const ui::Theme* t : ui::Theme::all()) {
        QAction* a = themes->addAction(t->name);
        a->setCheckable(true);
        a->setData(t->id);
        a->setChecked(t == m_theme);
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { setTheme(*t); });
    }
    // Many sibling tasks (request-0 … request-99999) fold into one lane from this many on.
    QMenu* groups = view->addMenu(tr("Lane &Groups"));
    auto* groupChoices = new QActionGroup(this);
    const int chosen = m_store->groupThreshold() >= 0 ? m_store->groupThreshold() : ui::RenderOptions::kDefaultGroupThreshold;
    for (const int siblings : {10, 20, 50, 100, 1000, 0}) {
        QAction* a = groups->addAction(siblings > 0 ? tr("Fold %1 or More Siblings").arg(siblings) : tr("Never Fold"));
        a->setCheckable(true);
        a->setChecked(siblings == chosen);
        groupChoices->addAction(a);
        connect(a, &QAction::triggered, this, [this, siblings] {
            m_timeline->setGroupThreshold(siblings);
            m_store->setGroupThreshold(siblings);
        });
    }
    m_timeline->setGroupThreshold(chosen);
    QAction* present = add(view, tr("&Presentation Mode"), QKeySequence(Qt::Key_F11), [this] { setPresentationMode(!m_presenting); });
    present->setCheckable(true);
    add(view, tr("&Reset Layout"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { resetLayout(); });
    view->addSeparator();
    for (QDockWidget* d : m_docks)
        view->addAction(d->toggleViewAction());

    QMenu* lesson = menuBar()->addMenu(tr("&Lesson"));
    add(lesson, tr("&Previous Lesson"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this] { m_browser->selectPrevious(); });
    add(lesson, tr("&Next Lesson"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this] { m_browser->selectNext(); });
    add(lesson, tr("&Restore Default Parameters"), QKeySequence(), [this] { m_params->restoreDefaults(); });
    lesson->addSeparator();
    add(lesson, tr("&Edit a Copy as a Program"), QKeySequence(), [this] { editLessonCopy(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&Keyboard Shortcuts"), QKeySequence(Qt::Key_F1), [this] { showShortcuts(); });
    add(help, tr("&About Loopscope"), QKeySequence(), [this] { showAbout(); });
    updateProgramActions();
}

bool MainWindow::openLesson(const QString& id)
{
    const lessons::Lesson* lesson = lessons::findLesson(id.toStdString());
    if (!lesson) {
        QMessageBox::warning(this, tr("Unknown lesson"),
                             tr("There is no lesson called “%1”. Pick one from the Lessons list.").arg(id));
        return false;
    }
    if (!keepProgramEdits())
        return false;
    leaveProgramMode();
    m_lesson = lesson;
    const lessons::Params params = lessons::defaultParams(*lesson);
    m_player->load(*lesson, params);
    m_transport->liveAction()->setToolTip(
        lesson->live ? tr("Run on real time: real timers, blocking, requests and threads (L)")
                     : tr("“%1” runs on the virtual clock only").arg(QString::fromStdString(lesson->title)));
    m_params->setLesson(lesson, params);
    m_narrative->setLesson(lesson, m_document->narrative());
    // What the learner said last time is still theirs (graded again with Check).
    for (int i = 0; i < m_narrative->predictionCount(); ++i)
        if (const QString said = m_store->guess(id, i); !said.isEmpty())
            m_narrative->setGuess(i, said);
    onRunFinished(); // a short run ends while it loads, before the questions above were shown
    m_browser->selectLesson(id);
    m_store->markVisited(id);
    m_store->setLastLesson(id);
    showProgress();
    setWindowTitle(tr("%1 — Loopscope").arg(QString::fromStdString(lesson->title)));
    m_timeline->fit();
    refreshComparison();
    return true;
}

void MainWindow::showAtStart()
{
    if (m_store->windowGeometry().isEmpty()) {
        // Without a window manager (a projector's kiosk session, Xvfb) maximizing does nothing,
        // so take the screen's free area first.
        if (QScreen* s = screen())
            setGeometry(s->availableGeometry());
        showMaximized();
    } else {
        show();
    }
    if (m_store->windowState().isEmpty())
        applyDefaultLayout();
}

void MainWindow::applyDefaultLayout()
{
    // Sizes for a first start, once the window has its real size: a column of lessons, text and
    // parameters on the left; code and the loop's insides on the right; output below the timeline.
    QApplication::processEvents();
    auto d = [this](const char* name) { return findChild<QDockWidget*>(QLatin1String(name)); };
    const int w = width(), h = height();
    resizeDocks({d("lessonsDock"), d("codeDock")}, {w * 20 / 100, w * 30 / 100}, Qt::Horizontal);
    resizeDocks({d("lessonsDock"), d("narrativeDock"), d("paramsDock")}, {h * 28 / 100, h * 46 / 100, h * 20 / 100},
                Qt::Vertical);
    resizeDocks({d("codeDock"), d("anatomyDock")}, {h * 52 / 100, h * 40 / 100}, Qt::Vertical);
    resizeDocks({d("consoleDock")}, {h * 26 / 100}, Qt::Vertical);
    resizeDocks({d("consoleDock"), d("tasksDock")}, {w * 25 / 100, w * 25 / 100}, Qt::Horizontal);
}

void MainWindow::resetLayout()
{
    if (m_presenting)
        setPresentationMode(false);
    // Every pane back where a first start puts it: docked, shown, in its area and order.
    const std::pair<const char*, Qt::DockWidgetArea> places[] = {
        {"lessonsDock", Qt::LeftDockWidgetArea}, {"narrativeDock", Qt::LeftDockWidgetArea}, {"paramsDock", Qt::LeftDockWidgetArea},
        {"codeDock", Qt::RightDockWidgetArea},   {"anatomyDock", Qt::RightDockWidgetArea},  {"consoleDock", Qt::BottomDockWidgetArea},
        {"tasksDock", Qt::BottomDockWidgetArea}};
    auto d = [this](const char* name) { return findChild<QDockWidget*>(QLatin1String(name)); };
    for (const auto& [name, area] : places) {
        QDockWidget* dock = d(name);
        dock->setFloating(false);
        addDockWidget(area, dock);
        dock->show();
    }
    splitDockWidget(d("lessonsDock"), d("narrativeDock"), Qt::Vertical);
    splitDockWidget(d("narrativeDock"), d("paramsDock"), Qt::Vertical);
    splitDockWidget(d("codeDock"), d("anatomyDock"), Qt::Vertical);
    splitDockWidget(d("consoleDock"), d("tasksDock"), Qt::Horizontal);
    applyDefaultLayout();
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    // Docks keep their width when the window grows, so panes squeezed in a tiny window stay
    // squeezed once it is maximised again: give the side columns their share back.
    if (!event->oldSize().isValid() || event->size().width() < event->oldSize().width() * 5 / 4)
        return;
    const int w = event->size().width();
    for (const auto& [name, share] : {std::pair{"lessonsDock", 20}, std::pair{"codeDock", 30}}) {
        auto* dock = findChild<QDockWidget*>(QLatin1String(name));
        if (dock && dock->isVisible() && !dock->isFloating() && dock->width() < w * share * 6 / 1000)
            resizeDocks({dock}, {w * share / 100}, Qt::Horizontal);
    }
}

QString MainWindow::lastLessonOr(const QString& fallback) const
{
    const QString last = m_store->lastLesson();
    return !last.isEmpty() && lessons::findLesson(last.toStdString()) ? last : fallback;
}

void MainWindow::setLive(bool on)
{
    if (!m_lesson) {
        m_transport->liveAction()->setChecked(false);
        return;
    }
    if (on && !m_lesson->live) {
        m_transport->liveAction()->setChecked(false);
        m_status->setText(tr("“%1” runs on the virtual clock only; live mode is for lessons about real timers, "
                             "blocking, requests and threads (%2).")
                              .arg(QString::fromStdString(m_lesson->title), QString::fromStdString(liveLessonIds())));
        return;
    }
    const lessons::Params params = m_document->params();
    m_narrative->clearAnswers();
    if (on)
        m_player->loadLive(*m_lesson, params);
    else
        m_player->load(*m_lesson, params);
    m_timeline->fit();
    refreshComparison();
}

void MainWindow::showCursorStatus()
{
    if (m_player->isLive()) {
        showLiveStatus();
        return;
    }
    if (m_aheadBar->isVisible())
        return; // the progress of the run ahead is shown instead
    const auto* focused = m_document->focused();
    if (!focused) {
        m_status->clear();
        return;
    }
    m_status->setText(tr("t = %1 s · event %2 of %3")
                          .arg(nsToSeconds(m_document->cursorTime()), 0, 'f', 3)
                          .arg(m_document->cursorEvent())
                          .arg(focused->trace->size()));
}

void MainWindow::showProgress()
{
    m_browser->showProgress(*m_store);
    // The overall score, where the lessons are listed.
    int right = 0, answered = 0, total = 0;
    for (const auto& lesson : lessons::allLessons()) {
        const QString id = QString::fromStdString(lesson.id);
        right += m_store->rightCount(id);
        answered += m_store->answeredCount(id);
        total += int(lesson.predictions.size());
    }
    if (auto* d = findChild<QDockWidget*>(QStringLiteral("lessonsDock")))
        d->setWindowTitle(answered > 0 ? tr("Lessons · %1 of %2 predictions right").arg(right).arg(total) : tr("Lessons"));
}

void MainWindow::focusVariant(int delta)
{
    const int count = m_document->variantCount();
    if (count < 2)
        return;
    m_document->setFocus(((m_document->focus() + delta) % count + count) % count);
}

void MainWindow::labelVariantDocks()
{
    // With several variants the panes that show one say which ("Console · concurrent").
    const auto* focused = m_document->focused();
    const QString suffix = focused && m_document->variantCount() > 1
                               ? QStringLiteral(" · ") + QString::fromStdString(focused->name)
                               : QString();
    const std::pair<const char*, QString> docks[] = {
        {"codeDock", tr("Code")}, {"anatomyDock", tr("Inside the loop")}, {"consoleDock", tr("Console")}, {"tasksDock", tr("Tasks")}};
    for (const auto& [name, title] : docks)
        if (auto* d = findChild<QDockWidget*>(QLatin1String(name)))
            d->setWindowTitle(title + suffix);
}

void MainWindow::showLiveStatus()
{
    if (m_player->isLive()) {
        m_status->setText(tr("Live · %1 s of real time · Esc stops the run; what is recorded stays")
                              .arg(nsToSeconds(m_document->cursorTime()), 0, 'f', 2));
        return;
    }
    if (!m_player->showsLiveRecord())
        return;
    const int served = m_player->liveRequestsServed(), sent = m_player->liveRequestsSent();
    m_status->setText(tr("Live run recorded%1. Step, rewind and export it like any run; L goes back to the virtual clock.")
                          .arg(sent > 0 ? tr(" (%1 requests sent, the local server answered %2)").arg(sent).arg(served) : QString()));
}

void MainWindow::onParamsChanged(const lessons::Params& params)
{
    if (m_programMode) {
        onProgramParamsChanged();
        return;
    }
    if (!m_lesson)
        return;
    if (m_player->showsLiveRecord() && !m_player->showsOpenedRecording()) {
        // Live stays on: the new parameters run live too.
        m_narrative->clearAnswers();
        m_player->loadLive(*m_lesson, params);
        m_timeline->fit();
        refreshComparison();
        return;
    }
    // Runs are deterministic, so the same moment of the new run is worth keeping in view.
    const TimeNs keep = m_document->cursorTime();
    // The answers belong to the new run, given when it finishes (perhaps while it loads).
    m_narrative->clearAnswers();
    m_player->load(*m_lesson, params, keep);
    refreshComparison();
}

void MainWindow::onRunFinished()
{
    if (!m_lesson || !m_player->complete())
        return;
    std::vector<std::string> answers;
    for (const auto& p : m_lesson->predictions)
        answers.push_back(p.answer(m_player->results()));
    m_narrative->setAnswers(answers);
}

void MainWindow::setTheme(const ui::Theme& theme)
{
    m_theme = &theme;
    qApp->setPalette(theme.palette());
    m_timeline->setTheme(theme);
    m_code->setTheme(theme);
    m_anatomy->setTheme(theme);
    m_console->setTheme(theme);
    m_plot->setTheme(theme);
    m_taskTable->setTheme(theme);
    m_narrative->setTheme(theme);
    m_params->setTheme(theme);
    for (QAction* a : menuBar()->findChildren<QAction*>())
        if (a->isCheckable() && a->data().toString() == theme.id)
            a->setChecked(true);
    m_store->setThemeId(theme.id);
}

void MainWindow::applyFontScale()
{
    const qreal scale = m_presenting ? 1.6 : 1.0;
    m_timeline->setFontScale(scale);
    m_code->setFontScale(scale);
    m_anatomy->setFontScale(scale);
    m_console->setFontScale(scale);
    m_plot->setFontScale(scale);
    m_taskTable->setFontScale(scale);
    m_narrative->setFontScale(scale);
    QFont f = QApplication::font();
    f.setPointSizeF(QFont().pointSizeF() * (m_presenting ? 1.4 : 1.0));
    m_transport->setFont(f);
    m_params->setFont(f);
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    // A teacher needs the picture, the code and the output; the rest comes back afterwards.
    static const QStringList hidden = {QStringLiteral("lessonsDock"), QStringLiteral("narrativeDock"),
                                       QStringLiteral("tasksDock"), QStringLiteral("anatomyDock")};
    if (on) {
        m_layoutBeforePresenting = saveState();
        for (QDockWidget* d : m_docks)
            if (hidden.contains(d->objectName()))
                d->hide();
        menuBar()->hide();
        statusBar()->hide();
        showFullScreen();
    } else {
        menuBar()->show();
        statusBar()->show();
        showNormal();
        restoreState(m_layoutBeforePresenting);
    }
    for (QAction* a : menuBar()->findChildren<QAction*>())
        if (a->shortcut() == QKeySequence(Qt::Key_F11))
            a->setChecked(on);
    // The menu bar is hidden in presentation mode; its shortcuts must still work.
    for (QAction* a : menuBar()->findChildren<QAction*>())
        if (!a->shortcut().isEmpty() && !actions().contains(a))
            addAction(a);
    applyFontScale();
    m_store->setPresentationMode(on);
}

void MainWindow::showShortcuts()
{
    QDialog sheet(this);
    sheet.setObjectName(QStringLiteral("shortcutSheet"));
    sheet.setWindowTitle(tr("Keyboard shortcuts"));
    // Readable from the back of the room: the sheet's text grows with presentation mode.
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * (m_presenting ? 1.6 : 1.15));
    sheet.setFont(f);
    auto* table = new QTableWidget(int(std::size(kShortcuts)), 2, &sheet);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Does")});
    for (int i = 0; i < int(std::size(kShortcuts)); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(tr(kShortcuts[i].keys)));
        table->setItem(i, 1, new QTableWidgetItem(tr(kShortcuts[i].what)));
    }
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    table->setAccessibleName(tr("Keyboard shortcuts"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &sheet);
    connect(buttons, &QDialogButtonBox::rejected, &sheet, &QDialog::reject);
    auto* layout = new QVBoxLayout(&sheet);
    layout->addWidget(table);
    layout->addWidget(buttons);
    table->resizeRowsToContents();
    // Big enough to show every row without scrolling, within the screen.
    const QSize want(table->horizontalHeader()->length() + 4 * table->frameWidth() + 40,
                     table->verticalHeader()->length() + table->horizontalHeader()->height() + buttons->sizeHint().height() + 60);
    const QRect screenArea = screen() ? screen()->availableGeometry() : QRect(0, 0, 1920, 1080);
    sheet.resize(std::min(want.width(), screenArea.width() * 9 / 10), std::min(want.height(), screenArea.height() * 9 / 10));
    sheet.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Loopscope"),
                       tr("<h3>Loopscope %1</h3><p>Watch an event loop run coroutines: every task's state over "
                          "time, where tasks yield, what blocks the loop, and how gather, locks, semaphores "
                          "and queues make tasks wait.</p>"
                          "<p>Qt %2 (built with %3) · QCoro %4<br>Released under the %5 licence.</p>")
                           .arg(loopscopeVersion(), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
                                qcoroVersion(), licenceName()));
}

void MainWindow::exportImage()
{
    if (m_views->currentWidget() == m_plot) {
        exportPlot();
        return;
    }
    ui::ExportSource source;
    source.scenes = m_timeline->scenes();
    source.cursor = m_timeline->renderOptions().moment;
    source.visibleFrom = TimeNs(std::max(0.0, m_timeline->geometry().visibleStart()));
    source.visibleTo = TimeNs(m_timeline->geometry().visibleEnd());
    source.runEnd = ui::TimelineRenderer::extent(source.scenes);
    const ui::RenderOptions shown = m_timeline->renderOptions();
    source.groupThreshold = shown.groupThreshold;
    source.expandedGroups = shown.expandedGroups;
    source.laneFilter = shown.laneFilter;
    source.runNotes = shown.runNotes;
    source.name = m_lesson         ? QString::fromStdString(m_lesson->id)
                  : m_programMode ? QFileInfo(m_programName).completeBaseName()
                                  : QStringLiteral("timeline");
    source.title = m_lesson ? QString::fromStdString(m_lesson->title) : m_programMode ? m_programName : QString();
    // A file of its own: the progress store rewrites its file with only its own keys.
    source.settingsPath = QFileInfo(m_store->path()).dir().filePath(QStringLiteral("export.ini"));
    ui::ExportDialog dialog(std::move(source), this);
    connect(&dialog, &ui::ExportDialog::exported, this,
            [this](const QString& path) { m_status->setText(tr("Exported %1").arg(path)); });
    dialog.exec();
}

void MainWindow::exportPlot()
{
    const QString name = (m_lesson ? QString::fromStdString(m_lesson->id) : QStringLiteral("plot")) + QStringLiteral("-plot.png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the plot"), QDir::home().filePath(name),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const QString why = exportPlotTo(path); !why.isEmpty()) {
        showProblem(tr("Plot not exported"), QStringLiteral("plotExportProblem"), why);
        return;
    }
    m_status->setText(tr("Exported %1").arg(path));
}

QString MainWindow::exportPlotTo(const QString& path)
{
    if (!m_plot->hasPlot())
        return tr("this lesson has no plot");
    const auto format = ui::imageFormatFor(path);
    if (!format)
        return tr("%1: the name must end in .png, .svg or .pdf").arg(QDir::toNativeSeparators(path));
    ui::PlotImageRequest request;
    request.format = *format;
    request.options = m_plot->options();
    request.options.hoverSeries = -1; // the pointer's choice is the screen's, not the picture's
    request.options.fontScale = 1;
    return ui::writePlotImage(path, m_plot->plot(), request);
}

void MainWindow::showProblem(const QString& title, const QString& objectName, const QString& message)
{
    // Not modal: the window stays usable, and what it showed stays as it was.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    m_status->setText(message);
}

bool MainWindow::openRecordingFile(const QString& path)
{
    OpenedRecording opened;
    if (const QString why = openRecording(path, opened); !why.isEmpty()) {
        showProblem(tr("Recording not opened"), QStringLiteral("recordingNotOpened"), why);
        if (!QFileInfo::exists(path))
            m_store->forgetRecentRecording(path);
        rebuildRecentMenu();
        return false;
    }
    if (!keepProgramEdits())
        return false;
    m_store->addRecentRecording(QFileInfo(path).absoluteFilePath());
    rebuildRecentMenu();
    if (opened.isProgram()) {
        // The program as it was recorded, untitled: Run records it again from a copy.
        const QString name = QString::fromStdString(opened.recording.listingName);
        enterProgram({}, name.isEmpty() ? QStringLiteral("program.py") : name,
                     QString::fromStdString(opened.recording.listingText));
        showProgramRecording(std::move(opened.recording));
        setWindowTitle(tr("%1 — %2 — Loopscope").arg(QFileInfo(path).fileName(), m_programName));
        m_status->setText(tr("Opened %1: %2 recorded on CPython. Run (Ctrl+R) records it again.")
                              .arg(QFileInfo(path).fileName(), m_programName));
        return true;
    }
    leaveProgramMode();
    const lessons::Lesson& lesson = *opened.lesson;
    const ClockKind clock = opened.recording.clock;
    const std::size_t variants = opened.recording.runs.size();
    m_lesson = &lesson;
    m_player->loadRecording(&lesson, opened.params, std::move(opened.recording));
    refreshComparison(); // an opened recording is not compared
    m_params->setLesson(&lesson, opened.params);
    m_narrative->setLesson(&lesson, m_document->narrative());
    m_narrative->clearAnswers();
    onRunFinished();
    m_browser->selectLesson(QString::fromStdString(lesson.id));
    setWindowTitle(tr("%1 — %2 — Loopscope").arg(QFileInfo(path).fileName(), QString::fromStdString(lesson.title)));
    m_timeline->fit();
    m_document->setCursor(0);
    m_status->setText(tr("Opened %1: %n variant(s) recorded on the %2 clock. Changing a parameter runs the lesson again.",
                         nullptr, int(variants))
                          .arg(QFileInfo(path).fileName(),
                               clock == ClockKind::Live ? tr("real-time") : tr("virtual")));
    return true;
}

QString MainWindow::saveRecordingFile(const QString& path)
{
    if (m_programMode) {
        const auto runs = m_player->savableRuns();
        if (runs.empty())
            return isRecordingProgram() ? tr("the program is still being recorded; wait for it or stop it (Esc)")
                                        : tr("the program has not been recorded yet; Run it first (Ctrl+R)");
        if (const QString why = saveRecording(path, m_programInfo, runs); !why.isEmpty())
            return why;
        m_store->addRecentRecording(QFileInfo(path).absoluteFilePath());
        rebuildRecentMenu();
        m_status->setText(tr("Saved the recording to %1").arg(path));
        return {};
    }
    if (!m_lesson)
        return tr("there is no run to save");
    if (m_player->isLive())
        return tr("a live run is still going; stop it (Esc) or let it end, then save");
    m_player->finishAll();
    const auto runs = m_player->savableRuns();
    if (runs.empty())
        return tr("the run has not finished yet; try again in a moment");
    RecordingInfo info = lessonRecordingInfo(*m_lesson, m_document->params(), m_player->recordedClock());
    info.listingText = m_document->listing().toStdString(); // an opened recording keeps its own
    if (const QString why = saveRecording(path, info, runs); !why.isEmpty())
        return why;
    m_store->addRecentRecording(QFileInfo(path).absoluteFilePath());
    rebuildRecentMenu();
    m_status->setText(tr("Saved the recording to %1").arg(path));
    return {};
}

void MainWindow::chooseRecordingToOpen()
{
    const QStringList recent = m_store->recentRecordings();
    const QString folder = recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Recording"), folder, recordingFileFilter());
    if (!path.isEmpty())
        openRecordingFile(path);
}

void MainWindow::chooseWhereToSave()
{
    const QStringList recent = m_store->recentRecordings();
    const QString folder = recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.first()).absolutePath();
    const QString name = m_lesson         ? QString::fromStdString(m_lesson->id)
                         : m_programMode ? QFileInfo(m_programName).completeBaseName()
                                         : QStringLiteral("run");
    QString path = QFileDialog::getSaveFileName(this, tr("Save Recording"),
                                                QDir(folder).filePath(name + QStringLiteral(".loopscope")),
                                                recordingFileFilter());
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".loopscope");
    if (const QString why = saveRecordingFile(path); !why.isEmpty())
        showProblem(tr("Recording not saved"), QStringLiteral("recordingNotSaved"),
                    tr("The recording was not saved: %1").arg(why));
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_store->recentRecordings();
    for (int i = 0; i < recent.size(); ++i) {
        // &1 … &8: each entry has its own key in the menu.
        QAction* a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(recent[i]).fileName()));
        a->setToolTip(recent[i]);
        a->setStatusTip(recent[i]);
        connect(a, &QAction::triggered, this, [this, path = recent[i]] { openRecordingFile(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Space &&
        static_cast<QKeyEvent*>(event)->modifiers() == Qt::NoModifier && qobject_cast<QAbstractButton*>(watched) &&
        isAncestorOf(static_cast<QWidget*>(watched))) {
        // Space presses the focused button (Check, a choice), as everywhere; it plays elsewhere.
        event->accept();
        return true;
    }
    if (event->type() == QEvent::KeyPress) {
        const auto* keyEvent = static_cast<QKeyEvent*>(event);
        const int key = keyEvent->key();
        auto* field = qobject_cast<QWidget*>(watched);
        const bool editsAnswerOrParameter = field && (qobject_cast<QLineEdit*>(field) || qobject_cast<QAbstractSpinBox*>(field)) &&
                                            (m_narrative->isAncestorOf(field) || m_params->isAncestorOf(field));
        if (editsAnswerOrParameter && (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape)) {
            // After the field has taken the value (a check, a new parameter), or been left with
            // Esc, Space, the arrows and Home play and step again without reaching for the mouse.
            QMetaObject::invokeMethod(this, [this] { m_timeline->setFocus(Qt::OtherFocusReason); }, Qt::QueuedConnection);
        }
        // A number has no spaces: in a parameter's number box Space plays and pauses, so a
        // teacher can change n and play without leaving the box.
        if (key == Qt::Key_Space && keyEvent->modifiers() == Qt::NoModifier && qobject_cast<QAbstractSpinBox*>(field) &&
            m_params->isAncestorOf(field)) {
            // A number typed but not yet entered counts first: Space plays the run it asks for.
            static_cast<QAbstractSpinBox*>(field)->interpretText();
            m_params->flush();
            if (m_transport->playAction()->isEnabled())
                m_transport->playAction()->trigger();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    const QString path = urls.first().toLocalFile();
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        openProgramFile(path);
    else
        openRecordingFile(path);
}

void MainWindow::restoreSettings()
{
    if (const QString problem = m_store->loadError(); !problem.isEmpty())
        QMessageBox::warning(this, tr("Settings reset"), problem);
    if (const ui::Theme* t = ui::Theme::byId(m_store->themeId()))
        setTheme(*t);
    else
        setTheme(ui::Theme::light());
    if (!m_store->windowGeometry().isEmpty())
        restoreGeometry(m_store->windowGeometry());
    if (!m_store->windowState().isEmpty())
        restoreState(m_store->windowState());
    applyFontScale();
}

void MainWindow::saveSettings()
{
    if (m_presenting)
        setPresentationMode(false);
    m_store->setWindowLayout(saveGeometry(), saveState());
    m_store->save();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!keepProgramEdits()) {
        event->ignore();
        return;
    }
    if (isRecordingProgram())
        m_recording->stop(); // its whole process group; the destructor kills what is left
    m_player->pause();
    m_player->stopLive(); // a live run winds down while the settings are saved
    saveSettings();
    event->accept();
}

} // namespace loopscope::app
