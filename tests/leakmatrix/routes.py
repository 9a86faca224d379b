"""Fixture parameters for every route the leak matrix requests.

`ROUTES` maps each URL name (as `reverse` takes it) to a function of the world
giving the variants to request: the URL's kwargs and a query string. `API`
maps each GET operation of the OpenAPI document, by path, likewise. A route
missing here fails the matrix: add it with the records that show the most (the
restricted item, the sub-item, the draft meeting, the hidden indicator...).

A variant whose query names no partnership is requested by a client that never
chose one (it sees its own partnership, or the default, Alpha); `SHOWING` gives
both partnerships for pages that list the partnership being looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from roundtable.meetings import subscriptions
from roundtable.performance.periods import period_from_slug
from tests.leakmatrix.world import ADMIN_A, REPORT_PERIOD, REPORT_QUARTER, World


@dataclass(frozen=True)
class Variant:
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)


def v(**kwargs: Any) -> Variant:
    """A variant with URL kwargs; `query={...}` for the query string."""
    query = kwargs.pop("query", {})
    return Variant(kwargs, query)


def showing(w: World, **extra: str) -> list[Variant]:
    """The page as seen looking at partnership A, then B."""
    return [v(query={"partnership": p.slug, **extra}) for p in (w.a, w.b)]


def plain(w: World) -> list[Variant]:
    return [v()]


def searches(w: World, topics: tuple[str, ...] | None = None) -> list[Variant]:
    """A search for a word of each canary (of the topics given)."""
    return [
        v(query={"partnership": w.a.slug, "q": c.word})
        for c in w.canaries
        if c.word and (topics is None or c.topic in topics)
    ]


def pks(*names: str) -> Callable[[World], list[Variant]]:
    return lambda w: [v(pk=getattr(w, n).pk) for n in names]


def slugs(*names: str) -> Callable[[World], list[Variant]]:
    return lambda w: [v(slug=getattr(w, n).slug) for n in names]


MEETINGS = ("m1", "m1_next", "m2", "m3", "m4", "m5", "mz")
ITEMS = ("item_r", "item_s", "item_d", "item_dm", "item_cm", "item_fp", "item_z")
PAPERS = ("paper_r", "paper_s", "paper_p", "paper_d")
ACTIONS = ("action_r", "action_s", "action_cm")
BODIES = ("body_x", "body_y", "body_z")
ORGANISATIONS = ("org_a1", "org_a2", "org_b", "non_partner")
PEOPLE = ("contact", "person_b")
INDICATORS = ("indicator_hidden", "indicator_public", "indicator_b")
RECOMMENDATIONS = ("rec_hidden", "rec_in_hidden_review")
REVIEWS = ("review", "review_hidden", "review_b")
REPORT = {"period": REPORT_PERIOD}


ENGAGEMENT_CONTACTS = ("engagement_contact_0", "engagement_contact_1", "engagement_contact_b")


PROJECTS = ("project", "project_hidden", "project_b")
CONSULTATIONS = ("consultation_open", "consultation_planned", "consultation_b")
OPPORTUNITIES = ("opportunity", "opportunity_project", "opportunity_b")


MONEY_PROJECTS = ("money_project", "money_project_b", "money_project_b_hidden")


def _money_downloads(w: World) -> list[Variant]:
    return [v(fmt=f, query={"partnership": p.slug}) for p in (w.a, w.b) for f in ("csv", "xlsx")]


AGREEMENTS = ("agreement_public", "agreement_internal", "agreement_draft", "agreement_b")
AGREEMENT_COPIES = ("agreement_public_copy", "agreement_internal_copy", "agreement_b_copy")
COMMITMENTS = ("commitment_draft", "commitment_public", "commitment_b")


ASSETS = ("asset_public", "asset_internal", "asset_b")
STRATEGIES = ("strategy_public", "strategy_internal", "strategy_b")


def _asset_lists(w: World) -> list[Variant]:
    """The register and the map as they are, filtered, and sorted on figures."""
    return [
        *showing(w),
        v(query={"partnership": w.a.slug, "owner": str(w.org_a2.pk)}),
        v(query={"partnership": w.a.slug, "utilisation_below": "100", "sort": "operating_cost"}),
        v(query={"partnership": w.a.slug, "lease_within_months": "600", "sort": "lease_end"}),
        v(query={"partnership": w.a.slug, "plan": "disposal"}),
        v(query={"partnership": w.a.slug, "plan": "any"}),
    ]


def _consultation_overlaps(w: World) -> list[Variant]:
    """The overlap warning over the planned consultation's weeks and audience."""
    c = w.consultation_planned
    query = {"opens": c.opens.isoformat(), "closes": c.closes.isoformat(), "audience": "residents"}
    return [v(query={"partnership": p.slug, **query}) for p in (w.a, w.b)]


def _engagement_lists(w: World) -> list[Variant]:
    return [*showing(w), v(query={"partnership": w.a.slug, "mode": "consultation"})]


def _fatigue(w: World) -> list[Variant]:
    """The warning for each partnership's stakeholder, as each partnership's page."""
    return [
        v(query={"partnership": p.slug, "stakeholder": str(s.pk)})
        for p in (w.a, w.b)
        for s in (w.stakeholder, w.stakeholder_b)
    ]


