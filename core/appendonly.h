#pragma once
// An array that one thread appends to while other threads read it, without locks. Elements live
// in fixed-size chunks that never move; the table of chunk pointers is replaced by a larger copy
// when full, and the old table is kept until destruction, so a reader that loaded it a moment ago
// still reads valid pointers. A reader may use every index below size(): the writer publishes the
// new size only after the element is stored (release), and size() acquires it.
//
// Live runs (core/live/) append from the loop's thread while the window reads; virtual runs pay
// one extra load per append for it.

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace loopscope {

template<typename T, std::size_t ChunkBits>
class AppendOnlyArray
{
public:
    static constexpr std::size_t kChunkSize = std::size_t(1) << ChunkBits;

    AppendOnlyArray() = default;
    ~AppendOnlyArray()
    {
        Table* table = m_table.load(std::memory_order_relaxed);
        if (table)
            for (std::size_t i = 0; i < table->used; ++i)
                delete[] table->chunks[i];
    }
    AppendOnlyArray(const AppendOnlyArray&) = delete;
    AppendOnlyArray& operator=(const AppendOnlyArray&) = delete;

    // Writer only.
    void push_back(T value)
    {
        const std::size_t n = m_size.load(std::memory_order_relaxed);
        const std::size_t offset = n & (kChunkSize - 1);
        if (offset == 0)
            m_writeChunk = addChunk(m_table.load(std::memory_order_relaxed));
        m_writeChunk[offset] = std::move(value);
        m_size.store(n + 1, std::memory_order_release);
    }

    std::size_t size() const { return m_size.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }
    const T& operator[](std::size_t i) const
    {
        return m_table.load(std::memory_order_acquire)->chunks[i >> ChunkBits][i & (kChunkSize - 1)];
    }
    const T& back() const { return (*this)[size() - 1]; }

private:
    struct Table
    {
        explicit Table(std::size_t capacity) : chunks(new T*[capacity]), capacity(capacity) {}
        std::unique_ptr<T*[]> chunks;
        std::size_t capacity;
        std::size_t used = 0;
    };

    // Rare (once per chunk): kept out of line so that push_back stays small enough to inline.
    [[gnu::noinline]] T* addChunk(Table* table)
    {
        if (!table || table->used == table->capacity) {
            auto bigger = std::make_unique<Table>(table ? table->capacity * 2 : 16);
            if (table) {
                for (std::size_t i = 0; i < table->used; ++i)
                    bigger->chunks[i] = table->chunks[i];
                bigger->used = table->used;
            }
            table = bigger.get();
            m_tables.push_back(std::move(bigger)); // older tables stay valid for readers
        }
        T* chunk = new T[kChunkSize];
        table->chunks[table->used] = chunk;
        ++table->used;
        m_table.store(table, std::memory_order_release);
        return chunk;
    }

    std::atomic<std::size_t> m_size{0};
    std::atomic<Table*> m_table{nullptr};
    T* m_writeChunk = nullptr; // the writer's: the chunk being filled
    std::vector<std::unique_ptr<Table>> m_tables; // the writer's only
};

} // namespace loopscope
