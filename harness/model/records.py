"""A quicker constructor for the frozen, slotted dataclasses built per line.

A frozen dataclass refuses `obj.field = value` through its `__setattr__`, so
its generated `__init__` has to go around that refusal for every field, with
a generic call (`object.__setattr__`) that packs its arguments into a tuple
and looks the field up by name. The reference engine builds a Line, a Period
and often a Derivation for every line it issues, and a Document for every
few: those calls were about a tenth of an engine run.

`quick_new` builds the instance as a *draft* instead: a plain class with the
very same slots and no `__setattr__` of its own, whose fields the interpreter
stores directly (the quickest store there is). Once every field is in place
the draft becomes the frozen class (`__class__` assignment, allowed because
the two have the same layout), and from then on it is an ordinary frozen
instance: its type, equality, hashing, repr and `dataclasses.replace` are
the dataclass's own, and it refuses to be changed. The draft never escapes.

What changes is where construction happens: `__new__` (same signature as
the generated `__init__`: names, order, defaults) instead of `__init__`,
and pickling and copying by the constructor (`__reduce__`). A class so
built cannot be subclassed (a subclass would have another layout)."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")


def _final(cls: type) -> None:
    raise TypeError(f"{cls.__mro__[1].__name__} is built by records.quick_new and cannot be subclassed")


def quick_new(cls: type[T]) -> type[T]:
    """Give a `@dataclass(frozen=True, slots=True)` class the quicker constructor.
    Refuses classes it would get wrong: not frozen or slotted, with a
    `__post_init__`, a default factory, init-less or keyword-only fields."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not (params.frozen and "__slots__" in cls.__dict__) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_new needs a frozen, slotted dataclass without __post_init__")
    draft = type(f"{cls.__name__}Draft", (), {"__slots__": cls.__slots__, "__module__": cls.__module__})
    namespace: dict[str, object] = {"_draft": draft, "_allocate": object.__new__}
    names, parameters, stores = [], [], []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.default_factory is not dataclasses.MISSING or not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: quick_new takes plain fields with plain defaults")
        names.append(field.name)
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            namespace[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
        stores.append(f"    self.{field.name} = {field.name}\n")
    exec(  # noqa: S102
        f"def __new__(cls, {', '.join(parameters)}):\n"
        f"    self = _allocate(_draft)\n{''.join(stores)}"
        f"    self.__class__ = cls  # sealed: from here on the frozen class\n"
        f"    return self\n",
        namespace,
    )
    new = namespace["__new__"]
    new.__qualname__ = f"{cls.__qualname__}.__new__"  # type: ignore[attr-defined]
    new.__module__ = cls.__module__
    fields = tuple(names)

    def __reduce__(self):  # noqa: ANN001, ANN202
        return type(self), tuple([getattr(self, name) for name in fields])

    cls.__new__ = new  # type: ignore[misc]
    cls.__init__ = object.__init__  # type: ignore[misc]  # __new__ did it all
    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    cls.__init_subclass__ = classmethod(_final)  # type: ignore[assignment]
    return cls
