"""Tests for the virtual-clock harness. Run with: python3 tests/fidelity/test_vclock.py"""

import os
import sys
import tempfile
import textwrap
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import vclock  # noqa: E402


def run(source, **kwargs):
    return vclock.run_source(textwrap.dedent(source), **kwargs)


def lines(report):
    return [(c["t_s"], c["task"], c["text"]) for c in report["console"]]


class VirtualClockTest(unittest.TestCase):
    def test_sleep_jumps_the_clock_without_real_waiting(self):
        began = time.perf_counter()
        report = run("""
            import asyncio
            async def main():
                print("before")
                await asyncio.sleep(100.0)
                print("after")
            asyncio.run(main())
        """)
        self.assertLess(time.perf_counter() - began, 5.0)
        self.assertIsNone(report["error"])
        self.assertEqual(report["total_s"], 100.0)
        self.assertEqual(lines(report), [(0.0, "main", "before"), (100.0, "main", "after")])

    def test_gather_of_sleeps_totals_the_longest(self):
        report = run("""
            import asyncio
            async def nap(d):
                await asyncio.sleep(d)
                print(f"woke {d}")
            async def main():
                tasks = [asyncio.create_task(nap(d), name=f"nap-{d}") for d in (1.0, 2.0, 3.0)]
                await asyncio.gather(*tasks)
            asyncio.run(main())
        """)
        self.assertIsNone(report["error"])
        self.assertEqual(report["total_s"], 3.0)
        self.assertEqual(lines(report), [(1.0, "nap-1.0", "woke 1.0"),
                                         (2.0, "nap-2.0", "woke 2.0"),
                                         (3.0, "nap-3.0", "woke 3.0")])

    def test_time_sleep_stalls_the_loop_and_timers_fire_late(self):
        report = run("""
            import asyncio, time
            async def timer():
                loop = asyncio.get_running_loop()
                await asyncio.sleep(0.5)
                print(f"timer at {loop.time():.2f}")
            async def blocker():
                time.sleep(2.0)
                print("blocker done")
            async def main():
                t = asyncio.create_task(timer(), name="timer")
                b = asyncio.create_task(blocker(), name="blocker")
                await asyncio.gather(t, b)
            asyncio.run(main())
        """)
        self.assertIsNone(report["error"])
        self.assertEqual(report["total_s"], 2.0)
        self.assertEqual(lines(report), [(2.0, "blocker", "blocker done"),
                                         (2.0, "timer", "timer at 2.00")])

    def test_wall_clock_functions_read_virtual_time(self):
        report = run("""
            import asyncio, time
            async def main():
                t0 = time.perf_counter()
                await asyncio.sleep(1.5)
                print(f"{time.perf_counter() - t0:.2f} {time.monotonic() - t0:.2f}")
            asyncio.run(main())
        """)
        self.assertEqual(report["console"][0]["text"], "1.50 1.50")

    def test_to_thread_waits_the_sum_of_sleeps_without_stalling(self):
        report = run("""
            import asyncio, time
            def blocking(x):
                time.sleep(1.0)
                time.sleep(2.0)
                return x * 2
            async def ticker():
                await asyncio.sleep(1.0)
                print("tick")
            async def main():
                t = asyncio.create_task(ticker(), name="ticker")
                result = await asyncio.to_thread(blocking, 21)
                print(f"result {result}")
                await t
            asyncio.run(main())
        """)
        self.assertIsNone(report["error"])
        self.assertEqual(report["total_s"], 3.0)
        self.assertEqual(lines(report), [(1.0, "ticker", "tick"), (3.0, "main", "result 42")])

    def test_to_thread_exception_arrives_after_the_sleeps(self):
        report = run("""
            import asyncio, time
            def broken():
                time.sleep(1.0)
                raise OSError("disk gone")
            async def main():
                await asyncio.to_thread(broken)
            asyncio.run(main())
        """)
        self.assertEqual(report["error"], "OSError: disk gone")
        self.assertEqual(report["total_s"], 1.0)

    def test_deadlock_is_reported_not_hung(self):
        report = run("""
            import asyncio
            async def main():
                print("waiting for nothing")
                await asyncio.Event().wait()
            asyncio.run(main())
        """)
        self.assertEqual(report["error"], "deadlock")
        self.assertEqual(lines(report), [(0.0, "main", "waiting for nothing")])

    def test_exception_group_escaping_run(self):
        report = run("""
            import asyncio
            async def bad():
                await asyncio.sleep(1.0)
                raise ValueError("nope")
            async def main():
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(bad())
            print("start")
            asyncio.run(main())
        """)
        self.assertEqual(report["error"],
                         "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)")
        self.assertEqual(report["total_s"], 1.0)
        self.assertEqual(lines(report), [(0.0, "loop", "start")])

    def test_runs_are_deterministic_including_automatic_task_names(self):
        source = """
            import asyncio
            async def who():
                print(asyncio.current_task().get_name())
            async def main():
                await asyncio.gather(who(), who())
            asyncio.run(main())
        """
        first, second = run(source), run(source)
        self.assertEqual(first, second)
        self.assertEqual([c["text"] for c in first["console"]], ["Task-2", "Task-3"])

    def test_never_awaited_warning_is_captured_on_request(self):
        report = run("""
            import asyncio
            async def job():
                pass
            async def main():
                job()
            asyncio.run(main())
        """, capture_warnings=True)
        self.assertTrue(any("never awaited" in w["text"] for w in report["warnings"]))


