#pragma once
// Writes compact JSON straight to a FILE*, value by value, without building a document: the run
// report of 100,000 tasks is tens of megabytes, and a QJsonObject per task cost seconds and
// hundreds of megabytes. Numbers go through std::to_chars (locale-free, shortest round trip).

#include <cstdio>
#include <string>
#include <string_view>

class QJsonValue;

namespace loopscope::app {

class JsonStream
{
public:
    explicit JsonStream(std::FILE* out) : m_out(out) {}

    void beginObject() { separate(); put('{'); m_first = true; }
    void endObject() { put('}'); m_first = false; }
    void beginArray() { separate(); put('['); m_first = true; }
    void endArray() { put(']'); m_first = false; }

    // The next value belongs to this key (inside an object).
    void key(std::string_view name);

    void string(std::string_view text);
    void number(double value);
    void integer(long long value);
    void boolean(bool value);
    void null();
    // A small value built with QJson (parameters, predictions), written compactly.
    void value(const QJsonValue& value);

private:
    // Before any value or key: a comma unless it is the first in its container or a key's value.
    void separate()
    {
        if (m_afterKey)
            m_afterKey = false;
        else if (!m_first)
            put(',');
        m_first = false;
    }
    void quoted(std::string_view text);
    void put(char c) { std::fputc(c, m_out); }
    void put(std::string_view s) { std::fwrite(s.data(), 1, s.size(), m_out); }

    std::FILE* m_out;
    bool m_first = true;    // no value yet in the current object or array
    bool m_afterKey = false; // a key was written: its value needs no comma
};

} // namespace loopscope::app
