"""Stage: report. The self-contained HTML report of a store (see :mod:`parley.report.build`)."""

from parley.report.build import build_report, write_report

__all__ = ["build_report", "write_report"]
