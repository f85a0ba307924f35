"""``parley serve``: the local dashboard (FastAPI + uvicorn), bound to 127.0.0.1 by default."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from parley.cli.options import DbOption, PackOption, db_url


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""

    @app.command("serve")
    def serve_cli(
        ctx: typer.Context,
        host: Annotated[str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless you trust the network.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="TCP port.", min=0, max=65535)] = 8000,
        pack: PackOption = None,
        db: DbOption = None,
    ) -> None:
        """Serve the dashboard: overview, issues, actors, timeline, proposals, deals, claim review, what-if, API.

        Every write needs the token printed here (or set PARLEY_TOKEN).

        Example: parley serve --db sqlite:///demo.db --pack gaza-2024 --port 8000
        """
        import uvicorn

        from parley.web.app import create_app

        token = os.environ.get("PARLEY_TOKEN") or secrets.token_urlsafe(24)
        web = create_app(db_url(ctx, db), token=token, pack=pack)
        typer.echo(f"Parley dashboard on http://{host}:{port}/  (API docs: /docs)", err=True)
        typer.echo(f"Token for reviews and scenarios: {token}", err=True)
        uvicorn.run(web, host=host, port=port, log_level="warning")
