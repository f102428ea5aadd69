#include "trace.h"

namespace loopscope {

Trace::Trace(std::shared_ptr<TraceMeta> meta) : m_meta(std::move(meta)) {}

Trace::~Trace() = default;

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
