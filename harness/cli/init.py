"""`prorata init DIR`: a small starter pack that loads and passes on the reference backend."""

from __future__ import annotations

import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import click

from harness.cli.app import CliError

STARTER = "starter"


def starter_files() -> dict[str, str]:
    """The starter pack as {relative path: text}, read from the package data."""
    root = resources.files("harness.cli").joinpath(STARTER)
    files: dict[str, str] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yaml"):
                files[prefix + child.name] = child.read_text(encoding="utf-8")

    walk(root, "")
    return files


def pack_name_for(directory: Path) -> str:
    """A valid pack name ([a-z0-9-]+) from the folder's name; "starter" if none."""
    name = re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-")
    return name or STARTER


@click.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=True, path_type=Path))
def command(directory: Path) -> None:
    """Write a starter pack into DIR (new or empty): pack.yaml and three scenarios
    (signup, upgrade-halfway, downgrade-next-period) to copy from."""
    if directory.exists():
        if not directory.is_dir():
            raise CliError(f"{directory} exists and is not a folder")
        if any(directory.iterdir()):
            raise CliError(
                f"{directory} is not empty; init writes a new pack into a new or empty folder "
                "(nothing was written)"
            )
    name = pack_name_for(directory)
    files = starter_files()
    try:
        for relative, text in files.items():
            if relative == "pack.yaml":
                text = re.sub(r"(?m)^pack: starter$", f"pack: {name}", text, count=1)
            target = directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {directory}: {error.strerror or error}") from None
    scenarios = sum(1 for relative in files if relative.startswith("scenarios/"))
    click.echo(f"created {directory}: pack {name!r} with {scenarios} scenarios")
    click.echo(f"next: prorata run {directory}")
