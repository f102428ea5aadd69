"""Retry a flaky call with exponential backoff; jitter keeps many clients from retrying in step."""
import asyncio
from collections import Counter

# --- parameters ---
failures = 3     # attempts that fail before the service answers
base = 2         # after failed attempt number a (counting from 0), wait base**a seconds
clients = 1      # clients retrying against the same flaky service
jitter = False   # True: stretch each wait by a per-client pseudo-random factor
# --- end parameters ---

CALL_TIME = 0.1     # seconds one call takes
MAX_ATTEMPTS = 12   # give up after this many attempts (failures is at most 10)
SHOW = 3            # print attempt lines for the first SHOW clients only
retry_starts = []   # when every retry began, for the summary at the end


def lcg(seed):
    # Deterministic jitter: x = (1103515245 * x + 12345) mod 2**31 (the classic C rand()
    # constants); each value x / 2**31 lies in [0, 1).
    x = seed
    while True:
        x = (1103515245 * x + 12345) % 2**31
        yield x / 2**31


async def flaky_call(attempt):
    await asyncio.sleep(CALL_TIME)
    if attempt < failures:
        raise ConnectionError("service unavailable")


async def client(cid, start):
    loop = asyncio.get_running_loop()
    rand = lcg(cid)   # seeded per client, so each client draws its own factors
    for attempt in range(MAX_ATTEMPTS):
        if attempt > 0:
            retry_starts.append(loop.time() - start)
        try:
            await flaky_call(attempt)
        except ConnectionError:
            wait = float(base**attempt)
            if jitter:
                wait = wait * (0.5 + next(rand))   # between 0.5 and 1.5 times the wait
            if cid <= SHOW:
                now = loop.time() - start
                print(f"client-{cid}: try {attempt + 1} failed at {now:.2f} s, waits {wait:.2f} s")
            await asyncio.sleep(wait)
        else:
            if cid <= SHOW:
                print(f"client-{cid}: try {attempt + 1} ok at {loop.time() - start:.2f} s")
            return
    raise RuntimeError(f"client-{cid} gave up")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [asyncio.create_task(client(c, start), name=f"client-{c}")
             for c in range(1, clients + 1)]
    await asyncio.gather(*tasks)
    print(f"main: all {clients} clients done at {loop.time() - start:.2f} s")
    # Without jitter every client retries at the very same instants: a thundering herd.
    print(f"main: {len(retry_starts)} retries at {len(set(retry_starts))} distinct instants")
    busiest = max(Counter(retry_starts).values(), default=0)
    print(f"main: at most {busiest} retries at the same instant")


if __name__ == "__main__":
    asyncio.run(main())
