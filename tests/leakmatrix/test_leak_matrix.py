"""The leak matrix: every route, every API operation and every email, as every role,
against canaries planted in every restricted, draft, unpublished and internal field.

It fails when a canary reaches a role the documented rules do not allow to see it,
listing every (route, role, canary); and when a route has no fixture parameters in
`tests/leakmatrix/routes.py`. See docs/accounts.md, "The leak matrix".
"""

from __future__ import annotations

import inspect
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from roundtable.api import api
from roundtable.partnership.addresses import PORTABLE_KWARGS, is_unscoped
from tests.leakmatrix import tally
from tests.leakmatrix.extract import body_of, normalised, text_of
from tests.leakmatrix.routes import API, HTMX, ROUTES, Variant
from tests.leakmatrix.world import ADMIN_A, ADMIN_B, ANONYMOUS, ROLES, World

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # staff only: test_admin_refuses_every_role_but_superusers


def _walk(patterns, namespace: str = "") -> list[str]:
    names = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            if inner.split(":")[0] in SKIPPED_NAMESPACES:
                continue
            names.extend(_walk(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            names.append(f"{namespace}:{name}" if namespace else name)
    return names


def _api_operations(method: str | None = "get") -> dict[str, str]:
    """Operations of the OpenAPI document (GET only by default): path -> operationId."""
    schema = api.get_openapi_schema()
    return {
        f"{path} {verb}": op["operationId"]
        for path, ops in schema["paths"].items()
        for verb, op in ops.items()
        if method is None or verb == method
    }


def api_reads() -> list[tuple[str, str]]:
    return sorted((key.split(" ")[0], op) for key, op in _api_operations().items())


def web_routes() -> list[str]:
    """Every named URL but the admin's and the API operations (checked from OpenAPI)."""
    operations = set(_api_operations(None).values())
    routes = []
    for name in dict.fromkeys(_walk(get_resolver().url_patterns)):
        if name.startswith("api:") and any(op.endswith("_" + name[4:]) for op in operations):
            continue
        routes.append(name)
    return routes


def _with_partnership(world: World, variant: Variant) -> dict:
    """The kwargs, with the partnership's slug for addresses that carry it."""
    return {"partnership": variant.query.get("partnership", world.a.slug), **variant.kwargs}


def _reverse(world: World, route: str, variant: Variant) -> str:
    for kwargs in (variant.kwargs, _with_partnership(world, variant)):
        try:
            return reverse(route, kwargs=kwargs)
        except NoReverseMatch:
            continue
    pytest.fail(
        f"route {route}: its fixture parameters in tests/leakmatrix/routes.py "
        f"({variant.kwargs}) do not fit its address; change its entry in ROUTES",
        pytrace=False,
    )


def _address(world: World, route: str, variant: Variant) -> str:
    """The page's address under the partnership the variant looks at (A unless its
    query names one): `/alpha/meetings/12/`."""
    slug = variant.query.get("partnership", world.a.slug)
    return f"/{slug}{_reverse(world, route, variant)}"


def _same_page_elsewhere(asked: str, location: str) -> bool:
    """Whether `location` is the page `asked` under another partnership's slug (a
    record asked for under the wrong partnership moves to its own)."""
    target = urlsplit(location)
    return not target.netloc and asked.split("/", 2)[2] == target.path.split("/", 2)[2]


def _get(client, url: str, query: dict, headers: dict):
    response = client.get(url, query, headers=headers)
    if response.status_code == 301 and _same_page_elsewhere(url, response["Location"]):
        response = client.get(response["Location"], headers=headers)
    return response


def _api_url(world: World, path: str, variant: Variant) -> str:
    try:
        return path.format(**_with_partnership(world, variant))
    except KeyError as missing:
        pytest.fail(
            f"API path {path}: no {missing} in its fixture parameters in "
            "tests/leakmatrix/routes.py; change its entry in API",
            pytrace=False,
        )


tally.expected_routes = len(web_routes()) + len(api_reads())


@dataclass(frozen=True)
class Leak:
    where: str
    role: str
    canary: str
    rule: str

    def __str__(self) -> str:
        return f"{self.where} | {self.role} | {self.canary} ({self.rule})"


def _check(world: World, where: str, route: str, query: dict, role: str, text: str) -> list[Leak]:
    flat = normalised(text)
    leaks = []
    for canary in world.canaries:
        if not canary.applies(route, query):
            continue
        tally.counts["checks"] += 1
        tally.canaries.add(canary.name)
        if canary.allowed:
            tally.allowed_to_some.add(canary.name)
        if canary.value in flat:
            if role in canary.allowed:
                tally.seen_by_allowed.add(canary.name)
            else:
                leaks.append(Leak(where, role, canary.name, canary.rule))
    return leaks


def _fail(title: str, leaks: list[Leak], errors: list[str]) -> None:
    lines = [f"{title}: {len(leaks)} leaks, {len(errors)} server errors"]
    lines += [f"  LEAK {leak}" for leak in leaks]
    lines += [f"  ERROR {error}" for error in errors]
    pytest.fail("\n".join(lines), pytrace=False)


# The slowest routes (a search for each canary's word, as every role: half the
# matrix's time) are checked by `test_leak_matrix_searches.py`, a file of their own,
# so that a suite run in several processes checks them beside the rest.
SEARCHES = ("search", "meetings_outputs:search")


@pytest.mark.parametrize("route", [r for r in web_routes() if r not in SEARCHES])
def test_route_shows_no_canary_to_a_role_that_may_not_see_it(route, world):
    check_web_route(route, world)


def check_web_route(route: str, world: World) -> None:
    """Every variant of `route` (routes.py), as every role, plain and as htmx where the
    route answers htmx: no canary a role may not see, no server error."""
    if route not in ROUTES:
        pytest.fail(
            f"route {route} has no fixture parameters in tests/leakmatrix/routes.py; "
            "add it to ROUTES with the records that show the most",
            pytrace=False,
        )
    tally.routes.add(route)
    leaks, errors = [], []
    for variant in ROUTES[route](world):
        url = _address(world, route, variant)
        which = "showing" if "partnership" in variant.query else "plain"
        for role in ROLES:
            tally.roles.add(role)
            client = world.clients[role][which]
            for htmx in (False, True) if route in HTMX else (False,):
                headers = {"HX-Request": "true"} if htmx else {}
                response = _get(client, url, variant.query, headers)
                tally.counts["responses"] += 1
                where = url + (
                    "?" + "&".join(f"{k}={v}" for k, v in variant.query.items())
                    if variant.query
                    else ""
                )
                where += " (htmx)" if htmx else ""
                if response.status_code >= 500:
                    errors.append(f"{where} | {role} | {response.status_code}")
                text = text_of(response.get("Content-Type", ""), body_of(response))
                leaks += _check(world, where, route, variant.query, role, text)
    if leaks or errors:
        _fail(route, leaks, errors)


@pytest.mark.parametrize(("path", "operation"), api_reads())
def test_api_operation_shows_no_canary_to_a_role_that_may_not_see_it(path, operation, world):
    if path not in API:
        pytest.fail(
            f"API operation {operation} ({path}) has no fixture parameters in "
            "tests/leakmatrix/routes.py; add it to API",
            pytrace=False,
        )
    tally.routes.add(path)
    leaks, errors = [], []
    for variant in API[path](world):
        url = _api_url(world, path, variant)
        for role in ROLES:
            headers = {} if role == ANONYMOUS else {"Authorization": f"Bearer {world.tokens[role]}"}
            response = world.api_client.get(url, variant.query, headers=headers)
            tally.counts["responses"] += 1
            where = url + (
                "?" + "&".join(f"{k}={v}" for k, v in variant.query.items())
                if variant.query
                else ""
            )
            if response.status_code >= 500:
                errors.append(f"{where} | {role} | {response.status_code}")
            text = text_of(response.get("Content-Type", ""), body_of(response))
            leaks += _check(world, where, path, variant.query, role, text)
    if leaks or errors:
        _fail(path, leaks, errors)


def test_admin_refuses_every_role_but_superusers(world):
    addresses = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    granted = []
    for role in ROLES:
        client = world.clients[role]["plain"]
        for address in addresses:
            response = client.get(address)
            if response.status_code != 302 or "/admin/login/" not in response["Location"]:
                granted.append(f"{address} | {role} | {response.status_code}")
    assert not granted, "the admin site answered:\n" + "\n".join(granted)


def test_emails_carry_canaries_only_to_recipients_who_may_see_them(
    world, django_capture_on_commit_callbacks, settings
):
    from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
    from roundtable.meetings import services as meetings
    from roundtable.meetings.choices import RestrictionCategory
    from roundtable.meetings.models import Meeting
    from roundtable.meetings.tests.papers import pdf_with_text, upload
    from tests.leakmatrix.world import EDITOR_A2, MEMBER_X, MEMBERS_X, SIGNED_IN_A, _when

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    x = world.body_x
    rule = "restricted item in an email: members of the body and its managers"
    plant = world.plant
    start = len(world.canaries)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meetings.schedule_meeting(None, x, start=_when(14), venue="Room E")
        restricted = meetings.add_agenda_item(
            None,
            meeting,
            title=plant("email-restricted-item-title", MEMBERS_X, rule),
            restricted=True,
            restriction_category=RestrictionCategory.FINANCIAL,
        )
        sub = meetings.add_agenda_item(
            None, meeting, parent=restricted, title=plant("email-subitem-title", MEMBERS_X, rule)
        )
        meetings.add_paper(
            None,
            sub,
            title=plant("email-subitem-paper", MEMBERS_X, rule),
            upload=upload("e.pdf", pdf_with_text("Paper")),
        )
        meetings.publish_agenda(None, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.save_item_minutes(None, sub, "Noted.")
        meetings.circulate_minutes(None, meeting)
    owner = world.users[EDITOR_A2].person
    with django_capture_on_commit_callbacks(execute=True):
        meetings.add_action(
            None,
            x,
            item=sub,
            owner_person=owner,
            due=_when(-30).date(),
            description=plant(
                "email-action-of-a-non-member", MEMBERS_X | {EDITOR_A2}, "an action: its owner too"
            ),
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_notify_overdue", stdout=io.StringIO())
    # The weekly engagement digest, to a relationship manager of A with an account.
    managed = StakeholderFactory(
        partnership=world.a, relationship_manager=world.users[MEMBER_X].person
    )
    ContactFactory(
        stakeholder=managed,
        from_organisation=world.org_a1,
        date=timezone.localdate(),
        topic=plant("email-digest-topic", SIGNED_IN_A, "the contact log: signed in to A"),
        stakeholder_person=plant("email-digest-named", frozenset(), "never in an email"),
    )
    call_command("engagement_digest", stdout=io.StringIO())
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    leaks = []
    try:
        assert any(m.subject.startswith("Your stakeholders") for m in mail.outbox)
        for message in mail.outbox:
            tally.counts["emails"] += 1
            text = "\n".join(
                [message.subject, message.body, *(alt[0] for alt in message.alternatives)]
            )
            for address in message.to:
                email = address.split("<")[-1].rstrip(">")
                role = world.role_of_email(email) or f"unknown recipient {email}"
                leaks += _check(world, f"email '{message.subject}'", "email", {}, role, text)
    finally:
        del world.canaries[start:]
    if leaks:
        _fail("emails", leaks, [])


def test_object_check_agrees_with_the_queryset(world):
    checked, skipped = [], []
    disagreements = []
    for model in apps.get_models():
        queryset_method = getattr(model._default_manager, "visible_to", None)
        if queryset_method is None:
            continue
        if not hasattr(model, "is_visible_to"):
            skipped.append(model.__name__)
            continue
        required = [
            parameter
            for parameter in inspect.signature(queryset_method).parameters.values()
            if parameter.default is inspect.Parameter.empty
        ]
        if len(required) != 1:
            skipped.append(f"{model.__name__} (visible_to needs more than the user)")
            continue
        checked.append(model.__name__)
        for role, user in world.users.items():
            user = user or AnonymousUser()
            visible = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
            for obj in model._default_manager.all():
                if obj.is_visible_to(user) != (obj.pk in visible):
                    disagreements.append(
                        f"{model.__name__} {obj.pk} | {role} | object says "
                        f"{obj.is_visible_to(user)}, queryset says {obj.pk in visible}"
                    )
    tally.notes.append(
        f"is_visible_to agrees with visible_to: {len(checked)} models checked, "
        f"{len(skipped)} skipped ({', '.join(skipped) or 'none'})"
    )
    assert not disagreements, "\n".join(disagreements)


def test_route_tables_name_only_routes_that_exist():
    stale = sorted(set(ROUTES) - set(web_routes())) + sorted(
        set(API) - {path for path, _ in api_reads()}
    )
    assert stale == [], f"tests/leakmatrix/routes.py names routes that no longer exist: {stale}"


# Routes whose records belong to no partnership (national areas, the user's own
# account, the admin), so they are the same page under every partnership's address.
SHARED_RECORDS = frozenset(
    {"geography:area-detail", "geography:area-history", "lis:boundaries"}  # national areas
)


def _record_routes() -> list[str]:
    return [r for r in web_routes() if r in ROUTES and not r.startswith(("admin:", "accounts:"))]


@pytest.mark.parametrize("route", _record_routes())
def test_a_record_shows_only_under_its_own_partnerships_address(route, world):
    """Issue 10, item 4: `/beta/meetings/12/` for a meeting of Alpha moves to
    `/alpha/meetings/12/` (or is not found); it never shows the record as Beta's."""
    if route in SHARED_RECORDS:
        return
    shown_twice = []
    for variant in ROUTES[route](world):
        if not set(variant.kwargs) - PORTABLE_KWARGS:
            continue
        path = _reverse(world, route, variant)
        if is_unscoped(path):  # accounts, admin: no partnership's records
            continue
        query = {k: value for k, value in variant.query.items() if k != "partnership"}
        for role in (ADMIN_A, ADMIN_B):
            client = world.clients[role]["plain"]
            shown = [
                p.slug
                for p in (world.a, world.b)
                if client.get(f"/{p.slug}{path}", query).status_code == 200
            ]
            if len(shown) > 1:
                shown_twice.append(f"{path} | {role} | 200 under {', '.join(shown)}")
    if shown_twice:
        pytest.fail(
            f"{route}: a record answers under another partnership's address; "
            "call show_partnership(request, record.partnership) in its view\n  "
            + "\n  ".join(shown_twice),
            pytrace=False,
        )


def test_a_places_page_shows_its_hidden_canaries_to_who_may_see_them(world):
    """The sections of a place's page list the hidden projects and consultations
    linked to it or to an area inside it (`world._place_links`) to their own
    partnership's people, under its address: so the matrix's check of the page has
    something to catch."""
    wanted = {
        ADMIN_A: (world.a, {"unpublished-project-title", "planned-consultation-title"}),
        ADMIN_B: (world.b, {"b-unpublished-project", "b-planned-consultation"}),
    }
    for role, (partnership, names) in wanted.items():
        path = reverse("geography:area-detail", kwargs={"code": world.area.code})
        response = world.clients[role]["showing"].get(
            f"/{partnership.slug}{path}", {"partnership": partnership.slug}
        )
        text = normalised(text_of(response.get("Content-Type", ""), body_of(response)))
        for canary in world.canaries:
            if canary.name in names:
                assert canary.value in text, f"{canary.name} not on {role}'s place page"
