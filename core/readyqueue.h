#pragma once
// The loop's FIFO of handles to run (asyncio's `_ready` deque). A ring buffer indexed by an
// ever-growing sequence number, so a queued handle can be taken out in O(1) by nulling its slot
// (asyncio marks such handles cancelled and skips them the same way).

#include "handle.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace loopscope {

class ReadyQueue
{
public:
    ReadyQueue() : m_slots(std::make_unique<Handle*[]>(kInitial)), m_mask(kInitial - 1) {}

    bool empty() const { return m_head == m_tail; }
    // Slots in the queue, including emptied ones (what asyncio's len(_ready) counts).
    std::uint64_t size() const { return m_tail - m_head; }

    void push(Handle& h)
    {
        if (m_tail - m_head > m_mask)
            grow();
        h.m_readySeq = m_tail;
        h.m_inReady = true;
        m_slots[m_tail & m_mask] = &h;
        ++m_tail;
    }

    // Front handle, or nullptr for a slot whose handle was taken out.
    Handle* pop()
    {
        Handle* h = m_slots[m_head & m_mask];
        ++m_head;
        if (h)
            h->m_inReady = false;
        return h;
    }

    void remove(Handle& h)
    {
        if (!h.m_inReady)
            return;
        m_slots[h.m_readySeq & m_mask] = nullptr;
        h.m_inReady = false;
    }

    template<typename F>
    void forEach(F&& f) const
    {
        for (std::uint64_t s = m_head; s != m_tail; ++s)
            if (Handle* h = m_slots[s & m_mask])
                f(*h);
    }

private:
    static constexpr std::uint64_t kInitial = 256;

    void grow()
    {
        const std::uint64_t capacity = (m_mask + 1) * 2;
        auto grown = std::make_unique<Handle*[]>(capacity);
        for (std::uint64_t s = m_head; s != m_tail; ++s)
            grown[s & (capacity - 1)] = m_slots[s & m_mask];
        m_slots = std::move(grown);
        m_mask = capacity - 1;
    }

    std::unique_ptr<Handle*[]> m_slots;
    std::uint64_t m_mask;
    std::uint64_t m_head = 0;
    std::uint64_t m_tail = 0;
};

} // namespace loopscope
