#include "hugepages.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <unistd.h>
#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

namespace loopscope::app {

namespace {

constexpr const char* kTunables = "GLIBC_TUNABLES";
constexpr const char* kSetting = "glibc.malloc.hugetlb";
// Set across the exec: the first start's GLIBC_TUNABLES, so the second can put it back.
constexpr const char* kMarker = "LOOPSCOPE_GLIBC_TUNABLES_BEFORE";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true; // the sanitizer's allocator ignores glibc's settings
#else
constexpr bool kSanitized = false;
#endif

bool glibcKnowsTheSetting()
{
#if defined(__GLIBC__)
    int major = 0, minor = 0;
    return std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) == 2 && (major > 2 || (major == 2 && minor >= 35));
#else
    return false;
#endif
}

bool hugePagesAvailable()
{
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    std::getline(mode, text);
    return !text.empty() && text.find("[never]") == std::string::npos;
}

void restore(const std::optional<std::string>& before)
{
    if (before)
        setenv(kTunables, before->c_str(), 1);
    else
        unsetenv(kTunables);
}

} // namespace

std::optional<std::string> tunablesWithHugePages(const char* current)
{
    if (!current || !*current)
        return std::string(kSetting) + "=1";
    if (std::strstr(current, kSetting))
        return std::nullopt;
    return std::string(current) + ':' + kSetting + "=1";
}

// "-" for unset; "=" and the value when set (an empty value too).
std::string encodeBefore(const char* current)
{
    return current ? "=" + std::string(current) : std::string("-");
}

std::optional<std::string> decodeBefore(const std::string& marker)
{
    if (!marker.empty() && marker.front() == '=')
        return marker.substr(1);
    return std::nullopt;
}

void restartWithHugePages(char** argv)
{
    if (const char* marker = std::getenv(kMarker)) {
        // The second start: malloc has read the setting; the environment is the user's again.
        restore(decodeBefore(marker));
        unsetenv(kMarker);
        return;
    }
    if (kSanitized || !glibcKnowsTheSetting() || !hugePagesAvailable())
        return;
    const char* current = std::getenv(kTunables);
    const std::optional<std::string> wanted = tunablesWithHugePages(current);
    if (!wanted)
        return;
    const std::optional<std::string> before = current ? std::optional<std::string>(current) : std::nullopt;
    setenv(kMarker, encodeBefore(current).c_str(), 1);
    setenv(kTunables, wanted->c_str(), 1);
    execv("/proc/self/exe", argv);
    // exec failed: go on without the setting, as if nothing happened.
    restore(before);
    unsetenv(kMarker);
}

} // namespace loopscope::app
