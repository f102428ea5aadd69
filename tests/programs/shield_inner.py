# A payment is shielded from the caller's timeout: the caller gives up at 1 s, but the shielded
# task keeps going and completes at 2 s.
import asyncio


async def pay():
    await asyncio.sleep(2)
    print("payment completed")
    return "paid"


async def checkout(payment):
    return await asyncio.shield(payment)


async def main():
    payment = asyncio.create_task(pay(), name="payment")
    try:
        await asyncio.wait_for(checkout(payment), timeout=1)
    except TimeoutError:
        print("checkout gave up; payment still running:", not payment.done())
    print(await payment)


asyncio.run(main())
