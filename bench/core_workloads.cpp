// The core's side of the benchmark: one workload per run, figures printed as one JSON line.
// bench/run starts this and bench/asyncio_workloads.py alternately and builds the table.
//
//   loopscope_bench WORKLOAD on|off      (recorder on or off)

#include "core/asyncio.h"
#include "core/recorder.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>

using namespace loopscope;

// Counting allocator: how many bytes are live, for the memory-per-task figure. Kept out of line:
// inlined into callers, GCC misreads the size header in front of each block as out of bounds.
static std::size_t g_liveBytes = 0;

[[gnu::noinline]] void* operator new(std::size_t n)
{
    auto* p = static_cast<std::size_t*>(std::malloc(n + sizeof(std::max_align_t)));
    if (!p)
        throw std::bad_alloc();
    *p = n;
    g_liveBytes += n;
    return reinterpret_cast<char*>(p) + sizeof(std::max_align_t);
}
[[gnu::noinline]] void operator delete(void* q) noexcept
{
    if (!q)
        return;
    auto* p = reinterpret_cast<std::size_t*>(static_cast<char*>(q) - sizeof(std::max_align_t));
    g_liveBytes -= *p;
    std::free(p);
}
void operator delete(void* q, std::size_t) noexcept
{
    operator delete(q);
}

namespace {

// The same generator as asyncio_workloads.py, so both sides sleep the same random durations.
struct Lcg
{
    std::uint64_t state = 12345;
    double next() // uniform in [0, 1)
    {
        state = (state * 6364136223846793005ULL + 1442695040888963407ULL) & 0xFFFFFFFFFFFFFFFFULL;
        return double(state >> 11) / double(1ULL << 53);
    }
};

Task<void> yielder(int rounds)
{
    for (int i = 0; i < rounds; ++i)
        co_await asyncio::sleep(0);
}

Task<void> nothing()
{
    co_return;
}

Task<void> sleeper(double seconds)
{
    co_await asyncio::sleep(seconds);
}

Task<void> switches()
{
    std::vector<TaskRef<void>> tasks;
    for (int i = 0; i < 10'000; ++i)
        tasks.push_back(runningLoop().createTask(yielder(100)));
    co_await gather(std::move(tasks));
}

Task<void> spawn()
{
    std::vector<Task<void>> coros;
    coros.reserve(100'000);
    for (int i = 0; i < 100'000; ++i)
        coros.push_back(nothing());
    co_await gather(std::move(coros));
}

Task<void> timers()
{
    Lcg rng;
    std::vector<Task<void>> coros;
    for (int i = 0; i < 100'000; ++i)
        coros.push_back(sleeper(rng.next() * 0.001));
    co_await gather(std::move(coros));
}

Task<void> throughSemaphore(Semaphore& s)
{
    auto permit = co_await s.hold();
    co_await asyncio::sleep(0);
}

Task<void> semaphore()
{
    Semaphore s(100);
    std::vector<Task<void>> coros;
    for (int i = 0; i < 100'000; ++i)
        coros.push_back(throughSemaphore(s));
    co_await gather(std::move(coros));
}

Task<void> throughLock(Lock& l)
{
    auto held = co_await l.hold();
    co_await asyncio::sleep(0);
}

Task<void> lock()
{
    Lock l;
    std::vector<Task<void>> coros;
    for (int i = 0; i < 100'000; ++i)
        coros.push_back(throughLock(l));
    co_await gather(std::move(coros));
}

Task<void> producer(Queue<int>& q, int items)
{
    for (int i = 0; i < items; ++i)
        co_await q.put(i);
}

Task<void> consumer(Queue<int>& q, int items)
{
    for (int i = 0; i < items; ++i)
        (void)co_await q.get();
}

Task<void> queue()
{
    Queue<int> q(100);
    const int items = 1'000'000;
    co_await gather(producer(q, items), consumer(q, items));
}

Task<void> memoryHold(AsyncEvent& e)
{
    co_await e.wait();
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: loopscope_bench switches|spawn|memory|timers|semaphore|lock|queue on|off\n");
        return 2;
    }
    const std::string workload = argv[1];
    const bool record = std::strcmp(argv[2], "on") == 0;

    EventLoop loop(LoopOptions{.debug = false});
    Trace trace(loop.sharedMeta());
    Recorder recorder(trace);
    if (record)
        loop.addInstrument(recorder);

    double bytesPerTask = 0;
    const auto start = std::chrono::steady_clock::now();
    if (workload == "switches")
        loop.run(switches());
    else if (workload == "spawn")
        loop.run(spawn());
    else if (workload == "timers")
        loop.run(timers());
    else if (workload == "semaphore")
        loop.run(semaphore());
    else if (workload == "lock")
        loop.run(lock());
    else if (workload == "queue")
        loop.run(queue());
    else if (workload == "memory") {
        // 100,000 tasks created and started, each parked on an Event: bytes held per task.
        loop.run([&]() -> Task<void> {
            AsyncEvent e;
            std::vector<TaskRef<void>> tasks;
            tasks.reserve(100'000);
            co_await asyncio::sleep(0);
            // Frames and task records come from the frame pool's slabs, the rest from operator
            // new; the trace's events live in memory of their own (core/chunkmemory.h) and are
            // not counted.
            const std::size_t before = g_liveBytes + detail::framePoolBytes();
            for (int i = 0; i < 100'000; ++i)
                tasks.push_back(runningLoop().createTask(memoryHold(e)));
            co_await asyncio::sleep(0);
            bytesPerTask = double(g_liveBytes + detail::framePoolBytes() - before) / 100'000.0;
            e.set();
            co_await gather(std::move(tasks));
        }());
    } else {
        std::fprintf(stderr, "unknown workload '%s'\n", workload.c_str());
        return 2;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"seconds\": %.6f, \"events\": %zu, \"trace_bytes\": %zu, \"bytes_per_task\": %.1f}\n", seconds,
                trace.size(), trace.size() * sizeof(Event), bytesPerTask);
    return 0;
}
