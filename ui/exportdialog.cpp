#include "exportdialog.h"

#include "perfettotrace.h"

#include "core/numtext.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>

namespace loopscope::ui {

namespace {

constexpr int kMaxSide = kMaxImageSide; // the command line's limit too; 8000 px posters fit easily
constexpr double kBaseWidth = 1600;

QString formatId(ExportFormat f)
{
    switch (f) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Trace: return QStringLiteral("trace");
    case ExportFormat::Gif: return QStringLiteral("gif");
    case ExportFormat::Mp4: return QStringLiteral("mp4");
    case ExportFormat::WebM: return QStringLiteral("webm");
    }
    return QStringLiteral("png");
}

constexpr ExportFormat kFormats[] = {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Trace,
                                     ExportFormat::Gif, ExportFormat::Mp4, ExportFormat::WebM};

std::optional<VideoFormat> videoFormatOf(ExportFormat f)
{
    switch (f) {
    case ExportFormat::Gif: return VideoFormat::Gif;
    case ExportFormat::Mp4: return VideoFormat::Mp4;
    case ExportFormat::WebM: return VideoFormat::WebM;
    default: return std::nullopt;
    }
}

// The size a format starts at: stills are posters, animations are screen-sized.
QSize defaultSizeOf(ExportFormat f)
{
    const auto video = videoFormatOf(f);
    return video ? defaultAnimationSize(*video) : QSize(1600, 900);
}

QString extensionFor(ExportFormat f)
{
    return f == ExportFormat::Trace ? QStringLiteral("json") : formatId(f);
}

double seconds(TimeNs t) { return double(t) / double(kNsPerSecond); }
TimeNs nanoseconds(double s) { return TimeNs(s * double(kNsPerSecond) + 0.5); }

} // namespace

// The preview: the picture scaled to fit, centred, or a line of text for the trace format.
class PreviewArea : public QWidget
{
public:
    explicit PreviewArea(QWidget* parent) : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setFocusPolicy(Qt::NoFocus);
    }
    void setContent(const QImage& image, const QString& text)
    {
        m_image = image;
        m_text = text;
        update();
    }
    std::function<void()> resized;

    QSize minimumSizeHint() const override
    {
        const int em = fontMetrics().height();
        return {16 * em, 10 * em};
    }
    QSize sizeHint() const override
    {
        const int em = fontMetrics().height();
        return {48 * em, 27 * em};
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), palette().color(QPalette::Mid));
        if (!m_image.isNull()) {
            const QSizeF size = m_image.deviceIndependentSize();
            const QPointF at((width() - size.width()) / 2, (height() - size.height()) / 2);
            p.drawImage(at, m_image);
        }
        if (!m_text.isEmpty()) {
            p.setPen(palette().color(QPalette::WindowText));
            const int em = fontMetrics().height();
            p.fillRect(rect().adjusted(em, em, -em, -em), palette().color(QPalette::Base));
            p.setPen(palette().color(QPalette::Text));
            p.drawText(rect().adjusted(2 * em, 2 * em, -2 * em, -2 * em), Qt::AlignCenter | Qt::TextWordWrap, m_text);
        }
    }
    void resizeEvent(QResizeEvent*) override
    {
        if (resized)
            resized();
    }

private:
    QImage m_image;
    QString m_text;
};

ExportDialog::ExportDialog(ExportSource source, QWidget* parent) : QDialog(parent), m_source(std::move(source))
{
    setWindowTitle(tr("Export"));
    setAccessibleName(tr("Export"));
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150); // typing a width or a title re-renders once, not per keystroke
    connect(m_debounce, &QTimer::timeout, this, &ExportDialog::updatePreview);
    buildUi();
    restoreSettings();
    choicesChanged();
    updatePreview();
}

ExportDialog::~ExportDialog() = default;

TimeNs ExportDialog::runEnd() const
{
    if (m_source.runEnd >= 0)
        return m_source.runEnd;
    return TimelineRenderer::extent(m_source.scenes);
}

