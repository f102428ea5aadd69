"""A seeded fuzz of the command line's parser and of parameter values: thousands of argument
vectors built from the real vocabulary (commands, lesson ids, options, every parameter) and from
values at and past each boundary, plus junk. Each must exit 0, 1 or 2; exit 2 with exactly one
line on stderr; and none may take 20 s or more (a hang).

    python3 tests/cli/fuzz_cli.py build/dev/app/loopscope [--cases N] [--seed S]   (or FUZZ_CASES=N)

Vectors that would open the window (no command) always carry one bad token, so they are refused
rather than started. Live runs are left out: they take real time by design.
"""

import concurrent.futures
import json
import os
import random
import subprocess
import sys
import tempfile
import time

LIMIT = 20.0
JUNK = ["", " ", "-", "--", "---", "=", "==", "nan", "inf", "-inf", "1e-310", "1e400", "-1", "0", "2,5", "0x10",
        "1e9", "99999999999999999999", "é", "\u202e", "a" * 300, "--set", "--variant", "--json", "--format",
        "x=y=z", "%s%n", "'", "\"", "\\", "\t", "null", "true", "-0", "+1", ".5", "5.", "1_0"]
FORMATS = ["png", "svg", "pdf", "trace", "bmp", "PNG", ""]
THEMES = ["light", "dark", "contrast", "print", "neon", ""]


def boundary_values(p):
    kind = p["type"]
    if kind == "bool":
        return ["true", "false", "1", "0", "yes", "no", "maybe", ""]
    if kind == "choice":
        return p["choices"] + ["", "nope", p["choices"][0].upper()]
    lo, hi = p["min"], p["max"]
    values = [p["default"], repr(lo), repr(hi), repr(lo - 1), repr(hi + 1), repr((lo + hi) / 2), str(int(lo))]
    if kind == "list":
        values += [f"{lo},{hi}", ",".join([repr(lo)] * 9), f"{lo},,{hi}", f"{lo},", f",{hi}", f"{lo};{hi}"]
    if kind == "int":
        values += [repr(lo + 0.5), f"{int(hi)}0"]
    return values


