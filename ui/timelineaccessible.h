#pragma once
// What a screen reader learns from the timeline: the widget is a chart whose children are its
// lanes (one per task, the loop, workers and counters, in every variant, in the order drawn; a
// folded group of sibling tasks is one child, named "request-* (100000 tasks)" and valued with
// how many are in each state at the cursor; the lane filter applies). A
// lane's name is its task's name; its value is what it does at the cursor ("job-1 waiting on
// sleep(1.0) from 0.000 s to 0.500 s, line 9"). The timeline's description is the cursor's time,
// the event it stands at and what changed there; it is announced each time the cursor moves, so
// stepping through a lesson can be followed by ear.

#include <QString>

class QAccessibleInterface;
class QObject;

namespace loopscope::ui {

class TimelineView;

// The factory Qt asks for the timeline's interface (installed once by the first TimelineView).
QAccessibleInterface* timelineAccessibleFactory(const QString& className, QObject* object);

// "t = 1.500 s · event 12 of 64 · job-1 running from 1.500 s": what the cursor shows, in words.
QString describeCursor(const TimelineView& view);

} // namespace loopscope::ui
