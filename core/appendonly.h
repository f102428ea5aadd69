#pragma once
// An array that one thread appends to while other threads read it, without locks. Elements live
// in fixed-size chunks that never move; the table of chunk pointers is replaced by a larger copy
// when full, and the old table is kept until destruction, so a reader that loaded it a moment ago
// still reads valid pointers. A reader may use every index below size(): the writer publishes the
// new size only after the element is stored (release), and size() acquires it.
//
// Live runs (core/live/) append from the loop's thread while the window reads; virtual runs pay
// one extra load per append for it.

#include "chunkmemory.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <type_traits>
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
        if (!table)
            return;
        const std::size_t n = m_size.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < table->used; ++i) {
            if constexpr (!std::is_trivially_destructible_v<T>) {
                const std::size_t begin = i << ChunkBits;
                for (std::size_t j = begin; j < n && j < begin + kChunkSize; ++j)
                    std::destroy_at(table->chunks[i] + (j - begin));
            }
            if constexpr (!kLargeChunks)
                std::allocator<T>().deallocate(table->chunks[i], kChunkSize);
        }
        // Large chunks belong to m_chunkMemory, which frees them after this body.
    }
    AppendOnlyArray(const AppendOnlyArray&) = delete;
    AppendOnlyArray& operator=(const AppendOnlyArray&) = delete;

    // Writer only.
    void push_back(T value)
    {
        std::construct_at(nextSlot(), std::move(value));
        publishNext();
    }

    // Writer only: the storage of the next element, to be filled in place and then published
    // with publishNext() (the trace writes its events this way, without a copy in between).
    // Only for implicit-lifetime types such as aggregates, which need no constructor call.
    // Inlined: called for every recorded event.
    [[gnu::always_inline]] T* nextSlot()
    {
        const std::size_t offset = m_size.load(std::memory_order_relaxed) & (kChunkSize - 1);
        if (offset == 0)
            m_writeChunk = addChunk(m_table.load(std::memory_order_relaxed));
        return m_writeChunk + offset;
    }
    [[gnu::always_inline]] void publishNext() { m_size.store(m_size.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

    std::size_t size() const { return m_size.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }
    const T& operator[](std::size_t i) const
    {
        return m_table.load(std::memory_order_acquire)->chunks[i >> ChunkBits][i & (kChunkSize - 1)];
    }
    const T& back() const { return (*this)[size() - 1]; }

private:
    // Chunks of a quarter MiB or more (the trace's) come from ChunkMemory (chunkmemory.h).
    static constexpr bool kLargeChunks = kChunkSize * sizeof(T) >= (std::size_t(256) << 10);

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
        // Raw storage: each element is constructed when appended. Default-constructing a whole
        // chunk up front (new T[]) wrote every byte of it twice, which the profile showed.
        T* chunk;
        if constexpr (kLargeChunks)
            chunk = static_cast<T*>(m_chunkMemory.allocate(kChunkSize * sizeof(T)));
        else
            chunk = std::allocator<T>().allocate(kChunkSize);
        table->chunks[table->used] = chunk;
        ++table->used;
        m_table.store(table, std::memory_order_release);
        return chunk;
    }

    std::atomic<std::size_t> m_size{0};
    std::atomic<Table*> m_table{nullptr};
    T* m_writeChunk = nullptr; // the writer's: the chunk being filled
    std::vector<std::unique_ptr<Table>> m_tables; // the writer's only
    detail::ChunkMemory m_chunkMemory;                  // the chunks, when they are large
};

} // namespace loopscope
