"""Parley: evidence-backed models and forecasts of multi-party negotiations.

The package is laid out as the stages of a pipeline; data flows one way:

    ingest -> store -> extract -> model -> forecast -> deals -> report / web

with ``cli`` a thin layer over all of them and ``packs`` the knowledge that
the extractor and the model read.
"""

__version__ = "0.1.0"
