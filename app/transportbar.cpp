#include "transportbar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QStyle>

namespace loopscope::app {

namespace {
constexpr int kScrubSteps = 10000;
}

TransportBar::TransportBar(Player& player, ui::RunDocument& document, QWidget* parent)
    : QToolBar(tr("Player"), parent), m_player(player), m_document(document)
{
    setObjectName(QStringLiteral("transport"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_reset = addAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("Reset"));
    m_reset->setToolTip(tr("Back to the start of the run (Home)"));
    m_stepBack = addAction(style()->standardIcon(QStyle::SP_MediaSeekBackward), tr("Back"));
    m_stepBack->setToolTip(tr("Step back (Left; Shift+Left for a whole loop iteration)"));
    m_play = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Play"));
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_stepForward = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"));
    m_stepForward->setToolTip(tr("Step forward (Right; Shift+Right for a whole loop iteration)"));

    addSeparator();
    auto* stepLabel = new QLabel(tr(" Step by "), this);
    addWidget(stepLabel);
    m_step = new QComboBox(this);
    m_step->addItem(tr("event"), int(StepKind::Event));
    m_step->addItem(tr("loop iteration"), int(StepKind::Iteration));
    m_step->addItem(tr("await"), int(StepKind::Await));
    m_step->addItem(tr("printed line"), int(StepKind::PrintedLine));
    m_step->setAccessibleName(tr("Step by"));
    m_step->setAccessibleDescription(tr("What Step and Back move over: one event, a loop iteration, an await or a printed line"));
    stepLabel->setBuddy(m_step);
    addWidget(m_step);

    auto* speedLabel = new QLabel(tr("  1 virtual second = "), this);
    addWidget(speedLabel);
    m_speed = new QComboBox(this);
    for (double s : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0})
        m_speed->addItem(tr("%1 s").arg(s), s);
    m_speed->setCurrentIndex(3);
    m_speed->setAccessibleName(tr("Real seconds per virtual second"));
    m_speed->setToolTip(tr("How many real seconds one virtual second takes while playing"));
    speedLabel->setBuddy(m_speed);
    addWidget(m_speed);
    addSeparator();
    m_live = addAction(tr("● Live"));
    m_live->setCheckable(true);
    m_cpython = addAction(tr("CPython"));
    m_cpython->setCheckable(true);
    addSeparator();

    m_scrubber = new QSlider(Qt::Horizontal, this);
    m_scrubber->setRange(0, kScrubSteps);
    m_scrubber->setAccessibleName(tr("Position in the run"));
    m_scrubber->setAccessibleDescription(tr("Drag to move the cursor through what is recorded"));
    m_scrubber->setMinimumWidth(200);
    m_scrubber->setFocusPolicy(Qt::NoFocus); // Left/Right belong to stepping
    addWidget(m_scrubber);
    m_time = new QLabel(this);
    m_time->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral(" 00000.000 s / 00000.000 s ")));
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_time->setAccessibleName(tr("Cursor time"));
    addWidget(m_time);

    connect(m_play, &QAction::triggered, &m_player, &Player::togglePlay);
    connect(m_reset, &QAction::triggered, &m_player, &Player::reset);
    connect(m_stepBack, &QAction::triggered, this, [this] { m_player.stepBack(stepKind()); });
    connect(m_stepForward, &QAction::triggered, this, [this] { m_player.stepForward(stepKind()); });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_player.setSecondsPerVirtualSecond(m_speed->currentData().toDouble()); });
    connect(m_scrubber, &QSlider::valueChanged, this, &TransportBar::onScrub);
    connect(&m_player, &Player::playingChanged, this, &TransportBar::refresh);
    connect(&m_player, &Player::liveChanged, this, &TransportBar::refresh);
    connect(&m_document, &ui::RunDocument::cursorMoved, this, &TransportBar::refresh);
    connect(&m_document, &ui::RunDocument::grown, this, &TransportBar::refresh);
    connect(&m_document, &ui::RunDocument::documentReset, this, &TransportBar::refresh);
    refresh();
}

StepKind TransportBar::stepKind() const
{
    return StepKind(m_step->currentData().toInt());
}

void TransportBar::refresh()
{
    const bool playing = m_player.isPlaying();
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_live->setChecked(m_player.showsLiveRecord());
    // While a live run goes on the cursor is the clock: nothing to play, step or rewind yet.
    for (QAction* a : {m_play, m_reset, m_stepBack, m_stepForward})
        a->setEnabled(!m_player.isLive());
    m_scrubber->setEnabled(!m_player.isLive());
    const TimeNs end = m_document.recordedEnd();
    const TimeNs now = m_document.cursorTime();
    if (m_player.isLive()) {
        // The head is now: there is no end to show yet, and the scrubber stays at the right.
        m_updating = true;
        m_scrubber->setValue(kScrubSteps);
        m_updating = false;
        m_time->setText(tr("live %1 s").arg(nsToSeconds(now), 0, 'f', 3));
        return;
    }
    m_updating = true;
    m_scrubber->setValue(end > 0 ? int(double(now) / double(end) * kScrubSteps) : 0);
    m_updating = false;
    m_time->setText(tr("%1 s / %2 s%3")
                        .arg(nsToSeconds(now), 0, 'f', 3)
                        .arg(nsToSeconds(end), 0, 'f', 3)
                        .arg(m_player.running() ? QStringLiteral("…") : QString()));
}

void TransportBar::onScrub(int value)
{
    if (m_updating)
        return;
    const TimeNs end = m_document.recordedEnd();
    m_player.seek(TimeNs(double(end) * value / kScrubSteps));
}

} // namespace loopscope::app
