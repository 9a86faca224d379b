"""Who sees which agenda items, papers, minutes and actions (the `visible_to` methods)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.meetings.choices import AgendaStatus, MinutesStatus
from roundtable.meetings.models import Action, AgendaItem, Paper, Resolution
from roundtable.meetings.queries import agenda_for, matters_arising
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(body=board, partnership=board.partnership)
    open_item = AgendaItemFactory(meeting=meeting, title="Community Budgets", position=1)
    secret = AgendaItemFactory(
        meeting=meeting,
        title="Sale of the depot site",
        position=2,
        restricted=True,
        restriction_category="financial",
    )
    AgendaItemFactory(meeting=meeting, title="AOB", position=3)
    for item in (open_item, secret):
        Paper.objects.create(
            partnership=board.partnership, item=item, body=board, title=f"{item.title} paper"
        )
    Paper.objects.create(
        partnership=board.partnership,
        item=open_item,
        body=board,
        title="Valuation appendix",
        restricted=True,
        restriction_category="financial",
    )
    return meeting


def titles(qs):
    return sorted(qs.values_list("title", flat=True))


def publish(meeting):
    meeting.agenda_status = AgendaStatus.PUBLISHED
    meeting.save()


def test_a_draft_agenda_is_seen_only_by_its_managers(meeting, secretary, administrator, member):
    assert titles(AgendaItem.objects.visible_to(ANONYMOUS)) == []
    assert titles(AgendaItem.objects.visible_to(member)) == []
    assert len(titles(AgendaItem.objects.visible_to(secretary))) == 3
    assert len(titles(AgendaItem.objects.visible_to(administrator))) == 3


def test_the_public_never_sees_restricted_items_or_papers(meeting, outsider, board_member):
    publish(meeting)
    for user in (ANONYMOUS, outsider, board_member):
        assert titles(AgendaItem.objects.visible_to(user)) == ["AOB", "Community Budgets"]
        assert titles(Paper.objects.visible_to(user)) == ["Community Budgets paper"]


def test_members_see_restricted_items_and_papers(meeting, member):
    publish(meeting)
    assert "Sale of the depot site" in titles(AgendaItem.objects.visible_to(member))
    assert titles(Paper.objects.visible_to(member)) == [
        "Community Budgets paper",
        "Sale of the depot site paper",
        "Valuation appendix",
    ]


def test_another_partnerships_administrator_sees_only_the_public_agenda(
    meeting, other_partnership_officer
):
    publish(meeting)
    visible = titles(AgendaItem.objects.visible_to(other_partnership_officer))
    assert visible == ["AOB", "Community Budgets"]


def test_the_agenda_keeps_its_numbers_with_a_gap_for_the_public(meeting, member):
    publish(meeting)
    public = [(e.number, e.item.title, len(e.papers)) for e in agenda_for(meeting, ANONYMOUS)]
    assert public == [("1", "Community Budgets", 1), ("3", "AOB", 0)]
    full = [(e.number, e.item.title, len(e.papers)) for e in agenda_for(meeting, member)]
    assert full == [
        ("1", "Community Budgets", 2),
        ("2", "Sale of the depot site", 1),
        ("3", "AOB", 0),
    ]


def test_the_agenda_takes_the_same_queries_whatever_its_size(
    board, member, django_assert_num_queries
):
    for size in (2, 20):
        meeting = MeetingFactory(body=board, partnership=board.partnership)
        for n in range(size):
            AgendaItemFactory(meeting=meeting, position=n + 1)
        publish(meeting)
        # numbers, items (memberships as a subquery), papers, lead people, lead
        # organisations; paper versions are a sixth only when there are papers.
        with django_assert_num_queries(5):
            entries = agenda_for(meeting, member)
        assert len(entries) == size


def _minuted(meeting, status):
    publish(meeting)
    for item in meeting.items.all():
        Resolution.objects.create(
            partnership=meeting.partnership, item=item, position=1, text=f"Noted {item.title}"
        )
    meeting.minutes_status = status
    meeting.save()


@pytest.mark.parametrize(
    ("status", "public", "members"),
    [
        (MinutesStatus.DRAFT, 0, 0),
        (MinutesStatus.CIRCULATED, 0, 3),
        (MinutesStatus.APPROVED, 2, 3),
    ],
)
def test_minutes_open_up_as_they_are_circulated_and_approved(
    meeting, member, secretary, status, public, members
):
    _minuted(meeting, status)
    assert Resolution.objects.visible_to(ANONYMOUS).count() == public
    assert AgendaItem.objects.minutes_visible_to(ANONYMOUS).count() == public
    assert Resolution.objects.visible_to(member).count() == members
    assert Resolution.objects.visible_to(secretary).count() == 3


def test_actions_are_public_once_their_minutes_are_approved_and_never_if_restricted(
    meeting, member, police, board_member
):
    ActionFactory(meeting=meeting, description="Open action")
    ActionFactory(meeting=meeting, description="Restricted action", restricted=True)
    ActionFactory(
        meeting=meeting, description="Police action", owner_organisation=police, restricted=False
    )
    assert Action.objects.visible_to(ANONYMOUS).count() == 0
    assert Action.objects.visible_to(member).count() == 3
    meeting.agenda_status = AgendaStatus.PUBLISHED
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save()
    assert sorted(Action.objects.visible_to(ANONYMOUS).values_list("description", flat=True)) == [
        "Open action",
        "Police action",
    ]
    assert Action.objects.visible_to(board_member).count() == 2


def test_an_owner_sees_their_own_actions_before_the_minutes_are_approved(meeting, officer, council):
    ActionFactory(meeting=meeting, description="Council action", owner_organisation=council)
    ActionFactory(meeting=meeting, description="Someone else's")
    assert list(Action.objects.visible_to(officer).values_list("description", flat=True)) == [
        "Council action"
    ]


def test_open_actions_are_carried_forward_as_matters_arising(board, member):
    earlier = MeetingFactory(body=board, partnership=board.partnership)
    later = MeetingFactory(body=board, partnership=board.partnership)
    ActionFactory(meeting=earlier, description="Circulate the prospectus")
    ActionFactory(meeting=earlier, description="Done already", status="done")
    ActionFactory(meeting=later, description="Raised at this meeting")
    arising = matters_arising(later, member)
    assert [a.description for a in arising] == ["Circulate the prospectus"]


# -- A sub-item inherits its parent's restriction (#10, leak 1) -------------------------

CANARY = "Zanzibar"
# What the sub-item's fields hold (the query itself is echoed on the results page).
PLANTED = [
    f"{CANARY} {field}" for field in ("offer", "description", "minutes", "resolution", "paper")
]
OUTSIDERS = ["anonymous", "outsider", "other_partnership_officer"]


def _as(request, client, who):
    """The client signed in as `who` (a fixture name), or anonymous."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.fixture