def _personal_data(w: World) -> list[Variant]:
    """Every contact naming anyone (each named person and topic is a canary, so
    "CANARY" finds them all), as each partnership's page."""
    return [
        v(query={"partnership": p.slug, "name": "CANARY", "match": "contains"}) for p in (w.a, w.b)
    ]


def _report(w: World) -> list[Variant]:
    return showing(w, **REPORT)


def _report_page(w: World) -> list[Variant]:
    """The report's own address names its period (`report/2011-12-q2/`)."""
    slug = period_from_slug(REPORT_QUARTER).slug
    return [
        v(period=slug, query=q)
        for p in (w.a, w.b)
        for q in ({"partnership": p.slug}, {"partnership": p.slug, "status": "red"})
    ]


def _tracker(w: World) -> list[Variant]:
    a = w.a.slug
    return [
        *showing(w),
        v(query={"partnership": a, "sort": "response"}),
        v(query={"partnership": a, "sort": "status"}),
        v(query={"partnership": a, "response": "work_in_progress"}),
        v(query={"partnership": a, "status": "off_track"}),
        *searches(w, ("rec",)),
    ]


def _downloads(w: World, *queries: dict[str, str]) -> list[Variant]:
    """A list page's CSV and XLSX downloads looking at partnership A, then B, and
    with A and each filter given."""
    variants = [*showing(w), *(v(query={"partnership": w.a.slug, **q}) for q in queries)]
    return [v(fmt=fmt, query=variant.query) for variant in variants for fmt in ("csv", "xlsx")]


def _actions(w: World) -> list[Variant]:

    return [*showing(w), *showing(w, status="all"), *showing(w, overdue="on")]


def _entry(w: World) -> list[Variant]:
    return [v(organisation_id=w.org_a1.pk, quarter=REPORT_QUARTER)]


def _needs(w: World) -> list[Variant]:
    """A needs assessment draft (the canary) and a published page, under A and B."""
    return [
        v(slug=w.objects[name].slug, query={"partnership": p.slug})
        for name in ("needs_draft", "needs_published")
        for p in (w.a, w.b)
    ]


def _moderngov_meeting(w: World) -> list[Variant]:
    return [v(query={"lMeetingId": str(getattr(w, m).pk)}) for m in MEETINGS]


def _moderngov_attachment(w: World) -> list[Variant]:
    return [v(query={"lAttachmentId": str(getattr(w, p).pk)}) for p in PAPERS]


# The Fingertips-compatible API (lis/urls_fingertips.py): open data only, whoever
# asks; the suppressed cell's figures and the held dataset must never show.
FT_LSOA, FT_LOCAL_AUTHORITY = "10001", "401"
FINGERTIPS_PLAIN = (
    "ages",
    "sexes",
    "value-notes",
    "profiles",
    "indicator-metadata-all",
    "indicator-metadata-csv-all",
)


def _fingertips_indicators(w: World) -> list[Variant]:
    return [v(query={"indicator_ids": str(getattr(w, n).pk)}) for n in INDICATORS] + [
        v(query={"indicator_ids": str(w.lis_indicator.pk)})
    ]


def _fingertips_data(w: World) -> list[Variant]:
    data = {"indicator_ids": str(w.lis_indicator.pk), "child_area_type_id": FT_LSOA}
    return [
        v(query=data),
        v(query={**data, "parent_area_type_id": FT_LOCAL_AUTHORITY}),
        v(query={**data, "profile_id": str(w.dataset_held.pk)}),
        v(query={**data, "parent_area_code": w.area.code}),
    ]


def _ckan(w: World) -> list[Variant]:
    """Every CKAN action, asking for the held dataset and searching, filtering and
    sorting the DataStore by the suppressed cell's figures (written as 9.87654125e5:
    the answer repeats the search, which must not count as the canary)."""
    held, shown = w.dataset_held.slug, w.dataset.slug
    store = f"{shown}-observations"
    asked = [
        ("status_show", {}),
        ("help_show", {"name": "package_show"}),
        ("package_list", {}),
        ("package_show", {"id": shown}),
        ("package_show", {"id": held}),
        ("package_search", {"facet.field": '["organization", "tags", "groups", "license_id"]'}),
        ("package_search", {"q": "zq"}),
        ("organization_list", {"all_fields": "true"}),
        ("organization_show", {"id": w.dataset.publisher.slug, "include_datasets": "true"})
        if w.dataset.publisher
        else ("organization_list", {}),
        ("group_list", {"all_fields": "true"}),
        ("tag_list", {}),
        ("resource_show", {"id": f"{held}-observations"}),
        ("datastore_search", {"resource_id": store}),
        ("datastore_search", {"resource_id": f"{held}-observations"}),
        ("datastore_search", {"resource_id": store, "q": "9.87654125e5"}),
        ("datastore_search", {"resource_id": store, "filters": '{"denominator": "8.765431e6"}'}),
        ("datastore_search", {"resource_id": store, "sort": "value desc", "fields": "value"}),
    ]
    return [v(name=name, query=query) for name, query in asked]


