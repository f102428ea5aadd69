#pragma once
// The player's controls: play/pause, reset, step back/forward with a choice of step, speed, and a
// scrubber over the whole recorded run, with the cursor's time written out.

#include "player.h"

#include <QToolBar>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace loopscope::app {

class TransportBar : public QToolBar
{
    Q_OBJECT

public:
    TransportBar(Player& player, ui::RunDocument& document, QWidget* parent = nullptr);

    StepKind stepKind() const;
    // The actions the window also binds to keys, so menus and shortcuts share them.
    QAction* playAction() const { return m_play; }
    QAction* resetAction() const { return m_reset; }
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* stepForwardAction() const { return m_stepForward; }
    // Checkable: the lesson runs on real time (the main window decides what it means).
    QAction* liveAction() const { return m_live; }
    // Checkable: the lesson's listing recorded on CPython is drawn under its run (the window runs it).
    QAction* cpythonAction() const { return m_cpython; }

private:
    void refresh();
    void onScrub(int value);

    Player& m_player;
    ui::RunDocument& m_document;
    QAction* m_play = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_live = nullptr;
    QAction* m_cpython = nullptr;
    QAction* m_stepForward = nullptr;
    QComboBox* m_step = nullptr;
    QComboBox* m_speed = nullptr;
    QSlider* m_scrubber = nullptr;
    QLabel* m_time = nullptr;
    bool m_updating = false;
};

} // namespace loopscope::app
