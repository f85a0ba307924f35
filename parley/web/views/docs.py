"""``/docs``: an offline page listing the JSON API from its OpenAPI schema (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.web.common import render

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """Every API route with its parameters, read from ``/api/openapi.json``."""
    schema = request.app.openapi()
    routes = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, spec in methods.items():
            params = [
                {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                 "description": p.get("description", "")}
                for p in spec.get("parameters", [])
            ]
            routes.append({"method": method.upper(), "path": path, "summary": spec.get("summary", ""),
                           "description": spec.get("description", ""), "params": params})
    return render(request, "docs.html", routes=routes, title=schema["info"]["title"])