def _lis_area(w: World, *queries: dict[str, str], code: str | None = None) -> list[Variant]:
    """An LIS area page (the LSOA holding the held and suppressed cells, or `code`),
    as a page and as its CSV and XLSX downloads, with each set of choices."""
    kwargs = {} if "area" in queries[0] else {"code": code or w.lsoa.code}
    return [
        v(**kwargs, query={"partnership": w.a.slug, **q, **({"download": fmt} if fmt else {})})
        for q in queries
        for fmt in ("", "csv", "xlsx")
    ]


def _lis_map(w: World, *extras: dict[str, str]) -> list[Variant]:
    """The map of the LIS indicator for the period of each kind of cell: published
    (2011), suppressed (2012) and in a held dataset (2013); none may show the last
    two's figures. With `extras`, each also with those choices (the downloads)."""
    return [
        v(
            query={
                "partnership": w.a.slug,
                "indicator": w.lis_indicator.code,
                "area_type": "lsoa",
                "within": w.area.code,
                "period": period,
                **extra,
            }
        )
        for period in ("2011", "2012", "2013")
        for extra in ({}, *extras)
    ]


ROUTES: dict[str, Callable[[World], list[Variant]]] = {
    "home": showing,
    "search": lambda w: searches(w),
    "favicon": plain,  # a redirect to the static icon, the same for everyone
    # My Roundtable: every role's own meetings, actions, returns and recommendations.
    "personal:home": showing,
    # accounts
    "login": plain,
    "logout": plain,
    "account": plain,
    "account-token-create": plain,
    "account-token-revoke": lambda w: [v(pk=1)],
    "password_change": plain,
    "password_change_done": plain,
    "password_reset": plain,
    "password_reset_done": plain,
    "password_reset_confirm": lambda w: [v(uidb64="MQ", token="set-password")],
    "password_reset_complete": plain,
    # A partnership's accounts (partnership/views_accounts.py): its administrators only.
    "account-list": showing,
    "account-invite": showing,
    "account-detail": lambda w: [
        v(pk=w.account_a.pk),
        v(pk=w.account_b.pk, query={"partnership": w.b.slug}),
        v(pk=w.account_b.pk),  # another partnership's account under A's address
        v(pk=w.users[ADMIN_A].pk),
    ],
    "account-history": lambda w: [
        v(pk=w.account_a.pk),
        v(pk=w.account_b.pk, query={"partnership": w.b.slug}),
        v(pk=w.account_b.pk),  # another partnership's account under A's address
    ],
    "account-active": pks("account_a", "account_b"),  # POST only
    "account-resend": pks("account_a", "account_b"),  # POST only
    # partnership
    "partnership:partnership-list": plain,
    "partnership:partnership-detail": lambda w: [v(slug=w.a.slug), v(slug=w.b.slug)],
    "partnership:partnership-add": showing,
    "partnership:structure": showing,
    "partnership:index": showing,  # a redirect to the organisations, the same for everyone
    "partnership:import": showing,
    "partnership:import-template": lambda w: [
        v(filename=name)
        for name in ("organisations.csv", "strategy-priorities.csv", "indicators.csv")
    ],
    "partnership:organisation-list": showing,
    "partnership:organisation-list-download": lambda w: _downloads(
        w, {"sector": "statutory"}, {"q": w.org_a1.name.split()[0]}
    ),
    "partnership:organisation-add": showing,
    "partnership:organisation-detail": pks(*ORGANISATIONS),
    "partnership:organisation-edit": pks(*ORGANISATIONS),
    "partnership:organisation-history": pks(*ORGANISATIONS),
    "partnership:unit-add": pks(*ORGANISATIONS),
    "partnership:person-list": showing,
    "partnership:person-list-download": lambda w: _downloads(w, {"q": w.contact.family_name}),
    "partnership:person-add": showing,
    "partnership:person-detail": pks(*PEOPLE),
    "partnership:person-edit": pks(*PEOPLE),
    "partnership:person-history": pks(*PEOPLE),
    "partnership:body-list": showing,
    "partnership:body-list-download": _downloads,
    "partnership:body-add": showing,
    "partnership:body-detail": slugs(*BODIES),
    "partnership:body-edit": slugs(*BODIES),
    "partnership:body-history": slugs(*BODIES),
    "partnership:body-terms": slugs(*BODIES),
    "partnership:terms-add": slugs(*BODIES),
    "partnership:membership-add": slugs(*BODIES),
    "partnership:membership-edit": pks("membership_secretariat"),
    "partnership:membership-history": pks("membership_secretariat"),
    # strategy (no hidden state of its own; its pages link indicators and meetings)
    "strategy:strategy-list": showing,
    "strategy:strategy-import": showing,
    "strategy:strategy-add": showing,
    "strategy:strategy-edit": slugs("strategy"),
    "strategy:theme-add": slugs("strategy"),
    "strategy:theme-edit": pks("theme"),
    "strategy:priority-add": slugs("strategy"),
    "strategy:priority-edit": pks("priority"),
    "strategy:event-add": lambda w: [*showing(w), *showing(w, strategy=w.strategy.slug)],
    "strategy:event-edit": pks("event"),
    "strategy:approach-add": slugs("strategy"),
    "strategy:approach-edit": pks("approach"),
    "strategy:priority-objective-add": pks("priority"),
    "strategy:approach-objective-add": pks("approach"),
    "strategy:objective-edit": pks("objective", "value_objective"),
    "strategy:priority-detail": pks("priority"),
    "strategy:priority-history": pks("priority"),
    "strategy:revision-add": pks("priority"),
    "strategy:target-areas-change": pks("priority"),
    "strategy:event-detail": pks("event"),
    "strategy:event-history": pks("event"),
    "strategy:theme-history": pks("theme"),
    "strategy:approach-history": pks("approach"),
    "strategy:strategy-detail": slugs("strategy"),
    "strategy:strategy-history": slugs("strategy"),
    # geography
    "geography:area-list": plain,
    "geography:area-list-download": lambda w: [
        v(fmt=fmt, query=q) for fmt in ("csv", "xlsx") for q in ({}, {"q": w.area.name})
    ],
    "geography:postcode": lambda w: [v(query={"postcode": w.postcode.postcode})],
    # Under A's address and B's: each lists its own projects and consultations there.
    "geography:area-detail": lambda w: [
        v(code=code, query={"partnership": p.slug})
        for code in (w.area.code, w.lsoa.code)
        for p in (w.a, w.b)
    ],
    "geography:area-history": lambda w: [v(code=w.area.code)],
    # performance
    "performance:indicator-list": showing,
    "performance:indicator-list-download": _downloads,
    "performance:indicator-add": showing,
    "performance:import": showing,
    "performance:indicator-detail": pks(*INDICATORS),
    "performance:indicator-edit": pks(*INDICATORS),
    "performance:indicator-history": pks(*INDICATORS),
    "performance:data-issue-add": showing,
    "performance:data-issue-edit": pks("issue_hidden"),
    "performance:priority-indicators": pks("priority"),
    "performance:objective-indicators": pks("objective", "value_objective"),
    "performance:settings": showing,
    "performance:report": _report,
    "performance:report-period": _report_page,
    "performance:report-json": _report,
    "performance:report-pdf": _report,
    "performance:report-xlsx": _report,
    "performance_entry:entry": _entry,
    "performance_entry:entry-upload": _entry,
    "performance_entry:entry-submit": _entry,
    "performance_entry:entry-approve": _entry,
    "performance_entry:entry-return": _entry,
    "performance_entry:entry-reopen": _entry,
    "performance_entry:entry-withdraw": _entry,
    "performance_entry:entry-status": _entry,
    "performance_entry:my-returns": showing,
    "performance_entry:dashboard": lambda w: showing(w, period=REPORT_QUARTER),
    "performance_entry:dashboard-download": lambda w: [
        v(fmt=fmt, query=variant.query)
        for variant in showing(w, period=REPORT_QUARTER)
        for fmt in ("csv", "xlsx")
    ],
    "performance_entry:data-issues": showing,
    "performance_entry:data-issues-download": _downloads,
    # meetings
    "meetings:meeting-list": lambda w: [
        *showing(w),
        v(query={"body": w.body_x.slug}),
        *showing(w, minutes="not-approved"),
    ],
    "meetings:meeting-list-download": lambda w: _downloads(
        w, {"body": w.body_x.slug}, {"minutes": "not-approved"}
    ),
    "meetings:body-meetings": slugs(*BODIES),
    "meetings:meeting-schedule": slugs("body_x"),
    "meetings:subscribe": slugs(*BODIES),
    "meetings:subscription-confirm": lambda w: [
        v(token=subscriptions.token(w.subscription, subscriptions.CONFIRM)),
        v(token="not-a-token"),
    ],
    "meetings:subscription-stop": lambda w: [
        v(token=subscriptions.token(w.subscription, subscriptions.STOP)),
    ],
    "meetings:body-actions": lambda w: [
        v(slug=w.body_x.slug),
        v(slug=w.body_x.slug, query={"status": "all"}),
        v(slug=w.body_z.slug),
    ],
    "meetings:body-actions-download": lambda w: [
        v(slug=body.slug, fmt=fmt, query={"status": "all"})
        for body in (w.body_x, w.body_z)
        for fmt in ("csv", "xlsx")
    ],
    "meetings:action-list-download": lambda w: [
        v(fmt=variant_fmt, query=variant.query)
        for variant in _actions(w)
        for variant_fmt in ("csv", "xlsx")
    ],
    # By default only meetings still to come (the world's are all held); `held=1` shows
    # the restricted entry of m5 too.
    "meetings:forward-plan": lambda w: [
        v(slug=getattr(w, body).slug, query=query)
        for body in BODIES
        for query in ({}, {"held": "1"})
    ],
    "meetings:meeting-detail": pks(*MEETINGS),
    "meetings:meeting-move": pks("m1", "m2"),
    "meetings:meeting-cancel": pks("m1", "m2"),
    "meetings:agenda-edit": pks("m1", "m2", "mz"),
    "meetings:item-add": pks("m1", "m2"),
    "meetings:agenda-from-plan": pks("m5"),
    "meetings:agenda-publish": pks("m2"),
    "meetings:attendance-edit": pks("m1", "m3"),
    "meetings:minutes-take": pks("m1", "m2", "m3", "m4", "mz"),
    "meetings:minutes-circulate": pks("m1", "m3", "m4"),
    "meetings:minutes-return": pks("m4"),
    "meetings:minutes-approve": pks("m4"),
    "meetings:item-edit": pks(*ITEMS),
    "meetings:item-remove": pks(*ITEMS),
    "meetings:item-move": lambda w: [v(pk=getattr(w, n).pk, direction="up") for n in ITEMS],
    "meetings:paper-add": pks("item_r", "item_s"),
    "meetings:item-minutes": pks(*ITEMS),
    "meetings:item-minutes-take": pks(*ITEMS),
    "meetings:item-resolution-take": pks("item_r", "item_s"),
    "meetings:item-action-take": pks("item_r", "item_s"),
    "meetings:resolution-add": pks("item_r", "item_s"),
    "meetings:action-add": pks("item_r", "item_s"),
    "meetings:resolution-remove": pks("resolution_r", "resolution_s", "resolution_dm"),
    "meetings:paper-download": pks(*PAPERS),
    "meetings:paper-replace": pks(*PAPERS),
    "meetings:action-list": _actions,
    "meetings:action-detail": pks(*ACTIONS),
    "meetings:action-reassign": pks(*ACTIONS),
    "meetings_outputs:partnership-calendar": showing,
    "meetings_outputs:body-calendar": slugs(*BODIES),
    # body_x's feed: m1's restricted item, sub-item, papers and resolutions; m2's draft
    # agenda with approved minutes; m3's draft and m4's circulated minutes.
    "meetings_outputs:body-feed": slugs(*BODIES),
    # m1_next's pack carries m1's minutes (restricted items', too) and actions.
    "meetings_outputs:meeting-pack": pks("m1", "m1_next", "m2", "m4", "mz"),
    "meetings_outputs:search": lambda w: searches(w),
    "meetings_analytics:body-attendance": slugs("body_x", "body_z"),
    "moderngov:committees": lambda w: [v(), v(query={"partnership": w.b.slug})],
    "moderngov:meetings": lambda w: [v(query={"lCommitteeId": "0"})],
    "moderngov:meeting": _moderngov_meeting,
    "moderngov:attachment": _moderngov_attachment,
    # recommendations
    "recommendations:tracker": _tracker,
    "recommendations:tracker-download": lambda w: [
        v(fmt=fmt, query=variant.query) for variant in _tracker(w) for fmt in ("csv", "xlsx")
    ],
    "recommendations:recommendation-detail": pks(*RECOMMENDATIONS),
    "recommendations:progress-add": pks(*RECOMMENDATIONS),
    "recommendations:comment-add": pks(*RECOMMENDATIONS),
    "recommendations:evidence-download": pks("evidence_hidden"),
    "recommendations:response-edit": pks(*RECOMMENDATIONS),
    "recommendations:links-edit": pks(*RECOMMENDATIONS),
    "recommendations:review-list": showing,
    "lis:catalogue": lambda w: [
        *showing(w),
        *searches(w, ("lis",)),
        v(query={"partnership": w.a.slug, "licence": "OGL-UK-3.0"}),
    ],
    "lis:import": showing,
    "lis:import-indicators": showing,
    "lis:dataset-add": showing,
    "lis:dataset-detail": slugs("dataset", "dataset_held"),
    "lis:dataset-edit": slugs("dataset", "dataset_held"),
    "lis:dataset-history": slugs("dataset", "dataset_held"),
    "lis:dataset-download": slugs("dataset", "dataset_held"),
    **{f"fingertips:{name}": plain for name in FINGERTIPS_PLAIN},
    "fingertips:area-types": lambda w: [
        v(),
        *[v(query={"profile_ids": str(getattr(w, n).pk)}) for n in ("dataset", "dataset_held")],
    ],
    "fingertips:areas-by-area-type": lambda w: [
        v(query={"area_type_id": i}) for i in (FT_LSOA, FT_LOCAL_AUTHORITY)
    ],
    "fingertips:indicator-metadata-csv-by-profile": lambda w: [
        v(query={"profile_id": str(getattr(w, n).pk)}) for n in ("dataset", "dataset_held")
    ],
    "fingertips:profile": lambda w: [
        v(query={"profile_id": str(getattr(w, n).pk)}) for n in ("dataset", "dataset_held")
    ],
    "fingertips:indicator-metadata": _fingertips_indicators,
    "fingertips:indicator-metadata-csv": _fingertips_indicators,
    "fingertips:available-data": lambda w: [
        v(),
        v(query={"profile_id": str(w.dataset_held.pk)}),
        v(query={"indicator_id": str(w.indicator_hidden.pk)}),
    ],
    "fingertips:all-data-by-indicator": _fingertips_data,
    "fingertips:all-data-by-profile": lambda w: [
        v(query={"profile_id": str(getattr(w, n).pk), "child_area_type_id": FT_LSOA})
        for n in ("dataset", "dataset_held")
    ],
    "lis:dataset-export": lambda w: [
        v(slug=getattr(w, name).slug, fmt=fmt, query=query)
        for name in ("dataset", "dataset_held")
        for fmt in ("csv", "xlsx", "datapackage", "jsonstat")
        for query in ({}, {"indicator": w.lis_indicator.code, "period": "2012"})
    ],
    "lis:needs-index": showing,
    "lis:needs-add": showing,
    "lis:needs-preview": showing,
    "lis:needs-page": _needs,
    "lis:needs-edit": _needs,
    "lis:needs-publish": _needs,
    "lis:needs-unpublish": _needs,
    "lis:needs-draft": _needs,
    "lis:needs-discard": _needs,
    "lis:needs-history": _needs,
    "lis:needs-version": lambda w: [
        v(slug=w.needs_published.slug, version_id=w.needs_version.history_id),
        v(slug=w.needs_draft.slug, version_id=w.needs_draft.history.get().history_id),
    ],
    "lis:needs-editions": _needs,
    "lis:needs-edition": lambda w: [
        v(slug=w.needs_published.slug, version_id=w.needs_version.history_id),
        v(slug=w.needs_published.slug, version_id=w.needs_version_new.history_id),
        v(slug=w.needs_draft.slug, version_id=w.needs_draft.history.get().history_id),
    ],
    "lis:needs-compare": lambda w: [
        v(
            slug=w.needs_published.slug,
            query={
                "old": str(w.needs_version.history_id),
                "new": str(w.needs_version_new.history_id),
            },
        )
    ],
    "lis:areas": lambda w: [*showing(w), v(query={"partnership": w.a.slug, "q": "Leak"})],
    "lis:area": lambda w: _lis_area(w, {}, {"benchmark": "parent"}),
    "lis:area-compare": lambda w: _lis_area(w, {"area": w.lsoa.code}),
    "lis:area-overview": lambda w: _lis_area(w, {"area_type": "lsoa"}, code=w.area.code),
    "lis:area-neighbours": lambda w: _lis_area(w, {"indicator": w.lis_indicator.code}),
    "lis:area-trends": lambda w: [
        v(code=w.lsoa.code, query={"partnership": w.a.slug, **q})
        for q in ({}, {"benchmark": "parent"})
    ],
    "lis:map": lambda w: [
        *showing(w),
        *_lis_map(w, {"download": "csv"}, {"download": "xlsx"}, {"compare": "england"}),
    ],
    "lis:map-data": _lis_map,
    "lis:boundaries": lambda w: [v(area_type="lsoa", query={"within": w.area.code})],
    # stakeholder engagement: internal to the partnership
    "engagement:register": _engagement_lists,
    "engagement:grid": _engagement_lists,
    "engagement:dashboard": showing,
    "engagement:digest": showing,
    "engagement:settings": showing,
    "engagement:fatigue": _fatigue,
    "engagement:stakeholder-add": showing,
    "engagement:stakeholder-detail": pks("stakeholder", "stakeholder_b"),
    "engagement:stakeholder-edit": pks("stakeholder", "stakeholder_b"),
    "engagement:assessment-add": pks("stakeholder", "stakeholder_b"),
    "engagement:stakeholder-history": pks("stakeholder", "stakeholder_b"),
    "engagement:contact-add": lambda w: [
        *showing(w),
        v(query={"partnership": w.a.slug, "stakeholder": str(w.stakeholder.pk)}),
    ],
    "engagement:contact-edit": pks(*ENGAGEMENT_CONTACTS),
    "engagement:contact-done": pks(*ENGAGEMENT_CONTACTS),
    "engagement:contact-history": pks(*ENGAGEMENT_CONTACTS),
    # consultations: public, except planned ones (internal until they open)
    # personal data of a named contact: the partnership's administrators only
    "engagement:personal-data": lambda w: [*showing(w), *_personal_data(w)],
    "engagement:personal-data-export": lambda w: [
        v(fmt=fmt, query=variant.query) for variant in _personal_data(w) for fmt in ("csv", "json")
    ],
    "engagement:personal-data-erase": _personal_data,
    "engagement:consultations": lambda w: [
        *showing(w),
        *showing(w, show="all"),
        *showing(w, show="past"),
    ],
    "engagement:consultations-ics": showing,
    "engagement:consultation-overlaps": _consultation_overlaps,
    "engagement:consultation-add": showing,
    "engagement:consultation-detail": pks(*CONSULTATIONS),
    "engagement:consultation-edit": pks(*CONSULTATIONS),
    "engagement:consultation-history": pks(*CONSULTATIONS),
    # projects' money: internal unless the partnership publishes it (B does), and
    # then only that of published projects
    "projects:funding": lambda w: [*showing(w), *showing(w, status="submitted")],
    "projects:funding-download": _money_downloads,
    "projects:money-settings": showing,
    "projects:funding-edit": pks("funding_a", "funding_b_hidden"),
    "projects:contributions": lambda w: [
        *showing(w),
        v(query={"partnership": w.a.slug, "pooled_budget": str(w.pooled_a.pk)}),
    ],
    "projects:contributions-download": _money_downloads,
    "projects:contribution-edit": pks("contribution_a", "contribution_b"),
    "projects:pooled-budget-add": showing,
    "projects:pooled-budget-detail": pks("pooled_a", "pooled_b"),
    "projects:pooled-budget-edit": pks("pooled_a", "pooled_b"),
    "projects:contribution-add": pks("pooled_a", "pooled_b"),
    "projects:project-money": pks(*MONEY_PROJECTS),
    "projects:budget-line-add": pks(*MONEY_PROJECTS),
    "projects:budget-line-edit": pks("budget_line_a"),
    "projects:funding-add": pks(*MONEY_PROJECTS),
    # information-sharing agreements: public when marked so and not drafts
    "engagement:agreements": lambda w: [
        *showing(w),
        *showing(w, status="draft"),
        *showing(w, status="in_force"),
    ],
    "engagement:agreement-add": showing,
    "engagement:agreement-detail": pks(*AGREEMENTS),
    "engagement:agreement-edit": pks(*AGREEMENTS),
    "engagement:agreement-upload": pks(*AGREEMENTS),
    "engagement:agreement-history": pks(*AGREEMENTS),
    "engagement:agreement-document": pks(*AGREEMENT_COPIES),
    # commitments: public once published and not a draft
    "projects:commitment-list": lambda w: [
        *showing(w),
        *showing(w, kind="equality_objective"),
        *showing(w, status="draft"),
    ],
    "projects:commitment-add": showing,
    "projects:commitment-detail": pks(*COMMITMENTS),
    "projects:commitment-edit": pks(*COMMITMENTS),
    "projects:commitment-action-add": pks(*COMMITMENTS),
    "projects:commitment-action-done": pks("commitment_action_draft", "commitment_action_b"),
    "projects:commitment-evidence-add": pks(*COMMITMENTS),
    "projects:commitment-evidence": pks("commitment_evidence_draft", "commitment_evidence_public"),
    "projects:commitment-sign": pks(*COMMITMENTS),
    "projects:commitment-history": pks(*COMMITMENTS),
    "projects:commitment-action-edit": pks("commitment_action_draft", "commitment_action_b"),
    "projects:commitment-action-delete": pks("commitment_action_draft", "commitment_action_b"),
    "projects:commitment-evidence-edit": pks(
        "commitment_evidence_draft", "commitment_evidence_public"
    ),
    "projects:commitment-evidence-delete": pks(
        "commitment_evidence_draft", "commitment_evidence_public"
    ),
    "projects:commitment-signatory-edit": pks("commitment_signatory_draft"),
    "projects:commitment-signatory-delete": pks("commitment_signatory_draft"),
    # partnership projects: published ones public, risks and unpublished ones internal
    "projects:portfolio": lambda w: [
        *showing(w),
        v(query={"partnership": w.a.slug, "lead_organisation": str(w.org_a2.pk)}),
        v(query={"partnership": w.a.slug, "status": "active"}),
    ],
    "projects:project-add": showing,
    "projects:project-detail": pks(*PROJECTS),
    "projects:project-edit": pks(*PROJECTS),
    "projects:milestone-add": pks(*PROJECTS),
    "projects:milestone-edit": pks("project_milestone", "project_hidden_milestone"),
    "projects:risk-add": pks(*PROJECTS),
    "projects:risk-edit": pks("project_risk"),
    "projects:update-add": pks(*PROJECTS),
    "projects:update-edit": pks("project_update", "project_hidden_update"),
    "projects:milestone-delete": pks("project_milestone", "project_hidden_milestone"),
    "projects:risk-delete": pks("project_risk"),
    "projects:update-delete": pks("project_update", "project_hidden_update"),
    # the joint asset register: public assets for anyone, figures and the others internal
    "assets:asset-list": _asset_lists,
    "assets:asset-map": _asset_lists,
    "assets:asset-map-data": _asset_lists,
    "assets:asset-coverage": showing,
    "assets:asset-settings": showing,
    "assets:asset-add": showing,
    "assets:asset-detail": pks(*ASSETS),
    "assets:asset-edit": pks(*ASSETS),
    # partners' asset strategies: public ones for anyone, notes and the others internal
    "assets:strategy-list": showing,
    "assets:strategy-add": showing,
    "assets:strategy-edit": pks(*STRATEGIES),
    "assets:strategy-history": pks(*STRATEGIES),
    "recommendations:review-add": showing,
    "recommendations:review-detail": pks(*REVIEWS),
    "recommendations:review-edit": pks(*REVIEWS),
    "recommendations:section-add": pks("review", "review_hidden"),
    "recommendations:section-edit": pks("section"),
    "recommendations:review-publish": pks("review_hidden"),
    "recommendations:one-year-on": pks(*REVIEWS),
    "recommendations:one-year-on-pdf": pks("review", "review_hidden"),
    "recommendations:one-year-on-xlsx": pks(*REVIEWS),
    # co-location finder and opportunities (assets): internal to the partnership
    "assets:colocation": lambda w: [
        *showing(w),
        v(query={"partnership": w.a.slug, "within_m": "2000", "utilisation_below": "100"}),
    ],
    "assets:opportunities": lambda w: [*showing(w), *showing(w, status="project")],
    "assets:opportunity-add": showing,
    "assets:opportunity-detail": pks(*OPPORTUNITIES),
    "assets:opportunity-edit": pks(*OPPORTUNITIES),
    "assets:opportunity-project": pks(*OPPORTUNITIES),
    # The CKAN Action API (lis/ckan.py): open data only, at both of CKAN's addresses.
    "ckan-action-3": _ckan,
    "ckan-action": _ckan,
    # the API's own pages (its operations are in API below)
    "api:openapi-json": plain,
    "api:openapi-view": plain,
    "api:api-root": plain,
}

