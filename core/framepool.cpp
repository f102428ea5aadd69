#include "framepool.h"

#include "chunkmemory.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace loopscope::detail {

constinit thread_local FramePoolState t_framePool{};

namespace {

constexpr std::size_t kSlabBytes = 64 * 1024;

std::atomic<std::size_t> g_slabBytes{0};

// Where slabs come from: after the first MiB, 2 MiB-aligned regions the kernel may back with
// huge pages (chunkmemory.h). A hundred thousand tasks take some 30 MB of frames and records,
// and in 4 KiB pages their first touch cost more than creating the tasks. Never destroyed:
// blocks live as long as the process.
ChunkMemory& slabMemory()
{
    static auto* memory = new ChunkMemory;
    return *memory;
}

// Pools of threads that have exited, for the next thread that needs one: their slabs may still
// hold live blocks (a task record another thread keeps), so they are never freed.
std::mutex g_sparePoolsMutex;
std::vector<FramePoolState>& sparePools()
{
    static auto* pools = new std::vector<FramePoolState>; // never destroyed: threads may exit late
    return *pools;
}

// Registered by a thread's first refill; at its exit, hands the thread's pool on.
struct PoolKeeper
{
    ~PoolKeeper()
    {
        std::lock_guard lock(g_sparePoolsMutex);
        sparePools().push_back(t_framePool);
        t_framePool = {};
    }
};

} // namespace

void* refillFramePool(std::size_t sizeClass)
{
    thread_local PoolKeeper keeper;
    (void)keeper;
    FramePoolState& pool = t_framePool;
    bool adopted = false;
    {
        std::lock_guard lock(g_sparePoolsMutex);
        // Adopt an exited thread's pool, unless this thread already has blocks of its own.
        bool empty = pool.bump == pool.bumpEnd;
        for (void* head : pool.free)
            empty = empty && head == nullptr;
        if (empty && !sparePools().empty()) {
            pool = sparePools().back();
            sparePools().pop_back();
            adopted = true;
        }
    }
    if (adopted)
        return allocateFrame(sizeClass * kFrameGranule);
    // The rest of the old slab, too small for this block, serves as free blocks of its size.
    const std::size_t rest = std::size_t(pool.bumpEnd - pool.bump);
    if (rest >= kFrameGranule)
        deallocateFrame(pool.bump, rest - rest % kFrameGranule);
    char* slab;
    {
        std::lock_guard lock(g_sparePoolsMutex);
        slab = static_cast<char*>(slabMemory().allocate(kSlabBytes));
    }
    g_slabBytes.fetch_add(kSlabBytes, std::memory_order_relaxed);
    pool.bump = slab + sizeClass * kFrameGranule;
    pool.bumpEnd = slab + kSlabBytes;
    return slab;
}

std::size_t framePoolBytes()
{
    return g_slabBytes.load(std::memory_order_relaxed);
}

} // namespace loopscope::detail
