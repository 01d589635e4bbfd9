"""YAML to plain data, knowing where every value was written.

The data is built straight from libyaml's event stream (PyYAML's C parser),
which is what lets a pack of ten thousand files load in seconds. Building it
here rather than with `yaml.load` also lets the reader
- report duplicate keys (PyYAML silently keeps the last one),
- keep timestamps as the text written, so dates are parsed (and a bad one
  like 2026-02-30 reported) by the validator rather than crash the parser,
- refuse tags it does not know instead of building arbitrary objects.

Positions are only needed for messages: `Source.locate` composes the node
tree (`yaml.compose`) of the file the first time one is asked for, so a
valid file pays nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MERGE, _MAP, _SEQ = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "map", "seq")
)
_SCALARS = SafeConstructor()  # only its stateless scalar constructors are used
_BOOLS = SafeConstructor.bool_values


def _int(value: str) -> int:
    if value.isdigit():
        return int(value)
    return _SCALARS.construct_yaml_int(ScalarNode(_INT, value))  # signs, 0x, 1_000, 1:30


_CONSTRUCT = {
    _INT: _int,
    _FLOAT: lambda value: _SCALARS.construct_yaml_float(ScalarNode(_FLOAT, value)),
    _BOOL: lambda value: _BOOLS[value.lower()],
    _NULL: lambda value: None,
}

try:  # libyaml is several times faster than the pure-Python parser
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader

_RESOLVER = Resolver()
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> implicit tag (YAML 1.1, as SafeLoader)


def _plain_tag(value: str) -> str:
    try:
        return _PLAIN_TAGS[value]
    except KeyError:
        if len(_PLAIN_TAGS) > 100_000:
            _PLAIN_TAGS.clear()
        tag = _PLAIN_TAGS[value] = _RESOLVER.resolve(ScalarNode, value, (True, False))
        return tag


Pos = tuple[int, int]  # 1-based line, column


@dataclass
class Source:
    """One parsed YAML file: its data, and its text for positions."""

    file: str
    text: str = ""
    data: Any = None
    # (path, message, hint, pos) found while reading: syntax, duplicate keys, tags
    issues: list[tuple[tuple, str, str, Pos | None]] = field(default_factory=list)
    top_keys: dict[str, Pos] = field(default_factory=dict)  # where each top-level key is
    _root: Node | None = None
    _composed: bool = False

    @property
    def root(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_Base)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def locate(self, path: tuple, *, key: bool = False) -> Pos | None:
        """Where `path` was written: a scalar's value, a mapping's or list's
        key (`events:`), or with `key=True` the key itself. For a path that is
        not in the file (a missing field) the nearest enclosing value."""
        path = tuple(path)
        if key and len(path) == 1 and path[0] in self.top_keys:
            return self.top_keys[path[0]]
        node = self.root
        if node is None:
            return None
        best = _mark(node.start_mark)
        for part in path:
            found = _child(node, part)
            if found is None:
                return best
            key_node, node = found
            if key_node is not None and (key or not isinstance(node, ScalarNode)):
                best = _mark(key_node.start_mark)
            else:
                best = _mark(node.start_mark)
        return best

    def first_key_line(self, path: tuple) -> int | None:
        """The line where the key at `path` was first written (for duplicates)."""
        parent = self.root
        for part in path[:-1]:
            found = _child(parent, part) if parent is not None else None
            if found is None:
                return None
            parent = found[1]
        if isinstance(parent, MappingNode):
            for key_node, _ in parent.value:
                if isinstance(key_node, ScalarNode) and key_node.value == path[-1]:
                    return key_node.start_mark.line + 1
        return None


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _mark(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


def _child(node: Node, part: Any) -> tuple[Node | None, Node] | None:
    """(key node, value node) of `part` inside `node` (the last one written wins)."""
    if isinstance(node, SequenceNode):
        if isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE and key_node.value == part:
            return key_node, value_node
    for key_node, value_node in node.value:  # then in what `<<` merged in
        if key_node.tag == _MERGE:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                found = _child(source, part)
                if found is not None:
                    return found
    return None


class _NoKey:
    """Markers for a mapping's pending key."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:  # pragma: no cover
        return self.name


_EXPECT_KEY = _NoKey("expect-key")
_MERGE_KEY = _NoKey("merge")
_BAD_KEY = _NoKey("bad-key")


def _path(stack: list) -> tuple:
    """The path of the value being built on top of `stack`."""
    parts: list = []
    for container, is_map, key, _merges in stack:
        if is_map:
            if not isinstance(key, str):
                break
            parts.append(key)
        else:
            parts.append(len(container))
    return tuple(parts)


class _SyntaxIssue(Exception):
    def __init__(self, message: str, hint: str, mark: Any) -> None:
        self.message, self.hint, self.mark = message, hint, mark


def _build(text: str, src: Source) -> Any:
    parser = _Base(text)
    try:
        return _events_to_data(parser.get_event, src)
    finally:
        parser.dispose()


