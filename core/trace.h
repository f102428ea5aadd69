#pragma once
// The recorded history of one run: append-only events in fixed-size chunks, plus the tables
// they refer to. Appending never moves an event that is already stored, and never allocates
// per event: a new chunk is allocated once every kChunkSize events.

#include "event.h"
#include "tracemeta.h"

#include <atomic>
#include <memory>
#include <vector>

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

    void append(const Event& event)
    {
        const std::size_t n = m_size.load(std::memory_order_relaxed);
        const std::size_t offset = n & (kChunkSize - 1);
        if (offset == 0)
            addChunk();
        m_chunks[n >> kChunkBits][offset] = event;
        // Readers on another thread see the event once they see the new size.
        m_size.store(n + 1, std::memory_order_release);
    }

    std::size_t size() const { return m_size.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }
    const Event& operator[](std::size_t i) const { return m_chunks[i >> kChunkBits][i & (kChunkSize - 1)]; }

    // Index of the first event whose time is greater than t (events are in time order).
    std::size_t upperBound(TimeNs t) const;

    TimeNs endTime() const { return empty() ? 0 : (*this)[size() - 1].t; }

    const TraceMeta& meta() const { return *m_meta; }
    const std::shared_ptr<TraceMeta>& sharedMeta() const { return m_meta; }

    std::size_t bytesUsed() const { return m_chunks.size() * kChunkSize * sizeof(Event); }

private:
    void addChunk();

    std::shared_ptr<TraceMeta> m_meta;
    std::vector<std::unique_ptr<Event[]>> m_chunks;
    std::atomic<std::size_t> m_size{0};
};

} // namespace loopscope
