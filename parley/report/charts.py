"""Plotly figures of the report and the dashboard, as JSON-ready dicts.

Figures are plain ``{"data", "layout"}`` dicts in Plotly.js's schema, drawn in
the browser by ``charts.js``; building them without ``plotly.graph_objects``
skips its validation, which took seconds on a large store. Each point
carries in ``customdata`` the link to its evidence, which a click follows.
The Plotly library itself comes from the ``plotly`` Python package, never a CDN.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

import plotly

ROLE_COLOURS = {
    "party": "#1f77b4",
    "mediator": "#2ca02c",
    "guarantor": "#9467bd",
    "third_party": "#ff7f0e",
    "faction": "#d62728",
    "other": "#7f7f7f",
}
FORECAST_STYLE = {"mean": "#444444", "median": "#8c564b", "nash": "#e377c2", "bdm": "#17becf"}
SIGNAL_COLOURS = {"breakthrough": "#2ca02c", "progress": "#98df8a", "stalled": "#ffbb78", "collapse": "#d62728"}
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
AXIS = {"gridcolor": "#eeeeee", "zerolinecolor": "#dddddd", "automargin": True}


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The minified Plotly library shipped in the ``plotly`` package."""
    return PLOTLY_JS.read_text(encoding="utf-8")


def _layout(title: str, height: int, left: int = 150, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0},
        "height": height,
        "margin": {"l": left, "r": 150, "t": 50, "b": 40},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": "#2a3f5f"},
        "legend": {"x": 1.02, "y": 1, "xanchor": "left", "yanchor": "top"},
        "hovermode": "closest",
        **extra,
    }


def _day(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def issue_chart(
    issue: Any,
    entries: list[Any],
    forecast: Optional[dict[str, Any]],
    roles: dict[str, str],
    link: Callable[[int], str],
) -> dict[str, Any]:
    """Actor positions on one issue (size = salience, colour = role) with forecasts and bands.

    ``issue`` is an :class:`~parley.model.table.IssueScale`, ``entries`` its
    stakeholder entries, ``link(claim_id)`` the URL of a claim's evidence.
    """
    data: list[dict[str, Any]] = []
    by_role: dict[str, list[Any]] = {}
    for entry in entries:
        by_role.setdefault(roles.get(entry.actor, "other"), []).append(entry)
    for role, group in sorted(by_role.items()):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": role,
                "x": [entry.position for entry in group],
                "y": [entry.actor for entry in group],
                "marker": {
                    "size": [8 + 30 * entry.salience for entry in group],
                    "color": ROLE_COLOURS.get(role, ROLE_COLOURS["other"]),
                    "line": {"width": 1, "color": "#333"},
                },
                "customdata": [link(entry.claims[-1]) if entry.claims else "" for entry in group],
                "text": [f"{entry.salience:.2f}, capability {entry.capability:.2f}" for entry in group],
                "hovertemplate": "%{y}: position %{x:.0f}<br>salience %{text}<extra></extra>",
            }
        )
    actors = [entry.actor for entry in entries]
    shapes = []
    for name, value in (forecast or {}).items():
        if name not in FORECAST_STYLE or value is None:
            continue
        # A shape spans the plot's full height (yref paper) even with a single actor, and still gets a legend entry.
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": value, "x1": value, "y0": 0, "y1": 1,
                       "line": {"color": FORECAST_STYLE[name], "dash": "dash", "width": 2},
                       "name": f"{name} {value:.0f}", "showlegend": True})
        band = (forecast.get("bands") or {}).get(name)
        if band:
            shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": band[0], "x1": band[1], "y0": 0,
                           "y1": 1, "fillcolor": FORECAST_STYLE[name], "opacity": 0.08, "line": {"width": 0},
                           "layer": "below"})
    low, high = getattr(issue, "low", ""), getattr(issue, "high", "")
    axis = f"0 = {low}  \u2194  100 = {high}" if low or high else "position on the issue's 0-100 scale"
    layout = _layout(
        getattr(issue, "label", "") or issue.id,
        120 + 40 * max(len(actors), 2),
        xaxis={**AXIS, "range": [-3, 103], "title": {"text": axis}},
        yaxis={**AXIS, "categoryorder": "array", "categoryarray": actors},
        shapes=shapes,
    )
    return {"data": data, "layout": layout}


