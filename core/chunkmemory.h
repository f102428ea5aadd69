#pragma once
// ChunkMemory: where a large append-only array (the trace's events) keeps its chunks. A
// million task switches record about 50 MB of events, and on this project's machines the
// page faults of fresh memory, one per 4 KiB, cost more than the switching itself (the
// profile of a recorded run spent most of its time in the kernel, touching new pages). Once
// an array has grown past a few chunks, its chunks are carved from 2 MiB-aligned regions the
// kernel may back with huge pages, which takes one fault per 2 MiB instead of 512; a small
// trace stays on ordinary pages and costs no more than before.
//
// Chunks are only ever freed all together, when the array is destroyed.

#include <cstddef>
#include <vector>

namespace loopscope::detail {

class ChunkMemory
{
public:
    ChunkMemory() = default;
    ~ChunkMemory();
    ChunkMemory(const ChunkMemory&) = delete;
    ChunkMemory& operator=(const ChunkMemory&) = delete;

    // Zeroed memory of `bytes`, aligned to at least 4 KiB.
    void* allocate(std::size_t bytes);

private:
    struct Mapping
    {
        void* address;
        std::size_t length;
    };
    void* map(std::size_t bytes);

    std::vector<Mapping> m_mappings;
    char* m_next = nullptr; // the unused rest of the current region
    char* m_end = nullptr;
    std::size_t m_allocated = 0;
};

} // namespace loopscope::detail
