"""One module per page kind; each defines ``router``."""

from parley.web.views import actors, api, claims, deals, docs, evidence, issues, overview, proposals, timeline, whatif

MODULES = [overview, issues, actors, timeline, proposals, deals, claims, whatif, evidence, api, docs]
