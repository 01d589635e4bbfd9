"""Where django-silver runs: a Python environment of its own.

django-silver 0.11.1 pins cryptography<3.4 while the harness's PDF stack
needs cryptography>=36, so silver cannot be installed next to the harness.
It gets a venv (default `.prorata/venvs/silver` under the working directory)
that `prorata backends install silver` creates from requirements.txt, or an
interpreter that already has it (`PRORATA_SILVER_PYTHON`, option `python=`).

The migrated template database the worker copies per run is kept beside the
interpreter's environment (`<venv>/prorata-cache`), so the ~13 s migration is
paid once per environment, at install time."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements.txt"
WORKER = HERE / "worker.py"
ENV_VAR = "PRORATA_SILVER_PYTHON"
MARKER = "prorata-silver-requirements.sha256"
INSTALL_COMMAND = "prorata backends install silver"


def default_venv() -> Path:
    return Path.cwd() / ".prorata" / "venvs" / "silver"


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Environment:
    """An interpreter that can run the worker, and where its template database lives."""

    python: Path
    cache_dir: Path

    def worker_command(self) -> list[str]:
        return [str(self.python), str(WORKER), "--cache-dir", str(self.cache_dir)]


def _external(python: str) -> Environment:
    path = Path(python).expanduser()
    # the template sits inside that interpreter's venv; a system Python's
    # template goes to the working directory's .prorata instead
    prefix = path.parent.parent
    cache = prefix / "prorata-cache" if (prefix / "pyvenv.cfg").exists() else Path.cwd() / ".prorata" / "cache" / "silver"
    return Environment(path, cache)


def _installed(venv: Path) -> Environment | None:
    marker = venv / MARKER
    if venv_python(venv).exists() and marker.exists() and marker.read_text().strip() == requirements_hash():
        return Environment(venv_python(venv), venv / "prorata-cache")
    return None


def locate(python: str | None = None, venv: str | Path | None = None) -> Environment | None:
    """The environment to use, first found of: the `python` option, the
    `venv` option, $PRORATA_SILVER_PYTHON, the default venv (a venv counts
    once its marker matches requirements.txt). None when there is none: the
    caller says to run `prorata backends install silver`."""
    if python:
        return _external(python)
    if venv:
        return _installed(Path(venv))
    if os.environ.get(ENV_VAR):
        return _external(os.environ[ENV_VAR])
    return _installed(default_venv())


def _run(command: list[str], echo: Callable[[str], None]) -> None:
    echo("$ " + " ".join(command))
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if completed.returncode != 0:
        tail = "\n".join(completed.stdout.splitlines()[-30:])
        raise RuntimeError(f"command failed ({completed.returncode}): {' '.join(command)}\n{tail}")


def prepare(env: Environment, echo: Callable[[str], None] = print, timeout: float = 600) -> dict:
    """Build the migrated template database (once per environment)."""
    command = env.worker_command() + ["--prepare"]
    completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        tail = "\n".join(completed.stderr.splitlines()[-20:])
        raise RuntimeError(f"the silver worker could not set up its database with {env.python}:\n{tail}")
    ready = json.loads(lines[-1])
    echo(("migrated silver's database into " if ready.get("migrated") else "template database present: ")
         + str(ready.get("template")))
    return ready


def install(venv: str | Path | None = None, python: str | None = None,
            echo: Callable[[str], None] = print) -> Environment:
    """Make the silver environment ready; idempotent.

    With `python` (or, when neither option is given, $PRORATA_SILVER_PYTHON)
    that interpreter must already have django-silver: nothing is installed
    into it. Otherwise a venv is created at `venv` (default
    .prorata/venvs/silver) and requirements.txt is pip-installed into it,
    unless its marker says that was already done with the same requirements.
    Either way the template database is built."""
    if not python and not venv and os.environ.get(ENV_VAR):
        python = os.environ[ENV_VAR]
    if python:
        env = _external(python)
        echo(f"using {env.python}, which must already have django-silver; installing nothing into it")
    else:
        venv = Path(venv) if venv else default_venv()
        marker = venv / MARKER
        wanted = requirements_hash()
        if _installed(venv) is not None:
            echo(f"silver environment up to date: {venv}")
        else:
            if not venv_python(venv).exists():
                echo(f"creating a venv for django-silver at {venv}")
                _run([sys.executable, "-m", "venv", str(venv)], echo)
            echo(f"installing {REQUIREMENTS.name} into it (django-silver, Django 3.2, freezegun)")
            _run([str(venv_python(venv)), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], echo)
            marker.write_text(wanted + "\n")
        env = Environment(venv_python(venv), venv / "prorata-cache")
    prepare(env, echo)
    echo(f"silver backend ready: {env.python}")
    return env
