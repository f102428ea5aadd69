#pragma once
// ExportDialog: File → Export… — a picture (PNG, SVG, PDF), an animation (GIF, MP4, WebM) or a
// Perfetto trace of the run, with a live preview painted by the same TimelineRenderer the files
// are written with. It only reads the
// scenes it is given (already update()d); it never runs or steps a loop.

#include "animatedexport.h"
#include "timelineexport.h"
#include "timelinescene.h"

#include <QDialog>
#include <QImage>
#include <QString>

#include <set>
#include <utility>
#include <vector>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace loopscope::ui {

enum class ExportFormat { Png, Svg, Pdf, Trace, Gif, Mp4, WebM };

// What the dialog exports from, as the main window knows it.
struct ExportSource
{
    std::vector<const TimelineScene*> scenes; // one per variant, update()d, named after the variant
    TimeNs cursor = kOpenEnd;                 // the player's cursor; kOpenEnd: there is none
    TimeNs visibleFrom = -1, visibleTo = -1;  // the timeline's visible range; -1: not known
    TimeNs runEnd = -1;                       // the run's end; -1: the scenes' extent
    QString name;                             // the default file name's stem (the lesson id)
    QString title;                            // the suggested picture title (the lesson's title)
    QString settingsPath;                     // ini file remembering the choices; empty: none
    // Lane groups as the timeline shows them: the threshold, the groups opened, the lane filter.
    int groupThreshold = RenderOptions::kDefaultGroupThreshold;
    std::set<std::pair<int, int>> expandedGroups;
    QString laneFilter;
    std::vector<QString> runNotes; // per variant, instead of its total (a live run stopped part way)
};

class PreviewArea;

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(ExportSource source, QWidget* parent = nullptr);
    ~ExportDialog() override;

    ExportFormat format() const;
    // The picture's request from the current choices (format Png when the trace format is chosen).
    ImageRequest imageRequest() const;
    // True for GIF, MP4 and WebM.
    bool isAnimation() const;
    // The animation's request from the current choices (the same picture options as imageRequest).
    AnimationRequest animationRequest() const;
    // The variants exported: all of them stacked, or the one picked.
    TimelineRenderer::Scenes chosenScenes() const;
    // Empty, or one line saying why the current choices cannot be exported (to before from...).
    QString problem() const;

    // Writes the chosen format to `path` with no file dialog; returns "" or the one-line error.
    QString writeTo(const QString& path);
    // The picture at the chosen size (null for the trace format or invalid choices).
    QImage renderImage() const;
    // Puts renderImage() on the clipboard; returns "" or why not.
    QString copyToClipboard();
    // "semaphores.png", "blocking-vs-async-async.svg" (the variant when only one is exported).
    QString defaultFileName() const;

    // The preview as last rendered, and rendering it now instead of after the debounce.
    QImage previewImage() const { return m_preview; }
    void updatePreview();

    void saveSettings() const;

    // The controls, for tests and keyboard users alike (each also has an objectName).
    QComboBox* formatBox() const { return m_format; }
    QRadioButton* pixelsButton() const { return m_byPixels; }
    QRadioButton* scaleButton() const { return m_byScale; }
    QSpinBox* widthBox() const { return m_width; }
    QSpinBox* heightBox() const { return m_height; }
    QDoubleSpinBox* scaleBox() const { return m_scale; }
    QComboBox* themeBox() const { return m_theme; }
    QComboBox* rangeBox() const { return m_range; }
    QDoubleSpinBox* fromBox() const { return m_from; }
    QDoubleSpinBox* toBox() const { return m_to; }
    QComboBox* momentBox() const { return m_moment; }
    QCheckBox* legendBox() const { return m_legend; }
    QRadioButton* allLanesButton() const { return m_allLanes; }
    QRadioButton* chosenLanesButton() const { return m_chosenLanes; }
    QListWidget* lanesList() const { return m_lanes; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* captionEdit() const { return m_caption; }
    QRadioButton* stackedButton() const { return m_stacked; }
    QRadioButton* oneVariantButton() const { return m_oneVariant; }
    QComboBox* variantsBox() const { return m_variants; }
    QSpinBox* fpsBox() const { return m_fps; }
    QDoubleSpinBox* speedBox() const { return m_speed; }

    enum Range { WholeRun, VisibleRange, CustomRange };
    enum Moment { AtCursor, AtEnd };

signals:
    void exported(const QString& path);

public slots:
    void exportWithDialog(); // Export…: asks for a path, writes, closes on success
    void done(int result) override;

private:
    void buildUi();
    void restoreSettings();
    void choicesChanged(); // enables what applies, restarts the preview debounce
    TimeNs runEnd() const;
    void formatSwitched();    // the new format's default size and frame rate, unless the user chose
    QString writeAnimation(const QString& path); // with a progress dialog that can cancel

    ExportSource m_source;
    QImage m_preview;
    QTimer* m_debounce = nullptr;
    PreviewArea* m_previewArea = nullptr;
    QLabel* m_sizeNote = nullptr;
    QLabel* m_problem = nullptr;

    QComboBox* m_format = nullptr;
    QRadioButton *m_byPixels = nullptr, *m_byScale = nullptr;
    QSpinBox *m_width = nullptr, *m_height = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QComboBox* m_theme = nullptr;
    QComboBox* m_range = nullptr;
    QDoubleSpinBox *m_from = nullptr, *m_to = nullptr;
    QComboBox* m_moment = nullptr;
    QCheckBox* m_legend = nullptr;
    QRadioButton *m_allLanes = nullptr, *m_chosenLanes = nullptr;
    QListWidget* m_lanes = nullptr;
    QLineEdit *m_title = nullptr, *m_caption = nullptr;
    QRadioButton *m_stacked = nullptr, *m_oneVariant = nullptr;
    QComboBox* m_variants = nullptr;
    QGroupBox* m_animationBox = nullptr; // frame rate and speed, shown for animations only
    QSpinBox* m_fps = nullptr;
    QDoubleSpinBox* m_speed = nullptr; // 0: automatic
    ExportFormat m_shownFormat = ExportFormat::Png; // the format the size and frame rate were set for
    QPushButton *m_exportButton = nullptr, *m_copyButton = nullptr, *m_closeButton = nullptr;
    QString m_lastDir;
};

} // namespace loopscope::ui
