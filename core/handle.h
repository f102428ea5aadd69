#pragma once
// The three small interfaces the loop is built from:
//  - Handle: something that sits in the ready queue or the timer heap and is run by the loop
//    (asyncio's Handle / TimerHandle). Tasks are handles; so are timer callbacks.
//  - DoneWaiter: a node in a task's list of done-callbacks (asyncio's add_done_callback).
//  - WaitNode: what a suspended task waits on, so cancel() and the deadlock report can reach it.
// All three are intrusive: the awaiter that suspends a task is itself the node, so waiting never
// allocates and a view of the loop can walk the real wait queues.

#include "types.h"

#include <cstdint>
#include <string>

namespace loopscope {

class TaskRecord;

class Handle
{
public:
    // Called by the loop when the handle reaches the front of the ready queue.
    virtual void run() = 0;
    // Called instead of run() when the loop closes with the handle still queued.
    virtual void discard() {}

    // Bookkeeping owned by the loop.
    std::uint64_t m_readySeq = 0;
    std::uint32_t m_armedTimer = kNoTimer; // the id of its timer while that is in the heap
    bool m_inReady = false;
    static constexpr std::uint32_t kNoTimer = 0xffffffffu;

protected:
    ~Handle() = default;
};

class DoneWaiter
{
public:
    // Called by the loop right after `task` finished (done, failed or cancelled).
    virtual void taskDone(TaskRecord& task) = 0;
    // Called when `task` is destroyed without finishing (the loop tore it down after a deadlock).
    virtual void taskAbandoned(TaskRecord&) {}

    DoneWaiter* m_nextDone = nullptr;

protected:
    ~DoneWaiter() = default;
};

// What cancel() did to a wait.
enum class CancelOutcome {
    Detached,  // the wait was undone; wake the task now and raise CancelledError in it
    Forwarded, // the cancel was passed on (to an awaited task, gather's children); wake later
    TooLate,   // the task is already woken; raise CancelledError when it next runs
};

class WaitNode
{
public:
    virtual CancelOutcome onCancel() = 0;
    // "lock L2", "sleep(1.0)", "task worker-2": for tooltips and the deadlock report.
    virtual std::string describe() const = 0;
    // The task that must act before this wait can end (a lock's holder, an awaited task), if any.
    virtual TaskRecord* blockedBy() const { return nullptr; }

protected:
    ~WaitNode() = default;
};

} // namespace loopscope
