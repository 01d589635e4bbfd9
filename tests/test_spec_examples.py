"""A pack written to the spec by someone else must load and pass unchanged.

tests/fixtures/spec_pack holds the spec's own examples as an outside author
would write them: comments, flow mappings, lines without `plan`, `items`,
`total_billed` alone, a quoted ISO datetime with `Z`."""

from pathlib import Path

from harness.adapters import ReferenceBackend
from harness.packs import load_pack
from harness.runner import Status, run_pack

SPEC_PACK = Path(__file__).parent / "fixtures" / "spec_pack"


def test_the_spec_examples_pass_on_the_reference_backend():
    run = run_pack(load_pack(SPEC_PACK), ReferenceBackend())
    assert [(r.scenario.id, r.status) for r in run.results] == [
        ("plan-a-then-b", Status.PASSED),
        ("signup-apr16", Status.PASSED),
        ("signup-jun10", Status.PASSED),
        ("upgrade-halfway", Status.PASSED),
    ], [str(d) for r in run.results for d in r.differences]


def test_a_wrong_expectation_in_the_same_pack_fails(tmp_path):
    """The pass above means something: change one amount and it fails."""
    import shutil

    copy = tmp_path / "spec_pack"
    shutil.copytree(SPEC_PACK, copy)
    path = copy / "scenarios" / "signup-jun10.yaml"
    path.write_text(path.read_text().replace('"63.00"', '"63.01"'))
    run = run_pack(load_pack(copy), ReferenceBackend())
    failed = [r for r in run.results if r.status is Status.FAILED]
    assert [r.scenario.id for r in failed] == ["signup-jun10"]
    assert "63.01" in str(failed[0].differences[0]) and "63.00" in str(failed[0].differences[0])
