#pragma once
// Themes: every colour and pattern a view or an export paints with. Paint code takes colours from
// here, never from literals. Task states differ by pattern as well as colour, so a picture reads in
// greyscale and for colour-blind readers; the palette is Okabe-Ito's.

#include "core/replay.h"

#include <QBrush>
#include <QColor>
#include <QPalette>
#include <QString>

#include <array>
#include <vector>

namespace loopscope::ui {

struct StateStyle
{
    QColor fill;
    Qt::BrushStyle pattern = Qt::NoBrush; // drawn over the fill in patternColor
    QColor patternColor;
    QString name;                         // "waiting", for legends and tooltips
};

struct Theme
{
    QString id;   // "light", "dark", "contrast", "print"
    QString name; // shown in menus

    QColor background, surface, text, mutedText, grid, axis;
    QColor cursor, accent, selection;
    QColor warning, error;
    QColor stall;       // the band drawn across every lane while a blocking call holds the loop
    QColor lateness;    // how late a timer fired
    QColor loopBusy, loopIdle;
    QColor wakeArrow;
    std::array<StateStyle, 8> states; // by TaskPhase
    std::vector<QColor> taskColors;   // a colour per task (code view markers), cycled

    const StateStyle& state(TaskPhase phase) const { return states[static_cast<std::size_t>(phase)]; }
    QColor taskColor(std::uint32_t taskId) const { return taskColors[taskId % taskColors.size()]; }
    // A brush showing a state's pattern (use after filling with state(p).fill).
    QBrush patternBrush(TaskPhase phase) const;
    // The widget palette matching this theme.
    QPalette palette() const;

    static const Theme& light();
    static const Theme& dark();
    static const Theme& contrast();
    static const Theme& print(); // white paper, no dark fills: for articles
    static const std::vector<const Theme*>& all();
    static const Theme* byId(const QString& id); // nullptr when unknown
};

} // namespace loopscope::ui
