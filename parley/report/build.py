"""The self-contained HTML report: every style, script and chart inlined, so it opens offline.

All text of the reports is untrusted: templates are autoescaped, data is
never marked safe, URLs are kept only when they are http(s), and chart JSON
goes through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``, so a
quote cannot close the ``<script>`` element it sits in).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from parley import __version__
from parley.errors import Errors, UsageError
from parley.model.timeline import timeline
from parley.report import charts, data, evidence
from parley.report.analysis import Analysis, analyse, load_pack_or_none
from parley.store.claims import claim_table

ASSETS = Path(__file__).parent / "assets"
EVIDENCE_PER_ENTRY = 5  # newest claims linked from each number; the rest are counted


def safe_url(url: Optional[str]) -> Optional[str]:
    """``url`` if it is an absolute http(s) URL, else None (no ``javascript:`` links from report text)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def fmt(value: Any, digits: int = 0) -> str:
    """A number for display, or an en dash when missing."""
    if value is None:
        return "\u2013"
    if isinstance(value, (int, float)):
        return f"{value:.{digits}f}"
    return str(value)


def environment(*packages: str) -> Environment:
    """A Jinja environment of the packages' templates (first match wins), autoescaping every file."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader(package, "templates") for package in packages or ("parley.report",)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["fmt"] = fmt
    return env


def script(text: str) -> Markup:
    """Our own JavaScript for an inline ``<script>``, with any ``</`` broken so it cannot end the element."""
    return Markup(text.replace("</", "<\\/"))


def issue_sections(
    session: Any,
    analysis: Analysis,
    *,
    pack: Any,
    link: Callable[[int], str],
    evidence_per_entry: int = EVIDENCE_PER_ENTRY,
) -> tuple[list[dict[str, Any]], set[int]]:
    """Per issue: its chart, forecast and entry table, and the ids of the claims they cite."""
    if analysis.model is None:
        return [], set()
    roles = data.actor_roles(session, pack=pack)
    cited: set[int] = set()
    sections = []
    for issue in analysis.model.issues:
        entries = sorted(analysis.model.for_issue(issue.id), key=lambda e: e.position)
        if not entries:
            continue
        forecast = analysis.forecast_for(issue.id)
        rows = []
        for entry in entries:
            shown = list(entry.claims[-evidence_per_entry:])
            cited.update(shown)
            rows.append({"entry": entry, "role": roles.get(entry.actor, "other"), "claims": shown,
                         "more": len(entry.claims) - len(shown)})
        sections.append(
            {
                "issue": issue,
                "forecast": forecast,
                "rows": rows,
                "chart": charts.issue_chart(issue, entries, forecast, roles, link),
            }
        )
    return sections, cited


def report_context(
    store: Any,
    *,
    as_of: Optional[dt.date] = None,
    pack: Any = None,
    runs: int = 500,
    seed: Optional[int] = 0,
) -> dict[str, Any]:
    """Everything the report template shows, gathered with bounded SQL queries."""
    pack = load_pack_or_none(pack)
    with store.session() as session:
        claims = claim_table(session, as_of=as_of)  # read once for the model and the timeline
    analysis = analyse(store, as_of=as_of, pack=pack, runs=runs, seed=seed, claims=claims)
    dated = timeline(store, as_of=as_of, limit=200, claims=claims).items
    with store.session() as session:
        sections, cited = issue_sections(session, analysis, pack=pack, link=lambda i: f"#claim-{i}")
        matrix = data.reaction_matrix(session, as_of=as_of)
        recent = data.recent_claims(session, as_of=as_of, limit=8)
        cited.update(item["claim_id"] for item in dated if item["claim_id"])
        cited.update(claim for item in dated for claim in item.get("claims", ()))
        cited.update(r["claim_id"] for row in matrix["rows"] for r in row["reactions"].values() if r["claim_id"])
        cited.update(item["id"] for item in recent)
        cited_claims = evidence.claims_evidence(session, sorted(cited))
        first, last = data.date_range(session)
        context = {
            "title": f"Parley report{' for ' + pack.name if pack is not None else ''}",
            "version": __version__,
            "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "as_of": as_of,
            "period": (first, last),
            "status": data.status_summary(session, as_of=as_of),
            "signal_chart": charts.signal_chart(data.signal_counts(session, as_of=as_of), lambda day: "#timeline"),
            "issues": data.issue_overview(session, as_of=as_of),
            "recent": recent,
            "actors": data.actors(session, pack=pack),
            "sections": sections,
            "timeline": dated,
            "matrix": matrix,
            "analysis": analysis,
            "deals": analysis.deals,
            "deals_chart": charts.deals_chart(analysis.deals, lambda name: "#deals", data.actor_roles(session, pack=pack))
            if analysis.deals
            else None,
            "evidence": cited_claims,
            "roles": charts.ROLE_COLOURS,
            "anchor": lambda claim_id: f"#claim-{claim_id}",
        }
    return context


def build_report(
    store: Any,
    *,
    as_of: Optional[dt.date] = None,
    pack: Any = None,
    runs: int = 500,
    seed: Optional[int] = 0,
) -> str:
    """The report of ``store`` as one self-contained HTML document.

    Parameters
    ----------
    store : parley.store.db.Store
        The store to report on.
    as_of : datetime.date, optional
        Use only evidence dated on or before this day.
    pack : Pack or str, optional
        Knowledge pack (name, folder or loaded pack) for labels, roles and offices.
    runs, seed : int
        Monte Carlo runs and seed of the forecast bands.

    Returns
    -------
    str
        HTML with Plotly's JavaScript inlined once and no external resource.
    """
    if runs < 1:
        raise UsageError(Errors.E004.format(option="--runs", allowed="a positive integer", got=runs))
    context = report_context(store, as_of=as_of, pack=pack, runs=runs, seed=seed)
    context["plotly_js"] = script(charts.plotly_js())
    context["charts_js"] = script((ASSETS / "charts.js").read_text(encoding="utf-8"))
    context["style"] = Markup((ASSETS / "report.css").read_text(encoding="utf-8"))
    return environment().get_template("report.html").render(**context)


def write_report(
    store: Any,
    *,
    path: str | Path,
    as_of: Optional[dt.date] = None,
    pack: Any = None,
    runs: int = 500,
    seed: Optional[int] = 0,
) -> Path:
    """Write :func:`build_report`'s HTML to ``path`` and return the path."""
    html = build_report(store, as_of=as_of, pack=pack, runs=runs, seed=seed)
    target = Path(path)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise UsageError(Errors.E407.format(path=str(target), reason=exc.strerror or exc)) from exc
    return target