void ExportDialog::buildUi()
{
    auto* options = new QWidget;
    auto* optionsLayout = new QVBoxLayout(options);
    optionsLayout->setContentsMargins(0, 0, 0, 0);

    auto addForm = [&](const QString& title) {
        auto* box = new QGroupBox(title);
        auto* form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        optionsLayout->addWidget(box);
        return form;
    };
    auto named = [](QWidget* w, const QString& name, const QString& accessible) {
        w->setObjectName(name);
        w->setAccessibleName(accessible);
    };

    // --- what ----------------------------------------------------------------------------------
    QFormLayout* what = addForm(tr("What"));
    m_format = new QComboBox;
    m_format->addItem(tr("PNG image"), formatId(ExportFormat::Png));
    m_format->addItem(tr("SVG drawing"), formatId(ExportFormat::Svg));
    m_format->addItem(tr("PDF document"), formatId(ExportFormat::Pdf));
    m_format->addItem(tr("Perfetto trace (JSON)"), formatId(ExportFormat::Trace));
    m_format->addItem(tr("GIF animation"), formatId(ExportFormat::Gif));
    m_format->addItem(tr("MP4 video"), formatId(ExportFormat::Mp4));
    m_format->addItem(tr("WebM video"), formatId(ExportFormat::WebM));
    named(m_format, QStringLiteral("format"), tr("Format"));
    what->addRow(tr("&Format:"), m_format);

    m_stacked = new QRadioButton(tr("All variants, stac&ked"));
    named(m_stacked, QStringLiteral("stacked"), tr("All variants stacked"));
    m_oneVariant = new QRadioButton(tr("&Only:"));
    named(m_oneVariant, QStringLiteral("oneVariant"), tr("Only one variant"));
    m_variants = new QComboBox;
    named(m_variants, QStringLiteral("variant"), tr("Variant"));
    for (const TimelineScene* s : m_source.scenes)
        m_variants->addItem(QString::fromStdString(s->name()));
    auto* variantGroup = new QButtonGroup(this);
    variantGroup->addButton(m_stacked);
    variantGroup->addButton(m_oneVariant);
    m_stacked->setChecked(true);
    auto* oneRow = new QHBoxLayout;
    oneRow->addWidget(m_oneVariant);
    oneRow->addWidget(m_variants, 1);
    auto* variantsColumn = new QVBoxLayout;
    variantsColumn->addWidget(m_stacked);
    variantsColumn->addLayout(oneRow);
    what->addRow(tr("Variants:"), variantsColumn);
    if (m_source.scenes.size() < 2) {
        m_stacked->setEnabled(false);
        m_oneVariant->setEnabled(false);
        m_variants->setEnabled(false);
    }

    // --- size ----------------------------------------------------------------------------------
    QFormLayout* size = addForm(tr("Size"));
    m_byPixels = new QRadioButton(tr("&Pixels"));
    named(m_byPixels, QStringLiteral("byPixels"), tr("Size in pixels"));
    m_byScale = new QRadioButton(tr("&Scale factor"));
    named(m_byScale, QStringLiteral("byScale"), tr("Size by scale factor"));
    auto* sizeGroup = new QButtonGroup(this);
    sizeGroup->addButton(m_byPixels);
    sizeGroup->addButton(m_byScale);
    m_byPixels->setChecked(true);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_byPixels);
    modeRow->addWidget(m_byScale);
    modeRow->addStretch();
    size->addRow(tr("Size by:"), modeRow);
    m_width = new QSpinBox;
    m_width->setRange(16, kMaxSide);
    m_width->setValue(1600);
    m_width->setSuffix(tr(" px"));
    named(m_width, QStringLiteral("width"), tr("Width in pixels"));
    m_height = new QSpinBox;
    m_height->setRange(16, kMaxSide);
    m_height->setValue(900);
    m_height->setSuffix(tr(" px"));
    named(m_height, QStringLiteral("height"), tr("Height in pixels"));
    auto* whRow = new QHBoxLayout;
    whRow->addWidget(m_width, 1);
    whRow->addWidget(new QLabel(QStringLiteral("×")));
    whRow->addWidget(m_height, 1);
    auto* whLabel = new QLabel(tr("&Width × height:"));
    whLabel->setBuddy(m_width);
    size->addRow(whLabel, whRow);
    m_scale = new QDoubleSpinBox;
    m_scale->setRange(0.25, 8);
    m_scale->setSingleStep(0.25);
    m_scale->setDecimals(2);
    m_scale->setValue(2);
    m_scale->setPrefix(QStringLiteral("× "));
    named(m_scale, QStringLiteral("scale"), tr("Scale factor"));
    size->addRow(tr("Facto&r:"), m_scale);
    m_sizeNote = new QLabel;
    m_sizeNote->setWordWrap(true); // an animation's note is long: it wraps rather than widens the column
    m_sizeNote->setObjectName(QStringLiteral("sizeNote"));
    size->addRow(QString(), m_sizeNote);

    // --- look ----------------------------------------------------------------------------------
    QFormLayout* look = addForm(tr("Look"));
    m_theme = new QComboBox;
    for (const Theme* t : Theme::all())
        m_theme->addItem(t->name, t->id);
    named(m_theme, QStringLiteral("theme"), tr("Theme"));
    look->addRow(tr("&Theme:"), m_theme);
    m_legend = new QCheckBox(tr("Show the &legend"));
    m_legend->setChecked(true);
    named(m_legend, QStringLiteral("legend"), tr("Show the legend"));
    look->addRow(QString(), m_legend);
    m_title = new QLineEdit(m_source.title);
    named(m_title, QStringLiteral("title"), tr("Title"));
    look->addRow(tr("T&itle:"), m_title);
    m_caption = new QLineEdit;
    m_caption->setPlaceholderText(tr("none"));
    named(m_caption, QStringLiteral("caption"), tr("Caption"));
    look->addRow(tr("&Caption:"), m_caption);

    // --- time ----------------------------------------------------------------------------------
    QFormLayout* time = addForm(tr("Time"));
    m_range = new QComboBox;
    m_range->addItem(tr("Whole run"), WholeRun);
    m_range->addItem(tr("Visible range"), VisibleRange);
    m_range->addItem(tr("From … to …"), CustomRange);
    named(m_range, QStringLiteral("range"), tr("Time range"));
    time->addRow(tr("Ran&ge:"), m_range);
    const double endS = seconds(runEnd());
    auto makeTime = [&](const QString& name, const QString& accessible, double value) {
        auto* box = new QDoubleSpinBox;
        box->setRange(0, std::max(endS, 0.001));
        box->setDecimals(3);
        box->setSingleStep(0.1);
        box->setSuffix(tr(" s"));
        box->setValue(value);
        named(box, name, accessible);
        return box;
    };
    m_from = makeTime(QStringLiteral("from"), tr("From, in seconds"), 0);
    m_to = makeTime(QStringLiteral("to"), tr("To, in seconds"), endS);
    auto* fromTo = new QHBoxLayout;
    fromTo->addWidget(m_from, 1);
    fromTo->addWidget(new QLabel(tr("to")));
    fromTo->addWidget(m_to, 1);
    auto* fromLabel = new QLabel(tr("Fro&m:"));
    fromLabel->setBuddy(m_from);
    time->addRow(fromLabel, fromTo);
    m_moment = new QComboBox;
    m_moment->addItem(m_source.cursor == kOpenEnd ? tr("At the cursor (none)")
                                                  : tr("At the cursor (%1)").arg(formatSeconds(m_source.cursor)),
                      AtCursor);
    m_moment->addItem(tr("At the end"), AtEnd);
    named(m_moment, QStringLiteral("moment"), tr("Moment shown"));
    time->addRow(tr("Mome&nt:"), m_moment);

    // --- animation -----------------------------------------------------------------------------
    QFormLayout* animation = addForm(tr("Animation"));
    m_animationBox = qobject_cast<QGroupBox*>(animation->parentWidget());
    m_fps = new QSpinBox;
    m_fps->setRange(kMinFrameRate, kMaxFrameRate);
    m_fps->setValue(defaultFrameRate(VideoFormat::Gif));
    m_fps->setSuffix(tr(" fps"));
    named(m_fps, QStringLiteral("fps"), tr("Frames per second"));
    animation->addRow(tr("Frame &rate:"), m_fps);
    m_speed = new QDoubleSpinBox;
    m_speed->setRange(0, kMaxSpeed);
    m_speed->setDecimals(3);
    m_speed->setSingleStep(0.5);
    m_speed->setValue(0);
    // 0 stands for "automatic": a virtual second per real second, the whole range in 2 to 20 s.
    m_speed->setSpecialValueText(tr("Automatic"));
    m_speed->setSuffix(tr(" s per virtual s"));
    named(m_speed, QStringLiteral("speed"), tr("Real seconds per virtual second"));
    animation->addRow(tr("S&peed:"), m_speed);

    // --- lanes ---------------------------------------------------------------------------------
    auto* lanesBox = new QGroupBox(tr("Lanes"));
    auto* lanesLayout = new QVBoxLayout(lanesBox);
    m_allLanes = new QRadioButton(tr("&All lanes"));
    named(m_allLanes, QStringLiteral("allLanes"), tr("All lanes"));
    m_chosenLanes = new QRadioButton(tr("C&hosen lanes:"));
    named(m_chosenLanes, QStringLiteral("chosenLanes"), tr("Only the chosen lanes"));
    auto* laneGroup = new QButtonGroup(this);
    laneGroup->addButton(m_allLanes);
    laneGroup->addButton(m_chosenLanes);
    m_allLanes->setChecked(true);
    auto* laneModes = new QHBoxLayout;
    laneModes->addWidget(m_allLanes);
    laneModes->addWidget(m_chosenLanes);
    laneModes->addStretch();
    lanesLayout->addLayout(laneModes);
    m_lanes = new QListWidget;
    named(m_lanes, QStringLiteral("lanes"), tr("Lanes to show"));
    m_lanes->setAccessibleDescription(tr("Space checks or unchecks a lane"));
    std::set<std::string> seen;
    for (const TimelineScene* s : m_source.scenes)
        for (int index : s->displayOrder()) {
            const std::string& label = s->lane(index).label;
            if (!seen.insert(label).second)
                continue;
            auto* item = new QListWidgetItem(QString::fromStdString(label), m_lanes);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
        }
    m_lanes->setMinimumHeight(6 * fontMetrics().height());
    lanesLayout->addWidget(m_lanes, 1);
    optionsLayout->addWidget(lanesBox, 1);

    auto* scroll = new QScrollArea;
    scroll->setWidget(options);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Wide enough for every format's options: the animation box is hidden now but may be shown.
    const bool animationShown = !m_animationBox->isHidden();
    m_animationBox->show();
    scroll->setMinimumWidth(options->sizeHint().width() + fontMetrics().height());
    m_animationBox->setVisible(animationShown);

    // --- preview and buttons ---------------------------------------------------------------------
    m_previewArea = new PreviewArea(this);
    m_previewArea->setObjectName(QStringLiteral("preview"));
    m_previewArea->setAccessibleName(tr("Preview"));
    m_previewArea->resized = [this] { m_debounce->start(); };
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    auto* previewColumn = new QVBoxLayout;
    previewColumn->addWidget(m_previewArea, 1);
    previewColumn->addWidget(m_problem);

    auto* main = new QHBoxLayout;
    main->addWidget(scroll);
    main->addLayout(previewColumn, 1);

    auto* buttons = new QDialogButtonBox;
    m_exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("export"));
    m_exportButton->setDefault(true);
    m_copyButton = buttons->addButton(tr("Cop&y Image"), QDialogButtonBox::ActionRole);
    m_copyButton->setObjectName(QStringLiteral("copy"));
    m_copyButton->setAccessibleName(tr("Copy image to clipboard"));
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("close"));
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::exportWithDialog);
    connect(m_copyButton, &QPushButton::clicked, this, [this] {
        if (const QString error = copyToClipboard(); !error.isEmpty())
            QMessageBox::warning(this, tr("Copy failed"), error);
    });
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(main, 1);
    layout->addWidget(buttons);

    // Tab order follows the reading order of the options, then the buttons.
    const QList<QWidget*> order{m_format, m_stacked, m_oneVariant, m_variants, m_byPixels, m_byScale,
                                m_width, m_height, m_scale, m_theme, m_legend, m_title, m_caption,
                                m_range, m_from, m_to, m_moment, m_fps, m_speed, m_allLanes, m_chosenLanes, m_lanes,
                                m_exportButton, m_copyButton, m_closeButton};
    for (int i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);

    // Every choice restarts the preview's debounce.
    const auto changed = [this] { choicesChanged(); };
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatSwitched);
    for (QComboBox* c : {m_format, m_variants, m_theme, m_range, m_moment})
        connect(c, &QComboBox::currentIndexChanged, this, changed);
    for (QRadioButton* r : {m_stacked, m_oneVariant, m_byPixels, m_byScale, m_allLanes, m_chosenLanes})
        connect(r, &QRadioButton::toggled, this, changed);
    for (QSpinBox* s : {m_width, m_height, m_fps})
        connect(s, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox* s : {m_scale, m_from, m_to, m_speed})
        connect(s, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_legend, &QCheckBox::toggled, this, changed);
    for (QLineEdit* e : {m_title, m_caption})
        connect(e, &QLineEdit::textChanged, this, changed);
    connect(m_lanes, &QListWidget::itemChanged, this, changed);

    const int em = fontMetrics().height();
    resize(std::max(sizeHint().width(), 80 * em), std::max(sizeHint().height(), 44 * em));
}

