#include "chunkmemory.h"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace loopscope::detail {

namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kHugePage = std::size_t(2) << 20;
// Below this much, chunks are mapped one by one on ordinary pages: most traces are small.
constexpr std::size_t kOrdinaryUntil = std::size_t(1) << 20;
// Regions are reserved this large; what is never touched costs no memory.
constexpr std::size_t kRegion = std::size_t(16) << 20;

std::size_t roundUp(std::size_t n, std::size_t to)
{
    return (n + to - 1) / to * to;
}

} // namespace

ChunkMemory::~ChunkMemory()
{
    for (const Mapping& m : m_mappings) {
#if defined(__linux__)
        ::munmap(m.address, m.length);
#else
        ::operator delete(m.address, std::align_val_t(kHugePage));
#endif
    }
}

void* ChunkMemory::map(std::size_t bytes)
{
#if defined(__linux__)
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
#else
    void* p = ::operator new(bytes, std::align_val_t(kHugePage));
#endif
    m_mappings.push_back({p, bytes});
    return p;
}

void* ChunkMemory::allocate(std::size_t bytes)
{
    bytes = roundUp(bytes, kPage);
    m_mappings.reserve(m_mappings.size() + 1); // so that recording a mapping cannot fail
    if (m_allocated < kOrdinaryUntil) {
        m_allocated += bytes;
        return map(bytes);
    }
    if (std::size_t(m_end - m_next) < bytes) {
        // Over-reserve by one huge page so that the region can start on a 2 MiB boundary.
        const std::size_t length = roundUp(bytes, kRegion) + kHugePage;
        char* raw = static_cast<char*>(map(length));
#if defined(__linux__)
        m_next = reinterpret_cast<char*>(roundUp(reinterpret_cast<std::uintptr_t>(raw), kHugePage));
        m_end = raw + length;
        ::madvise(m_next, std::size_t(m_end - m_next) / kHugePage * kHugePage, MADV_HUGEPAGE);
#else
        m_next = raw;
        m_end = raw + length;
#endif
    }
    void* chunk = m_next;
    m_next += bytes;
    m_allocated += bytes;
    return chunk;
}

} // namespace loopscope::detail
