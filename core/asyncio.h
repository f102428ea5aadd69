#pragma once
// Everything a lesson program needs, in one include: the runtime in asyncio's vocabulary.

#include "asyncevent.h"
#include "asyncgenerator.h"
#include "blocking.h"
#include "context.h"
#include "errors.h"
#include "eventloop.h"
#include "executor.h"
#include "gather.h"
#include "lock.h"
#include "queue.h"
#include "semaphore.h"
#include "shield.h"
#include "simio.h"
#include "sleep.h"
#include "task.h"
#include "taskawait.h"
#include "taskgroup.h"
#include "waitfor.h"

// Lesson programs read like their listings: `co_await asyncio::sleep(1.0)`.
namespace asyncio = loopscope;