ExportFormat ExportDialog::format() const
{
    const QString id = m_format->currentData().toString();
    for (ExportFormat f : kFormats)
        if (formatId(f) == id)
            return f;
    return ExportFormat::Png;
}

bool ExportDialog::isAnimation() const
{
    return videoFormatOf(format()).has_value();
}

AnimationRequest ExportDialog::animationRequest() const
{
    const ImageRequest picture = imageRequest();
    AnimationRequest r;
    r.format = videoFormatOf(format()).value_or(VideoFormat::Gif);
    r.size = picture.size;
    r.from = picture.from;
    r.to = picture.to;
    r.options = picture.options;
    r.frameRate = m_fps->value();
    r.speed = m_speed->value() > 0 ? m_speed->value() : -1;
    return r;
}

// Each format family has its own size and frame rate to start from; a size or rate the user typed
// is kept, while the old format's default gives way to the new one's.
void ExportDialog::formatSwitched()
{
    const ExportFormat before = m_shownFormat, now = format();
    m_shownFormat = now;
    if (QSize(m_width->value(), m_height->value()) == defaultSizeOf(before)) {
        const QSize size = defaultSizeOf(now);
        const QSignalBlocker blockWidth(m_width), blockHeight(m_height);
        m_width->setValue(size.width());
        m_height->setValue(size.height());
    }
    const auto video = videoFormatOf(now);
    const auto videoBefore = videoFormatOf(before);
    if (video && (!videoBefore || m_fps->value() == defaultFrameRate(*videoBefore))) {
        const QSignalBlocker block(m_fps);
        m_fps->setValue(defaultFrameRate(*video));
    }
}

