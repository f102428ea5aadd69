#pragma once
// Context variables (Python's contextvars): each task carries a context, copied from the task
// that created it, so a value set in one request's task never leaks into another's.
// A Context is immutable once shared; ContextVar::set() gives the current task a modified copy.

#include "types.h"

#include <any>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace loopscope {

class Context
{
public:
    void addRef() { ++m_refs; }
    void release()
    {
        if (--m_refs == 0)
            delete this;
    }

    const std::any* find(std::uint32_t var) const
    {
        for (const auto& [id, value] : m_values)
            if (id == var)
                return &value;
        return nullptr;
    }

    // A copy with `var` set to `value`.
    Context* with(std::uint32_t var, std::any value) const
    {
        auto* copy = new Context;
        copy->m_values = m_values;
        for (auto& [id, v] : copy->m_values)
            if (id == var) {
                v = std::move(value);
                return copy;
            }
        copy->m_values.emplace_back(var, std::move(value));
        return copy;
    }

private:
    std::uint32_t m_refs = 0;
    std::vector<std::pair<std::uint32_t, std::any>> m_values;
};

// Reads and writes the running task's context (defined in contextvar.cpp).
const std::any* currentContextValue(std::uint32_t var);
void setCurrentContextValue(std::uint32_t var, std::any value);
std::uint32_t newContextVarId();

template<typename T>
class ContextVar
{
public:
    explicit ContextVar(std::string name, T defaultValue = T{})
        : m_name(std::move(name)), m_default(std::move(defaultValue)), m_id(newContextVarId())
    {
    }

    // The value in the running task's context, or the default.
    T get() const
    {
        const std::any* value = currentContextValue(m_id);
        return value ? std::any_cast<const T&>(*value) : m_default;
    }
    void set(T value) { setCurrentContextValue(m_id, std::any(std::move(value))); }
    const std::string& name() const { return m_name; }

private:
    std::string m_name;
    T m_default;
    std::uint32_t m_id;
};

} // namespace loopscope
