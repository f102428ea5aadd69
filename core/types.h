#pragma once
// Basic vocabulary of the runtime: virtual time and strongly typed indices.

#include <cmath>
#include <cstdint>
#include <functional>

namespace loopscope {

// Time is kept in integer nanoseconds so that virtual runs are exact and deterministic:
// 0.1 + 0.2 seconds is always 300'000'000 ns, never 0.30000000000000004 s.
using TimeNs = std::int64_t;

constexpr TimeNs kNsPerSecond = 1'000'000'000;

inline TimeNs secondsToNs(double seconds)
{
    return static_cast<TimeNs>(std::llround(seconds * 1e9));
}

constexpr double nsToSeconds(TimeNs ns)
{
    return static_cast<double>(ns) / 1e9;
}

// A 32-bit index with a tag, so that a task id can never be passed where a string id is expected.
template<typename Tag>
struct Index
{
    std::uint32_t value = 0;

    constexpr Index() = default;
    constexpr explicit Index(std::uint32_t v) : value(v) {}
    constexpr bool isValid() const { return value != 0; }
    constexpr explicit operator bool() const { return isValid(); }
    friend constexpr bool operator==(Index, Index) = default;
    friend constexpr auto operator<=>(Index, Index) = default;
};

// Task 0 is "no task": the loop itself.
using TaskId = Index<struct TaskTag>;
// String 0 is the empty string.
using StringId = Index<struct StringTag>;
// Object 0 is "nothing": objects are primitives, executors and I/O clients a task can wait on.
using ObjectId = Index<struct ObjectTag>;

} // namespace loopscope

template<typename Tag>
struct std::hash<loopscope::Index<Tag>>
{
    std::size_t operator()(loopscope::Index<Tag> i) const noexcept { return i.value; }
};
