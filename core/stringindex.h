#pragma once
// Finds an interned string's id by its text, for TraceMeta::intern. Open addressing with linear
// probing over (hash, id) pairs: a lookup reads one slot, and the string itself only when the
// hashes agree, so adding a new name costs about one cache miss. A node-based map took three
// per lookup (bucket, node, text), about a third of the step in which a program creates
// 100,000 named tasks.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace loopscope {

class StringIndex
{
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    static std::uint32_t hashOf(std::string_view text)
    {
        return std::uint32_t(std::hash<std::string_view>{}(text));
    }

    // The id whose text equals `text`, or kNone; `textOf(id)` is a stored id's text.
    template<typename TextOf>
    std::uint32_t find(std::string_view text, std::uint32_t hash, const TextOf& textOf) const
    {
        if (m_slots.empty())
            return kNone;
        for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
            const Slot& slot = m_slots[i];
            if (slot.id == kNone)
                return kNone;
            if (slot.hash == hash && textOf(slot.id) == text)
                return slot.id;
        }
    }

    // Adds an id whose text is not in the index.
    void insert(std::uint32_t hash, std::uint32_t id);

    std::size_t size() const { return m_count; }

private:
    struct Slot
    {
        std::uint32_t hash = 0;
        std::uint32_t id = kNone;
    };
    std::size_t mask() const { return m_slots.size() - 1; }
    void place(std::uint32_t hash, std::uint32_t id);

    std::vector<Slot> m_slots; // a power of two long, at most half full
    std::size_t m_count = 0;
};

} // namespace loopscope
