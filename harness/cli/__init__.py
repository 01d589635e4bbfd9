"""The `prorata` command line: run, explain, validate, init, schema.

Exit codes (stable, scripts rely on them):

0  every scenario passed (or nothing was wrong with the input)
1  some scenario failed or errored
2  bad input or usage: a pack that does not load, an unknown backend or
   scenario, a bad -k expression, a run that would execute no scenario
3  a backend could not be reached
"""

from harness.cli.app import ExitCode, main, prorata

__all__ = ["ExitCode", "main", "prorata"]
