#pragma once
// The headless command line: `loopscope list` and `loopscope run`. Needs no display.

#include <QStringList>

namespace loopscope::app {

// True if `args` (without the program name) is a command-line command.
bool isCliCommand(const QStringList& args);
// Runs it; returns the process exit status (2 for bad input).
int runCli(const QStringList& args);

} // namespace loopscope::app
