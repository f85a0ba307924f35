"""``deals()``: the one library call behind ``parley deals``.

Picks the domain (a JSON file, a GENIUS folder, or the stakeholder model of
the store as of a date), optionally exports it, places the store's named
proposals against it and returns :func:`parley.deals.solutions.analyse`'s result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from parley.deals.bridging import proposals_from_store
from parley.deals.domain import Domain, domain_from_model, read_domain, write_domain
from parley.deals.genius import read_genius, write_genius
from parley.deals.solutions import DealsResult, analyse
from parley.errors import Errors, UsageError

if TYPE_CHECKING:
    from parley.store.db import Store


def _date(value: Optional[str | dt.date]) -> Optional[dt.date]:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(Errors.E004.format(option="--as-of", allowed="an ISO date (YYYY-MM-DD)",
                                            got=value)) from None


def load_domain(
    *,
    store: Optional["Store"] = None,
    as_of: Optional[str | dt.date] = None,
    domain_file: Optional[str | Path] = None,
    genius_dir: Optional[str | Path] = None,
    pack: Optional[str] = None,
    points: int = 5,
    shape: str = "linear",
    parties: Optional[Sequence[str]] = None,
    issues: Optional[Sequence[str]] = None,
) -> Domain:
    """The domain from ``domain_file``, ``genius_dir`` or the store's model (only one source).

    Raises
    ------
    UsageError
        E357 when more than one source is given, E004 for a bad date.
    """
    given = [name for name, value in (("--as-of", as_of), ("--domain", domain_file), ("--genius", genius_dir))
             if value is not None]
    if len(given) > 1:
        raise UsageError(Errors.E357.format(got=", ".join(given)))
    if domain_file is not None:
        return read_domain(domain_file)
    if genius_dir is not None:
        return read_genius(genius_dir)
    # The model stage is imported only when the domain comes from the store.
    from parley.model.build import build_model
    from parley.packs.loader import load_pack
    from parley.store.db import Store

    loaded = load_pack(pack)
    model = build_model(store if store is not None else Store(), as_of=_date(as_of), pack=loaded)
    return domain_from_model(model, pack=loaded, points=points, shape=shape, parties=parties, issues=issues)


def deals(
    *,
    store: Optional["Store"] = None,
    as_of: Optional[str | dt.date] = None,
    domain_file: Optional[str | Path] = None,
    genius_dir: Optional[str | Path] = None,
    pack: Optional[str] = None,
    export_domain: Optional[str | Path] = None,
    export_genius: Optional[str | Path] = None,
    points: int = 5,
    shape: str = "linear",
    parties: Optional[Sequence[str]] = None,
    issues: Optional[Sequence[str]] = None,
) -> DealsResult:
    """Analyse the package deals of a domain and the store's named proposals.

    Parameters
    ----------
    store : Store, optional
        Source of the stakeholder model (when no file is given) and of named proposals.
    as_of, domain_file, genius_dir : optional
        At most one: build from the model as of a date (default: all evidence),
        read a domain JSON file, or read a GENIUS folder.
    pack : str, optional
        Pack name or folder for named options and status quo (model domains only).
    export_domain, export_genius : path, optional
        Also write the domain as JSON, or as a GENIUS folder.
    points, shape, parties, issues : optional
        See :func:`parley.deals.domain.domain_from_model` (model domains only).

    Returns
    -------
    DealsResult
    """
    domain = load_domain(store=store, as_of=as_of, domain_file=domain_file, genius_dir=genius_dir,
                         pack=pack, points=points, shape=shape, parties=parties, issues=issues)
    if export_domain is not None:
        write_domain(domain, export_domain)
    if export_genius is not None:
        write_genius(domain, export_genius)
    proposals = proposals_from_store(store, domain) if store is not None else []
    return analyse(domain, proposals=proposals)
