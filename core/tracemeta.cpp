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
    m_strings.push_back(std::string());
    m_index.emplace(std::string_view(m_strings[0]), StringId(0));
    m_tasks.push_back({intern("loop"), TaskId()});
    m_objects.push_back({});
}

StringId TraceMeta::intern(std::string_view text)
{
    if (auto it = m_index.find(text); it != m_index.end())
        return it->second;
    const StringId id(static_cast<std::uint32_t>(m_strings.size()));
    m_strings.push_back(std::string(text));
    m_index.emplace(std::string_view(m_strings.back()), id);
    return id;
}

StringId TraceMeta::appendString(std::string text)
{
    const StringId id(static_cast<std::uint32_t>(m_strings.size()));
    m_strings.push_back(std::move(text));
    m_index.emplace(std::string_view(m_strings.back()), id); // keeps the first of duplicates
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
