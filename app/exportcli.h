#pragma once
// `loopscope export`: timeline pictures (PNG, SVG, PDF), animations (GIF, MP4, WebM through ffmpeg),
// Perfetto traces and lesson plots (`--plot`: PNG, SVG, PDF) from the command line, painted by the
// same renderers as the window. Needs a QGuiApplication, but no display.

#include <QStringList>

namespace loopscope::app {

// args: everything after "export". Returns the exit status: 0, 1 (a file could not be written),
// 2 (bad input).
int runExport(const QStringList& args);

} // namespace loopscope::app
