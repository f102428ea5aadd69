#pragma once
// A recording: the whole product of a run. Its events (one trace per variant) and everything a
// view, an export, the command line or a prediction needs besides them: where the run came from
// (lesson, parameters, variant), the program's source text, the clock it ran on, and how each
// variant ended. Nothing here refers to the loop that made it: a recording opened from a file is
// as good as one just made.

#include "trace.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace loopscope {

enum class ClockKind : std::uint8_t { Virtual, Live };

const char* toString(ClockKind clock);

// One variant of a run: its trace and how it ended.
struct RecordedRun
{
    std::string variant;
    TimeNs total = 0;
    std::string result;      // main's result as Python prints it, or ""
    std::string error;       // main's failure, "TypeName: message"
    bool deadlocked = false;
    bool stopped = false;    // a live run stopped part way
    std::int64_t requestsSent = 0;   // live: requests that went on the wire
    std::int64_t requestsServed = 0; // live: requests the local server answered
    std::unique_ptr<Trace> trace;
};

// Where a run came from and what it ran on: everything but the variants.
struct RecordingInfo
{
    std::string lessonId;
    // The parameters as typed ("n" = "3"), in the lesson's order.
    std::vector<std::pair<std::string, std::string>> params;
    ClockKind clock = ClockKind::Virtual;
    std::string listingName; // "listing.py"
    std::string listingText; // the source the lines in the events refer to
};

struct Recording : RecordingInfo
{
    std::vector<RecordedRun> runs;
};

} // namespace loopscope
