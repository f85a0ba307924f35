"""The one error type of the dashboard and how it is shown: a page for people, JSON for ``/api/``."""

from __future__ import annotations

from typing import Any

from parley.errors import NotFoundError, ParleyError, UsageError


class WebError(Exception):
    """An expected failure of a request, shown as ``{status}.html`` (or ``error.html``) or as JSON."""

    def __init__(self, message: str, status: int = 400, title: str = "Bad request") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.title = title

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"error": {"status", "title", "message"}}``."""
        return {"error": {"status": self.status, "title": self.title, "message": self.message}}


def from_parley_error(exc: ParleyError) -> WebError:
    """The web error for a library failure: 404 for unknown ids, 400 for bad values, 422 otherwise."""
    if isinstance(exc, NotFoundError):
        return WebError(str(exc), 404, "Not found")
    if isinstance(exc, UsageError):
        return WebError(str(exc), 400, "Bad request")
    return WebError(str(exc), 422, "Cannot do that")
