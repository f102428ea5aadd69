#pragma once
// The recorded history of one run: append-only events in fixed-size chunks, plus the tables
// they refer to. Appending never moves an event that is already stored, and never allocates
// per event: a new chunk is allocated once every kChunkSize events.

#include "appendonly.h"
#include "event.h"
#include "tracemeta.h"

#include <memory>

namespace loopscope {

class Trace
{
public:
    static constexpr std::size_t kChunkBits = 14;
    static constexpr std::size_t kChunkSize = std::size_t(1) << kChunkBits; // events per chunk

    explicit Trace(std::shared_ptr<TraceMeta> meta = std::make_shared<TraceMeta>());
    ~Trace();
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

    // One writer (the loop's thread); readers on other threads see an event once they see the
    // size that includes it.
    void append(const Event& event) { m_events.push_back(event); }
    // The loop's fast path: fill the next event in place, then publish it.
    Event& nextEvent() { return *m_events.nextSlot(); }
    void publishEvent() { m_events.publishNext(); }

    std::size_t size() const { return m_events.size(); }
    bool empty() const { return size() == 0; }
    const Event& operator[](std::size_t i) const { return m_events[i]; }

    // Index of the first event whose time is greater than t (events are in time order).
    std::size_t upperBound(TimeNs t) const;

    TimeNs endTime() const { return empty() ? 0 : (*this)[size() - 1].t; }

    const TraceMeta& meta() const { return *m_meta; }
    const std::shared_ptr<TraceMeta>& sharedMeta() const { return m_meta; }

    std::size_t bytesUsed() const { return (size() + kChunkSize - 1) / kChunkSize * kChunkSize * sizeof(Event); }

private:
    std::shared_ptr<TraceMeta> m_meta;
    AppendOnlyArray<Event, kChunkBits> m_events;
};

} // namespace loopscope
