"""Stage: extract. Turn stored reports into claims, proposals, status signals and events.

The rule-based pipeline is a spaCy ``Language`` whose Parley components are
registered in :mod:`parley.extract.factories` and assembled from
``pipeline.cfg``; :func:`parley.extract.runner.extract` runs it over a store.
"""

# Bump when the output of the extractor changes, so stored reports are extracted again; the rows of an
# earlier rules version are then replaced, those of other extractors ("llm:<model>") kept.
RULES_PREFIX = "rules-"
EXTRACTOR_VERSION = f"{RULES_PREFIX}2"
