#pragma once
// The listing as the run ran it: a lesson's listing.py ships with its default parameters in the
// `# --- parameters ---` block, but the run on screen may have n = 8 or mode = "create-task". This
// writes the run's values (and the variant shown) into that block, line for line, so the code view
// shows the program that was run and every line number stays where the trace says it is.

#include "lessons/lesson.h"

#include <QString>

#include <string>

namespace loopscope::ui {

// `listing` with each `name = value` line of its parameters block set to the value `params` holds
// for `name`, and a `variant = ...` line set to `variant` (when not empty). Comments keep their
// column where the new value leaves room. Lines outside the block are untouched.
QString listingWithValues(const QString& listing, const lessons::Params& params, const std::string& variant);

// A parameter's value written as Python source: 8, 2.0, True, "create-task".
QString pythonLiteral(const lessons::ParamValue& value);

} // namespace loopscope::ui
