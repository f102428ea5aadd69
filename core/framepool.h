#pragma once
// The allocator behind coroutine frames and task records. Spawning a task allocates its frame
// and its record, and a program like gather(100,000 coroutines) frees them all again; the
// profile showed glibc's malloc and free taking about a third of the instructions of a spawn.
// Here a block is a pop from a per-thread free list of its size class, or a bump in a 64 KiB
// slab; freeing is a push. Slabs come from memory that may be backed by huge pages.
//
// Blocks go back to the list of the thread that frees them, and slabs are never handed back to
// the system while the process lives (a thread's pool is kept for the next thread when it
// exits, see framepool.cpp): a block freed on another thread is therefore always safe, and a
// long session reuses the memory of its largest run. Sanitizer builds bypass the pool so that
// AddressSanitizer still sees every frame on its own.

#include <cstddef>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define LOOPSCOPE_FRAME_POOL 0
#else
#define LOOPSCOPE_FRAME_POOL 1
#endif

namespace loopscope::detail {

inline constexpr std::size_t kFrameGranule = 16;  // also the blocks' alignment
inline constexpr std::size_t kFrameClasses = 32;  // blocks up to 512 bytes; larger ones use new
inline constexpr std::size_t kFramePoolMax = kFrameGranule * kFrameClasses;

struct FramePoolState
{
    void* free[kFrameClasses + 1]; // by size class; each free block holds the next one
    char* bump;                    // the rest of the current slab
    char* bumpEnd;
};

// Trivially constructed and destroyed, so that reaching it is one thread-pointer access.
extern constinit thread_local FramePoolState t_framePool;

// Takes a new slab (or a pool left by an exited thread) and carves the block from it.
void* refillFramePool(std::size_t sizeClass);

// Bytes of slabs taken from the system so far by every thread's pool (for the benchmark).
std::size_t framePoolBytes();

inline void* allocateFrame(std::size_t n)
{
    if (!LOOPSCOPE_FRAME_POOL || n > kFramePoolMax)
        return ::operator new(n);
    const std::size_t sizeClass = (n + kFrameGranule - 1) / kFrameGranule;
    FramePoolState& pool = t_framePool;
    if (void* block = pool.free[sizeClass]) {
        pool.free[sizeClass] = *static_cast<void**>(block);
        return block;
    }
    const std::size_t bytes = sizeClass * kFrameGranule;
    if (std::size_t(pool.bumpEnd - pool.bump) >= bytes) {
        void* block = pool.bump;
        pool.bump += bytes;
        return block;
    }
    return refillFramePool(sizeClass);
}

inline void deallocateFrame(void* block, std::size_t n) noexcept
{
    if (!block)
        return;
    if (!LOOPSCOPE_FRAME_POOL || n > kFramePoolMax) {
        ::operator delete(block);
        return;
    }
    const std::size_t sizeClass = (n + kFrameGranule - 1) / kFrameGranule;
    FramePoolState& pool = t_framePool;
    *static_cast<void**>(block) = pool.free[sizeClass];
    pool.free[sizeClass] = block;
}

} // namespace loopscope::detail
