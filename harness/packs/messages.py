"""Pydantic's validation errors, reworded for people who write packs.

Each error's `loc` is a path in the YAML file; the reader's position table
turns it into a line and column, and the model it points into supplies the
allowed keys and values for a did-you-mean."""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from harness.packs.fields import yaml_kind
from harness.packs.problems import Problem, did_you_mean, format_path
from harness.packs.schema import ACTIONS, EventModel
from harness.packs.yamlsrc import Source


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def annotation_at(root: type[BaseModel], loc: tuple) -> Any:
    """The type declared for `loc` (None when the path leaves the models)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if _is_model(current):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (list, tuple) and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict and isinstance(part, str):
            current = get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def field_at(root: type[BaseModel], loc: tuple) -> FieldInfo | None:
    if not loc:
        return None
    parent = annotation_at(root, loc[:-1])
    if _is_model(parent) and isinstance(loc[-1], str):
        return parent.model_fields.get(loc[-1])
    return None


def _kind(value: Any) -> str:
    return yaml_kind(value, empty="empty", number="the number")


_TYPE_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "model_type": "must be a mapping (key: value)",
    "model_attributes_type": "must be a mapping (key: value)",
    "dict_type": "must be a mapping (key: value)",
    "list_type": "must be a list",
    "none_required": "must be empty",
}


def _type_message(kind: str, value: Any, loc: tuple) -> tuple[str, str]:
    message = f"{_TYPE_WORDS[kind]}, not {_kind(value)}" if value is not None else f"{_TYPE_WORDS[kind]}; it is empty"
    hint = ""
    if kind == "string_type":
        if isinstance(value, bool):
            hint = "YAML reads yes/no/on/off/true/false as booleans; put the text in quotes"
        elif isinstance(value, (int, float)):
            hint = "put it in quotes"
    elif kind == "int_type" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        hint = "write the number without quotes"
    elif kind == "bool_type" and isinstance(value, str):
        hint = "write true or false without quotes"
    elif kind in ("model_type", "dict_type") and loc and loc[-1] in ACTIONS:
        hint = f"e.g. {loc[-1]}: {_ACTION_EXAMPLES[loc[-1]]}"
    return message, hint


_ACTION_EXAMPLES = {
    "change_plan": "{to: pro}",
    "change_quantity": "{to: 3}",
    "cancel": "{effective: immediately}",
    "change_anchor": "{to: 2026-04-20}",
    "usage": "{quantity: 1200}",
}


def _choices(annotation: Any) -> tuple | None:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return None


def reword(error: dict, root: type[BaseModel]) -> tuple[tuple, str, str, bool]:
    """(path, message, hint, at_key) for one pydantic error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}

    if "hint" in ctx:  # our own PydanticCustomError: already plain words
        return loc, error["msg"], ctx["hint"], False

    if kind == "extra_forbidden":
        key = loc[-1]
        parent = annotation_at(root, loc[:-1])
        allowed = list(parent.model_fields) if _is_model(parent) else []
        hint = did_you_mean(key, allowed, listing="allowed keys")
        if parent is EventModel:
            guess = hint if hint.startswith("did you mean") else ""
            hint = (guess + " " if guess else "") + (
                "an event has 'at', an optional 'id' and one action: " + ", ".join(ACTIONS)
            )
            return loc, f"unknown key '{key}' in an event", hint, True
        return loc, f"unknown key '{key}'", hint, True

    if kind == "missing":
        field = field_at(root, loc)
        hint = field.description if field is not None and field.description else ""
        return loc, "required", hint, False

    if kind == "literal_error":
        choices = _choices(annotation_at(root, loc)) or ()
        words = [str(c) for c in choices]
        if loc and loc[-1] == "kind" and value == "adjustment":
            return (
                loc,
                "'adjustment' is never expected",
                "a backend's line that is none of recurring, proration_charge, proration_credit, usage "
                "shows up as adjustment; a well-formed scenario expects one of those",
                False,
            )
        if len(words) == 1:
            message = f"must be {words[0]}, not {_kind(value)}"
            hint = ""
        else:
            message = f"must be one of {', '.join(words)}; not {_kind(value)}"
            hint = did_you_mean(value, words) if isinstance(value, str) else ""
            if not hint.startswith("did you mean"):
                hint = ""
        if isinstance(value, bool) and "true" not in words:
            hint = "YAML reads yes/no/on/off as booleans; write one of the values above"
        return loc, message, hint, False

    if kind in _TYPE_WORDS:
        message, hint = _type_message(kind, value, loc)
        return loc, message, hint, False

    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        word = "at least" if kind == "greater_than_equal" else "more than"
        return loc, f"must be {word} {bound}, not {_kind(value)}", "", False

    if kind in ("too_short", "too_long"):
        if loc and loc[-1] == "period":
            return loc, "a period is two dates: [start, end]", "e.g. period: [2026-04-01, 2026-05-01]", False
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            if loc and loc[-1] == "plans":
                return loc, "the catalog needs at least one plan", "", False
            return loc, f"needs at least {n} item{'s' if n != 1 else ''}", "", False
        n = ctx.get("max_length")
        return loc, f"has more than {n} item{'s' if n != 1 else ''}", "", False

    if kind == "string_too_short":
        return loc, "must not be empty", "", False

    return loc, error.get("msg", kind), "", False


def problems_from(errors: list[dict], root: type[BaseModel], src: Source) -> list[Problem]:
    problems = []
    reworded = [(error, reword(error, root)) for error in errors]
    # `tittle: x` is reported once, as an unknown key meaning 'title', not
    # again as "title: required"
    meant = {
        tuple(loc[:-1]) + (hint.split("'")[1],)
        for error, (loc, _m, hint, _k) in reworded
        if error["type"] == "extra_forbidden" and hint.startswith("did you mean '")
    }
    for error, (loc, message, hint, at_key) in reworded:
        if error["type"] == "missing" and loc in meant:
            continue
        line, column = src.locate(loc, key=at_key) or (None, None)
        problems.append(Problem(src.file, line, column, format_path(loc), message, hint))
    return problems


def problem_at(src: Source, path: tuple, message: str, hint: str = "", *, key: bool = False) -> Problem:
    line, column = src.locate(path, key=key) or (None, None)
    return Problem(src.file, line, column, format_path(path), message, hint)
