"""quick_new builds the same frozen dataclasses as the generated __init__, faster."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from harness.model import Derivation, Document, DocumentKind, EventNote, Line, LineKind, Outcome, Period
from harness.model.records import quick_new

QUICK = (Period, Derivation, Line, Document, EventNote, Outcome)


@quick_new
@dataclasses.dataclass(frozen=True, slots=True)
class Toy:
    a: int
    b: str = "x"
    c: tuple = ()
    hidden: int = dataclasses.field(default=0, compare=False)


def test_positional_keyword_and_default_arguments_land_in_their_fields():
    assert (Toy(1).a, Toy(1).b, Toy(1).c) == (1, "x", ())
    assert Toy(1, "y", (2,)) == Toy(c=(2,), b="y", a=1)
    assert Toy(1, hidden=5).hidden == 5
    assert Toy(1, hidden=5) == Toy(1, hidden=6)  # compare=False is the dataclass's own


@pytest.mark.parametrize("call", [lambda: Toy(), lambda: Toy(1, "y", (), 0, 9), lambda: Toy(1, d=2)])
def test_wrong_arguments_are_refused_as_by_any_function(call):
    with pytest.raises(TypeError):
        call()


def test_the_instance_is_of_the_frozen_class_stays_frozen_and_replace_pickle_and_copy_still_work():
    toy = Toy(1)
    assert type(toy) is Toy and isinstance(toy, Toy)  # the draft it was filled in as is gone
    for name in ("a", "b", "c", "hidden"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(toy, name, 2)
    assert dataclasses.replace(toy, b="z") == Toy(1, "z")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(toy, protocol)) == toy
    assert copy.copy(toy) == toy and copy.deepcopy(toy) == toy
    assert repr(toy) == "Toy(a=1, b='x', c=(), hidden=0)"
    assert hash(Toy(1, "y")) == hash(Toy(1, "y")) and len({Toy(1), Toy(1), Toy(2)}) == 2


def test_a_model_line_survives_pickling_and_deep_copies_whole():
    """What `prorata run --workers N` sends between processes."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    period = Period(start, datetime(2026, 2, 1, tzinfo=timezone.utc))
    derivation = Derivation("upgrade", "prorate", Decimal("10.00"), Decimal(1), Fraction(1, 2), "days", 15, 30,
                            "half_up", Fraction(5), None, 0)
    line = Line(LineKind.PRORATION_CHARGE, Decimal("5.00"), period, "pro", Decimal(1), "Pro", derivation)
    outcome = Outcome((Document(DocumentKind.INVOICE, start, "USD", (line,), "INV-0001"),), (EventNote(0, "note"),))
    for twin in (pickle.loads(pickle.dumps(outcome)), copy.deepcopy(outcome)):
        assert twin == outcome and twin.documents[0].lines[0].derivation == derivation
        assert type(twin.documents[0].lines[0].period) is Period


def test_a_record_class_cannot_be_subclassed():
    with pytest.raises(TypeError, match="cannot be subclassed"):
        class Special(Toy):  # noqa: F841  (the class statement itself is refused)
            pass


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_model_constructors_keep_the_dataclass_signature(cls):
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert cls.__new__.__qualname__ == f"{cls.__qualname__}.__new__"


def test_model_instances_equal_what_the_generated_init_builds():
    """Build the same values through dataclasses' own __init__ (a twin class
    decorated without quick_new) and compare field by field."""
    for cls in QUICK:
        twin = dataclasses.make_dataclass(
            f"Twin{cls.__name__}",
            [(f.name, f.type, dataclasses.field(default=f.default)) if f.default is not dataclasses.MISSING
             else (f.name, f.type) for f in dataclasses.fields(cls)],
            frozen=True, slots=True,
        )
        values = {f.name: object() for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING}
        theirs = twin(**values)
        for ours in (cls(**values), cls(*values.values())):  # required fields come first, in order
            assert [getattr(ours, f.name) for f in dataclasses.fields(cls)] == [
                getattr(theirs, f.name) for f in dataclasses.fields(cls)
            ]


def test_classes_it_would_get_wrong_are_refused():
    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Post:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    for cls in (Mutable, Factory, Post, Unslotted):
        with pytest.raises(TypeError, match="quick_new"):
            quick_new(cls)
