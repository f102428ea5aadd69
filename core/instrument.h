#pragma once
// Observers of the scheduler. The loop calls every attached instrument with each event as it
// happens; the Recorder is one such observer, and tests attach their own to watch a run live.

#include "event.h"

namespace loopscope {

class Instrument
{
public:
    virtual ~Instrument() = default;
    // Called synchronously, in order, for every state change. Must not call back into the loop.
    virtual void onEvent(const Event& event) = 0;
};

} // namespace loopscope
