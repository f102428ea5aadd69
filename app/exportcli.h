#pragma once
// `loopscope export`: timeline pictures (PNG, SVG, PDF), animations (GIF, MP4, WebM through ffmpeg)
// and Perfetto traces from the command line, painted by the same renderer as the window. Needs a
// QGuiApplication, but no display.

#include <QStringList>

namespace loopscope::app {

// args: everything after "export". Returns the exit status: 0, 1 (a file could not be written),
// 2 (bad input).
int runExport(const QStringList& args);

} // namespace loopscope::app