TimelineRenderer::Scenes ExportDialog::chosenScenes() const
{
    if (m_source.scenes.size() < 2 || !m_oneVariant->isChecked())
        return m_source.scenes;
    const int i = std::clamp(m_variants->currentIndex(), 0, int(m_source.scenes.size()) - 1);
    return {m_source.scenes[std::size_t(i)]};
}

ImageRequest ExportDialog::imageRequest() const
{
    ImageRequest r;
    switch (format()) {
    case ExportFormat::Svg: r.format = ImageFormat::Svg; break;
    case ExportFormat::Pdf: r.format = ImageFormat::Pdf; break;
    default: r.format = ImageFormat::Png; break;
    }
    const bool byScale = m_byScale->isChecked();
    const double scale = byScale ? m_scale->value() : 1.0;
    r.size = QSize(qRound(m_width->value() * scale), qRound(m_height->value() * scale));
    RenderOptions& o = r.options;
    // Text and markers grow with the picture (as on the command line), so a poster reads as well
    // as an article figure.
    o.fontScale = scale * std::clamp(m_width->value() / kBaseWidth, 0.75, 4.0);
    o.theme = Theme::byId(m_theme->currentData().toString());
    if (!o.theme)
        o.theme = &Theme::light();
    o.legend = m_legend->isChecked();
    o.groupThreshold = m_source.groupThreshold;
    o.expandedGroups = m_source.expandedGroups;
    o.laneFilter = m_source.laneFilter;
    o.runNotes = m_source.runNotes;
    o.title = m_title->text();
    o.caption = m_caption->text();
    switch (m_range->currentData().toInt()) {
    case VisibleRange:
        if (m_source.visibleFrom >= 0 && m_source.visibleTo > m_source.visibleFrom) {
            r.from = m_source.visibleFrom;
            r.to = m_source.visibleTo;
        }
        break;
    case CustomRange:
        r.from = nanoseconds(m_from->value());
        r.to = nanoseconds(m_to->value());
        break;
    default: break;
    }
    if (m_moment->currentData().toInt() == AtCursor && m_source.cursor != kOpenEnd) {
        o.moment = m_source.cursor;
        o.showCursor = true;
    } else {
        o.moment = kOpenEnd;
        o.showCursor = false;
    }
    if (m_chosenLanes->isChecked())
        for (int i = 0; i < m_lanes->count(); ++i)
            if (m_lanes->item(i)->checkState() == Qt::Checked)
                o.lanes << m_lanes->item(i)->text();
    return r;
}

