#pragma once
// Runs a test under a locale whose decimal separator is a comma, as Qt would set it from a German
// user's environment: whatever parses or writes numbers through the C library then goes wrong.
// CI generates de_DE.UTF-8 (dev.sh); elsewhere a machine without it skips, saying so.

#include <QTest>

#include <clocale>
#include <cstdlib>
#include <string>

namespace loopscope::test {

class CommaLocale
{
public:
    CommaLocale()
    {
        m_previous = std::setlocale(LC_ALL, nullptr);
        for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"})
            if (std::setlocale(LC_ALL, name)) {
                m_active = true;
                break;
            }
    }
    ~CommaLocale() { std::setlocale(LC_ALL, m_previous.c_str()); }
    CommaLocale(const CommaLocale&) = delete;
    CommaLocale& operator=(const CommaLocale&) = delete;

    bool active() const { return m_active; }

private:
    std::string m_previous;
    bool m_active = false;
};

} // namespace loopscope::test

// Enters a comma-decimal locale for the rest of the scope, or skips the test where none exists
// (fails instead under CI, which must have one).
#define LS_IN_COMMA_LOCALE(guard)                                                                   \
    loopscope::test::CommaLocale guard;                                                             \
    if (!guard.active()) {                                                                          \
        if (std::getenv("CI"))                                                                      \
            QFAIL("no comma-decimal locale (de_DE.UTF-8) on this CI machine: dev.sh should make it"); \
        QSKIP("no comma-decimal locale installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)");       \
    }                                                                                               \
    QCOMPARE(std::string(std::localeconv()->decimal_point), std::string(","))
