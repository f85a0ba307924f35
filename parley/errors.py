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


class _Coded(type):
    """Prefix every catalogue message with its code, as spaCy does: ``[E003] No report ...``."""

    def __getattribute__(cls, name: str):
        value = super().__getattribute__(name)
        if name[:1] in ("E", "W") and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_Coded):
    """Catalogue of user-facing error messages, formatted with ``str.format``."""

    E001 = "Cannot open the database {url!r}: {reason}. Check the URL passed with --db or PARLEY_DB."
    E002 = "Cannot migrate the database {url!r}: {reason}. Run 'parley db upgrade --debug' to see the cause."
    E003 = "No report with id {id!r}. Run 'parley reports list' to see the stored ids."
    E004 = "The option {option} must be {allowed}. Got {got!r} instead."
    E005 = "The path {path!r} does not exist. Pass a file, a folder or an http(s) URL."
    # E400-E449: report and dashboard
    E400 = "A what-if change must set one of {allowed}. Got {field!r} instead."
    E401 = "A what-if {field} must be a number from 0 to {limit:g}. Got {got!r} instead."
    E402 = "The {name} must be an ISO date (YYYY-MM-DD). Got {got!r} instead."
    E403 = "This change needs the dashboard token. Send it in the X-Parley-Token header or the 'token' form field; it is printed when 'parley serve' starts (or set by PARLEY_TOKEN)."
    E404 = "No page at {path!r}. Start from the overview at '/'."
    E405 = "No claim with id {id!r}. Open '/claims' to see the stored claims."
    E406 = "A review action must be one of {allowed}. Got {got!r} instead."
    E407 = "Cannot write the report to {path!r}: {reason}. Pass a writable file path with -o."
    E408 = "The {name} must be {allowed}. Got {got!r} instead."
    # Ingest (E100-E149): each becomes the ``reason`` of one rejected input.
    E100 = "Cannot read {input!r}: {reason}. Check that it exists and is readable."
    E101 = "{input!r} looks binary ({detail}). Pass text, Markdown, HTML, JSON, JSONL or an RSS/Atom feed."
    E102 = "{input!r} is not valid UTF-8 ({detail}). Convert it to UTF-8 or declare its charset in an HTML <meta> tag."
    E103 = "{input!r} has {size} bytes, over the limit of {limit}. Split it or raise the limit (--max-bytes)."
    E104 = "{input!r} has no article text left after cleaning ({chars} characters). Check that it holds a news report."
    E105 = "{input!r} is not a JSON object: {reason}. Each line must be one object with a 'text' or 'html' field."
    E106 = "{input!r} has neither a 'text' nor an 'html' field. Give each JSON object one of them."
    E107 = "{input!r} is a URL, which is read only with --fetch. Pass --fetch to download it."
    E108 = "{input!r} has the scheme {scheme!r}; only http and https URLs can be fetched."
    E109 = "{input!r} answered HTTP {status}. Check the URL or try again later."
    E110 = "{input!r} could not be fetched: {reason}. Check the URL and the network."
    E111 = "{input!r} has the content type {got!r}; allowed are {allowed}."
    E112 = "{input!r} redirected more than {limit} times. Pass the final URL instead."
    E113 = "{input!r} is not a readable RSS/Atom feed: {reason}. Check that it is a valid feed."
    E114 = "{input!r} has the unsupported suffix {suffix!r}; allowed are {allowed}."
    E115 = "{input!r} could not be processed ({kind}: {message}). Report it with the file if it is a valid report."

    # Extraction (E200-E249): each becomes the ``reason`` of one report that failed.
    E200 = "Report {report!r} has no sentences to read ({chars} characters of text). Check its text with 'parley reports show'."
    E201 = "Report {report!r} is in {language!r}; the rule extractor reads English only. Use an LLM backend (--llm-url) for it."
    E202 = "Report {report!r} could not be processed: {reason}. Run 'parley extract --redo --debug' to see the cause."
    E203 = "The option --model must be a spaCy package name or 'blank'. Got {got!r} instead."

    # Knowledge packs (E250-E259).
    E250 = (
        "No knowledge pack named {name!r}. Looked in: {places}. Available packs: {available}. "
        "Pass one of these names or a folder that holds a pack.yaml."
    )
    E251 = (
        "{file}, line {line}: the field {field!r} is invalid: {problem} (got {got!r}). "
        "Fix the value and check the pack with 'parley packs show {pack}'."
    )
    E252 = "{file}, line {line}: not valid YAML: {problem}. Fix the indentation, quotes or colons and try again."
    E253 = "The folder {path} is not a knowledge pack: it has no pack.yaml. Create one with 'parley packs new NAME'."
    E254 = "The pack {pack!r} extends itself through {chain}. Set 'extends' in pack.yaml to a different pack or to null."
    E255 = (
        "{file}, line {line}: the {kind} {key!r} is defined twice in this file; each must appear once. "
        "Merge the two entries."
    )
    E256 = "The pack {pack!r} is inconsistent: {reason}. Fix the pack files so that they agree."
    E257 = "Cannot create the pack {path}: the folder already exists. Choose another NAME or --dir."
    E258 = "The pack name {name!r} is not allowed: use letters, digits, '-', '_' or '.', starting with a letter or digit."
    # Extraction records, export and scoring (E260-E269).
    E260 = "{file}, line {line}: not a JSON object: {problem}. Each line must hold one record of the annotation guide."
    E261 = (
        "{file}, line {line}: the field {field!r} is invalid: {problem} (got {got!r}). "
        "The annotation guide lists the allowed fields and values."
    )
    E262 = "The record file {file} does not exist. Pass a JSONL file made by 'parley export reports' or a gold file."
    E263 = "The option --format must be one of {allowed}. Got {got!r} instead."
    # LLM backend (E270-E279).
    E270 = "The LLM server at {url} could not be reached: {reason}. Check --llm-url and that the server is running."
    E271 = "The LLM server at {url} answered HTTP {status}: {body}. Check --llm-model and the server's logs."
    E272 = (
        "The LLM answer for report {report!r} is not a valid record: {problem}. "
        "Try again, or use a model that follows JSON instructions."
    )

    # Model, forecasts and backtests (E300-E349).
    E300 = "No claim with id {id!r}. Run 'parley claims list' or open '/claims' to see the stored ids."
    E301 = "A review action must be one of {allowed}. Got {got!r} instead."
    E302 = "A correction can change only {allowed}. Got {got!r} instead. Pass changes as {{field: [before, after]}}."
    E303 = "A 'correct' review needs changes as {{field: [before, after]}}. Got {got!r} instead."
    E304 = "The override field must be one of {allowed}. Got {got!r} instead."
    E305 = "The override {field} must be a number from {low:g} to {high:g}. Got {got!r} instead."
    E306 = "Unknown actor {actor!r} in an override. Known actors: {known}. Use one of these names or add the actor to the pack."
    E307 = "Unknown issue {issue!r} in an override. Known issues: {known}. Use one of these ids."
    E308 = "No active override with id {id!r}. Run 'parley model override list' to see the ids."
    E309 = "A {field} override needs an issue. Pass --issue ID (only capability applies to all issues)."
    E310 = "{file}: cannot read the model file: {reason}. Check the path and that it is a CSV or JSON model."
    E311 = "{file}: the header lacks the column {column!r}. The long CSV needs the header {header}."
    E312 = "{file}, row {row}, column {column!r}: {got!r} is not a number. Write a plain number such as 42 or 0.5."
    E313 = "{file}, row {row}, column {column!r}: {got!r} is outside {low:g}-{high:g}. Put the value on that range."
    E314 = "{file}, row {row}: {problem}. A KTAB SMP file has a scenario row, a header 'Actor,Description,Power,Position,Salience,...' and one row per actor."
    E315 = "{file}: not a valid JSON model: {problem}. Write the form printed by 'parley model --json'."
    E316 = "{file}, row {row}: actor {actor!r} appears twice on issue {issue!r}. Keep one row per actor and issue."
    E317 = "The model format must be one of {allowed}. Got {got!r} instead."
    E318 = "The model has no entries{detail}. Extract claims with positions first ('parley extract'), or pass --input FILE."
    E319 = "The parameter {name!r} of {estimator} must be {allowed}. Got {got!r} instead."
    E320 = "This {estimator} is not fitted yet. Call 'fit(model)' before using {attribute!r}."
    E321 = "The forecast models must be among {allowed}. Got {got!r} instead."
    E322 = "Monte Carlo runs must be an integer from 0 to {high}. Got {got!r} instead."
    E323 = "{file}: not a valid outcome file: {problem}. Write 'outcomes:' with a list of {{issue, position, date, note}}."
    E324 = "No outcome to score: none of the outcomes' issues ({outcomes}) is in the model ({issues}). Check the issue ids."
    E325 = "The half-life must be a positive number of days. Got {got!r} instead."
    # Package deals (E350-E399).
    E350 = "Cannot read the domain file {path!r}: {reason}. Pass a JSON file shaped as {{\"issues\": [...], \"parties\": [...]}}."
    E351 = "{source}: {field} {problem}. Got {got!r}. {fix}"
    E352 = "The GENIUS folder {path!r} {problem}. It must hold one domain file (root <negotiation_template>) and one or more profiles (root <utility_space>)."
    E353 = "{path}: {problem}. Got {got!r}. {fix}"
    E354 = "Cannot build a deals domain from the stakeholder model: {problem}. {fix}"
    E355 = "The utility shape must be one of {allowed}. Got {got!r} instead. Register a new shape with parley.deals.domain.register_shape."
    E356 = "The domain has {n} outcomes, over the limit of {limit}. Drop issues or values, or merge options, and run again."
    E357 = "Pass only one of --as-of, --domain and --genius. Got {got}."
    E358 = "Cannot write {path!r}: {reason}. Pass a writable path."

class Warnings(metaclass=_Coded):
    """Catalogue of user-facing warnings; each is shown once per process."""

    W001 = "The spaCy model {model!r} is not installed; using spacy.blank('en') with rules only."


_shown: set[str] = set()


def warn_once(message: str) -> None:
    """Emit ``message`` as a :class:`UserWarning` the first time only."""
    if message in _shown:
        return
    _shown.add(message)
    warnings.warn(message, UserWarning, stacklevel=2)