def open_sub_item(board, settings, tmp_path):
    """A published meeting with approved minutes whose restricted item has a sub-item
    saved open (as the sub-item form used to save it), and a later meeting. Every
    field of the sub-item, its paper, resolution and action carries the canary."""
    from roundtable.meetings import search, services
    from roundtable.meetings.tests.papers import pdf_with_text, upload

    settings.MEDIA_ROOT = tmp_path
    earlier = MeetingFactory(
        body=board,
        agenda_status=AgendaStatus.PUBLISHED,
        minutes_status=MinutesStatus.CIRCULATED,  # approved once its paper is on
    )
    parent = AgendaItemFactory(
        meeting=earlier,
        title="Sale of the depot site",
        position=1,
        restricted=True,
        restriction_category="financial",
    )
    child = AgendaItemFactory(
        meeting=earlier,
        parent=parent,
        position=1,
        title=f"{CANARY} offer",
        description=f"{CANARY} description",
        minutes=f"{CANARY} minutes",
    )
    paper = services.add_paper(
        None, child, title=f"{CANARY} paper", upload=upload("offer.pdf", pdf_with_text("Offer"))
    )
    earlier.minutes_status = MinutesStatus.APPROVED
    earlier.save(update_fields=["minutes_status"])
    Resolution.objects.create(
        partnership=board.partnership, item=child, position=1, text=f"{CANARY} resolution"
    )
    ActionFactory(meeting=earlier, item=child, description=f"{CANARY} action", restricted=False)
    later = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    search.rebuild_index()
    return {"earlier": earlier, "child": child, "paper": paper, "later": later}


def test_a_sub_item_of_a_restricted_item_is_restricted_in_every_queryset(
    open_sub_item, outsider, other_partnership_officer
):
    child = open_sub_item["child"]
    for user in (ANONYMOUS, outsider, other_partnership_officer):
        assert child not in AgendaItem.objects.visible_to(user)
        assert child not in AgendaItem.objects.minutes_visible_to(user)
        assert not Paper.objects.visible_to(user).filter(item=child).exists()
        assert not Resolution.objects.visible_to(user).filter(item=child).exists()
        assert not Action.objects.visible_to(user).filter(item=child).exists()


