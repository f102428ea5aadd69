"""The recorder's schema (recorder/loopscope_recorder/schema.py) against the C++ headers it mirrors.

    python3 tests/recorder/test_schema.py

core/event.h, core/tracemeta.h and core/recording.h declare the numbers a recording is made of;
schema.py repeats them for the recorder, which writes files the C++ loader reads. The two are kept
in step by hand, so this test reads every enum both sides declare and fails on any difference of
name, number or order, on an enum one side has and the other lacks, and on the kinds whose first
argument names a task. The last class checks the header reader on made-up text.
"""

import os
import re
import sys
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "recorder"))

from loopscope_recorder import schema  # noqa: E402

# The headers whose enums make up the file format, and the name each enum has in schema.py where
# the two differ.
HEADERS = ("core/event.h", "core/tracemeta.h", "core/recording.h")
PYTHON_NAME = {"ClockKind": "Clock"}
# Enums of those headers that are not part of the file format.
NOT_IN_FILES = set()

ENUM = re.compile(r"enum\s+class\s+(\w+)\s*(?::\s*[\w:]+)?\s*\{(.*?)\}\s*;", re.S)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def cpp_enums(text):
    """{name: [(member, value), ...]} for every `enum class` in a header's text, values counted as
    C++ counts them (from 0, or from an explicit `= N`)."""
    enums = {}
    for m in ENUM.finditer(strip_comments(text)):
        members, value = [], -1
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item:
                name, number = (part.strip() for part in item.split("=", 1))
                value = int(number, 0)
            else:
                name, value = item, value + 1
            members.append((name, value))
        enums[m.group(1)] = members
    return enums


def header_enums():
    enums = {}
    for header in HEADERS:
        with open(os.path.join(REPO, header), encoding="utf-8") as f:
            enums.update(cpp_enums(f.read()))
    return enums


def python_enums():
    from enum import IntEnum
    return {name: [(m.name, int(m.value)) for m in value]
            for name, value in vars(schema).items()
            if isinstance(value, type) and issubclass(value, IntEnum) and value is not IntEnum}


class SchemaTests(unittest.TestCase):
    def test_every_enum_of_the_file_format_is_the_same_on_both_sides(self):
        cpp = {PYTHON_NAME.get(name, name): members for name, members in header_enums().items()
               if name not in NOT_IN_FILES}
        py = python_enums()
        self.assertEqual(sorted(cpp), sorted(py), "enums declared on one side only")
        for name in sorted(cpp):
            self.assertEqual(cpp[name], py[name], "enum %s differs between the headers and schema.py" % name)

    def test_the_waits_that_name_a_task_agree(self):
        with open(os.path.join(REPO, "core/tracereader.h"), encoding="utf-8") as f:
            text = strip_comments(f.read())
        body = re.search(r"waitsOnTask\s*\([^)]*\)\s*(?:noexcept\s*)?\{(.*?)\}", text, re.S)
        self.assertIsNotNone(body, "core/tracereader.h has no waitsOnTask to compare with")
        named = set(re.findall(r"WaitKind::(\w+)", body.group(1)))
        self.assertEqual(named, {k.name for k in schema.WAITS_ON_TASK})

    def test_every_event_kind_has_argument_roles(self):
        self.assertEqual(set(schema.EventKind), set(schema.ARGUMENT_ROLES))


class HeaderReaderTests(unittest.TestCase):
    def test_counts_as_cpp_does(self):
        text = """
        enum class A : std::uint8_t {
            First,   // a comment, with a comma
            Second,  /* another */
            Fifth = 5,
            Sixth,
        };
        enum class B { Only };
        """
        self.assertEqual({"A": [("First", 0), ("Second", 1), ("Fifth", 5), ("Sixth", 6)], "B": [("Only", 0)]},
                         cpp_enums(text))

    def test_a_reordered_member_is_a_difference(self):
        before = cpp_enums("enum class K { X, Y, Z };")
        after = cpp_enums("enum class K { X, Z, Y };")
        self.assertNotEqual(before, after)


if __name__ == "__main__":
    unittest.main(verbosity=2)
