#pragma once
// The tables that events refer to by index: interned strings, tasks and waitable objects.
// Strings are stored once however many events mention them. One writer (the loop's thread) adds
// to the tables while readers on other threads look up what they have seen in events.

#include "appendonly.h"
#include "stringindex.h"
#include "types.h"

#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

enum class ObjectKind : std::uint8_t { Lock, Semaphore, Queue, Event, Executor, IoClient, Timer, Other };

const char* toString(ObjectKind kind);

struct TaskInfo
{
    StringId name;
    TaskId parent;
};

struct ObjectInfo
{
    ObjectKind kind = ObjectKind::Other;
    StringId name;
    std::int64_t capacity = 0; // permits, maxsize, workers, connection limit (0 = unbounded)
};

class TraceMeta
{
public:
    TraceMeta();
    // Empty tables, for a loader that adds entries exactly as they were stored (appendString):
    // no empty string and no loop task up front.
    struct Empty {};
    explicit TraceMeta(Empty) {}

    // Adds `text` as the next string even if it is already there (a loader keeps stored ids).
    StringId appendString(std::string text);

    StringId intern(std::string_view text);
    const std::string& string(StringId id) const { return m_strings[id.value]; }
    std::size_t stringCount() const { return m_strings.size(); }

    TaskId addTask(StringId name, TaskId parent);
    const TaskInfo& task(TaskId id) const { return m_tasks[id.value]; }
    // A task created without a name is "Task-N", as in asyncio; the name is made on demand so
    // that a hundred thousand anonymous tasks do not fill the string table.
    std::string taskName(TaskId id) const
    {
        const StringId name = m_tasks[id.value].name;
        return name ? string(name) : "Task-" + std::to_string(id.value);
    }
    std::size_t taskCount() const { return m_tasks.size() - 1; }

    ObjectId addObject(ObjectKind kind, StringId name, std::int64_t capacity);
    const ObjectInfo& object(ObjectId id) const { return m_objects[id.value]; }
    const std::string& objectName(ObjectId id) const { return string(m_objects[id.value].name); }
    std::size_t objectCount() const { return m_objects.size() - 1; }

private:
    AppendOnlyArray<std::string, 8> m_strings; // interned strings never move, so views stay valid
    StringIndex m_index; // the writer's only
    AppendOnlyArray<TaskInfo, 10> m_tasks;    // index 0 is the loop
    AppendOnlyArray<ObjectInfo, 6> m_objects; // index 0 is "nothing"
};

} // namespace loopscope