QString ExportDialog::problem() const
{
    if (m_source.scenes.empty())
        return tr("There is no run to export; run a lesson first.");
    if (format() == ExportFormat::Trace)
        return {};
    const ImageRequest r = imageRequest();
    if (r.size.width() > kMaxSide || r.size.height() > kMaxSide)
        return tr("The picture would be %1 × %2 px; keep width and height times the scale at most %3 px.")
            .arg(r.size.width())
            .arg(r.size.height())
            .arg(kMaxSide);
    if (r.size.width() < 16 || r.size.height() < 16)
        return tr("The picture would be %1 × %2 px; make it at least 16 px each way.")
            .arg(r.size.width())
            .arg(r.size.height());
    if (m_range->currentData().toInt() == CustomRange && m_to->value() <= m_from->value())
        return tr("“To” (%1 s) must be later than “from” (%2 s).").arg(m_to->value()).arg(m_from->value());
    if (m_chosenLanes->isChecked() && r.options.lanes.isEmpty())
        return tr("No lane is chosen; check at least one, or choose all lanes.");
    if (isAnimation()) {
        // Worded by the library, which the command line shares.
        if (const AnimationPlan plan = planAnimation(chosenScenes(), animationRequest()); !plan.problem.isEmpty())
            return plan.problem;
        QString missing;
        if (findFfmpeg(&missing).isEmpty())
            return missing;
    }
    return {};
}

