"""The Roundtable API: /api/v1/, OpenAPI at /api/v1/openapi.json.

Each app contributes a django-ninja Router from its own `api.py`. Reads are
open to the public where the web pages are; writes need a token
(`Authorization: Bearer <token>`, see docs/api.md) and go through the same
permission rules as the web pages (see `roundtable.accounts.api_auth`).
"""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Roundtable API",
    version="1",
    description="Open data and write access for a local partnership's records.",
    urls_namespace="api",
)

api.add_router("/", "roundtable.partnership.api.router")
api.add_router("/", "roundtable.geography.api.router")
api.add_router("/", "roundtable.strategy.api.router")
api.add_router("/", "roundtable.recommendations.api.router")
api.add_router("/", "roundtable.meetings.api.router")
api.add_router("/", "roundtable.performance.api.router")
api.add_router("/", "roundtable.lis.api.router")
api.add_router("/", "roundtable.engagement.api.router")
api.add_router("/", "roundtable.projects.api_money.router")
api.add_router("/", "roundtable.projects.api_commitments.router")
api.add_router("/", "roundtable.projects.api.router")
api.add_router("/", "roundtable.assets.api.router")
