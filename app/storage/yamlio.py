"""Safe YAML reading that remembers where every value came from.

Only PyYAML's safe loader is used (the C one when present): a tag that would construct an
object is an error.  Values keep their line and column so that a validation error can
name the exact place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:
    SafeLoader: type = yaml.CSafeLoader
    SafeDumper: type = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader
    SafeDumper = yaml.SafeDumper

Path_ = tuple[str | int, ...]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class LoadError(Exception):
    """A file that cannot be used, with where and why, for one clear line of output."""

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ):
        self.file = file
        self.message = message
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


@dataclass(slots=True)
class Located:
    """The parsed document plus the (line, column) of every path in it."""

    data: Any
    marks: dict[Path_, tuple[int, int]]
    file: str

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        # Walk up to the nearest located ancestor: a missing key is reported at its parent.
        while path not in self.marks and path:
            path = path[:-1]
        line, col = self.marks.get(path, (None, None))
        return line, col

    def error(self, path: Path_, message: str) -> LoadError:
        line, col = self.where(path)
        return LoadError(self.file, message, line, col, format_path(path))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _index(node: yaml.Node, path: Path_, marks: dict, file: str) -> None:
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                line, col = _mark(key_node)
                first = _mark(seen[key])[0]
                raise LoadError(
                    file,
                    f"duplicate key {key!r} (first at line {first})",
                    line,
                    col,
                    format_path((*path, key)),
                )
            seen[key] = key_node
            _index(value_node, (*path, key), marks, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index(child, (*path, i), marks, file)


def load_located(text: str, file: str) -> Located:
    """Parse YAML safely; raise :class:`LoadError` with line and column on any problem."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {}, file)
        marks: dict[Path_, tuple[int, int]] = {}
        _index(node, (), marks, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            problem = (
                f"tag {exc.problem.split('tag ')[-1]} is not allowed (only plain YAML is read)"
            )
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise LoadError(file, f"YAML syntax: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise LoadError(file, f"YAML: {exc}") from None
    finally:
        loader.dispose()
    return Located(data, marks, file)


def read_located(path: str) -> Located:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise LoadError(path, "no such file") from None
    except IsADirectoryError:
        raise LoadError(path, "is a folder, not a file") from None
    except PermissionError:
        raise LoadError(path, "permission denied") from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise LoadError(path, exc.strerror or str(exc)) from None
    return load_located(text, path)


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=SafeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