void ExportDialog::choicesChanged()
{
    const bool picture = format() != ExportFormat::Trace;
    const bool byScale = m_byScale->isChecked();
    const bool animation = isAnimation();
    for (QWidget* w : QList<QWidget*>{m_byPixels, m_byScale, m_width, m_height, m_theme, m_legend, m_title,
                                      m_caption, m_range, m_allLanes, m_chosenLanes})
        w->setEnabled(picture);
    m_moment->setEnabled(picture && !animation); // an animation's moment moves over the range
    m_animationBox->setVisible(animation);
    m_scale->setEnabled(picture && byScale);
    const bool custom = m_range->currentData().toInt() == CustomRange;
    m_from->setEnabled(picture && custom);
    m_to->setEnabled(picture && custom);
    m_lanes->setEnabled(picture && m_chosenLanes->isChecked());
    m_variants->setEnabled(m_source.scenes.size() > 1 && m_oneVariant->isChecked());
    m_copyButton->setEnabled(picture && !animation);

    if (animation) {
        const AnimationPlan plan = planAnimation(chosenScenes(), animationRequest());
        m_sizeNote->setText(tr("The animation: %1 × %2 px, %n frame(s), %3 s", nullptr, plan.frames)
                                .arg(plan.size.width())
                                .arg(plan.size.height())
                                .arg(QLocale().toString(plan.frames / double(m_fps->value()), 'f', 1)));
    } else if (picture) {
        const QSize s = imageRequest().size;
        m_sizeNote->setText(tr("The picture: %1 × %2 px").arg(s.width()).arg(s.height()));
    } else {
        m_sizeNote->setText(QString());
    }
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_exportButton->setEnabled(why.isEmpty());
    if (picture && !animation)
        m_copyButton->setEnabled(why.isEmpty());
    m_debounce->start();
}

