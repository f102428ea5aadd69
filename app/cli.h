#pragma once
// The headless command line: `loopscope list` and `loopscope run`. Needs no display.

#include "lessons/lesson.h"

#include <QStringList>

#include <optional>

namespace loopscope::app {

// A lesson chosen on the command line: `ID [--set NAME=VALUE]... [--variant NAME]`.
struct LessonChoice
{
    const lessons::Lesson* lesson = nullptr;
    lessons::Params params;
    QString variant; // empty: every variant
};

// Parses the lesson, its settings and variant, validating everything before anything runs; other
// arguments are left in `rest`, in order. Returns an empty string or the one-line error.
QString parseLessonChoice(const QStringList& args, LessonChoice& choice, QStringList& rest);

// Prints "loopscope: message" on stderr; returns 2 (bad input).
int failUsage(const QString& message);

// A number given on the command line, read the same way in every locale and by the same rules as
// lesson parameters (no nan, inf or subnormals); nullopt if it is not one or lies outside [lo, hi].
std::optional<double> numberArg(const QString& text, double lo, double hi);

// True if `args` (without the program name) is a command-line command.
bool isCliCommand(const QStringList& args);
// Runs it; returns the process exit status (2 for bad input).
int runCli(const QStringList& args);

} // namespace loopscope::app
