"""The dashboard application: routes of every view, static files, security headers and error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import TemplateNotFound
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.errors import Errors, ParleyError
from parley.report.charts import PLOTLY_JS
from parley.store.db import Store
from parley.web import views
from parley.web.common import ENV, json_response
from parley.web.errors import WebError, from_parley_error
from parley.web.state import AppState

STATIC = Path(__file__).parent / "static"
REPORT_ASSETS = Path(__file__).parents[1] / "report" / "assets"
# Served files, by URL name; nothing else is read from disk.
STATIC_FILES = {
    "plotly.min.js": PLOTLY_JS,
    "charts.js": REPORT_ASSETS / "charts.js",
    "report.css": REPORT_ASSETS / "report.css",
    "app.js": STATIC / "app.js",
    "web.css": STATIC / "web.css",
}
# Scripts only from this server, so a quote that escaped escaping still could not run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
log = logging.getLogger(__name__)


def create_app(store_url: str | None, *, token: str, pack: Any = None, runs: int = 200, seed: int = 0) -> FastAPI:
    """The dashboard of the store at ``store_url``.

    Parameters
    ----------
    store_url : str or None
        SQLAlchemy URL of the store (None: ``$PARLEY_DB`` or ``parley.db``).
    token : str
        Secret that every write (POST) must carry in the ``X-Parley-Token``
        header or a ``token`` form field.
    pack : Pack or str, optional
        Knowledge pack for the model, labels and roles.
    runs, seed : int
        Monte Carlo runs and seed of the interactive forecasts (kept small for speed).

    Returns
    -------
    fastapi.FastAPI
    """
    app = FastAPI(
        title="Parley dashboard",
        description="Evidence-backed model of a negotiation: reports, claims, model, forecasts, deals.",
        docs_url=None,  # the default pages load Swagger UI from a CDN; /docs is served offline instead
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.parley = AppState(Store(store_url), token=token, pack=pack, runs=runs, seed=seed)
    _add_handlers(app)
    _add_static(app)
    for module in views.MODULES:
        app.include_router(module.router)
    return app


def _add_static(app: FastAPI) -> None:
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        path = STATIC_FILES.get(name)
        if path is None:
            raise WebError(Errors.E404.format(path=f"/static/{name}"), 404, "Not found")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def render_error(request: Request, error: WebError) -> Response:
    """JSON for ``/api/`` routes, else ``{status}.html`` falling back to ``error.html``."""
    if request.url.path.startswith("/api/"):
        return json_response(error.to_dict(), error.status)
    try:
        template = ENV.get_template(f"{error.status}.html")
    except TemplateNotFound:
        template = ENV.get_template("error.html")
    html = template.render(request=request, error=error, path=request.url.path, as_of="", menus=None)
    return HTMLResponse(html, status_code=error.status)


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        return render_error(request, from_parley_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            error = WebError(Errors.E404.format(path=request.url.path), 404, "Not found")
        else:
            error = WebError(str(exc.detail), exc.status_code, "Request refused")
        return render_error(request, error)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return render_error(request, WebError(f"Invalid request: {problems}.", 422, "Invalid request"))
