"""Every error and warning that Parley shows to a user.

Hierarchy::

    ParleyError                  base of every expected failure
    ├── UsageError               a bad argument or option value
    ├── StoreError               the database cannot be opened or migrated
    ├── IngestError              one input cannot be read as a report
    ├── PackError                a knowledge pack is missing or invalid
    ├── ExtractionError          one report cannot be turned into claims
    ├── ModelInputError          a model, domain or outcome file is invalid
    ├── NotFittedError           a model was used before ``fit``
    └── NotFoundError            a report, claim or override id is unknown

Messages come from the :class:`Errors` catalogue so that every one carries a
code (``E0xx``) and says what was wrong, what is allowed and what to do.
"""

from __future__ import annotations

import warnings


class ParleyError(Exception):
    """An expected failure with a message meant for the user."""


class UsageError(ParleyError):
    """An argument or option has a value Parley cannot use."""


class StoreError(ParleyError):
    """The database cannot be opened, created or migrated."""


class IngestError(ParleyError):
    """One input cannot be read as a news report."""


class PackError(ParleyError):
    """A knowledge pack is missing or does not validate."""


class ExtractionError(ParleyError):
    """One report cannot be turned into claims."""


class ModelInputError(ParleyError):
    """A model, domain or outcome file has a missing or invalid value."""


class NotFittedError(ParleyError, AttributeError):
    """A model method that needs ``fit`` was called before it."""


class NotFoundError(ParleyError, LookupError):
    """A report, claim, override or scenario id does not exist."""


class Errors:
    """Catalogue of user-facing error messages, formatted with ``str.format``."""

    E001 = "Cannot open the database {url!r}: {reason}. Check the URL passed with --db or PARLEY_DB."
    E002 = "Cannot migrate the database {url!r}: {reason}. Run 'parley db upgrade --debug' to see the cause."
    E003 = "No report with id {id!r}. Run 'parley reports list' to see the stored ids."
    E004 = "The option {option} must be {allowed}. Got {got!r} instead."
    E005 = "The path {path!r} does not exist. Pass a file, a folder or an http(s) URL."


class Warnings:
    """Catalogue of user-facing warnings; each is shown once per process."""

    W001 = "The spaCy model {model!r} is not installed; using spacy.blank('en') with rules only."


_shown: set[str] = set()


def warn_once(message: str) -> None:
    """Emit ``message`` as a :class:`UserWarning` the first time only."""
    if message in _shown:
        return
    _shown.add(message)
    warnings.warn(message, UserWarning, stacklevel=2)
