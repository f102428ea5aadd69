#include "stringindex.h"

#include <algorithm>

namespace loopscope {

void StringIndex::place(std::uint32_t hash, std::uint32_t id)
{
    std::size_t i = hash & mask();
    while (m_slots[i].id != kNone)
        i = (i + 1) & mask();
    m_slots[i] = {hash, id};
}

void StringIndex::insert(std::uint32_t hash, std::uint32_t id)
{
    // At most half full keeps the probes short; the stored hashes spare rehashing the texts.
    if ((m_count + 1) * 2 > m_slots.size()) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
        for (const Slot& slot : old)
            if (slot.id != kNone)
                place(slot.hash, slot.id);
    }
    place(hash, id);
    ++m_count;
}

} // namespace loopscope