void ExportDialog::updatePreview()
{
    m_debounce->stop();
    if (format() == ExportFormat::Trace) {
        const auto scenes = chosenScenes();
        int tasks = 0;
        for (const TimelineScene* s : scenes)
            for (const Lane& l : s->lanes())
                tasks += l.kind == LaneKind::Task;
        m_preview = QImage();
        m_previewArea->setContent(QImage(),
                            tr("A Chrome/Perfetto trace of %n variant(s)", nullptr, int(scenes.size())) +
                                tr(", %n task track(s).", nullptr, tasks) + QLatin1Char('\n') +
                                tr("Open it at ui.perfetto.dev or chrome://tracing."));
        m_previewArea->setAccessibleDescription(tr("No picture: the trace format is chosen"));
        return;
    }
    if (!problem().isEmpty()) {
        m_preview = QImage();
        m_previewArea->setContent(QImage(), problem());
        return;
    }
    const ImageRequest r = imageRequest();
    const int em = fontMetrics().height();
    QSize room = m_previewArea->size() - QSize(em, em);
    if (room.width() < 8 * em || room.height() < 5 * em)
        room = m_previewArea->sizeHint();
    const QSize fit = r.size.scaled(room, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    const qreal dpr = devicePixelRatioF();
    QImage image(fit * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        // Laid out at the chosen size and scaled down, so the preview shows what the file holds.
        painter.scale(double(fit.width()) / r.size.width(), double(fit.height()) / r.size.height());
        paintTimeline(painter, QRectF(QPointF(0, 0), QSizeF(r.size)), chosenScenes(), r);
    }
    m_preview = image;
    m_previewArea->setContent(image, QString());
    m_previewArea->setAccessibleDescription(tr("Preview of a %1 × %2 px picture, %3 theme")
                                                .arg(r.size.width())
                                                .arg(r.size.height())
                                                .arg(r.options.theme->name));
}

QImage ExportDialog::renderImage() const
{
    if (format() == ExportFormat::Trace || !problem().isEmpty())
        return {};
    const ImageRequest r = imageRequest();
    QImage image(r.size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.setDotsPerMeterX(3780); // 96 dpi, like the PNG files
    image.setDotsPerMeterY(3780);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintTimeline(painter, QRectF(QPointF(0, 0), QSizeF(r.size)), chosenScenes(), r);
    return image;
}

QString ExportDialog::copyToClipboard()
{
    if (format() == ExportFormat::Trace || isAnimation())
        return tr("Only a still picture can be copied; choose PNG, SVG or PDF.");
    if (const QString why = problem(); !why.isEmpty())
        return why;
    const QImage image = renderImage();
    if (image.isNull())
        return tr("Cannot make an image of that size (not enough memory?)");
    QGuiApplication::clipboard()->setImage(image);
    saveSettings();
    return {};
}

QString ExportDialog::writeTo(const QString& path)
{
    if (const QString why = problem(); !why.isEmpty())
        return why;
    const QString error = format() == ExportFormat::Trace ? writePerfettoTrace(path, chosenScenes())
                          : isAnimation()                 ? writeAnimation(path)
                                                          : writeTimelineImage(path, chosenScenes(), imageRequest());
    if (error.isEmpty()) {
        m_lastDir = QFileInfo(path).absolutePath();
        saveSettings();
    }
    return error;
}

QString ExportDialog::writeAnimation(const QString& path)
{
    // Window-modal: the dialog cannot be changed under the export, and setValue lets the window
    // repaint between frames. Cancel stops ffmpeg; the existing file is then left as it was.
    QProgressDialog progress(tr("Encoding the animation…"), tr("Cancel"), 0, 1, this);
    progress.setWindowTitle(tr("Export"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(400);
    const auto step = [&progress](int done, int total) {
        progress.setMaximum(total);
        progress.setValue(done);
        return !progress.wasCanceled();
    };
    return writeTimelineAnimation(path, chosenScenes(), animationRequest(), step);
}

QString ExportDialog::defaultFileName() const
{
    QString stem = m_source.name.isEmpty() ? QStringLiteral("timeline") : m_source.name;
    if (m_source.scenes.size() > 1 && m_oneVariant->isChecked())
        stem += QLatin1Char('-') + m_variants->currentText();
    return stem + QLatin1Char('.') + extensionFor(format());
}

void ExportDialog::exportWithDialog()
{
    if (const QString why = problem(); !why.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot export"), why);
        return;
    }
    const ExportFormat f = format();
    const QString filter = f == ExportFormat::Png    ? tr("PNG image (*.png)")
                           : f == ExportFormat::Svg  ? tr("SVG drawing (*.svg)")
                           : f == ExportFormat::Pdf  ? tr("PDF document (*.pdf)")
                           : f == ExportFormat::Gif  ? tr("GIF animation (*.gif)")
                           : f == ExportFormat::Mp4  ? tr("MP4 video (*.mp4)")
                           : f == ExportFormat::WebM ? tr("WebM video (*.webm)")
                                                     : tr("Perfetto trace (*.json)");
    const QString start = m_lastDir.isEmpty() ? defaultFileName() : QDir(m_lastDir).filePath(defaultFileName());
    QString path = QFileDialog::getSaveFileName(this, tr("Export to"), start, filter);
    if (path.isEmpty())
        return;
    const QString ext = extensionFor(f);
    if (QFileInfo(path).suffix().compare(ext, Qt::CaseInsensitive) != 0)
        path += QLatin1Char('.') + ext;
    if (const QString error = writeTo(path); !error.isEmpty()) {
        if (error != animationCancelled())
            QMessageBox::warning(this, tr("Export failed"), error);
        return; // stays open so the choices can be changed and tried again
    }
    emit exported(path);
    accept();
}

void ExportDialog::done(int result)
{
    saveSettings();
    QDialog::done(result);
}

// --- remembered choices ---------------------------------------------------------------------------
// Group "export" of an ini file. Titles and captions belong to one lesson and are not remembered.

void ExportDialog::saveSettings() const
{
    const QFileInfo file(m_source.settingsPath);
    if (m_source.settingsPath.isEmpty() || (file.exists() && !file.isFile()))
        return; // never replace a FIFO, a device or a folder with our file
    QSettings s(m_source.settingsPath, QSettings::IniFormat);
    s.beginGroup(QStringLiteral("export"));
    s.setValue(QStringLiteral("format"), formatId(format()));
    s.setValue(QStringLiteral("sizeBy"), m_byScale->isChecked() ? QStringLiteral("scale") : QStringLiteral("pixels"));
    s.setValue(QStringLiteral("width"), m_width->value());
    s.setValue(QStringLiteral("height"), m_height->value());
    s.setValue(QStringLiteral("scale"), m_scale->value());
    s.setValue(QStringLiteral("theme"), m_theme->currentData().toString());
    s.setValue(QStringLiteral("legend"), m_legend->isChecked());
    s.setValue(QStringLiteral("fps"), m_fps->value());
    s.setValue(QStringLiteral("speed"), m_speed->value());
    const int range = m_range->currentData().toInt();
    s.setValue(QStringLiteral("range"), range == CustomRange    ? QStringLiteral("custom")
                                        : range == VisibleRange ? QStringLiteral("visible")
                                                                : QStringLiteral("whole"));
    s.setValue(QStringLiteral("from"), m_from->value());
    s.setValue(QStringLiteral("to"), m_to->value());
    s.setValue(QStringLiteral("moment"), m_moment->currentData().toInt() == AtEnd ? QStringLiteral("end")
                                                                                  : QStringLiteral("cursor"));
    s.setValue(QStringLiteral("lanes"), m_chosenLanes->isChecked() ? QStringLiteral("chosen") : QStringLiteral("all"));
    QStringList chosen;
    for (int i = 0; i < m_lanes->count(); ++i)
        if (m_lanes->item(i)->checkState() == Qt::Checked)
            chosen << m_lanes->item(i)->text();
    s.setValue(QStringLiteral("chosenLanes"), chosen);
    s.setValue(QStringLiteral("variants"), m_oneVariant->isChecked() ? QStringLiteral("one") : QStringLiteral("stacked"));
    if (m_variants->count() > 0)
        s.setValue(QStringLiteral("variant"), m_variants->currentText());
    if (!m_lastDir.isEmpty())
        s.setValue(QStringLiteral("folder"), m_lastDir);
    s.endGroup();
}

namespace {

// A remembered number, if it is one (read the same way in every locale) and the box can show it;
// nan, inf, text or a value out of range leave the default instead of an error nobody caused.
std::optional<double> rememberedNumber(const QSettings& s, const QString& key, const QDoubleSpinBox& box)
{
    const auto v = parseNumber(s.value(key).toString().toStdString());
    if (!v || *v < box.minimum() || *v > box.maximum())
        return std::nullopt;
    return v;
}

std::optional<int> rememberedWhole(const QSettings& s, const QString& key, const QSpinBox& box)
{
    const auto v = parseNumber(s.value(key).toString().toStdString());
    if (!v || *v != std::floor(*v) || *v < box.minimum() || *v > box.maximum())
        return std::nullopt;
    return int(*v);
}

} // namespace

void ExportDialog::restoreSettings()
{
    // Only a regular file: opening a FIFO or a device would block or read nonsense.
    if (m_source.settingsPath.isEmpty() || !QFileInfo(m_source.settingsPath).isFile())
        return;
    QSettings s(m_source.settingsPath, QSettings::IniFormat);
    if (s.status() != QSettings::NoError)
        return; // unreadable or garbled: the defaults
    s.beginGroup(QStringLiteral("export"));
    auto text = [&](const char* key) { return s.value(QLatin1String(key)).toString(); };
    auto pick = [](QComboBox* box, const QVariant& data) {
        if (const int i = box->findData(data); i >= 0)
            box->setCurrentIndex(i);
    };
    pick(m_format, text("format"));
    if (text("sizeBy") == QLatin1String("scale"))
        m_byScale->setChecked(true);
    if (const auto w = rememberedWhole(s, QStringLiteral("width"), *m_width))
        m_width->setValue(*w);
    if (const auto h = rememberedWhole(s, QStringLiteral("height"), *m_height))
        m_height->setValue(*h);
    if (const auto f = rememberedNumber(s, QStringLiteral("scale"), *m_scale))
        m_scale->setValue(*f);
    if (const auto fps = rememberedWhole(s, QStringLiteral("fps"), *m_fps))
        m_fps->setValue(*fps);
    if (const auto speed = rememberedNumber(s, QStringLiteral("speed"), *m_speed))
        m_speed->setValue(*speed);
    if (Theme::byId(text("theme")))
        pick(m_theme, text("theme"));
    if (s.contains(QStringLiteral("legend")))
        m_legend->setChecked(text("legend") != QLatin1String("false"));
    const QString range = text("range");
    pick(m_range, range == QLatin1String("custom")    ? CustomRange
                  : range == QLatin1String("visible") ? VisibleRange
                                                      : WholeRun);
    const auto from = rememberedNumber(s, QStringLiteral("from"), *m_from);
    const auto to = rememberedNumber(s, QStringLiteral("to"), *m_to);
    if (from && to && *from < *to) { // a range the dialog would refuse is no choice to restore
        m_from->setValue(*from);
        m_to->setValue(*to);
    }
    pick(m_moment, text("moment") == QLatin1String("end") ? AtEnd : AtCursor);
    const QStringList chosen = s.value(QStringLiteral("chosenLanes")).toStringList();
    bool anyKnown = false;
    for (int i = 0; i < m_lanes->count(); ++i)
        anyKnown |= chosen.contains(m_lanes->item(i)->text());
    // Another lesson's lanes mean nothing here: then all lanes, rather than an empty picture.
    if (text("lanes") == QLatin1String("chosen") && anyKnown) {
        m_chosenLanes->setChecked(true);
        for (int i = 0; i < m_lanes->count(); ++i)
            m_lanes->item(i)->setCheckState(chosen.contains(m_lanes->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    }
    if (m_source.scenes.size() > 1 && text("variants") == QLatin1String("one")) {
        m_oneVariant->setChecked(true);
        if (const int i = m_variants->findText(text("variant")); i >= 0)
            m_variants->setCurrentIndex(i);
    }
    if (const QString folder = text("folder"); !folder.isEmpty() && QFileInfo(folder).isDir())
        m_lastDir = folder;
    s.endGroup();
}

} // namespace loopscope::ui
