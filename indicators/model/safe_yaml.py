"""The one YAML reader of the project (catalog, ``source.yaml`` sidecars, SIM3 model, glossary). No Streamlit.

- Fast: PyYAML's C loader (libyaml, ``CSafeLoader``) where PyYAML was built with it, else the pure-Python
  ``SafeLoader`` (same results, about ten times slower). Safe tags only: no Python objects.
- Anchors (``&name``), aliases (``*name``) and merge keys (``<<``) are refused: a 600-byte file with nested
  aliases ("billion laughs") would otherwise expand into gigabytes. Metadata never needs them.
- Duplicate keys are refused (YAML would silently keep the last one: a second ``files:`` dropped a dataset).
- Files over a size limit are refused before they are parsed.
- Every problem of a file at once, each with its line: ``[(line, message), ...]``; a syntax error stops
  the parser, so it comes alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

try:  # libyaml: the C parser and composer
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader

FAST = _BaseLoader.__name__ == "CSafeLoader"
SIDECAR_MAX_BYTES = 256 * 1024  # the largest sidecar today is 11 KB
CATALOG_MAX_BYTES = 512 * 1024  # the largest catalog file today is 32 KB
MERGE_TAG = "tag:yaml.org,2002:merge"
# An anchor or alias starts a token: after a line start, a space, '[', '{' or ','; never inside a word
# ("Kosovo*"). Only files that may hold one are scanned for the exact lines.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.MULTILINE)

Problem = tuple[int, str]  # (line, message); line 0: the whole file


class YamlProblems(ValueError):
    """The file is not acceptable YAML; ``problems`` lists every (line, message) found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"line {line}: {message}" if line else message for line, message in problems))
        self.problems = problems


class _Loader(_BaseLoader):
    """The base loader, constructing every node at most once and refusing duplicate and merge keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self.problems: list[Problem] = []

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:  # reached again: an alias
            self.problems.append((node.start_mark.line + 1, "aliases (*name) are not allowed: write the value out"))
            return None
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        mapping: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == MERGE_TAG:
                self.problems.append((line, "merge keys (<<) are not allowed: write the keys out"))
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                self.problems.append((line, "a key must be plain text or a number"))
                continue
            value = self.construct_object(value_node, deep=deep)
            if key in mapping:
                self.problems.append((line, f"duplicate key '{key}' (first on line {first_line[key]})"))
                continue
            mapping[key] = value
            first_line[key] = line
        return mapping


def _anchor_problems(text: str) -> list[Problem]:
    """Every anchor and alias with its line (only scanned when the text may hold one)."""
    if not _MAYBE_ANCHOR.search(text):
        return []
    out: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                out.append((line, f"alias *{anchor} is not allowed: write the value out"))
            else:
                out.append((line, f"anchor &{anchor} is not allowed: anchors and aliases are refused"))
    except yaml.YAMLError:
        return []  # the syntax error is reported by the load itself
    return out


def _syntax_problem(err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    return line, f"not valid YAML: {getattr(err, 'problem', None) or str(err).splitlines()[0]}"


def loads(text: str):
    """Parse one YAML document; raises :class:`YamlProblems` with every problem found."""
    problems = _anchor_problems(text)
    if problems:  # refused before construction: nothing is expanded
        raise YamlProblems(problems)
    loader = _Loader(text)
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError as err:
        raise YamlProblems([_syntax_problem(err)]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise YamlProblems(sorted(set(loader.problems)))
    return doc


def load_file(path: Path, max_bytes: int) -> tuple[object, list[Problem]]:
    """Read and parse one YAML file: ``(document, [])`` or ``(None, problems)``, never an exception."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [(0, f"the file has {size:,} bytes; the limit is {max_bytes:,}: split it or shorten it")]
        data = path.read_bytes()
    except OSError as err:
        return None, [(0, f"cannot read the file: {err.strerror or type(err).__name__}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [(line, f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8")]
    try:
        return loads(text), []
    except YamlProblems as err:
        return None, err.problems
