"""`prorata diff PACK --base GIT_REF [--head GIT_REF]` or `prorata diff BASE_PACK HEAD_PACK`:
what a pricing change does to the documents of a pack's scenarios.

Glue only: the folders come from harness.packs.revision (git and the hybrid
pack), the comparison from harness.evidence.pricing_diff, the text from
harness.report.diff_report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from harness.adapters import BACKENDS
from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, run_packs
from harness.cli.common import atomic_write, pack_error


@click.command("diff")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK [HEAD_PACK]")
@click.option("--base", "base_ref", metavar="GIT_REF",
              help="The git ref (branch, tag, commit, HEAD~1) whose catalog and policy are the base.")
@click.option("--head", "head_ref", metavar="GIT_REF",
              help="The git ref of the head (default: the working tree, uncommitted edits included).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="text for the terminal, md for a pull request or $GITHUB_STEP_SUMMARY, json for programs.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when documents change (to post the report without failing the job).")
@click.option("--backend", default="reference", show_default=True, metavar="NAME",
              help=f"Backend that computes the documents on both sides ({', '.join(BACKENDS)}).")
@click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
              help="An option for the backend (repeatable).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Scenarios run at once, for backends that wait on a sandbox.")
def command(packs: tuple[Path, ...], base_ref: str | None, head_ref: str | None, fmt: str, output: Path | None,
            exit_zero: bool, backend: str, backend_option: tuple[str, ...], workers: int) -> None:
    """List every scenario whose documents change between two versions of a
    pack's catalog and policy, line by line with amount deltas, and totals
    by change type per currency.

    The scenarios are the head's, run twice: under the base's pack.yaml and
    under the head's. A head scenario the base cannot load (it names a plan
    the base lacks, say) is listed apart. What is compared is what the
    backend computes, not the scenarios' written expectations: `prorata run`
    checks those.

    \b
    Examples:
      prorata diff scenario_packs/core --base main
      prorata diff scenario_packs/core --base v1.2 --head v1.3 --format md -o diff.md
      prorata diff old/core new/core --format json

    Exit 0 when no documents change, 1 when some do (or a scenario cannot run
    under the base, or has documents on one side only), so CI can flag a
    pricing change (--exit-zero to only report), 2 on bad input (a pack that
    does not load, an unknown git ref or path, a bad option), 3 when the
    backend could not be reached."""
    from harness.evidence.pricing_diff import pricing_diff

    if len(packs) > 2:
        raise CliError(f"give one PACK with --base, or two pack folders (BASE_PACK HEAD_PACK), not {len(packs)}")
    if len(packs) == 2 and (base_ref or head_ref):
        raise CliError("--base/--head go with one PACK; "
                       "with two pack folders the first is the base, the second the head")
    if len(packs) == 1 and not base_ref:
        raise CliError("--base GIT_REF is missing: say which version to compare with (e.g. --base main), "
                       "or give two pack folders (BASE_PACK HEAD_PACK)")
    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger=True, no_lint=True)

    with tempfile.TemporaryDirectory(prefix="prorata-diff-") as temp:
        (base_dir, base_label, base_where), (head_dir, head_label, head_where) = _sides(packs, base_ref, head_ref,
                                                                                        Path(temp))
        head_pack, hybrid = _load(base_dir, base_where, head_dir, head_where, Path(temp) / "hybrid")
        # input first, then the backend: a bad pack or ref is exit 2 even when the backend is down
        base_run, head_run = run_packs([hybrid.pack, head_pack], choice, None)
        diff = pricing_diff(base_run, head_run, hybrid.reasons(head_pack))

    report = _render(diff, fmt, base_label, head_label)
    if output is None:
        click.echo(report, nl=False)
    else:
        atomic_write(output, report)
        from harness.report.diff_report import summary_sentence

        click.echo(f"wrote {output}: {summary_sentence(diff)}", err=True)
    if diff.has_changes and not exit_zero:
        raise click.exceptions.Exit(ExitCode.FAILED)


def _sides(packs: tuple[Path, ...], base_ref: str | None, head_ref: str | None, temp: Path):
    """((folder, label for reports, label for load errors) of the base, the same of the head)."""
    if len(packs) == 2:
        return (packs[0], str(packs[0]), str(packs[0])), (packs[1], str(packs[1]), str(packs[1]))
    from harness.packs.revision import RevisionError, export_pack

    try:
        base = export_pack(packs[0], base_ref, temp / "base")  # type: ignore[arg-type]
        head = export_pack(packs[0], head_ref, temp / "head") if head_ref else None
    except RevisionError as error:
        raise CliError(str(error)) from None
    base_side = (base.folder, base.label, base.where)
    if head is None:
        return base_side, (packs[0], "working tree", str(packs[0]))
    return base_side, (head.folder, head.label, head.where)


def _load(base_dir: Path, base_where: str, head_dir: Path, head_where: str, into: Path):
    """(the head pack, the hybrid of its scenarios under the base's pack.yaml)."""
    from harness.packs import PackError
    from harness.packs.revision import load_labelled, load_under

    try:
        head = load_labelled(head_dir, head_where)
        return head, load_under(base_dir, head_dir, into, base_label=base_where)
    except PackError as error:
        raise pack_error(error) from None
    except OSError as error:
        raise CliError(f"{error.filename or head_dir}: {error.strerror or error}") from None


def _render(diff, fmt: str, base: str, head: str) -> str:  # noqa: ANN001 - a PricingDiff
    from harness.report import diff_report

    if fmt == "json":
        return json.dumps(diff_report.to_json(diff, base, head), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return diff_report.render_markdown(diff, base, head)
    return diff_report.render_text(diff, base, head)
