#pragma once
// Work that leaves the loop: requests on a network, jobs on real threads. A virtual run has no
// outside world (the core models such work on its own clock, exactly and repeatably); a live run
// (core/live/) installs one that does the work for real. Either way the loop only ever learns of
// a finished piece of work on its own thread, while it waits, and wakes the waiting task through
// its ready queue like any other wake-up.
//
// No Qt here: the interface is the core's, the implementation is core/live's.

#include "types.h"

#include <cstdint>
#include <functional>
#include <string>

namespace loopscope {

struct JobSpec;

using WorkToken = std::uint64_t;

class OutsideWorld
{
public:
    virtual ~OutsideWorld() = default;

    // A job on a real worker thread. `done` runs later on the loop's thread, while it waits.
    virtual WorkToken startJob(const JobSpec& spec, std::function<void()> done) = 0;
    // A GET of `path` that the far end answers after `latency`. `done` runs on the loop's thread
    // with an empty string on success, or the reason the request failed ("connection refused").
    virtual WorkToken startRequest(const std::string& path, TimeNs latency,
                                   std::function<void(const std::string& error)> done) = 0;
    // The waiter is gone (cancelled, or its frame torn down): never call its `done`, and stop
    // the work if it can be stopped (a request is aborted; a job on a thread runs to its end).
    virtual void forget(WorkToken token) = 0;
};

} // namespace loopscope
