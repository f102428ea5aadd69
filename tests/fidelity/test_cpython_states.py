"""Fidelity of task states: every lesson's C++ program against its listing recorded on CPython.

For each lesson, variant and setting (the same ones test_lessons.py runs), the core's run saved with
`loopscope run ID --save FILE` and the listing recorded on CPython's asyncio by the Python recorder
(recorder/loopscope_recorder, virtual clock) must give the same task-state sequence: per event the
task (by creation order; names checked), the state (created, resumed, suspended with its wait kind
and await line, yielded, done / failed / cancelled, cancel requested / delivered) and the virtual
time to 1 us. state_mapping.py says how a row is made and holds the few lesson rules where a C++
program models on purpose what its listing does another way.

    python3 tests/fidelity/test_cpython_states.py --loopscope build/dev/app/loopscope [--lesson ID]...

threads-and-processes is left out, as in test_lessons.py: its worker and interpreter-lock model has
no virtual-clock equivalent on CPython.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RECORDER = os.path.join(ROOT, "recorder")
sys.path.insert(0, HERE)
sys.path.insert(0, RECORDER)

import state_mapping  # noqa: E402
import vclock  # noqa: E402
from loopscope_recorder.verify import decode_file  # noqa: E402
from test_lessons import NOT_ON_CPYTHON, settings_for  # noqa: E402

TIME_TOLERANCE_NS = 1000  # 1 us
CONTEXT_ROWS = 3
CHILD_TIMEOUT_S = 240


def _env(**extra):
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1", **extra)


def _run_binary(args, attempts=5):
    """Runs the loopscope binary; waits and retries while it is missing (being relinked)."""
    for attempt in range(attempts):
        if os.path.exists(args[0]):
            try:
                done = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=CHILD_TIMEOUT_S)
                if done.returncode >= 0:  # killed by a signal: maybe a half-written binary
                    return done
            except OSError:
                pass  # "text file busy" or not executable while the linker writes it
        time.sleep(2 + 4 * attempt)
    return subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=CHILD_TIMEOUT_S)


def record_core(loopscope, lesson, variant, setting, out):
    args = [loopscope, "run", lesson, "--variant", variant, "--save", out]
    for name, value in setting.items():
        args += ["--set", f"{name}={value}"]
    done = _run_binary(args)
    if done.returncode != 0 or not os.path.exists(out):
        raise RuntimeError(f"loopscope exited {done.returncode}: {done.stderr.strip()[-400:]}")
    rec = decode_file(out)
    matching = [v for v in rec.variants if v.name == variant]
    if len(matching) != 1:
        raise RuntimeError(f"the core's recording has variants {[v.name for v in rec.variants]}, not {variant!r}")
    return matching[0]


def record_cpython(lesson, variant, multi_variant, setting, workdir):
    """The listing with the setting (and variant) written in, recorded on CPython's asyncio."""
    with open(os.path.join(ROOT, "lessons", lesson, "listing.py"), encoding="utf-8") as f:
        source = f.read()
    source = vclock.substitute_parameters(source, dict(setting), variant if multi_variant else None)
    program = os.path.join(workdir, "listing.py")
    with open(program, "w", encoding="utf-8") as f:
        f.write(source)
    out = os.path.join(workdir, "cpython.loopscope")
    done = subprocess.run([sys.executable, "-m", "loopscope_recorder", "-o", out, program],
                          capture_output=True, text=True, cwd=workdir, timeout=CHILD_TIMEOUT_S,
                          env=_env(PYTHONPATH=RECORDER))
    if not os.path.exists(out):
        raise RuntimeError(f"the recorder wrote nothing (exit {done.returncode}): {done.stderr.strip()[-400:]}")
    rec = decode_file(out)
    if len(rec.variants) != 1:
        raise RuntimeError(f"the recorder wrote {len(rec.variants)} variants")
    return rec.variants[0]


def _same(a, b):
    return (a.task == b.task and a.state == b.state and a.detail == b.detail and a.line == b.line
            and abs(a.t - b.t) <= TIME_TOLERANCE_NS)


