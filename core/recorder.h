#pragma once
// The instrument that keeps the history: it appends every event to a Trace.

#include "instrument.h"
#include "trace.h"

namespace loopscope {

class Recorder final : public Instrument
{
public:
    explicit Recorder(Trace& trace) : m_trace(trace) {}
    void onEvent(const Event& event) override { m_trace.append(event); }
    Trace& trace() { return m_trace; }

private:
    Trace& m_trace;
};

} // namespace loopscope
