#pragma once
// The knobs of a user's program: its `# --- parameters ---` block (the lessons' listings use the
// same convention) read as parameter specs the parameters panel shows, and the values chosen there
// as the `--set NAME=VALUE` arguments the recorder substitutes into the block before it runs.
//
//     # --- parameters ---
//     n = 5          # how many jobs              -> a whole number
//     t = 1.0        # seconds each job takes     -> a number
//     verbose = False                             -> a switch
//     mode = "fast"  # "fast" or "careful"        -> a choice among the quoted words
//     # --- end parameters ---

#include "lessons/lesson.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace loopscope::app {

struct ProgramParameters
{
    std::vector<lessons::ParamSpec> specs;
    // Lines of the block that are not a parameter the panel can show, one message each; the
    // program still runs with what its block says.
    QStringList skipped;
};

ProgramParameters readProgramParameters(const QString& source);

// "name=value" for each parameter whose value differs from its default, in the block's order.
QStringList parameterAssignments(const std::vector<lessons::ParamSpec>& specs, const lessons::Params& params);

// Checks "name=value" assignments against the parameters block of the program at `path` (by the
// lessons' rules: the type and range of each knob). Returns "" and, in `settings`, the recorder's
// --set arguments and, in `values`, every knob's value; or the one-line problem. A program that
// cannot be read has no knobs here (running it says why).
QString applyProgramSettings(const QString& path, const QStringList& assignments, QStringList& settings,
                             lessons::Params& values);

} // namespace loopscope::app
