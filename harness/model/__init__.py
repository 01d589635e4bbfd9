"""Frozen data: packs, scenarios, policies and the documents backends produce.

This layer knows no files, no clocks and no backends; everything above it
imports it, and it imports nothing of the harness."""

from harness.model.catalog import Catalog, Interval, IntervalUnit, Plan
from harness.model.documents import (
    Derivation,
    Document,
    DocumentKind,
    EventNote,
    Line,
    LineKind,
    Outcome,
    Period,
)
from harness.model.ledger import DRAFT, Deviation, Ledger
from harness.model.money import Rounding, minor_units, round_to_minor
from harness.model.policy import (
    AnchorRule,
    Bill,
    CancelRule,
    ChangeRule,
    CreditForm,
    DayCount,
    Effective,
    IntervalChangeRule,
    Policy,
    ProrationLines,
    SignupRule,
)
from harness.model.scenario import (
    ACTION_NAMES,
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Event,
    Expectation,
    ExpectedDocument,
    ExpectedLine,
    Pack,
    PackMeta,
    Scenario,
    SourceRef,
    Start,
    StartItem,
    Usage,
)

__all__ = [name for name in dir() if not name.startswith("_")]
