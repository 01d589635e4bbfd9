"""proration-harness: scenario testing and invoice QA for subscription proration."""

__version__ = "0.1.0"
