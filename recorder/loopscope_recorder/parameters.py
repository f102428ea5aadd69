"""A program's knobs: its `# --- parameters ---` block, with values given as --set NAME=VALUE
written into their lines before the program runs (the lessons' listings use the same block).

Each line keeps its place, so every line number the recording names is the file's own; a value
takes the type of the default it replaces (5 -> int, 1.0 -> float, True -> bool, "a" -> str).
"""

import ast
import io
import tokenize

BEGIN = "# --- parameters ---"
END = "# --- end parameters ---"


class ParameterError(ValueError):
    """A --set that does not fit the program's block: one line saying why."""


def _code_and_comment(line):
    """The line split before its comment, by Python's own tokenizer (a '#' in a string is code)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                col = token.start[1]
                return line[:col].rstrip(), line[col:].rstrip("\n")
    except (tokenize.TokenError, SyntaxError):
        pass
    return line.rstrip("\n"), ""


def read_block(source):
    """{name: (line index, default)} of the block; {} when there is none."""
    lines = source.splitlines()
    begin = next((i for i, text in enumerate(lines) if text.strip() == BEGIN), None)
    if begin is None:
        return {}
    end = next((i for i in range(begin + 1, len(lines)) if lines[i].strip() == END), None)
    if end is None:
        return {}
    found = {}
    for i in range(begin + 1, end):
        code, _ = _code_and_comment(lines[i])
        if not code.strip():
            continue
        try:
            node = ast.parse(code.strip()).body[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found[node.targets[0].id] = (i, ast.literal_eval(node.value))
        except (SyntaxError, ValueError, IndexError):
            continue  # not a knob; the program runs it as written
    return found


def _convert(name, text, default):
    kind = type(default)
    try:
        if kind is bool:
            if text.strip().lower() not in ("true", "false"):
                raise ValueError
            return text.strip().lower() == "true"
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
        if kind is str:
            return text
    except ValueError:
        raise ParameterError("parameter %s wants %s like its default %r; got %r"
                             % (name, {bool: "True or False", int: "a whole number", float: "a number"}[kind],
                                default, text)) from None
    raise ParameterError("parameter %s (default %r) cannot be set from the command line" % (name, default))


def apply_settings(source, settings):
    """(source with each "name=value" of `settings` written into its line, [(name, value text)])."""
    if not settings:
        return source, []
    block = read_block(source)
    lines = source.splitlines(keepends=True)
    given = []
    for setting in settings:
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise ParameterError("--set wants NAME=VALUE; got %r" % setting)
        if name not in block:
            known = ", ".join(block) or "none: the program has no # --- parameters --- block"
            raise ParameterError("unknown parameter %s (the program's parameters: %s)" % (name, known))
        index, default = block[name]
        value = _convert(name, text, default)
        line = lines[index]
        indent = line[:len(line) - len(line.lstrip())]
        _, comment = _code_and_comment(line)
        newline = "\n" if line.endswith("\n") else ""
        lines[index] = "%s%s = %r%s%s" % (indent, name, value, "  " + comment if comment else "", newline)
        given.append((name, text))
    return "".join(lines), given
