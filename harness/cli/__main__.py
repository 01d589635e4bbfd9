"""`python -m harness.cli ...`, the same as the `prorata` console script."""

from harness.cli import main

main()
