#pragma once
// A run as a Chrome Trace Event Format file, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open: a process per variant, a track per task, for the loop and for each executor worker; running
// and waiting as slices named for what runs or is awaited; yield points, prints and warnings as
// instant events; wake-ups as flow arrows from waker to woken; counters for permits and queue sizes.

#include "timelinescene.h"

#include <QString>

class QIODevice;

#include <vector>

namespace loopscope::ui {

// Writes the trace for these variants' scenes (already update()d to the end); returns an empty
// string, or one line saying what went wrong. Streamed to the target through exportfile.h: the
// target checked first, memory independent of the trace's length, the file replaced when complete.
QString writePerfettoTrace(const QString& path, const std::vector<const TimelineScene*>& scenes);

// The same JSON written to any device.
void writePerfettoJson(QIODevice& device, const std::vector<const TimelineScene*>& scenes);

// The same JSON as bytes (for tests and benchmarks).
QByteArray perfettoTraceJson(const std::vector<const TimelineScene*>& scenes);

} // namespace loopscope::ui
