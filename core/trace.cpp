#include "trace.h"

namespace loopscope {

Trace::Trace(std::shared_ptr<TraceMeta> meta) : m_meta(std::move(meta))
{
    // Reserving the chunk directory keeps it from moving for the first 64M events.
    m_chunks.reserve(4096);
}

Trace::~Trace() = default;

void Trace::addChunk()
{
    m_chunks.push_back(std::make_unique_for_overwrite<Event[]>(kChunkSize));
}

std::size_t Trace::upperBound(TimeNs t) const
{
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

} // namespace loopscope
