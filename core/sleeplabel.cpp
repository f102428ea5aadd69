#include "sleeplabel.h"

#include "numtext.h"

#include <cstdint>
#include <cstring>

namespace loopscope {

namespace {

// "%.9g" through the general double formatter: right for every duration.
std::size_t writeGeneral(TimeNs duration, char* out)
{
    std::string s = formatGeneral(nsToSeconds(duration), 9);
    if (s.find_first_of(".e") == std::string::npos)
        s += ".0";
    std::memcpy(out, s.data(), s.size());
    return s.size();
}

std::size_t writeDigits(std::uint64_t v, char* out)
{
    char tmp[20];
    std::size_t n = 0;
    do {
        tmp[n++] = char('0' + v % 10);
        v /= 10;
    } while (v);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = tmp[n - 1 - i];
    return n;
}

// Digits of `ns` from its first to its last non-zero one.
int significantDigits(std::uint64_t ns)
{
    while (ns % 10 == 0)
        ns /= 10;
    int n = 0;
    for (; ns; ns /= 10)
        ++n;
    return n;
}

} // namespace

std::size_t writeSleepLabel(TimeNs duration, char* out)
{
    std::memcpy(out, "sleep(", 6);
    std::size_t n = 6;
    // "%.9g" prints fixed notation for 1e-4 <= seconds < 1e9. When the nanoseconds have at most
    // nine significant digits, the double nearest to them rounds back to exactly those digits,
    // so they can be written straight from the integer; otherwise ask the double formatter.
    constexpr TimeNs kFixedFrom = 100'000;                       // 1e-4 s
    constexpr TimeNs kFixedUntil = 1'000'000'000'000'000'000;    // 1e9 s
    if (duration >= kFixedFrom && duration < kFixedUntil && significantDigits(std::uint64_t(duration)) <= 9) {
        const auto whole = std::uint64_t(duration / kNsPerSecond);
        auto fraction = std::uint64_t(duration % kNsPerSecond);
        n += writeDigits(whole, out + n);
        out[n++] = '.';
        if (fraction == 0) {
            out[n++] = '0';
        } else {
            int width = 9;
            while (fraction % 10 == 0) {
                fraction /= 10;
                --width;
            }
            char digits[9];
            for (int i = width - 1; i >= 0; --i, fraction /= 10)
                digits[i] = char('0' + fraction % 10);
            std::memcpy(out + n, digits, std::size_t(width));
            n += std::size_t(width);
        }
    } else {
        n += writeGeneral(duration, out + n);
    }
    out[n++] = ')';
    return n;
}

std::string sleepLabel(TimeNs duration)
{
    char buf[kSleepLabelMax];
    return std::string(buf, writeSleepLabel(duration, buf));
}

} // namespace loopscope
