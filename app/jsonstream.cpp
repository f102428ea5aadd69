#include "jsonstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <charconv>
#include <cmath>

namespace loopscope::app {

void JsonStream::key(std::string_view name)
{
    separate();
    quoted(name);
    put(':');
    m_afterKey = true;
}

void JsonStream::string(std::string_view text)
{
    separate();
    quoted(text);
}

void JsonStream::quoted(std::string_view text)
{
    put('"');
    std::size_t plain = 0; // start of the run of characters that need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(text.substr(plain, i - plain));
        if (c == '"' || c == '\\') {
            put('\\');
            put(char(c));
        } else {
            static const char* hex = "0123456789abcdef";
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(std::string_view(escaped, sizeof escaped));
        }
        plain = i + 1;
    }
    put(text.substr(plain));
    put('"');
}

void JsonStream::number(double value)
{
    if (!std::isfinite(value)) { // JSON has no nan or inf
        null();
        return;
    }
    separate();
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    put(std::string_view(buf, std::size_t(r.ptr - buf)));
}

void JsonStream::integer(long long value)
{
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    put(std::string_view(buf, std::size_t(r.ptr - buf)));
}

void JsonStream::boolean(bool value)
{
    separate();
    put(value ? "true" : "false");
}

void JsonStream::null()
{
    separate();
    put("null");
}

void JsonStream::value(const QJsonValue& v)
{
    separate();
    QByteArray text;
    if (v.isObject())
        text = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    else if (v.isArray())
        text = QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    else // a scalar: wrapped in an array by QJsonDocument, unwrapped here
        text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    put(std::string_view(text.constData(), std::size_t(text.size())));
}

} // namespace loopscope::app
