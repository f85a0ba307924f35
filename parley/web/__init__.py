"""Stage: web. The local dashboard (FastAPI + Jinja2): see :func:`parley.web.app.create_app`."""
