#pragma once
// The lesson player's window: the timeline in the centre, the transport bar above it, and docks for
// the lessons, the narrative and predictions, the parameters, the code, the loop's anatomy, the
// console and the task table. Themes, presentation mode and settings live here too.

#include "player.h"
#include "core/recording.h"
#include "ui/rundocument.h"
#include "ui/theme.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QMenu;
class QLabel;
class QProgressBar;
class QTabWidget;
class QTemporaryDir;

namespace loopscope::ui {
class AnatomyView;
class CodeView;
class ConsoleView;
class LessonBrowser;
class NarrativePane;
class PlotView;
class ParamsPanel;
class ProgressStore;
class TaskTableView;
class TimelineView;
} // namespace loopscope::ui

namespace loopscope::app {

class CPythonComparison;
class ProgramRecording;
class TransportBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // settingsPath: where progress and layout are kept ("" = the platform's default place).
    explicit MainWindow(const QString& settingsPath = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a lesson by id; false (and a message) when there is no such lesson.
    bool openLesson(const QString& id);
    // Shows the window where it was last time, or maximized on a first start.
    void showAtStart();
    // The lesson open when the app last closed, if it still exists; else `fallback`.
    QString lastLessonOr(const QString& fallback) const;
    void setTheme(const ui::Theme& theme);
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presenting; }
    // The Live switch: the lesson again on real time, or back on the virtual clock.
    void setLive(bool on);

    // Opens a saved recording; false (and a message naming the problem) when it cannot be opened.
    // Whatever was shown before stays in that case.
    bool openRecordingFile(const QString& path);
    // Saves what is shown as a recording (a run still going on the virtual clock is finished
    // first). Returns "" or the one-line reason it was not saved.
    QString saveRecordingFile(const QString& path);

    // Programs of the user's own, recorded on CPython (app/mainwindowprogram.cpp).
    void newProgram();                          // a starter program, untitled
    bool openProgramFile(const QString& path);  // false (and a message) when it cannot be read
    void editLessonCopy();                      // the lesson's listing as an untitled program
    bool runProgram();                          // records the editor's program; false if it cannot start
    void stopProgram();
    bool programMode() const { return m_programMode; }
    // The lesson's listing recorded on CPython, drawn under its run (Play → Compare with CPython).
    void setComparing(bool on);
    bool isRecordingComparison() const;
    bool isRecordingProgram() const;
    QString programPath() const { return m_programPath; }

    Player& player() { return *m_player; }
    ui::RunDocument& document() { return *m_document; }
    ui::TimelineView* timeline() const { return m_timeline; }
    ui::CodeView* codeView() const { return m_code; }
    ui::ParamsPanel* paramsPanel() const { return m_params; }
    ui::PlotView* plotView() const { return m_plot; }
    // Writes the plot tab's picture (PNG, SVG or PDF by the name's ending); "" or what went wrong.
    QString exportPlotTo(const QString& path);
    TransportBar* transport() const { return m_transport; }

signals:
    void programRecorded(); // a program's recording is shown
    void comparisonDone();  // the CPython comparison is drawn, or it said why not

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    // Return in an answer or a parameter field hands the keys back to the timeline.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildDocks();
    void buildActions();
    void applyDefaultLayout();
    void resetLayout(); // View → Reset Layout
    void applyFontScale();
    void onParamsChanged(const lessons::Params& params);
    void onRunFinished();
    void showLiveStatus();
    void focusVariant(int delta);   // the next (+1) or previous (-1) variant for the one-variant panes
    void labelVariantDocks();
    void showProgress(); // the lesson list's marks and the overall score
    void showCursorStatus(); // "t = … · event … of …" for the cursor, or the live run's status
    void showShortcuts();
    void showAbout();
    void exportImage();
    void exportPlot(); // PNG, SVG or PDF of the plot tab
    void chooseRecordingToOpen();
    void chooseWhereToSave();
    void rebuildRecentMenu();
    void showProblem(const QString& title, const QString& objectName, const QString& message);
    void restoreSettings();
    void saveSettings();
    void buildProgramActions(QMenu* file);
    void updateProgramActions();
    void enterProgram(const QString& path, const QString& name, const QString& text);
    void leaveProgramMode();
    QString programNarrative() const;
    void updateProgramTitle();
    // Asks what to do with unsaved edits of the program; false: the user cancelled.
    bool keepProgramEdits();
    QString saveProgramTo(const QString& path);
    bool chooseWhereToSaveProgram();
    void chooseProgramToOpen();
    void choosePython();
    void onProgramRecorded();
    void refreshProgramKnobs();
    void onProgramParamsChanged();
    void showProgramRecording(Recording recording);
    // After every load: records the listing again for the run now shown, or drops the old one.
    void refreshComparison();
    void onComparisonRecorded();
    QDockWidget* dock(const QString& title, const QString& objectName, QWidget* content, Qt::DockWidgetArea area);

    std::unique_ptr<ui::ProgressStore> m_store;
    ui::RunDocument* m_document = nullptr;
    Player* m_player = nullptr;
    TransportBar* m_transport = nullptr;
    ui::TimelineView* m_timeline = nullptr;
    ui::LessonBrowser* m_browser = nullptr;
    ui::NarrativePane* m_narrative = nullptr;
    ui::ParamsPanel* m_params = nullptr;
    ui::CodeView* m_code = nullptr;
    ui::AnatomyView* m_anatomy = nullptr;
    ui::ConsoleView* m_console = nullptr;
    QTabWidget* m_views = nullptr;    // the central area: timeline, and a plot where a lesson has one
    ui::PlotView* m_plot = nullptr;
    ui::TaskTableView* m_taskTable = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_aheadBar = nullptr;
    QAction* m_stopLive = nullptr;
    QMenu* m_recentMenu = nullptr;
    std::vector<QDockWidget*> m_docks;
    const ui::Theme* m_theme = &ui::Theme::light();
    const lessons::Lesson* m_lesson = nullptr;
    bool m_presenting = false;
    QByteArray m_layoutBeforePresenting;

    // Program mode: the editor holds the user's program; m_lesson is null.
    bool m_programMode = false;
    QString m_programPath; // empty: untitled
    QString m_programName;
    RecordingInfo m_programInfo; // of the recording shown, for saving it
    lessons::Lesson m_programKnobs; // the program's parameters block, for the parameters panel
    std::unique_ptr<QTemporaryDir> m_untitledDir;
    ProgramRecording* m_recording = nullptr;
    CPythonComparison* m_comparison = nullptr;
    QAction* m_saveProgram = nullptr;
    QAction* m_runProgram = nullptr;
};

} // namespace loopscope::app
