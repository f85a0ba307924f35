"""Packs by key, so that a pipeline config (plain JSON values) can name the pack it uses.

A key is a pack name or folder, resolved with the pack loader; tests and
callers holding a :class:`~parley.packs.schema.Pack` object register it first.
"""

from __future__ import annotations

from pathlib import Path

from parley.packs.schema import Pack

_PACKS: dict[str, Pack] = {}


def register_pack(pack: Pack) -> str:
    """Keep ``pack`` in this process and return the key that names it in a config."""
    key = f"object:{pack.name}:{id(pack)}"
    _PACKS[key] = pack
    return key


def get_pack(key: str | Path | None) -> Pack:
    """The pack of ``key``: a registered object, else the loader's pack (None: generic)."""
    if isinstance(key, str) and key in _PACKS:
        return _PACKS[key]
    from parley.packs.loader import load_pack

    pack = load_pack(key)
    _PACKS[str(key)] = pack
    return pack
