#include "tracemeta.h"

namespace loopscope {

const char* toString(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Lock: return "lock";
    case ObjectKind::Semaphore: return "semaphore";
    case ObjectKind::Queue: return "queue";
    case ObjectKind::Event: return "event";
    case ObjectKind::Executor: return "executor";
    case ObjectKind::IoClient: return "io client";
    case ObjectKind::Timer: return "timer";
    case ObjectKind::Other: return "object";
    }
    return "?";
}

TraceMeta::TraceMeta()
{
    appendString(std::string());
    m_tasks.push_back({intern("loop"), TaskId()});
    m_objects.push_back({});
}

StringId TraceMeta::intern(std::string_view text)
{
    const std::uint32_t hash = StringIndex::hashOf(text);
    const auto textOf = [this](std::uint32_t id) -> std::string_view { return m_strings[id]; };
    if (const std::uint32_t found = m_index.find(text, hash, textOf); found != StringIndex::kNone)
        return StringId(found);
    const StringId id(static_cast<std::uint32_t>(m_strings.size()));
    m_strings.push_back(std::string(text));
    m_index.insert(hash, id.value);
    return id;
}

StringId TraceMeta::appendString(std::string text)
{
    const std::uint32_t hash = StringIndex::hashOf(text);
    const auto textOf = [this](std::uint32_t id) -> std::string_view { return m_strings[id]; };
    // A duplicate keeps its own id, but lookups find the first.
    const bool known = m_index.find(text, hash, textOf) != StringIndex::kNone;
    const StringId id(static_cast<std::uint32_t>(m_strings.size()));
    m_strings.push_back(std::move(text));
    if (!known)
        m_index.insert(hash, id.value);
    return id;
}

TaskId TraceMeta::addTask(StringId name, TaskId parent)
{
    const TaskId id(static_cast<std::uint32_t>(m_tasks.size()));
    m_tasks.push_back({name, parent});
    return id;
}

ObjectId TraceMeta::addObject(ObjectKind kind, StringId name, std::int64_t capacity)
{
    const ObjectId id(static_cast<std::uint32_t>(m_objects.size()));
    m_objects.push_back({kind, name, capacity});
    return id;
}

} // namespace loopscope
