#pragma once
// The loop's timers (asyncio's `_scheduled`). It repeats CPython's heapq algorithm step for
// step (sift-down on push, the bottom-up sift-up on pop, heapify on clean-up) and compares only
// deadlines, as TimerHandle.__lt__ does, so timers due at the same instant fire in exactly the
// order CPython fires them. Like asyncio, a cancelled timer stays in the heap as a dead entry
// until it reaches the top or the loop sweeps the heap.
//
// Where each timer sits in the heap is kept in an array by timer id, not in the timer's handle:
// every level of a sift moves an entry, and writing its position into the handle (which lives
// in some task's frame) touched a cold cache line per level; with 100,000 timers pending the
// profile showed the loop waiting on memory more than working. The array costs 4 bytes per
// timer ever armed, next to the trace's several events per timer.

#include "handle.h"
#include "types.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace loopscope {

struct TimerEntry
{
    TimeNs deadline;
    std::uint32_t id;     // arming order, also the timer's id in the trace
    std::uint32_t owner;  // TaskId value of the task the timer belongs to
    Handle* handle;       // nullptr once cancelled
};

class TimerHeap
{
public:
    bool empty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    std::size_t cancelledCount() const { return m_cancelled; }
    const TimerEntry& top() const { return m_heap.front(); }
    const std::vector<TimerEntry>& entries() const { return m_heap; }

    void push(const TimerEntry& e)
    {
        if (e.id >= m_position.size())
            m_position.resize(std::size_t(e.id) + 1);
        if (e.handle)
            e.handle->m_armedTimer = e.id;
        m_heap.push_back(e);
        siftDown(0, m_heap.size() - 1);
    }

    TimerEntry pop()
    {
        TimerEntry last = m_heap.back();
        m_heap.pop_back();
        if (m_heap.empty()) {
            detach(last);
            return last;
        }
        TimerEntry top = m_heap.front();
        place(0, last);
        siftUp(0);
        detach(top);
        return top;
    }

    // Marks the timer of `h` cancelled; returns its entry, or false if it is not armed.
    bool cancel(Handle& h, TimerEntry* cancelled = nullptr)
    {
        if (h.m_armedTimer == Handle::kNoTimer)
            return false;
        TimerEntry& e = m_heap[m_position[h.m_armedTimer]];
        if (cancelled)
            *cancelled = e;
        e.handle = nullptr;
        h.m_armedTimer = Handle::kNoTimer;
        ++m_cancelled;
        return true;
    }

    // asyncio's clean-up at the start of each iteration: sweep when over half of more than 100
    // timers are dead, otherwise drop dead timers from the top.
    void dropCancelled()
    {
        if (m_heap.size() > 100 && m_cancelled * 2 > m_heap.size()) {
            std::erase_if(m_heap, [](const TimerEntry& e) { return e.handle == nullptr; });
            for (std::size_t i = 0; i < m_heap.size(); ++i)
                m_position[m_heap[i].id] = static_cast<std::uint32_t>(i);
            for (std::size_t i = m_heap.size() / 2; i-- > 0;)
                siftUp(i);
            m_cancelled = 0;
            return;
        }
        while (!m_heap.empty() && m_heap.front().handle == nullptr)
            pop();
    }

private:
    void detach(const TimerEntry& e)
    {
        if (e.handle)
            e.handle->m_armedTimer = Handle::kNoTimer;
        else
            --m_cancelled;
    }
    void place(std::size_t i, const TimerEntry& e)
    {
        m_heap[i] = e;
        m_position[e.id] = static_cast<std::uint32_t>(i);
    }
    // heapq._siftdown: move the item at `pos` up towards `start` while it is smaller.
    void siftDown(std::size_t start, std::size_t pos)
    {
        const TimerEntry item = m_heap[pos];
        while (pos > start) {
            const std::size_t parent = (pos - 1) >> 1;
            if (item.deadline < m_heap[parent].deadline) {
                place(pos, m_heap[parent]);
                pos = parent;
                continue;
            }
            break;
        }
        place(pos, item);
    }
    // heapq._siftup: walk the smaller child up to a leaf, then sift the item back down.
    void siftUp(std::size_t pos)
    {
        const std::size_t end = m_heap.size();
        const std::size_t start = pos;
        const TimerEntry item = m_heap[pos];
        std::size_t child = 2 * pos + 1;
        while (child < end) {
            const std::size_t right = child + 1;
            if (right < end && !(m_heap[child].deadline < m_heap[right].deadline))
                child = right;
            place(pos, m_heap[child]);
            pos = child;
            child = 2 * pos + 1;
        }
        place(pos, item);
        siftDown(start, pos);
    }

    std::vector<TimerEntry> m_heap;
    std::vector<std::uint32_t> m_position; // by timer id: where its entry is in m_heap
    std::size_t m_cancelled = 0;
};

} // namespace loopscope