def _events_to_data(get: Any, src: Source) -> Any:
    """The document's data, built event by event. `frame` is the innermost
    open mapping or list ([container, is_map, pending key, merges]), kept in
    a local as well as on `stack`: this loop runs for every event of every
    file of a pack, so it looks things up as little as it can."""
    issues = src.issues
    get()  # StreamStartEvent
    event = get()
    if type(event) is StreamEndEvent:
        return None
    stack: list[list] = []  # [container, is_map, pending key, merges]
    frame: list | None = None  # stack[-1]
    anchors: dict[str, Any] = {}
    open_anchors: set[int] = set()
    root: Any = None
    plain_tags = _PLAIN_TAGS

    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if frame is not None and frame[1] and frame[2] is _EXPECT_KEY:
                key = event.value  # keys are names: `2026:` or `yes:` stay text
                if key == "<<" and event.implicit[0] and event.tag is None:
                    frame[2] = _MERGE_KEY
                    continue
                if key in frame[0]:
                    issues.append((_path(stack[:-1]) + (key,), "", "duplicate", _mark(event.start_mark)))
                frame[2] = key
                if len(stack) == 1:
                    src.top_keys[key] = _mark(event.start_mark)
                if event.anchor:
                    anchors[event.anchor] = key
                continue
            tag = event.tag
            value = event.value
            if tag is None or tag == "!":
                if event.implicit[0]:
                    tag = plain_tags.get(value) or _plain_tag(value)
                else:
                    tag = _STR
            if tag == _STR or tag == _TIMESTAMP:
                done: Any = value
            else:
                construct = _CONSTRUCT.get(tag)
                if construct is not None:
                    done = construct(value)
                else:
                    issues.append((_path(stack), f"unsupported YAML tag {_short(tag)}", "write plain values", _mark(event.start_mark)))
                    done = value
            if event.anchor:
                anchors[event.anchor] = done
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            is_map = kind is MappingStartEvent
            container: Any = {} if is_map else []
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                issues.append((_path(stack), f"unsupported YAML tag {_short(event.tag)}", "write plain values", _mark(event.start_mark)))
            if event.anchor:
                anchors[event.anchor] = container
                open_anchors.add(id(container))
            frame = [container, is_map, _EXPECT_KEY, None]
            stack.append(frame)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, is_map, _key, merges = stack.pop()
            frame = stack[-1] if stack else None
            if merges:
                for merged in merges:
                    for key, value in merged.items():
                        container.setdefault(key, value)
            if open_anchors:
                open_anchors.discard(id(container))
            done = container
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise _SyntaxIssue(f"YAML syntax error: undefined alias *{event.anchor}", "define the anchor (&name) first", event.start_mark)
            done = anchors[event.anchor]
            if id(done) in open_anchors:
                issues.append((_path(stack), "an alias refers to the mapping or list that contains it", "", _mark(event.start_mark)))
                done = None
        elif kind is DocumentEndEvent:
            break
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            continue

        # attach the finished value to its parent (`frame`)
        if frame is None:
            root = done
            continue
        if frame[1]:
            key = frame[2]
            if key is _EXPECT_KEY:  # a list, mapping or alias used as a key
                issues.append((_path(stack), "a key must be a plain name, not a list or mapping", "", _mark(event.start_mark)))
                frame[2] = _BAD_KEY
                continue
            if key is _MERGE_KEY:
                sources = done if isinstance(done, list) else [done]
                for source in sources:
                    if isinstance(source, dict):
                        frame[3] = (frame[3] or []) + [source]
                    else:
                        issues.append((_path(stack), "'<<' merges mappings only", "", _mark(event.start_mark)))
            elif key is not _BAD_KEY:
                frame[0][key] = done
            frame[2] = _EXPECT_KEY
        else:
            frame[0].append(done)

    event = get()
    if type(event) is not StreamEndEvent:
        raise _SyntaxIssue(
            "YAML syntax error: a file holds one YAML document",
            "remove the '---' that starts a second one",
            event.start_mark,
        )
    return root


def parse(text: str, file: str) -> Source:
    """Parse one YAML document. Problems (syntax, duplicate keys, ...) are
    collected in `Source.issues`; `data` is None when the text is not YAML."""
    src = Source(file=file, text=text)
    try:
        src.data = _build(text, src)
    except yaml.MarkedYAMLError as exc:
        src.issues.clear()
        mark = exc.problem_mark or exc.context_mark
        message = "YAML syntax error: " + (exc.problem or "cannot parse")
        hint = exc.context or ""
        if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
            hint = f"{exc.context} at line {exc.context_mark.line + 1}"
        src.issues.append(((), message, hint, _mark(mark) if mark else None))
        src.data = None
        return src
    except _SyntaxIssue as exc:
        src.issues.clear()
        src.issues.append(((), exc.message, exc.hint, _mark(exc.mark)))
        src.data = None
        return src
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        src.issues.clear()
        src.issues.append(((), f"cannot read YAML: {exc}", "", None))
        src.data = None
        return src
    except RecursionError:  # pragma: no cover - libyaml limits nesting first
        src.issues.clear()
        src.issues.append(((), "the file is nested too deeply", "", None))
        src.data = None
        return src
    # messages that need the node tree are worded once the file parsed
    for i, (path, message, hint, pos) in enumerate(src.issues):
        if hint == "duplicate" and not message:
            first = src.first_key_line(path)
            where = f" (first written at line {first})" if first else ""
            src.issues[i] = (
                path,
                f"duplicate key '{path[-1]}'{where}",
                "a key may appear once per mapping; remove one of them",
                pos,
            )
    return src
