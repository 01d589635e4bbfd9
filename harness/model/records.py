"""A quicker constructor for the frozen, slotted dataclasses built per line.

A frozen dataclass's generated `__init__` stores every field through
`object.__setattr__`, the way past the class's own refusal to be changed:
a global lookup, an attribute lookup and a generic call per field. In a
slotted class each field is a slot descriptor, and writing through the
descriptor directly is the same store without the lookups. The reference
engine builds a Line, a Period and often a Derivation for every line it
issues, and a Document for every few, so this is about a tenth of an engine
run (benchmarks/engine_throughput.py).

Only `__init__` is replaced, with one of the same signature (names, order,
defaults); equality, hashing, repr, `dataclasses.replace`, pickling and the
refusal to be changed afterwards are the dataclass's own."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a `@dataclass(frozen=True, slots=True)` class the quicker `__init__`.
    Refuses classes it would get wrong: not frozen or slotted, with a
    `__post_init__`, a default factory, init-less or keyword-only fields."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not (params.frozen and "__slots__" in cls.__dict__) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init needs a frozen, slotted dataclass without __post_init__")
    namespace: dict[str, object] = {}
    parameters, stores = [], []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.default_factory is not dataclasses.MISSING or not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: quick_init takes plain fields with plain defaults")
        namespace[f"_set_{field.name}"] = cls.__dict__[field.name].__set__
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            namespace[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
        stores.append(f"    _set_{field.name}(self, {field.name})\n")
    exec(f"def __init__(self, {', '.join(parameters)}):\n{''.join(stores)}", namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls
