#pragma once
// Transparent huge pages for the heap of the window's process.
//
// A lesson run of 100,000 tasks takes some 50 MB of fresh small allocations in one step of its
// loop (main creating the tasks). On 4 KiB pages that is thousands of page faults, and on a
// virtual machine the window stood still for 190 ms of that step; with glibc's malloc on huge
// pages the same step takes 70 ms. glibc reads that setting (the tunable glibc.malloc.hugetlb,
// glibc 2.35 and later) only when a program starts, so the window's process starts itself again
// once with it set, and then puts the environment back as it was: the programs it starts (the
// recorder's Python) see the user's environment, not this setting.

#include <optional>
#include <string>

namespace loopscope::app {

// Starts this program again with the setting when it helps: glibc 2.35 or later, huge pages not
// switched off, not under a sanitizer, and the setting not already chosen by the user. On the
// second start it only restores the environment. Returns when nothing is to be done or exec
// failed; `argv` as given to main.
void restartWithHugePages(char** argv);

// The pure parts, for tests.
// GLIBC_TUNABLES with huge pages for malloc added; nullopt when the user already chose.
std::optional<std::string> tunablesWithHugePages(const char* current);
// How the variable was before (unset, or its value), kept in the marker variable across exec.
std::string encodeBefore(const char* current);
std::optional<std::string> decodeBefore(const std::string& marker);

} // namespace loopscope::app
