"""The `silver` backend: django-silver in a venv of its own, behind a worker
process. `install` provisions that venv (`prorata backends install silver`)."""

from harness.adapters.silver.adapter import SilverBackend
from harness.adapters.silver.environment import default_venv, install, locate

__all__ = ["SilverBackend", "default_venv", "install", "locate"]
