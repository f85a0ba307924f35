"""Knowledge packs: what Parley knows about one negotiation, kept in YAML data files.

>>> from parley.packs import load_pack
>>> pack = load_pack("generic")
>>> pack.issue("ceasefire_duration").parent
'ceasefire'
"""

from parley.packs.loader import available_packs, describe_pack, list_packs, load_pack, resolve_pack
from parley.packs.schema import Pack

__all__ = ["Pack", "available_packs", "describe_pack", "list_packs", "load_pack", "resolve_pack"]
