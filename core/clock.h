#pragma once
// Where the loop's time comes from. The virtual clock makes runs exact and instant: waiting for
// a timer is a jump, and a blocking call adds its duration. A live clock (core/live/) reads a
// steady clock and really waits.

#include "types.h"

#include <limits>

namespace loopscope {

// waitUntil's deadline when no timer is armed but outside work is in flight (live runs).
constexpr TimeNs kNoDeadline = std::numeric_limits<TimeNs>::max();

class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimeNs now() const = 0;
    // The loop has nothing to do until `deadline`: wait (or jump) until then. A live clock
    // returns early when outside work finished meanwhile (it queued the waiting task).
    virtual void waitUntil(TimeNs deadline) = 0;
    // The loop has handles ready: take note of outside work that finished, without waiting
    // (select with a zero timeout). A virtual clock has none.
    virtual void poll() {}
    // A blocking call on the loop's thread takes `duration`: nothing else runs meanwhile.
    virtual void block(TimeNs duration) = 0;
    virtual bool isVirtual() const = 0;
};

class VirtualClock final : public Clock
{
public:
    TimeNs now() const override { return m_now; }
    TimeNs current() const { return m_now; } // non-virtual, for the loop's hot path
    void waitUntil(TimeNs deadline) override
    {
        if (deadline > m_now)
            m_now = deadline;
    }
    void block(TimeNs duration) override { m_now += duration; }
    bool isVirtual() const override { return true; }

private:
    TimeNs m_now = 0;
};

} // namespace loopscope