def test_members_and_managers_see_a_restricted_items_sub_item(open_sub_item, member, secretary):
    child = open_sub_item["child"]
    for user in (member, secretary):
        assert child in AgendaItem.objects.visible_to(user)
        assert child in AgendaItem.objects.minutes_visible_to(user)
        assert Paper.objects.visible_to(user).filter(item=child).exists()
        assert Resolution.objects.visible_to(user).filter(item=child).exists()
        assert Action.objects.visible_to(user).filter(item=child).exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_search_finds_nothing_of_a_restricted_items_sub_item(request, client, open_sub_item, who):
    from django.urls import reverse

    response = _as(request, client, who).get(reverse("meetings_outputs:search"), {"q": CANARY})

    assert response.status_code == 200
    page = response.content.decode()
    for planted in [*PLANTED, f"{CANARY} action"]:
        assert planted not in page


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_find_a_restricted_items_sub_item(request, client, open_sub_item, who):
    from roundtable.meetings import search

    found = {r.kind for r in search.search(CANARY, request.getfixturevalue(who))}

    assert found == {"item", "minutes", "resolution", "action", "paper"}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_restricted_items_sub_items_paper_is_not_found(request, client, open_sub_item, who):
    response = _as(request, client, who).get(open_sub_item["paper"].get_absolute_url())

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_download_a_restricted_items_sub_items_paper(request, client, open_sub_item, who):
    response = _as(request, client, who).get(open_sub_item["paper"].get_absolute_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("url", ["/meetings/actions/", "/meetings/bodies/lsp-executive/actions/"])
def test_the_actions_log_hides_a_restricted_items_sub_items_actions(
    request, client, open_sub_item, who, url
):
    client = _as(request, client, who)

    response = client.get(url, {"status": "all", "partnership": "ealing"})

    assert response.status_code == 200
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_actions_api_hides_a_restricted_items_sub_items_actions(
    request, client, open_sub_item, who
):
    response = _as(request, client, who).get("/api/v1/actions", {"body": "lsp-executive"})

    assert response.status_code == 200
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_get_a_restricted_items_sub_items_actions(request, client, open_sub_item, who):
    client = _as(request, client, who)

    api = client.get("/api/v1/actions", {"body": "lsp-executive"}).content.decode()
    log = client.get("/meetings/bodies/lsp-executive/actions/").content.decode()

    assert f"{CANARY} action" in api
    assert f"{CANARY} action" in log


@pytest.mark.parametrize("who", OUTSIDERS)
def test_matters_arising_hide_a_restricted_items_sub_items_actions(
    request, client, open_sub_item, who
):
    later = open_sub_item["later"]
    response = _as(request, client, who).get(later.get_absolute_url())

    assert response.status_code == 200
    assert CANARY not in response.content.decode()
    assert not matters_arising(
        later, request.getfixturevalue(who) if who != "anonymous" else ANONYMOUS
    ).exists()


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_see_a_restricted_items_sub_items_actions_arising(
    request, client, open_sub_item, who
):
    later = open_sub_item["later"]
    response = _as(request, client, who).get(later.get_absolute_url())

    assert f"{CANARY} action" in response.content.decode()


# -- An unpublished agenda keeps its minutes to its managers (#10, leak 7) ---------------


@pytest.fixture
def unpublished_but_approved(board):
    """Minutes approved, agenda never published (as an imported old meeting may be)."""
    from roundtable.meetings import search

    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)
    item = AgendaItemFactory(meeting=meeting, title=f"{CANARY} bid", minutes=f"{CANARY} minutes")
    Resolution.objects.create(
        partnership=board.partnership, item=item, position=1, text=f"{CANARY} resolved"
    )
    ActionFactory(meeting=meeting, item=item, description=f"{CANARY} to do")
    search.rebuild_index()
    return item


@pytest.mark.parametrize("who", [*OUTSIDERS, "member"])
def test_an_unpublished_agendas_minutes_are_not_searchable(request, unpublished_but_approved, who):
    from roundtable.meetings import search

    user = ANONYMOUS if who == "anonymous" else request.getfixturevalue(who)

    # The body's members see its actions whatever the agenda; nothing else is found.
    assert {r.kind for r in search.search(CANARY, user)} <= {"action"}
    assert not AgendaItem.objects.minutes_visible_to(user).exists()
    assert not Resolution.objects.visible_to(user).exists()