class ParameterTest(unittest.TestCase):
    SOURCE = textwrap.dedent("""\
        import asyncio
        # --- parameters ---
        n = 3            # how many
        delay = 2.0      # seconds, with a # inside the comment
        verbose = False
        delays = "2,1,3" # a list as a string
        variant = "sequential"
        # --- end parameters ---
        print(repr((n, delay, verbose, delays, variant)))
    """)

    def setUp(self):
        handle = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        handle.write(self.SOURCE)
        handle.close()
        self.path = handle.name
        self.addCleanup(os.unlink, self.path)

    def printed(self, params=None, variant=None):
        report = vclock.run_listing(self.path, params or {}, variant)
        return report["console"][0]["text"]

    def test_defaults_unchanged(self):
        self.assertEqual(self.printed(), "(3, 2.0, False, '2,1,3', 'sequential')")

    def test_strings_are_converted_to_the_default_type(self):
        text = self.printed({"n": "50", "delay": "1", "verbose": "true", "delays": "4,5"},
                            variant="concurrent")
        self.assertEqual(text, "(50, 1.0, True, '4,5', 'concurrent')")

    def test_typed_values_are_accepted(self):
        self.assertEqual(self.printed({"n": 7, "delay": 3}),
                         "(7, 3.0, False, '2,1,3', 'sequential')")

    def test_comments_survive_substitution(self):
        source = vclock.substitute_parameters(self.SOURCE, {"delay": 0.5})
        self.assertIn("delay = 0.5      # seconds, with a # inside the comment", source)

    def test_unknown_name_is_refused_with_the_known_names(self):
        with self.assertRaisesRegex(vclock.ListingError, "unknown parameter 'm'.*n, delay"):
            vclock.run_listing(self.path, {"m": "1"})

    def test_bad_values_are_refused(self):
        with self.assertRaisesRegex(vclock.ListingError, "'n' wants a int"):
            vclock.run_listing(self.path, {"n": "2.5"})
        with self.assertRaisesRegex(vclock.ListingError, "'verbose'"):
            vclock.run_listing(self.path, {"verbose": "yes"})

    def test_variant_on_a_listing_without_variants(self):
        source = "# --- parameters ---\nn = 1\n# --- end parameters ---\nprint(n)\n"
        self.assertEqual(vclock.substitute_parameters(source, {}, "main"), source)
        with self.assertRaises(vclock.ListingError):
            vclock.substitute_parameters(source, {}, "other")


if __name__ == "__main__":
    unittest.main()
