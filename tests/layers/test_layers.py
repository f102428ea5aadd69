"""The layering of docs/DESIGN.md, enforced: every #include in the project's C++ must be allowed by
the table under "Includes, checked" on that page.

    python3 tests/layers/test_layers.py

The table is read from the page itself, so the page and the code cannot drift apart unnoticed. A Qt
header counts as the module whose include folder holds it (<QWidget> is QtWidgets); <qcoro/...> is
QCoro; <zlib.h> is zlib; any other <header> is the C++ standard library (or the C library beneath
it). A quoted include is resolved beside the including file first, then from the project's root.
The second test class checks the checker on small made-up trees.
"""

import glob
import os
import re
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DESIGN = os.path.join(REPO, "docs", "DESIGN.md")
STANDARD = "the C++ standard library"
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)


def read_table(text):
    """{folder: set of what it may include} from the table under the heading "Includes, checked"."""
    at = text.find("### Includes, checked")
    if at < 0:
        raise ValueError("docs/DESIGN.md has no section '### Includes, checked'")
    rules = {}
    for line in text[at:].splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        folder = cells[0].strip("`")
        allowed = set()
        for item in cells[1].split(","):
            item = item.strip()
            allowed.add(item.strip("`") if item.startswith("`") else item)
        rules[folder] = allowed
    if not rules:
        raise ValueError("the table under 'Includes, checked' has no rows")
    return rules


def qt_include_roots():
    roots = glob.glob("/usr/include/*/qt6") + glob.glob("/usr/include/qt6")
    return [r for r in roots if os.path.isdir(r)]


def qt_module_of(header, roots):
    """'QtWidgets' for 'QWidget' or 'QtWidgets/QWidget'; None when no Qt module holds it."""
    first = header.split("/")[0]
    if "/" in header and re.fullmatch(r"Qt[A-Za-z]+", first):
        return first
    for root in roots:
        for path in glob.glob(os.path.join(root, "Qt*", header)):
            return os.path.basename(os.path.dirname(path))
    return None


def owner(relpath, folders):
    """The longest folder of the table that holds relpath, or None."""
    best = None
    for folder in folders:
        if relpath.startswith(folder) and (best is None or len(folder) > len(best)):
            best = folder
    return best


def classify(kind, header, including, repo, folders, roots):
    """What an include is, in the table's words: a folder ('core/'), a module, zlib or the standard."""
    if kind == '"':
        beside = os.path.normpath(os.path.join(os.path.dirname(including), header))
        target = beside if os.path.exists(os.path.join(repo, beside)) else os.path.normpath(header)
        if not os.path.exists(os.path.join(repo, target)):
            return None  # made by the build (moc files): nothing of the project's layering
        return owner(target.replace(os.sep, "/"), folders) or target.split("/")[0] + "/"
    if header.startswith("qcoro/") or header.startswith("QCoro"):
        return "QCoro"
    if header == "zlib.h":
        return "zlib"
    if header.startswith("Q") or header.startswith("qt"):
        module = qt_module_of(header, roots)
        if module:
            return module
    return STANDARD


def violations(repo, rules, roots):
    """Every (file, line, include, what it is, folder) that the rules do not allow."""
    found = []
    folders = sorted(rules)
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(repo, folder, "**", "*"), recursive=True)):
            if not path.endswith((".h", ".cpp")):
                continue
            rel = os.path.relpath(path, repo).replace(os.sep, "/")
            if owner(rel, folders) != folder:
                continue  # a deeper folder of the table has its own row
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                what = classify(m.group(1), m.group(2), rel, repo, folders, roots)
                if what is not None and what not in rules[folder]:
                    line = text.count("\n", 0, m.start()) + 1
                    found.append((rel, line, m.group(2), what, folder))
    return found


class LayerTests(unittest.TestCase):
    def test_every_include_is_allowed_by_the_design_table(self):
        with open(DESIGN, encoding="utf-8") as f:
            rules = read_table(f.read())
        roots = qt_include_roots()
        if not roots:
            self.skipTest("Qt 6's headers are not installed: Qt includes cannot be told apart")
        bad = violations(REPO, rules, roots)
        self.assertEqual([], ["%s:%d includes %s (%s), which %s may not" % b for b in bad])

    def test_the_table_names_every_source_folder(self):
        with open(DESIGN, encoding="utf-8") as f:
            rules = read_table(f.read())
        for folder in ("core/", "core/live/", "lessons/", "ui/", "app/", "bench/"):
            self.assertIn(folder, rules)


class CheckerTests(unittest.TestCase):
    """The checker itself: a made-up tree and table, with includes it must refuse and allow."""

    TABLE = """
### Includes, checked

| folder | may include |
|---|---|
| `core/` | `core/`, the C++ standard library |
| `core/live/` | `core/`, `core/live/`, QtCore |
| `ui/` | `core/`, `ui/`, the C++ standard library, QtCore, QtWidgets |

## Next section
"""

    def make_tree(self, files):
        root = tempfile.mkdtemp(prefix="loopscope-layers-")
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return root

    def check(self, files):
        roots = qt_include_roots()
        if not roots:
            self.skipTest("Qt 6's headers are not installed")
        return [(b[0], b[2], b[3]) for b in violations(self.make_tree(files), read_table(self.TABLE), roots)]

    def test_reads_the_rows_and_stops_at_the_next_heading(self):
        rules = read_table(self.TABLE)
        self.assertEqual({"core/", "core/live/", "ui/"}, set(rules))
        self.assertEqual({"core/", "ui/", STANDARD, "QtCore", "QtWidgets"}, rules["ui/"])

    def test_a_missing_table_is_an_error(self):
        with self.assertRaises(ValueError):
            read_table("# no table here\n")

    def test_core_including_qt_is_refused(self):
        bad = self.check({"core/loop.h": "#include <QString>\n#include <vector>\n"})
        self.assertEqual([("core/loop.h", "QString", "QtCore")], bad)

    def test_core_including_ui_is_refused(self):
        bad = self.check({"core/loop.h": '#include "ui/view.h"\n', "ui/view.h": "#pragma once\n"})
        self.assertEqual([("core/loop.h", "ui/view.h", "ui/")], bad)

    def test_a_deeper_folder_follows_its_own_row(self):
        bad = self.check({"core/live/clock.h": "#include <QTimer>\n#include <QWidget>\n"})
        self.assertEqual([("core/live/clock.h", "QWidget", "QtWidgets")], bad)

    def test_a_quoted_include_beside_the_file_is_its_own_folder(self):
        bad = self.check({"ui/view.cpp": '#include "view.h"\n#include "core/loop.h"\n',
                          "ui/view.h": "", "core/loop.h": ""})
        self.assertEqual([], bad)

    def test_ui_including_the_live_bridge_is_refused(self):
        bad = self.check({"ui/view.cpp": '#include "core/live/clock.h"\n', "core/live/clock.h": ""})
        self.assertEqual([("ui/view.cpp", "core/live/clock.h", "core/live/")], bad)


if __name__ == "__main__":
    unittest.main(verbosity=2)