def compare_runs(core, cpython):
    """Differences between two state sequences, as lines of text (empty when they agree)."""
    problems = []
    n = min(len(core.states), len(cpython.states))
    first = next((i for i in range(n) if not _same(core.states[i], cpython.states[i])), None)
    if first is None and len(core.states) != len(cpython.states):
        first = n
    if first is not None:
        problems.append(f"state row {first + 1} differs (core has {len(core.states)} rows, CPython {len(cpython.states)})")
        for i in range(max(0, first - CONTEXT_ROWS), first + 1):
            mark = "  " if i < first else "->"
            left = core.states[i].text(core.names) if i < len(core.states) else "(none)"
            right = cpython.states[i].text(cpython.names) if i < len(cpython.states) else "(none)"
            if i < first:
                problems.append(f"  {mark} both:    {left}")
            else:
                problems.append(f"  {mark} core:    {left}")
                problems.append(f"  {mark} CPython: {right}")
    for i in range(1, min(len(core.names), len(cpython.names))):
        if not state_mapping.names_agree(core.names[i], cpython.names[i]):
            problems.append(f"task #{i}: core calls it {core.names[i]!r}, CPython {cpython.names[i]!r}")
            break
    return problems


def check(loopscope, lesson, variant, multi_variant, setting):
    """(problems, rule descriptions used) for one lesson / variant / setting."""
    workdir = tempfile.mkdtemp(prefix="ls-states-")
    try:
        try:
            core_variant = record_core(loopscope, lesson, variant, setting, os.path.join(workdir, "core.loopscope"))
            cpython_variant = record_cpython(lesson, variant, multi_variant, setting, workdir)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as problem:
            return [str(problem)], []
        core = state_mapping.states_of(core_variant, state_mapping.CORE)
        cpython = state_mapping.states_of(cpython_variant, state_mapping.CPYTHON)
        if not core.states:
            return ["the core's recording has no task states"], []
        core, cpython, used, idle = state_mapping.apply_rules(lesson, variant, setting, core, cpython)
        problems = [f"mapping rule found nothing to rewrite (stale?): {r.why}" for r in idle]
        return problems + compare_runs(core, cpython), [r.why for r in used]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loopscope", required=True, help="path to the loopscope executable")
    parser.add_argument("--lesson", action="append", help="only this lesson (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="runs checked at once")
    args = parser.parse_args()
    loopscope = os.path.abspath(args.loopscope)

    listed = _run_binary([loopscope, "list", "--json"])
    if listed.returncode != 0:
        print(f"loopscope list failed: {listed.stderr.strip()}")
        return 1
    lessons = json.loads(listed.stdout)
    if args.lesson:
        unknown = set(args.lesson) - {l["id"] for l in lessons}
        if unknown:
            parser.error(f"unknown lesson(s): {', '.join(sorted(unknown))}")
        lessons = [l for l in lessons if l["id"] in args.lesson]

    started = time.monotonic()
    runs = []
    for lesson in lessons:
        if lesson["id"] in NOT_ON_CPYTHON:
            print(f"skip {lesson['id']}: its model has no CPython virtual-clock equivalent")
            continue
        for variant in lesson["variants"]:
            for setting in settings_for(lesson):
                runs.append((lesson["id"], variant, len(lesson["variants"]) > 1, setting))

    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(check, loopscope, *run) for run in runs]
        for run, future in zip(runs, futures):
            lesson, variant, _, setting = run
            problems, used = future.result()
            label = " ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
            mapped = f"  [mapped: {'; '.join(used)}]" if used else ""
            if problems:
                failures += 1
                print(f"FAIL {lesson} / {variant} / {label}{mapped}")
                for p in problems:
                    print(f"     {p}")
            else:
                print(f"ok   {lesson} / {variant} / {label}{mapped}")
            sys.stdout.flush()
    print(f"{len(runs) - failures} of {len(runs)} runs give the same task states on CPython "
          f"({time.monotonic() - started:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
