"""The partnership API: partnerships, organisations, bodies, memberships, people, Popolo.

Reads are open to everyone (`optional_auth`: a token or a signed-in session
makes the caller that user, so they see what that user may see, such as contact
details). Writes need a bearer token (`token_auth`, else 401) and then the same
permission rules as the web pages (else 403); they go through
`roundtable.partnership.services`, which records who made the change.

Each list declares its `select_related`/`prefetch_related` next to its queryset,
so its query count does not grow with the number of rows.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import checked, optional_auth, token_auth
from roundtable.accounts.models import User
from roundtable.core.permissions import Action
from roundtable.partnership import queries, services
from roundtable.partnership.choices import BodyKind, Sector
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person
from roundtable.partnership.permissions import (
    SeatRefused,
    get_body_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_partnership_for_user,
    get_person_for_user,
    people_to_seat,
    require_add_membership,
    require_administrator,
    require_seat_change,
)
from roundtable.partnership.popolo import popolo_export
from roundtable.partnership.rules import dates_in_order
from roundtable.partnership.schemas import (
    BodyDetailOut,
    BodyOut,
    ErrorOut,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PartnershipOut,
    PersonOut,
    PopoloOut,
    ValidationErrorOut,
)

router = Router(tags=["partnership"])

T = TypeVar("T")

MAX_PAGE = 200
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

# Where a problem with the request body is, as django-ninja reports its own 422s.
BODY = ["body", "payload"]
# Organisation and membership fields under the names the API gives them.
API_FIELD_NAMES = {"parent": "parent_id", "person": "person_id", "organisation": "organisation_id"}


# Helpers ------------------------------------------------------------------------


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    try:
        return checked(get_partnership_for_user, request.user, slug)
    except Http404:
        raise HttpError(404, f"No partnership has the slug {slug!r}") from None


def _field_error(field: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": [*BODY, field], "msg": message}])


def _invalid(error: ModelValidationError) -> RequestValidationError:
    """A model's `full_clean` errors, each naming the API field it is about."""
    errors = []
    for field, messages in error.message_dict.items():
        loc = BODY if field == NON_FIELD_ERRORS else [*BODY, API_FIELD_NAMES.get(field, field)]
        errors += [{"type": "value_error", "loc": loc, "msg": message} for message in messages]
    return RequestValidationError(errors)


def _save(save: Callable[..., T], user: User, *args: Any) -> T:
    """Call a service function; its validation errors become a 422, a refused seat
    change a 403 saying who may make it."""
    try:
        return save(user, *args)
    except ModelValidationError as error:
        raise _invalid(error) from None
    except SeatRefused as refusal:
        raise AuthorizationError(message=refusal.args[0]) from None


def _saying_who_may(helper: Callable[..., T]) -> Callable[..., T]:
    """An access helper whose refused seat change is a 403 saying who may make it;
    for `checked`, which gives every other refusal as usual."""

    def call(*args: Any) -> T:
        try:
            return helper(*args)
        except SeatRefused as refusal:
            raise AuthorizationError(message=refusal.args[0]) from None

    return call


def _parent_organisation(organisation: Organisation, parent_id: int | None) -> Organisation | None:
    if parent_id is None:
        return None
    parent = (
        Organisation.objects.filter(partnership_id=organisation.partnership_id, pk=parent_id)
        .exclude(pk=organisation.pk)
        .first()
    )
    if parent is None:
        raise _field_error("parent_id", "Choose another organisation in the same partnership")
    return parent


def _check_dates(membership: Membership) -> None:
    if not dates_in_order(membership.start_date, membership.end_date):
        raise _field_error("end_date", "The end date must be the same as or after the start date")


# Partnerships -------------------------------------------------------------------


@router.get(
    "/partnerships",
    response=list[PartnershipOut],
    auth=optional_auth,
    summary="List partnerships",
)
def list_partnerships(request: HttpRequest) -> QuerySet[Partnership]:
    # 1 query: partnerships.
    return Partnership.objects.all()


# Organisations ------------------------------------------------------------------


