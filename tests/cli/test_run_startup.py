"""`prorata run` imports only what it uses: the group loads a command's
module when the command is asked for, and `--help` still lists them all."""

from __future__ import annotations

import subprocess
import sys

from harness.cli.app import COMMANDS, prorata


def test_every_command_is_listed_and_loads(cli) -> None:
    shown = cli("--help").stdout
    for name in COMMANDS:
        assert f"  {name} " in shown
        assert prorata.get_command(None, name).name == name  # type: ignore[arg-type]
    assert sorted(COMMANDS) == list(COMMANDS) == prorata.list_commands(None)  # type: ignore[arg-type]


def test_an_unknown_command_is_still_a_usage_error(cli) -> None:
    result = cli("rn")
    assert result.exit_code == 2 and "No such command 'rn'" in result.stderr


def test_run_does_not_import_the_other_commands() -> None:
    code = ("import sys; from harness.cli.app import main\n"
            "try:\n    main(['run', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('harness.cli.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "'harness.cli.run'" in loaded
    for other in ("signoff", "controls", "fuzz", "reconcile", "backends", "explain"):
        assert f"'harness.cli.{other}'" not in loaded