class Generator:
    def __init__(self, seed, lessons, outdir):
        self.r = random.Random(seed)
        self.lessons = lessons
        self.out = outdir
        self.n = 0

    def pick(self, seq):
        return self.r.choice(seq)

    def junk(self):
        return self.pick(JUNK)

    def lesson_args(self):
        lesson = self.pick(self.lessons) if self.r.random() < 0.9 else None
        args = [lesson["id"] if lesson else self.pick(["nope", "", "Gather", "--json"])]
        for _ in range(self.r.randrange(0, 4)):
            roll = self.r.random()
            if lesson and lesson["params"] and roll < 0.6:
                p = self.pick(lesson["params"])
                value = self.pick(boundary_values(p)) if self.r.random() < 0.85 else self.junk()
                name = p["name"] if self.r.random() < 0.9 else self.junk()
                args += ["--set", f"{name}={value}"] if self.r.random() < 0.95 else ["--set"]
            elif lesson and roll < 0.8:
                args += ["--variant", self.pick(lesson["variants"] + ["nope", ""])]
            else:
                args.append(self.junk())
        return args

    def target(self, fmt):
        self.n += 1
        roll = self.r.random()
        if roll < 0.1:
            return "-"
        if roll < 0.15:
            return "/dev/null"
        if roll < 0.2:
            return os.path.join(self.out, "missing", f"f{self.n}.png")
        ext = {"trace": "json"}.get(fmt, fmt) if self.r.random() < 0.85 else self.pick(["png", "svg", "txt", ""])
        return os.path.join(self.out, f"f{self.n}.{ext}")

    def picture_args(self):
        args = []
        for _ in range(self.r.randrange(0, 4)):
            option = self.pick(["--width", "--height", "--scale", "--theme", "--from", "--to", "--at", "--title",
                                "--no-legend", "--format"])
            if option == "--no-legend":
                args.append(option)
                continue
            if option in ("--width", "--height"):
                value = self.pick(["16", "15", "800", "16000", "16001", "16.9", "-5", "1e3"] + [self.junk()])
            elif option == "--scale":
                value = self.pick(["0.25", "0.24", "1", "8", "8.5", "nan"] + [self.junk()])
            elif option == "--theme":
                value = self.pick(THEMES)
            elif option == "--format":
                value = self.pick(FORMATS)
            elif option == "--title":
                value = self.junk()
            else:
                value = self.pick(["0", "0.5", "1", "3", "1e9", "1e10", "8e7", "-1"] + [self.junk()])
            args += [option, value] if self.r.random() < 0.95 else [option]
        return args

    def vector(self):
        roll = self.r.random()
        if roll < 0.1:
            return ["list"] + self.r.sample(["--json", self.junk(), "--json"], self.r.randrange(0, 3))
        if roll < 0.45:
            return ["run"] + self.lesson_args() + self.r.sample(["--json", self.junk()], self.r.randrange(0, 2))
        if roll < 0.9:
            fmt = self.pick(FORMATS[:4])
            args = ["export"] + self.lesson_args() + ["--format", fmt] + self.picture_args()
            if self.r.random() < 0.9:
                args += ["--out", self.target(fmt)]
            if self.r.random() < 0.03:
                args = ["export", "--all", "--format", fmt, "--dir", self.r.choice([self.out + "/all", self.junk()])]
            return args
        if roll < 0.94:
            # record: the program never exists, so nothing runs; the options are checked first.
            args = ["record", self.pick([self.out + "/missing.py", self.junk(), "--json"])]
            for _ in range(self.r.randrange(0, 4)):
                option = self.pick(["--max-wall", "--max-cpu", "--max-memory", "--max-events", "--max-output",
                                    "--python", "--set", "--save", "--real-time", "--json", "--"])
                args += [option, self.pick(["0", "1.5", "-1", "nan", "1e99", "n=1"] + [self.junk()])]
            return args
        # The window's options: always one bad token, so the window never opens.
        args = []
        for _ in range(self.r.randrange(0, 3)):
            option = self.pick(["--lesson", "--at", "--theme", "--presentation", "--live"])
            if option in ("--presentation", "--live"):
                args.append(option)
            else:
                args += [option, self.pick([self.pick(self.lessons)["id"], "1.5", "nan", "dark"] + [self.junk()])]
        bad = self.pick(["--bogus", "--at", "--theme"])
        args += [bad] + (["neon"] if bad == "--theme" else ["nan"] if bad == "--at" else [])
        return args


def check(exe, args, env, cwd):
    began = time.monotonic()
    try:
        # In the scratch folder: relative names (an --all --dir of junk) land there too.
        done = subprocess.run([exe, *args], capture_output=True, env=env, timeout=LIMIT, stdin=subprocess.DEVNULL,
                              cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, f"took {LIMIT:.0f} s or more"
    took = time.monotonic() - began
    code = done.returncode
    if code not in (0, 1, 2):
        return code, f"exit {code}: {done.stderr.decode('utf-8', 'replace')[-300:]}"
    if code == 2:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("loopscope: "):
            return code, f"exit 2 with {len(lines)} lines on stderr: {lines[:3]}"
    if took >= LIMIT:
        return code, f"took {took:.1f} s"
    return code, None


def main():
    exe = os.path.abspath(sys.argv[1])
    # FUZZ_CASES lets the slower passes (the sanitizer build) run fewer; CI's main pass runs 5,000.
    cases = int(sys.argv[sys.argv.index("--cases") + 1]) if "--cases" in sys.argv else int(os.environ.get("FUZZ_CASES", 5000))
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 20261130
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lessons = json.loads(subprocess.run([exe, "list", "--json"], capture_output=True, check=True, env=env).stdout)
    failures = []
    codes = {}
    with tempfile.TemporaryDirectory() as out:
        gen = Generator(seed, lessons, out)
        vectors = [gen.vector() for _ in range(cases)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for args, (code, problem) in zip(vectors, pool.map(lambda a: check(exe, a, env, out), vectors)):
                codes[code] = codes.get(code, 0) + 1
                if problem:
                    failures.append((args, problem))
    for args, problem in failures[:20]:
        print(f"FAIL {problem}\n     loopscope {' '.join(repr(a) for a in args)}")
    print(f"fuzz: {cases} argument vectors (seed {seed}); exit codes: {dict(sorted(codes.items(), key=str))}")
    print(f"fuzz: {cases - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