def organisation_list(
    partnership: Partnership | None, sector: str = "", q: str = ""
) -> QuerySet[Organisation]:
    """The organisations list, filtered as the HTML list filters it."""
    # count, page of organisations with partnership and parent, their units.
    organisations = (
        Organisation.objects.filter(is_partner=True)
        .select_related("partnership", "parent")
        .prefetch_related("units")
        .order_by("name", "pk")
    )
    if partnership is not None:
        organisations = organisations.filter(partnership=partnership)
    return queries.filter_organisations(organisations, q, sector)


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=optional_auth,
    summary="List organisations",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_organisations(
    request: HttpRequest,
    partnership: str | None = None,
    sector: Sector | None = None,
    q: str = "",
) -> QuerySet[Organisation]:
    """Partner organisations, filtered by `partnership` (slug), `sector` and `q` (words in
    the name, short name or type)."""
    within = _partnership(request, partnership) if partnership else None
    return organisation_list(within, sector.value if sector else "", q.strip())


def _organisation_out(pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("partnership", "parent")
        .prefetch_related("units")
        .get(pk=pk)
    )


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    auth=optional_auth,
    summary="An organisation with its units",
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    # The helper selects partnership and parent; the schema reads the units (1 query).
    return checked(get_organisation_for_user, request.user, organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add an organisation (partnership administrators)",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    try:
        partnership = checked(get_partnership_for_user, request.user, payload.partnership)
    except Http404:
        raise _field_error(
            "partnership", f"No partnership has the slug {payload.partnership!r}"
        ) from None
    checked(require_administrator, request.user, partnership)
    organisation = Organisation(
        partnership=partnership,
        name=payload.name,
        short_name=payload.short_name,
        slug=payload.slug or services.unique_organisation_slug(partnership, payload.name),
        sector=payload.sector,
        type=payload.type,
        website=payload.website,
        description=payload.description,
    )
    organisation.parent = _parent_organisation(organisation, payload.parent_id)
    organisation = _save(services.save_organisation, request.user, organisation)
    return Status(201, _organisation_out(organisation.pk))


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an organisation (administrators and the organisation's editors)",
)
def update_organisation(
    request: HttpRequest, organisation_id: int, payload: OrganisationPatch
) -> Organisation:
    organisation = checked(
        get_organisation_for_user, request.user, organisation_id, action=Action.CHANGE
    )
    for field, value in payload.model_dump(exclude_unset=True).items():
        if field == "parent_id":
            organisation.parent = _parent_organisation(organisation, value)
        else:
            setattr(organisation, field, value)
    _save(services.save_organisation, request.user, organisation)
    return _organisation_out(organisation.pk)


# Bodies -------------------------------------------------------------------------


@router.get(
    "/bodies",
    response=list[BodyOut],
    auth=optional_auth,
    summary="List bodies",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_bodies(
    request: HttpRequest, partnership: str | None = None, kind: BodyKind | None = None
) -> QuerySet[Body]:
    """Boards, forums, theme partnerships and groups, filtered by `partnership` and `kind`."""
    # count, page of bodies with the body each reports to.
    bodies = Body.objects.select_related("parent").order_by("name", "pk")
    if partnership:
        bodies = bodies.filter(partnership=_partnership(request, partnership))
    return queries.filter_bodies(bodies, kind.value if kind else "")


@router.get(
    "/bodies/{slug}",
    response={200: BodyDetailOut, **READ_ERRORS},
    auth=optional_auth,
    summary="A body with its current members and latest terms of reference",
)
def get_body(request: HttpRequest, slug: str) -> Body:
    return checked(get_body_for_user, request.user, slug)


# Memberships ----------------------------------------------------------------------


def _membership_out(pk: int) -> Membership:
    return Membership.objects.select_related("person", "body", "organisation").get(pk=pk)


@router.get(
    "/memberships",
    response=list[MembershipOut],
    auth=optional_auth,
    summary="List memberships",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_memberships(
    request: HttpRequest,
    partnership: str | None = None,
    body: str | None = None,
    person: int | None = None,
    organisation: int | None = None,
    current: bool | None = None,
) -> QuerySet[Membership]:
    """Seats on bodies, filtered by `partnership`, `body` (slug), `person` (id),
    `organisation` (id, the organisation represented) and `current` (true: held
    today; false: ended or not yet started)."""
    # count, page of memberships with person, body and organisation.
    memberships = Membership.objects.select_related("person", "body", "organisation").order_by(
        "body__name", "role", "person__family_name", "pk"
    )
    if partnership:
        memberships = memberships.filter(partnership=_partnership(request, partnership))
    if body:
        memberships = memberships.filter(body__slug=body)
    if person is not None:
        memberships = memberships.filter(person_id=person)
    if organisation is not None:
        memberships = memberships.filter(organisation_id=organisation)
    if current is not None:
        today = timezone.localdate()
        held = Membership.objects.current(today).values("pk")
        memberships = (
            memberships.filter(pk__in=held) if current else memberships.exclude(pk__in=held)
        )
    return memberships


@router.post(
    "/memberships",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a seat on a body (the partnership's administrators and the body's secretariat)",
)
def create_membership(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    user = request.user
    try:
        body = checked(get_body_for_user, user, payload.body)
    except Http404:
        raise _field_error("body", f"No body has the slug {payload.body!r}") from None
    checked(_saying_who_may(require_add_membership), user, body)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(
            partnership_id=body.partnership_id, pk=payload.organisation_id
        ).first()
        if organisation is None:
            raise _field_error("organisation_id", "Choose an organisation in the same partnership")
    membership = Membership(
        body=body,
        role=payload.role,
        organisation=organisation,
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        notes=payload.notes,
        partnership_id=body.partnership_id,
    )
    # The body's managers may add any seat; editors only a seat that gives no access,
    # where their own organisation is represented (the service checks again).
    checked(_saying_who_may(require_seat_change), user, membership)
    membership.person = _person_to_seat(user, body, payload.person_id)
    _check_dates(membership)
    membership = _save(services.add_membership, user, membership)
    return Status(201, _membership_out(membership.pk))


def _person_to_seat(user: User, body: Body, person_id: int) -> Person:
    # As on the web form, organisation editors seat their own organisation's people.
    person = people_to_seat(user, body).filter(pk=person_id).first()
    if person is None:
        raise _field_error("person_id", "Choose a person from your partnership you may seat")
    return person


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change or end a seat (administrators and secretariat; end_date alone ends it)",
)
def update_membership(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> Membership:
    membership = checked(get_membership_for_user, request.user, membership_id)
    checked(_saying_who_may(require_seat_change), request.user, membership)
    changes = payload.model_dump(exclude_unset=True)
    if set(changes) == {"end_date"} and changes["end_date"] is not None:
        membership.end_date = changes["end_date"]
        _check_dates(membership)
        _save(services.end_membership, request.user, membership, changes["end_date"])
    else:
        for field, value in changes.items():
            setattr(membership, field, value)
        _check_dates(membership)
        _save(services.update_membership, request.user, membership)
    return _membership_out(membership.pk)


# People -------------------------------------------------------------------------


@router.get(
    "/people",
    response=list[PersonOut],
    auth=optional_auth,
    summary="List people",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_people(
    request: HttpRequest,
    partnership: str | None = None,
    organisation: int | None = None,
    q: str = "",
) -> QuerySet[Person]:
    """People, filtered by `partnership`, `organisation` (id) and `q` (words in the name,
    job title or organisation). Email and phone are shown only to signed-in callers
    of the person's own partnership."""
    # count, page of people with their organisation.
    people = Person.objects.select_related("organisation").order_by(
        "family_name", "given_name", "pk"
    )
    if partnership:
        people = people.filter(partnership=_partnership(request, partnership))
    if organisation is not None:
        people = people.filter(organisation_id=organisation)
    return queries.filter_people(people, q)


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=optional_auth,
    summary="A person",
)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return checked(get_person_for_user, request.user, person_id)


# Popolo -------------------------------------------------------------------------


@router.get(
    "/popolo.json",
    response={200: PopoloOut, **READ_ERRORS},
    auth=optional_auth,
    exclude_none=True,
    summary="Popolo export of people, organisations, memberships and posts",
)
def popolo(request: HttpRequest, partnership: str | None = None) -> dict[str, Any]:
    """Every partnership's structure as Popolo JSON (http://www.popoloproject.com/), or one
    partnership's with `partnership`. Contact details are included only for signed-in
    callers of the person's own partnership."""
    partnerships = (
        [_partnership(request, partnership)] if partnership else list(Partnership.objects.all())
    )
    return popolo_export(partnerships, request.user, request.build_absolute_uri)