# Routes that answer htmx with a partial: requested again with `HX-Request: true`.
HTMX = {
    "recommendations:recommendation-detail",
    "strategy:revision-add",
    "partnership:membership-add",
    "performance_entry:entry",
    "performance_entry:entry-status",
    "assets:asset-map",
}


def api_partnerships(w: World, **extra: str) -> list[Variant]:
    return [v(query={"partnership": p.slug, **extra}) for p in (w.a, w.b)]


API: dict[str, Callable[[World], list[Variant]]] = {
    "/api/v1/partnerships": plain,
    "/api/v1/organisations": api_partnerships,
    "/api/v1/organisations/{organisation_id}": lambda w: [
        v(organisation_id=getattr(w, n).pk) for n in ORGANISATIONS
    ],
    "/api/v1/bodies": api_partnerships,
    "/api/v1/bodies/{slug}": slugs(*BODIES),
    "/api/v1/memberships": api_partnerships,
    "/api/v1/people": api_partnerships,
    "/api/v1/people/{person_id}": lambda w: [v(person_id=getattr(w, n).pk) for n in PEOPLE],
    "/api/v1/popolo.json": api_partnerships,
    "/api/v1/areas": plain,
    "/api/v1/areas/{code}": lambda w: [v(code=w.area.code)],
    "/api/v1/postcodes/{postcode}": lambda w: [v(postcode=w.postcode.postcode)],
    "/api/v1/strategies": api_partnerships,
    "/api/v1/strategies/{slug}": slugs("strategy"),
    "/api/v1/priorities/{priority_id}": lambda w: [v(priority_id=w.priority.pk)],
    "/api/v1/reviews": api_partnerships,
    "/api/v1/engagement/stakeholders": lambda w: [
        *api_partnerships(w),
        v(query={"partnership": w.a.slug, "mode": "consultation"}),
    ],
    "/api/v1/engagement/contacts": lambda w: [
        *api_partnerships(w),
        v(query={"partnership": w.a.slug, "stakeholder": str(w.stakeholder.pk)}),
    ],
    "/api/v1/engagement/agreements": lambda w: [
        *api_partnerships(w),
        *api_partnerships(w, status="draft"),
        *api_partnerships(w, status="in_force"),
    ],
    "/api/v1/consultations": lambda w: [
        *api_partnerships(w),
        *api_partnerships(w, show="current"),
        *api_partnerships(w, show="past"),
    ],
    "/api/v1/funding": lambda w: [
        plain(w)[0],
        *api_partnerships(w),
        *api_partnerships(w, status="submitted"),
    ],
    "/api/v1/commitments": lambda w: [
        *api_partnerships(w),
        *api_partnerships(w, status="draft"),
    ],
    "/api/v1/commitments/{commitment_id}": lambda w: [
        v(commitment_id=getattr(w, n).pk) for n in COMMITMENTS
    ],
    "/api/v1/assets": _asset_lists,
    "/api/v1/assets.geojson": _asset_lists,
    "/api/v1/returns": lambda w: api_partnerships(w, period=REPORT_QUARTER),
    "/api/v1/projects": lambda w: [
        *api_partnerships(w),
        v(query={"partnership": w.a.slug, "lead_organisation": str(w.org_a2.pk)}),
    ],
    "/api/v1/projects/{project_id}": lambda w: [v(project_id=getattr(w, n).pk) for n in PROJECTS],
    "/api/v1/recommendations": lambda w: [
        *api_partnerships(w),
        v(query={"partnership": w.a.slug, "response": "work_in_progress"}),
        v(query={"partnership": w.a.slug, "status": "off_track"}),
        v(query={"partnership": w.a.slug, "sort": "response"}),
    ],
    "/api/v1/recommendations/{recommendation_id}": lambda w: [
        v(recommendation_id=getattr(w, n).pk) for n in RECOMMENDATIONS
    ],
    "/api/v1/meetings": lambda w: [
        *api_partnerships(w),
        v(query={"body": w.body_x.slug}),
        v(query={"body": w.body_z.slug}),
    ],
    "/api/v1/meetings/{meeting_id}": lambda w: [v(meeting_id=getattr(w, n).pk) for n in MEETINGS],
    "/api/v1/actions": lambda w: [*api_partnerships(w), *api_partnerships(w, status="all")],
    "/api/v1/lis/datasets": plain,
    "/api/v1/lis/indicators": lambda w: [v(), v(query={"partnership": w.a.slug})],
    "/api/v1/lis/areas": lambda w: [v(query={"area_type": "lsoa", "within": w.area.code})],
    "/api/v1/lis/observations": lambda w: [
        v(query={"indicator": w.lis_indicator.code}),
        *[v(query={"indicator": w.lis_indicator.code, "period": p}) for p in ("2012", "2013")],
        v(query={"indicator": w.lis_indicator.code, "area_type": "lsoa", "within": w.area.code}),
    ],
}