def test_an_unpublished_agenda_with_approved_minutes_is_not_found_by_the_public(
    client, unpublished_but_approved
):
    page = client.get("/meetings/search/", {"q": CANARY}).content.decode()

    for planted in (f"{CANARY} bid", f"{CANARY} minutes", f"{CANARY} resolved", f"{CANARY} to do"):
        assert planted not in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_unpublished_agendas_actions_are_not_public(request, unpublished_but_approved, who):
    user = ANONYMOUS if who == "anonymous" else request.getfixturevalue(who)

    assert not Action.objects.visible_to(user).exists()


def test_managers_still_read_an_unpublished_agendas_minutes(unpublished_but_approved, secretary):
    assert AgendaItem.objects.minutes_visible_to(secretary).get() == unpublished_but_approved
    assert Resolution.objects.visible_to(secretary).count() == 1


# -- The forward plan hides what became a restricted item (#10, leak 5) -------------------


@pytest.fixture
def planned_then_restricted(board):
    from roundtable.meetings.models import ForwardPlanItem

    meeting = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    parent = AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Estates",
        restricted=True,
        restriction_category="financial",
    )
    restricted = AgendaItemFactory(meeting=meeting, position=2, title=f"{CANARY} site sale")
    child = AgendaItemFactory(meeting=meeting, parent=parent, position=1, title=f"{CANARY} lease")
    for item, lead in ((restricted, "Estates lead"), (child, "Lease lead")):
        ForwardPlanItem.objects.create(
            partnership=board.partnership,
            body=board,
            meeting=meeting,
            title=item.title,
            lead_note=f"{CANARY} {lead}",
            agenda_item=item,
        )
    ForwardPlanItem.objects.create(
        partnership=board.partnership, body=board, meeting=meeting, title="Open plan item"
    )
    # Restricted after it was planned: the plan's own copy of the title stays.
    restricted.restricted, restricted.restriction_category = True, "financial"
    restricted.save()
    return meeting


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_forward_plan_shows_a_restricted_item_without_its_title(
    request, client, planned_then_restricted, who
):
    from django.urls import reverse

    # The meeting is held, so its items show with "Include meetings already held".
    response = _as(request, client, who).get(
        reverse("meetings:forward-plan", args=["lsp-executive"]), {"held": "1"}
    )

    page = response.content.decode()
    assert CANARY not in page
    assert page.count("Restricted item") == 2
    assert "Open plan item" in page


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_see_the_forward_plans_restricted_items(
    request, client, planned_then_restricted, who
):
    from django.urls import reverse

    response = _as(request, client, who).get(
        reverse("meetings:forward-plan", args=["lsp-executive"]), {"held": "1"}
    )

    page = response.content.decode()
    assert f"{CANARY} site sale" in page
    assert f"{CANARY} lease" in page


# -- The sub-item form and services keep a restricted item's sub-items restricted -------


@pytest.fixture
def restricted_parent(board):
    from roundtable.meetings import services

    meeting = MeetingFactory(body=board)
    return services.add_agenda_item(
        None,
        meeting,
        title="Sale of the depot site",
        restricted=True,
        restriction_category="financial",
    )


def test_a_sub_item_of_a_restricted_item_is_saved_restricted(restricted_parent, secretary):
    from roundtable.meetings import services

    child = services.add_agenda_item(
        secretary, restricted_parent.meeting, title="Offers received", parent=restricted_parent
    )

    assert (child.restricted, child.restriction_category) == (True, "financial")


def test_a_restricted_sub_item_keeps_its_own_reason(restricted_parent):
    from roundtable.meetings import services

    child = services.add_agenda_item(
        None,
        restricted_parent.meeting,
        title="Informants",
        parent=restricted_parent,
        restricted=True,
        restriction_category="crime",
    )

    assert child.restriction_category == "crime"


def test_a_sub_item_of_a_restricted_item_cannot_be_opened(restricted_parent, secretary):
    from roundtable.meetings import services

    child = services.add_agenda_item(
        None, restricted_parent.meeting, title="Offers", parent=restricted_parent
    )

    services.change_agenda_item(secretary, child, restricted=False, restriction_category="")

    child.refresh_from_db()
    assert (child.restricted, child.restriction_category) == (True, "financial")