def signal_chart(counts: list[dict[str, Any]], link: Callable[[Any], str]) -> dict[str, Any]:
    """Stacked bars of status signals per day: the trend of the talks; ``link(day)`` is a bar's evidence."""
    data = []
    for signal, colour in SIGNAL_COLOURS.items():
        rows = [row for row in counts if row["signal"] == signal]
        if rows:
            data.append(
                {
                    "type": "bar",
                    "name": signal,
                    "x": [_day(row["date"]) for row in rows],
                    "y": [row["count"] for row in rows],
                    "marker": {"color": colour},
                    "customdata": [link(row["date"]) for row in rows],
                }
            )
    layout = _layout("Status signals per day", 280, left=40, barmode="stack", xaxis={**AXIS, "type": "date"},
                     yaxis=dict(AXIS))
    return {"data": data, "layout": layout}


def deals_chart(
    deals: dict[str, Any], link: Callable[[str], str], roles: Optional[dict[str, str]] = None
) -> Optional[dict[str, Any]]:
    """The Pareto frontier and the bargaining solutions in the utility plane of two parties.

    ``deals`` is :meth:`parley.deals.solutions.DealsResult.to_dict`: points carry
    ``utilities`` in the order of ``parties``. The principal parties (role
    "party" in ``roles``) span the plane, else the two whose utilities spread
    most. Seen in two of many parties the frontier is a cloud: its points are
    drawn, and the line joins those that stay undominated in the plane.
    Returns None with fewer than two parties or no frontier.
    """
    parties = list(deals.get("parties") or [])
    pareto = [p for p in deals.get("pareto") or [] if len(p.get("utilities") or []) == len(parties)]
    if len(parties) < 2 or not pareto:
        return None

    def spread(i: int) -> float:
        values = [p["utilities"][i] for p in pareto]
        return max(values) - min(values)

    roles = roles or {}
    x, y = sorted(range(len(parties)), key=lambda i: (roles.get(parties[i]) == "party", spread(i)), reverse=True)[:2]

    def label(point: dict[str, Any]) -> str:
        return "; ".join(f"{k}: {v}" for k, v in sorted((point.get("outcome") or {}).items()))

    cloud = [(p["utilities"][x], p["utilities"][y], p) for p in pareto]
    front, best_y = [], float("-inf")
    for ux, uy, p in sorted(cloud, key=lambda c: (-c[0], -c[1])):
        if uy > best_y:
            front.append((ux, uy))
            best_y = uy
    front.reverse()
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Pareto-optimal packages",
            "x": [c[0] for c in cloud],
            "y": [c[1] for c in cloud],
            "marker": {"color": ["#9ecae1" if c[2].get("in_zopa") else "#cccccc" for c in cloud], "size": 6},
            "text": [label(c[2]) for c in cloud],
            "hovertemplate": "%{text}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"frontier for {parties[x]} and {parties[y]}",
            "x": [c[0] for c in front],
            "y": [c[1] for c in front],
            "line": {"color": "#1f77b4"},
            "hoverinfo": "skip",
        },
    ]
    reservations = deals.get("reservations") or []
    if len(reservations) == len(parties):
        data.append({"type": "scatter", "mode": "markers", "name": "no deal", "x": [reservations[x]],
                     "y": [reservations[y]], "marker": {"size": 10, "symbol": "x", "color": "#d62728"}})
    solutions = (("nash", "#e377c2"), ("kalai", "#2ca02c"), ("egalitarian", "#9467bd"), ("utilitarian", "#ff7f0e"))
    for name, colour in solutions:
        point = deals.get(name)
        if isinstance(point, dict) and len(point.get("utilities") or []) == len(parties):
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": name,
                    "x": [point["utilities"][x]],
                    "y": [point["utilities"][y]],
                    "marker": {"size": 13, "symbol": "diamond", "color": colour, "line": {"width": 1, "color": "#333"}},
                    "text": [label(point)],
                    "hovertemplate": "%{text}<extra>" + name + "</extra>",
                    "customdata": [link(name)],
                }
            )
    layout = _layout("Package deals: Pareto frontier and bargaining solutions", 460, left=60,
                     xaxis={**AXIS, "title": {"text": f"utility of {parties[x]}"}},
                     yaxis={**AXIS, "title": {"text": f"utility of {parties[y]}"}})
    return {"data": data, "layout": layout}
