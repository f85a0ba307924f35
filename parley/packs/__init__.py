"""Knowledge packs: what Parley knows about one negotiation, kept in YAML data files."""