def test_restricting_an_item_restricts_its_sub_items_and_their_actions(board, secretary):
    from roundtable.meetings import services

    meeting = MeetingFactory(body=board)
    parent = services.add_agenda_item(None, meeting, title="Estates")
    child = services.add_agenda_item(None, meeting, title="Depot", parent=parent)
    action = services.add_action(None, board, description="Value the depot", item=child)
    assert not action.restricted

    services.change_agenda_item(
        secretary, parent, restricted=True, restriction_category="financial"
    )

    child.refresh_from_db()
    action.refresh_from_db()
    assert (child.restricted, child.restriction_category) == (True, "financial")
    assert action.restricted
    assert child.history.first().history_user == secretary


def test_opening_an_item_leaves_its_sub_items_restricted(restricted_parent, secretary):
    from roundtable.meetings import services

    child = services.add_agenda_item(
        None, restricted_parent.meeting, title="Offers", parent=restricted_parent
    )

    services.change_agenda_item(
        secretary, restricted_parent, restricted=False, restriction_category=""
    )

    child.refresh_from_db()
    assert child.restricted
    services.change_agenda_item(secretary, child, restricted=False)
    child.refresh_from_db()
    assert not child.restricted


def test_an_action_under_a_restricted_items_open_sub_item_is_restricted(open_sub_item, board):
    from roundtable.meetings import services

    action = services.add_action(
        None, board, description="Chase the buyer", item=open_sub_item["child"]
    )

    assert action.restricted


def test_the_sub_item_form_says_a_restricted_items_sub_items_are_restricted(
    client, restricted_parent, secretary
):
    from django.urls import reverse

    client.force_login(secretary)
    url = reverse("meetings:item-add", args=[restricted_parent.meeting_id])

    page = client.get(url, {"parent": restricted_parent.pk}).content.decode()

    assert "‘Sale of the depot site’ is restricted, so its sub-items are restricted too" in page
    response = client.post(
        f"{url}?parent={restricted_parent.pk}",
        {"title": "Offers received", "purpose": "discussion", "restriction_category": ""},
    )
    assert response.status_code == 302
    child = AgendaItem.objects.get(title="Offers received")
    assert (child.parent, child.restricted, child.restriction_category) == (
        restricted_parent,
        True,
        "financial",
    )


def test_an_actions_owner_off_the_board_is_not_shown_its_restricted_item(
    client, open_sub_item, partnership, council
):
    from roundtable.partnership.tests.factories import PersonFactory, UserFactory

    person = PersonFactory(partnership=partnership, organisation=council)
    owner = UserFactory(username="owner", partnership=partnership, person=person)
    action = Action.objects.get(item=open_sub_item["child"])
    action.owner_person = person
    action.save()
    client.force_login(owner)

    page = client.get(action.get_absolute_url()).content.decode()

    assert f"{CANARY} action" in page
    assert f"{CANARY} offer" not in page


def test_a_member_is_shown_the_item_an_action_was_raised_under(client, open_sub_item, member):
    action = Action.objects.get(item=open_sub_item["child"])
    client.force_login(member)

    page = client.get(action.get_absolute_url()).content.decode()

    assert f"item “{CANARY} offer”" in page


def test_the_migration_restricts_sub_items_saved_open_and_their_actions(open_sub_item):
    import importlib

    from django.apps import apps
    from django.db import connection as django_connection

    migration = importlib.import_module(
        "roundtable.meetings.migrations.0006_sub_items_inherit_restriction"
    )

    class Editor:  # what `restrict_sub_items` uses of a schema editor
        connection = django_connection

    migration.restrict_sub_items(apps, Editor())

    child = AgendaItem.objects.get(pk=open_sub_item["child"].pk)
    assert (child.restricted, child.restriction_category) == (True, "financial")
    assert Action.objects.get(item=child).restricted


def test_an_owner_off_the_board_is_not_emailed_a_restricted_items_sub_item(
    open_sub_item, partnership, council, mailoutbox
):
    from roundtable.meetings import notify
    from roundtable.partnership.tests.factories import PersonFactory

    owner = PersonFactory(partnership=partnership, organisation=council, email="o@x.example")
    action = Action.objects.get(item=open_sub_item["child"])
    action.owner_person = owner
    action.save()

    notify.send_action_assigned(action)

    (message,) = mailoutbox
    assert f"{CANARY} action" in message.body
    assert f"{CANARY} offer" not in message.body
