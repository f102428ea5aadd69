#pragma once
// Where an export goes, and how it gets there. A target is checked before any work is done, so a
// mistyped folder costs nothing; "-" is standard output; an existing target must be a regular file
// (never a device, a FIFO or a folder), and a symbolic link is written through to its target. Files
// are written to a temporary name beside the target and renamed over it only when complete, so a
// failed export never leaves a partial file or harms the one that was there.

#include <QString>

#include <functional>

class QIODevice;

namespace loopscope::ui {

// The target that means standard output.
bool isStandardOutput(const QString& path);

// A symbolic link's final target (links may chain), which need not exist yet; other paths as given.
// What a file written "through a link" replaces, so that the link itself stays.
QString followLinks(const QString& path);

// Returns an empty string if an export may be written to `path`, or one line saying why not.
QString checkExportTarget(const QString& path);

// Checks the target, then lets `produce` write to it and commits. `produce` returns an empty
// string or its own one-line failure (the target is then left as it was). Returns an empty
// string, or one line saying what went wrong.
QString writeExport(const QString& path, const std::function<QString(QIODevice&)>& produce);

} // namespace loopscope::ui
