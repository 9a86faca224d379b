"""The engagement app's section of a body's page: the consultations and
information-sharing agreements the body owns, as the user may see them
(`partnership.sections`, registered in `apps.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.engagement import queries
from roundtable.partnership.sections import BodySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body


def owned_section(user: User | AnonymousUser, body: Body) -> BodySection | None:
    """Nothing when the body owns nothing the user may see (two queries)."""
    consultations, agreements = queries.owned_by_body(user, body)
    consultations, agreements = list(consultations), list(agreements)
    if not consultations and not agreements:
        return None
    return BodySection(
        title="Consultations and information-sharing agreements",
        template="engagement/partials/_body_section.html",
        context={"consultations": consultations, "agreements": agreements},
        order=50,
    )
