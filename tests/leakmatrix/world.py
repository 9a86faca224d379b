"""The leak matrix's world: two partnerships, a user per role, and canaries.

A canary is a distinct string planted in one restricted, draft, unpublished or
internal field, with the roles the documented rules allow to see it
(meetings/models.py, core/permissions.py, docs/accounts.md, docs/meetings.md,
docs/performance.md, docs/recommendations.md). The matrix fails when a canary
reaches any other role. To add a canary, plant it with `world.plant(...)` where
the record is made, naming who may see it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.accounts.tokens import issue_token
from roundtable.assets.tests.factories import AssetFactory
from roundtable.assets.tests.factories_colocation import OpportunityFactory
from roundtable.assets.tests.factories_strategies import AssetStrategyFactory
from roundtable.engagement import services as engagement
from roundtable.engagement.tests.factories import (
    AssessmentFactory,
    ConsultationFactory,
    ContactFactory,
    SharingAgreementFactory,
    StakeholderFactory,
)
from roundtable.geography.tests.factories import PostcodeFactory
from roundtable.lis.tests.factories import (
    DatasetFactory,
    LsoaFactory,
    NeedsPageFactory,
    ObservationFactory,
)
from roundtable.meetings import services as meetings
from roundtable.meetings import subscriptions
from roundtable.meetings.choices import Purpose, RestrictionCategory
from roundtable.meetings.models import AgendaLink
from roundtable.meetings.tests.papers import pdf_with_text, upload
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from roundtable.performance.choices import IssueKind, MissingReason, SubmissionState
from roundtable.performance.models import Commentary, DataIssue, MissingFigure, Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.projects import services_commitments as commitments
from roundtable.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    RiskFactory,
)
from roundtable.projects.tests.factories_commitments import (
    CommitmentActionFactory,
    CommitmentFactory,
    SignatoryFactory,
)
from roundtable.recommendations import services as recommendations
from roundtable.recommendations.choices import Rag, Response, ResponseState, Status
from roundtable.recommendations.tests.factories import (
    RecommendationFactory,
    ReviewFactory,
    SectionFactory,
)
from roundtable.strategy.tests.factories import (
    ApproachFactory,
    EventFactory,
    ObjectiveFactory,
    PriorityFactory,
    StrategyFactory,
)

ANONYMOUS = "anonymous"
EDITOR_A1 = "editor-orgA1"
EDITOR_A2 = "editor-orgA2"
MEMBER_X = "member-X"
MEMBER_Y = "member-Y-only"
ADMIN_B = "admin-partnershipB"
SECRETARIAT_X = "secretariat-X"
ADMIN_A = "admin-partnershipA"

ROLES = (ANONYMOUS, EDITOR_A1, EDITOR_A2, MEMBER_X, MEMBER_Y, ADMIN_B, SECRETARIAT_X, ADMIN_A)

# Who may see what, in words of the documented rules.
SIGNED_IN_A = frozenset({EDITOR_A1, EDITOR_A2, MEMBER_X, MEMBER_Y, SECRETARIAT_X, ADMIN_A})
MANAGERS_X = frozenset({SECRETARIAT_X, ADMIN_A})
MEMBERS_X = MANAGERS_X | {MEMBER_X}
ONLY_B = frozenset({ADMIN_B})
EDITORS_A = frozenset({EDITOR_A1, EDITOR_A2, ADMIN_A})
ADMINS_A = frozenset({ADMIN_A})

REPORT_PERIOD = "2011/12 Q2"
HIDDEN_UPDATE_DAY = datetime.date(1999, 12, 31)
# How pages (spaces are ignored), JSON and XLSX write those dates.
FORMS = {
    "last-update": (("iso", "%Y-%m-%d"), ("long", "%-d%B%Y"), ("short", "%-d%b%Y")),
    "next-update-due": (("iso", "%Y-%m-%d"), ("long", "%-d%B%Y")),
}
REPORT_QUARTER = "2011-12-Q2"


@dataclass(frozen=True)
class Canary:
    """A string that only `allowed` may see. `word` is a search term that finds it;
    `only_when(route, query)` limits where it counts (for a public text whose
    presence under a filter on a hidden field is the leak)."""

    name: str
    value: str
    allowed: frozenset[str]
    rule: str
    word: str
    topic: str
    only_when: Callable[[str, dict[str, str]], bool] | None = None

    def applies(self, route: str, query: dict[str, str]) -> bool:
        return self.only_when is None or self.only_when(route, query)


@dataclass
class World:
    a: Any = None
    b: Any = None
    users: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    canaries: list[Canary] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)

    def plant(
        self,
        name: str,
        allowed: frozenset[str],
        rule: str,
        topic: str = "",
        *,
        template: str = "CANARY-{name}-{word}",
        only_when: Callable[[str, dict[str, str]], bool] | None = None,
    ) -> str:
        """A new canary's text, e.g. 'CANARY-restricted-item-title-zq7f3a5b', where
        'zq7f3a5b' is a word search finds it by."""
        word = "zq" + hashlib.sha256(name.encode()).hexdigest()[:6]
        value = template.format(name=name, word=word)
        word = word if word in value else ""
        canary = Canary(name, value, frozenset(allowed), rule, word, topic, only_when)
        self.canaries.append(canary)
        return value

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def role_of_email(self, address: str) -> str | None:
        for role, user in self.users.items():
            if user is not None and address.lower() == user.email.lower():
                return role
        return None


def _when(days: int, hour: int = 17) -> datetime.datetime:
    base = timezone.make_aware(datetime.datetime(2012, 1, 16, hour, 0))
    return base + datetime.timedelta(days=days)


def _user(world: World, role: str, partnership: Any, user_role: str, **extra: Any) -> Any:
    email = f"{role}@leak.example"
    person = extra.pop("person", None)
    if person is not None:
        person.email = email
        person.save()
    user = UserFactory(
        username=role,
        role=user_role,
        partnership=partnership,
        email=email,
        first_name=role,
        person=person,
        **extra,
    )
    world.users[role] = user
    _, token = issue_token(user, "leak matrix")
    world.tokens[role] = token
    return user


def build_world() -> World:
    w = World()
    o = w.objects
    w.users[ANONYMOUS] = None
    a = w.a = PartnershipFactory(name="Alpha Leak Partnership", slug="leak-a")
    b = w.b = PartnershipFactory(name="Beta Leak Partnership", slug="leak-b")
    o["org_a1"] = OrganisationFactory(partnership=a, name="Alpha Council", slug="alpha-council")
    o["org_a2"] = OrganisationFactory(partnership=a, name="Alpha Police", slug="alpha-police")
    o["org_a3"] = OrganisationFactory(partnership=a, name="Alpha Health", slug="alpha-health")
    o["org_b"] = OrganisationFactory(partnership=b, name="Beta Council", slug="beta-council")
    x = o["body_x"] = BodyFactory(partnership=a, name="Board X", slug="leak-board-x")
    y = o["body_y"] = BodyFactory(partnership=a, name="Board Y", slug="leak-board-y")
    z = o["body_z"] = BodyFactory(partnership=b, name="Board Z", slug="leak-board-z")

    # -- People and users, one per role --------------------------------------
    def seated(body: Any, role: str, organisation: Any) -> Any:
        person = PersonFactory(partnership=body.partnership, organisation=organisation)
        o[f"membership_{body.slug}_{role}_{person.pk}"] = MembershipFactory(
            body=body,
            partnership=body.partnership,
            person=person,
            organisation=organisation,
            role=role,
        )
        return person

    _user(
        w,
        EDITOR_A1,
        a,
        Role.EDITOR,
        organisation=o["org_a1"],
        person=PersonFactory(partnership=a, organisation=o["org_a1"]),
    )
    _user(
        w,
        EDITOR_A2,
        a,
        Role.EDITOR,
        organisation=o["org_a2"],
        person=PersonFactory(partnership=a, organisation=o["org_a2"]),
    )
    member_x = seated(x, MembershipRole.MEMBER, o["org_a3"])
    _user(w, MEMBER_X, a, Role.MEMBER, person=member_x)
    _user(w, MEMBER_Y, a, Role.MEMBER, person=seated(y, MembershipRole.MEMBER, o["org_a3"]))
    _user(w, ADMIN_B, b, Role.ADMINISTRATOR, organisation=o["org_b"])
    secretary = seated(x, MembershipRole.SECRETARIAT, o["org_a3"])
    o["membership_secretariat"] = secretary.memberships.get()
    _user(w, SECRETARIAT_X, a, Role.MEMBER, person=secretary)
    _user(w, ADMIN_A, a, Role.ADMINISTRATOR)

    # An account's email is personal data: its partnership's administrators only (the
    # Accounts pages), and its owner (who is not a role here).
    rule_acc = "an account's email: its partnership's administrators"
    o["account_a"] = UserFactory(
        username="invited-a",
        role=Role.EDITOR,
        partnership=a,
        organisation=o["org_a2"],
        email=w.plant(
            "account-email-a", ADMINS_A, rule_acc, "accounts", template="canary.{word}@leak.example"
        ),
    )
    o["account_b"] = UserFactory(
        username="invited-b",
        role=Role.MEMBER,
        partnership=b,
        email=w.plant(
            "account-email-b", ONLY_B, rule_acc, "accounts", template="canary.{word}@leak.example"
        ),
    )
    # An account's former names are in its history alone (its History tab): for
    # those who manage the account.
    rule_hist = "an account's history: its partnership's administrators"
    for key, allowed in (("account_a", ADMINS_A), ("account_b", ONLY_B)):
        account = o[key]
        account.last_name = w.plant(f"{key}-former-name", allowed, rule_hist, "accounts")
        account.save()
        account.last_name = "Renamed"
        account.save()

    # Contact details: signed-in people of the same partnership only (issue 10, item 9).
    contact = o["contact"] = PersonFactory(
        partnership=a, organisation=o["org_a1"], given_name="Connie", family_name="Contact"
    )
    rule_c = "contact details: signed-in people of the same partnership"
    contact.email = w.plant(
        "contact-email", SIGNED_IN_A, rule_c, "people", template="canary.{word}@leak.example"
    )
    contact.phone = w.plant("contact-phone", SIGNED_IN_A, rule_c, "people")
    contact.save()
    person_b = o["person_b"] = PersonFactory(
        partnership=b, organisation=o["org_b"], given_name="Bea", family_name="Beta"
    )
    person_b.phone = w.plant("b-person-phone", ONLY_B, "contact details of partnership B")
    person_b.save()

    # -- Meetings of X -------------------------------------------------------
    restricted = {"restricted": True, "restriction_category": RestrictionCategory.FINANCIAL}
    m1 = o["m1"] = meetings.schedule_meeting(None, x, start=_when(0), venue="Room 1")
    # It takes the performance report, so packs of m1 carry that report (issue 11).
    open_item = o["open_item"] = meetings.add_agenda_item(
        None, m1, title="Welcome and apologies", performance_report=REPORT_PERIOD
    )
    meetings.add_paper(
        None, open_item, title="Public paper", upload=upload("public.pdf", pdf_with_text("Open"))
    )
    rule_r = "restricted item: members of the body and its managers"
    item_r = o["item_r"] = meetings.add_agenda_item(
        None,
        m1,
        title=w.plant("restricted-item-title", MEMBERS_X, rule_r, "meetings"),
        description=w.plant("restricted-item-description", MEMBERS_X, rule_r, "meetings"),
        purpose=Purpose.DECISION,
        **restricted,
    )
    o["paper_r"] = meetings.add_paper(
        None,
        item_r,
        title=w.plant("restricted-paper-title", MEMBERS_X, rule_r, "meetings"),
        upload=upload(
            "r.pdf", pdf_with_text(w.plant("restricted-paper-text", MEMBERS_X, rule_r, "meetings"))
        ),
    )
    rule_s = "open sub-item of a restricted item inherits the restriction"
    sub = o["item_s"] = meetings.add_agenda_item(
        None,
        m1,
        parent=item_r,
        title=w.plant("subitem-title", MEMBERS_X, rule_s, "meetings"),
        description=w.plant("subitem-description", MEMBERS_X, rule_s, "meetings"),
    )
    o["paper_s"] = meetings.add_paper(
        None,
        sub,
        title=w.plant("subitem-paper-title", MEMBERS_X, rule_s, "meetings"),
        upload=upload(
            "s.pdf", pdf_with_text(w.plant("subitem-paper-text", MEMBERS_X, rule_s, "meetings"))
        ),
    )
    rule_p = "restricted paper on an open item"
    o["paper_p"] = meetings.add_paper(
        None,
        open_item,
        title=w.plant("restricted-paper-on-open-item-title", MEMBERS_X, rule_p, "meetings"),
        upload=upload(
            "p.pdf",
            pdf_with_text(w.plant("restricted-paper-on-open-item-text", MEMBERS_X, rule_p)),
        ),
        **restricted,
    )
    meetings.publish_agenda(None, m1, at=_when(-7))
    meetings.save_item_minutes(None, open_item, "Apologies were received.")
    meetings.save_item_minutes(
        None, item_r, w.plant("restricted-item-minutes", MEMBERS_X, rule_r, "meetings")
    )
    o["resolution_r"] = meetings.add_resolution(
        None, item_r, w.plant("restricted-item-resolution", MEMBERS_X, rule_r, "meetings")
    )
    meetings.save_item_minutes(None, sub, w.plant("subitem-minutes", MEMBERS_X, rule_s, "meetings"))
    o["resolution_s"] = meetings.add_resolution(
        None, sub, w.plant("subitem-resolution", MEMBERS_X, rule_s, "meetings")
    )
    overdue = datetime.date(2012, 2, 1)
    o["action_r"] = meetings.add_action(
        None,
        x,
        item=item_r,
        owner_person=member_x,
        due=overdue,
        description=w.plant("restricted-item-action", MEMBERS_X, rule_r, "meetings"),
    )
    o["action_s"] = meetings.add_action(
        None,
        x,
        item=sub,
        owner_person=member_x,
        due=overdue,
        description=w.plant("subitem-action", MEMBERS_X, rule_s, "meetings"),
    )
    o["action_public"] = meetings.add_action(
        None, x, item=open_item, owner_person=member_x, due=overdue, description="Send the notes"
    )
    m1_next = o["m1_next"] = meetings.schedule_meeting(None, x, start=_when(28), venue="Room 1")
    meetings.circulate_minutes(None, m1)
    meetings.approve_minutes(None, m1, approved_at=m1_next)

    # A draft (unpublished) agenda whose minutes are approved (issue 10, leak 7).
    rule_d = "draft agenda: the body's managers only"
    m2 = o["m2"] = meetings.schedule_meeting(None, x, start=_when(-28), venue="Room 2")
    item_d = o["item_d"] = meetings.add_agenda_item(
        None, m2, title=w.plant("draft-agenda-item-title", MANAGERS_X, rule_d, "meetings")
    )
    o["paper_d"] = meetings.add_paper(
        None,
        item_d,
        title=w.plant("draft-agenda-paper-title", MANAGERS_X, rule_d, "meetings"),
        upload=upload("d.pdf", pdf_with_text("Draft agenda paper")),
    )
    meetings.save_item_minutes(
        None, item_d, w.plant("draft-agenda-item-minutes", MANAGERS_X, rule_d, "meetings")
    )
    meetings.circulate_minutes(None, m2)
    meetings.approve_minutes(None, m2, approved_at=m1)

    # Minutes being drafted: managers only.
    rule_dm = "minutes being drafted: the body's managers only"
    m3 = o["m3"] = meetings.schedule_meeting(None, x, start=_when(-56), venue="Room 3")
    item_dm = o["item_dm"] = meetings.add_agenda_item(None, m3, title="Draft minutes item")
    meetings.publish_agenda(None, m3, at=_when(-60))
    meetings.save_item_minutes(
        None, item_dm, w.plant("draft-minutes", MANAGERS_X, rule_dm, "meetings")
    )
    o["resolution_dm"] = meetings.add_resolution(
        None, item_dm, w.plant("draft-minutes-resolution", MANAGERS_X, rule_dm, "meetings")
    )

    # Circulated minutes: members and managers.
    rule_cm = "circulated minutes: members of the body and its managers"
    m4 = o["m4"] = meetings.schedule_meeting(None, x, start=_when(-84), venue="Room 4")
    item_cm = o["item_cm"] = meetings.add_agenda_item(None, m4, title="Circulated minutes item")
    meetings.publish_agenda(None, m4, at=_when(-90))
    meetings.save_item_minutes(
        None, item_cm, w.plant("circulated-minutes", MEMBERS_X, rule_cm, "meetings")
    )
    o["resolution_cm"] = meetings.add_resolution(
        None, item_cm, w.plant("circulated-minutes-resolution", MEMBERS_X, rule_cm, "meetings")
    )
    o["action_cm"] = meetings.add_action(
        None,
        x,
        item=item_cm,
        owner_person=member_x,
        due=overdue,
        description=w.plant(
            "circulated-minutes-action",
            MEMBERS_X,
            "actions before their minutes are approved: members, managers, owner",
            "meetings",
        ),
    )
    meetings.circulate_minutes(None, m4)

    # A forward-plan entry whose agenda item is later marked restricted (leak 5).
    rule_fp = "forward plan entry of a restricted item"
    m5 = o["m5"] = meetings.schedule_meeting(None, x, start=_when(56), venue="Room 5")
    o["plan"] = meetings.plan_item(
        None,
        x,
        meeting=m5,
        title=w.plant("forward-plan-restricted", MEMBERS_X, rule_fp, "meetings"),
    )
    [planned] = meetings.draft_agenda_from_plan(None, m5)
    o["item_fp"] = meetings.change_agenda_item(None, planned, **restricted)
    meetings.publish_agenda(None, m5, at=_when(-1))

    # Partnership B's restricted item: only B's administrator (its manager).
    mz = o["mz"] = meetings.schedule_meeting(None, z, start=_when(3), venue="Room Z")
    o["item_z"] = meetings.add_agenda_item(
        None,
        mz,
        title=w.plant("b-restricted-item-title", ONLY_B, "partnership B's restricted item"),
        **restricted,
    )
    meetings.add_agenda_item(None, mz, title="Beta welcome")
    meetings.publish_agenda(None, mz, at=_when(-2))

    # An address that asked for emails about X's meetings: no page shows it, but the
    # confirming and stopping pages name it to whoever holds the link emailed to it.
    rule_sub = "an email subscriber's address: only the links emailed to it"
    address = w.plant(
        "subscriber-email",
        frozenset(),
        rule_sub,
        template="{word}@subscriber.example",
        only_when=_not_an_emailed_link,
    )
    o["subscription"] = subscriptions.confirm(subscriptions.subscribe(x, address))

    # -- Performance ---------------------------------------------------------
    rule_i = "indicator not marked public: the partnership's own signed-in people"
    hidden = o["indicator_hidden"] = IndicatorFactory(
        partnership=a,
        lead_agency=o["org_a1"],
        code="ZQ 1",
        name=w.plant("hidden-indicator-name", SIGNED_IN_A, rule_i, "performance"),
        definition=w.plant("hidden-indicator-definition", SIGNED_IN_A, rule_i, "performance"),
        is_public=False,
    )
    IndicatorValueFactory(indicator=hidden, period=REPORT_PERIOD, actual=Decimal(5))
    o["issue_hidden"] = DataIssue.objects.create(
        partnership=a,
        indicator=hidden,
        issue=w.plant("hidden-indicator-data-issue", SIGNED_IN_A, rule_i, "performance"),
        kind=IssueKind.NO_DATA,
        raised_on=datetime.date(2011, 10, 1),
    )
    rule_f = "figures and commentary before approval: the partnership's own signed-in people"
    public = o["indicator_public"] = IndicatorFactory(
        partnership=a, lead_agency=o["org_a1"], code="ZQ 2", name="Public indicator"
    )
    o["value_unapproved"] = IndicatorValueFactory(
        indicator=public,
        period=REPORT_PERIOD,
        actual=Decimal(42),
        target=Decimal(40),
        note=w.plant("unapproved-figure-note", SIGNED_IN_A, rule_f, "performance"),
    )
    Commentary.objects.create(
        indicator=public,
        period=REPORT_PERIOD,
        partnership=a,
        organisation=o["org_a1"],
        progress=w.plant("unapproved-commentary-progress", SIGNED_IN_A, rule_f, "performance"),
        challenges=w.plant("unapproved-commentary-challenges", SIGNED_IN_A, rule_f, "performance"),
    )
    submission = Submission.objects.create(
        partnership=a,
        organisation=o["org_a1"],
        period=REPORT_PERIOD,
        state=SubmissionState.SUBMITTED,
        submitted_by=w.users[EDITOR_A1],
        submitted_at=_when(-30),
    )
    # Why the return lacks a figure is the return's: the partnership's own people
    # (the returns dashboard and the return show it).
    gap = IndicatorFactory(partnership=a, lead_agency=o["org_a1"], code="ZQ 4", name="Gap")
    MissingFigure.objects.create(
        submission=submission,
        indicator=gap,
        period=REPORT_PERIOD,
        reason=MissingReason.OTHER,
        explanation=w.plant(
            "missing-figure-explanation",
            SIGNED_IN_A,
            "why a return lacks a figure: the partnership's own signed-in people",
            "performance",
        ),
        partnership=a,
    )
    assert parse_period(REPORT_PERIOD)
    o["indicator_b"] = IndicatorFactory(
        partnership=b,
        lead_agency=o["org_b"],
        code="ZQ 3",
        name=w.plant("b-hidden-indicator-name", ONLY_B, "partnership B's internal indicator"),
        is_public=False,
    )

    # -- Recommendations -----------------------------------------------------
    rule_rec = "draft or agreed responses, their updates, notes, comments: signed in to A"
    review = o["review"] = ReviewFactory(partnership=a, title="Alpha Review", is_published=True)
    section = SectionFactory(review=review, title="Alpha section")
    o["section"] = section
    # Its text is public; listed under a filter on its unpublished response or
    # status (response=work_in_progress, status=off_track), it gives the hidden value away.
    hidden_text = w.plant(
        "hidden-response-under-filter",
        SIGNED_IN_A,
        "unpublished response or status, shown by filtering on it",
        "rec",
        only_when=_filters_on_hidden_response,
    )
    rec = o["rec_hidden"] = RecommendationFactory(
        review=review,
        section=section,
        number="1",
        text=hidden_text,
        response=Response.WORK_IN_PROGRESS,
        outline_response=w.plant("unpublished-response-text", SIGNED_IN_A, rule_rec, "rec"),
        response_as_written=w.plant(
            "unpublished-response-as-written", SIGNED_IN_A, rule_rec, "rec"
        ),
        internal_note=w.plant("recommendation-internal-note", SIGNED_IN_A, rule_rec, "rec"),
        response_state=ResponseState.DRAFT,
        lead_organisation=o["org_a1"],
    )
    o["update_hidden"] = recommendations.add_progress_update(
        None,
        rec,
        date=HIDDEN_UPDATE_DAY,
        status=Status.OFF_TRACK,
        rag=Rag.RED,
        narrative=w.plant("unpublished-response-progress", SIGNED_IN_A, rule_rec, "rec"),
        attachment=upload(
            "evidence.pdf",
            pdf_with_text(w.plant("unpublished-response-evidence-file", SIGNED_IN_A, rule_rec)),
        ),
        check=False,
    )
    o["evidence_hidden"] = o["update_hidden"].files.get()
    # Its latest update's date and the next update due are the unpublished
    # update's too; planted as the pages, PDFs (spaces are ignored), JSON and
    # XLSX write dates.
    rec.refresh_from_db()
    for what, day in (("last-update", HIDDEN_UPDATE_DAY), ("next-update-due", rec.next_update_due)):
        for written, form in FORMS[what]:
            w.plant(
                f"unpublished-response-{what}-{written}",
                SIGNED_IN_A,
                "dates of an unpublished response's progress",
                "rec",
                template=format(day, form),
            )
    recommendations.add_comment(
        w.users[ADMIN_A], rec, w.plant("recommendation-comment", SIGNED_IN_A, rule_rec, "rec")
    )
    o["rec_public"] = RecommendationFactory(
        review=review,
        section=section,
        number="2",
        text="A public recommendation",
        response=Response.AGREE,
        response_state=ResponseState.PUBLISHED,
        lead_organisation=o["org_a1"],
    )
    rule_rv = "unpublished review: signed in to A"
    review_hidden = o["review_hidden"] = ReviewFactory(
        partnership=a,
        title=w.plant("unpublished-review-title", SIGNED_IN_A, rule_rv, "rec"),
        is_published=False,
    )
    o["rec_in_hidden_review"] = RecommendationFactory(
        review=review_hidden,
        number="1",
        text=w.plant("unpublished-review-recommendation", SIGNED_IN_A, rule_rv, "rec"),
    )
    o["review_b"] = ReviewFactory(
        partnership=b,
        title=w.plant("b-unpublished-review-title", ONLY_B, "partnership B's unpublished review"),
        is_published=False,
    )

    # -- Strategy and places: public records the routes need ---------------
    strategy = o["strategy"] = StrategyFactory(partnership=a, slug="leak-strategy")
    o["priority"] = PriorityFactory(strategy=strategy)
    o["theme"] = o["priority"].theme
    o["event"] = EventFactory(partnership=a)
    o["approach"] = ApproachFactory(strategy=strategy)
    o["objective"] = ObjectiveFactory(priority=o["priority"])
    o["value_objective"] = ObjectiveFactory(
        priority=None, approach=o["approach"], strategy=strategy
    )
    # The hidden indicator measures the priority and both objectives (with the public
    # one): the priority's page and the indicators' pages link them both ways.
    for measuring in (o["indicator_hidden"], o["indicator_public"]):
        measuring.priorities.add(o["priority"])
        measuring.objectives.add(o["objective"], o["value_objective"])
    o["postcode"] = PostcodeFactory(postcode="W5 9ZQ")
    o["area"] = o["postcode"].local_authority

    # -- Local Information System (issue 12) ---------------------------------
    # A held dataset is for its partnership's signed-in people (the API publishes
    # open data only); a suppressed cell's figures are for nobody, anywhere.
    o["lis_indicator"] = IndicatorFactory(
        partnership=a, code="ZQL 1", name="LIS indicator", in_report=False, on_lis=True
    )
    lsoa = o["lsoa"] = LsoaFactory(code="E01099001", name="Leak LSOA", parent=o["area"])
    published = o["dataset"] = DatasetFactory(partnership=a, slug="leak-statistics")
    ObservationFactory(dataset=published, indicator=o["lis_indicator"], area=lsoa, period="2011")
    # A published dataset's figures of an indicator that is not public: its name and
    # definition stay with partnership A's people (the dataset page's filters, exports).
    ObservationFactory(dataset=published, indicator=o["indicator_hidden"], area=lsoa, period="2011")
    rule_s = "a suppressed cell's figures: nobody"
    ObservationFactory(
        dataset=published,
        indicator=o["lis_indicator"],
        area=lsoa,
        period="2012",
        suppressed=True,
        count=3,
        value=float(w.plant("suppressed-value", frozenset(), rule_s, template="987654.125")),
        denominator=float(
            w.plant("suppressed-denominator", frozenset(), rule_s, template="8765431")
        ),
        lower_ci_95=float(w.plant("suppressed-ci", frozenset(), rule_s, template="876.0625")),
    )
    rule_h = "dataset held by a partner, not published: signed in to A (pages only)"
    held = o["dataset_held"] = DatasetFactory(
        partnership=a,
        slug="leak-held",
        title=w.plant("held-dataset-title", SIGNED_IN_A, rule_h, "lis"),
        published=False,
    )
    ObservationFactory(
        dataset=held,
        indicator=o["lis_indicator"],
        area=lsoa,
        period="2013",
        note=w.plant("held-observation-note", SIGNED_IN_A, rule_h, "lis"),
    )

    # Needs assessment pages: a draft, and its history, are for the partnership's
    # administrators and organisation editors; a published page's embeds read public
    # observations only (the suppressed 2012 cell, the held dataset's 2013 cell).
    rule_n = "needs assessment draft and history: A's administrators and editors"
    o["needs_draft"] = NeedsPageFactory(
        partnership=a,
        slug="leak-needs-draft",
        title=w.plant("needs-draft-title", EDITORS_A, rule_n, "needs"),
        summary=w.plant("needs-draft-summary", EDITORS_A, rule_n, "needs"),
        body=w.plant("needs-draft-body", EDITORS_A, rule_n, "needs"),
    )
    published_page = o["needs_published"] = NeedsPageFactory(
        partnership=a,
        slug="leak-needs-published",
        title=w.plant("needs-earlier-draft-title", EDITORS_A, rule_n, "needs"),
    )
    published_page.title = "Published needs page"
    published_page.status = "published"
    area_code = o["area"].code
    published_page.body = "\n".join(
        [
            f'{{{{ {kind} indicator="ZQL 1" area_type=lsoa within={area_code} period={period} }}}}'
            for kind in ("table", "chart", "map")
            for period in ("2012", "2013")
        ]
        + [
            f'{{{{ figure indicator="ZQL 1" area={lsoa.code} period={p} }}}}'
            for p in ("2012", "2013")
        ]
    )
    # A published page's draft of its next edition: for its editors, never the public.
    published_page.draft_title = w.plant("needs-next-edition-title", EDITORS_A, rule_n, "needs")
    published_page.draft_summary = w.plant("needs-next-edition-summary", EDITORS_A, rule_n, "needs")
    published_page.draft_body = w.plant("needs-next-edition-body", EDITORS_A, rule_n, "needs")
    published_page.draft_theme = "Health"
    published_page.draft_saved_at = timezone.now()
    published_page.save()
    o["needs_version"] = published_page.history.order_by("history_date", "history_id").first()
    o["needs_version_new"] = published_page.history.order_by("history_date", "history_id").last()
    # -- Stakeholder engagement (issue 13) -----------------------------------
    # The register and the contact log are internal to the partnership: its
    # signed-in people see them whole, nobody else sees any of it.
    _engagement(w, o, a, b)
    # -- Projects' money (issue 14, item 2) ---------------------------------
    _money(w, o, a, b)
    # -- Co-location finder and opportunities (issue 14) ----------------------
    _colocation(w, o, a, b)
    _commitments(w, o, a, b)
    # -- Partnership projects (issue 14) -------------------------------------
    _projects(w, o, a, b)
    # -- Engagement's links to bodies, meetings and projects (issue 13, item 6)
    _engagement_links(o)
    # -- What serves a strategy priority (its page's "Delivering this priority")
    _priority_links(o)
    # -- What the partnership does in a place (a place's page's sections)
    _place_links(o)
    return w


def _priority_links(o: dict[str, Any]) -> None:
    """A's priority is named by the unpublished project, the draft commitment, the
    planned consultation, the recommendation with an unpublished response and the
    unpublished review's recommendation (their canaries signed in to A), and by the
    published ones beside them: the priority's page must list the hidden ones, and
    the hidden response's status, to A's signed-in people only; and by agenda items,
    the restricted ones to the body's members and managers only."""
    priority = o["priority"]
    for key in (
        "project",
        "project_hidden",
        "commitment_draft",
        "consultation_open",
        "consultation_planned",
        "rec_hidden",
        "rec_public",
        "rec_in_hidden_review",
    ):
        o[key].priorities.add(priority)
    # The restricted item, its open sub-item and the draft agenda's item concern it
    # too (their titles are canaries): the page lists them to who may see them only.
    for key in ("open_item", "item_r", "item_s", "item_d"):
        AgendaLink.objects.create(item=o[key], target=priority, label=str(priority))


def _place_links(o: dict[str, Any]) -> None:
    """Projects and consultations of A and B, published and hidden (their titles are
    canaries: A's signed in to A, B's to B), and A's public priority, linked to the
    local authority whose place page is in the matrix or to an LSOA inside it: the
    page lists each, under A's address and B's, to who may see it only."""
    area, lsoa = o["area"], o["lsoa"]
    o["priority"].target_areas.add(lsoa)
    for key, place in (
        ("project", lsoa),
        ("project_hidden", lsoa),
        ("project_b", area),
        ("consultation_open", area),
        ("consultation_planned", area),
        ("consultation_b", lsoa),
    ):
        o[key].areas.add(place)


def _engagement_links(o: dict[str, Any]) -> None:
    """A's contacts (their canaries signed in to A) concern the published project, an
    open meeting and its body; the planned consultation (its title signed in to A)
    serves the published project and was discussed at the open meeting; the open
    consultation serves the unpublished project (its title signed in to A). So the
    project page, the meeting page, the consultation page and the APIs must keep
    the log, the planned consultation and the unpublished project's title to A."""
    for days in (0, 1, 2):
        contact = o[f"engagement_contact_{days}"]
        contact.projects.set([o["project"], o["project_hidden"]])
        contact.meetings.set([o["m1"]])
        contact.bodies.set([o["body_x"]])
    o["consultation_planned"].projects.set([o["project"]])
    o["consultation_planned"].meetings.set([o["m1"]])
    o["consultation_open"].projects.set([o["project_hidden"]])
    o["consultation_open"].meetings.set([o["m1"]])


def _money_canaries(w: World, name: str, allowed: frozenset[str], rule: str, pounds: str) -> Any:
    """An amount planted as it shows on a page (9,753,124.68) and as JSON, CSV and
    XLSX write it (9753124.68): either, where it may not be seen, is the leak."""
    from decimal import Decimal

    w.plant(f"{name}-page", allowed, rule, "money", template=f"{Decimal(pounds):,}")
    return Decimal(w.plant(f"{name}-data", allowed, rule, "money", template=pounds))


def _money(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    from roundtable.projects.tests.factories import ProjectFactory
    from roundtable.projects.tests.factories_money import (
        BudgetLineFactory,
        ContributionFactory,
        FundingFactory,
        PooledBudgetFactory,
        ProjectsSettingsFactory,
    )

    # A keeps its money internal (no settings: money_is_public is False), even the
    # money of a published project: the public sees no amount and no count of it.
    rule_a = "money of a published project, money not public: signed in to A"
    project = o["money_project"] = ProjectFactory(
        partnership=a, title="Alpha money project", lead_organisation=o["org_a1"]
    )
    o["budget_line_a"] = BudgetLineFactory(
        project=project,
        financial_year="2011/12",
        planned=_money_canaries(w, "budget-planned", SIGNED_IN_A, rule_a, "9753124.68"),
        notes=w.plant("budget-line-notes", SIGNED_IN_A, rule_a, "money"),
    )
    o["funding_a"] = FundingFactory(
        project=project,
        organisation=o["org_a1"],
        amount=_money_canaries(w, "funding-amount", SIGNED_IN_A, rule_a, "8642013.57"),
        notes=w.plant("funding-notes", SIGNED_IN_A, rule_a, "money"),
        meeting=o["m1"],
    )
    rule_p = "a pooled budget with no project, money not public: signed in to A"
    o["pooled_a"] = PooledBudgetFactory(
        partnership=a, title=w.plant("pooled-budget-title", SIGNED_IN_A, rule_p, "money")
    )
    o["contribution_a"] = ContributionFactory(
        pooled_budget=o["pooled_a"],
        organisation=o["org_a2"],
        amount=_money_canaries(w, "contribution", SIGNED_IN_A, rule_p, "7531902.46"),
    )
    # B publishes its money: a published project's is public, an unpublished one's
    # stays B's own.
    ProjectsSettingsFactory(partnership=b, money_is_public=True)
    o["money_project_b"] = ProjectFactory(partnership=b, lead_organisation=o["org_b"])
    FundingFactory(project=o["money_project_b"], organisation=o["org_b"], notes="Public money")
    rule_b = "money of B's unpublished project: B's own"
    hidden = o["money_project_b_hidden"] = ProjectFactory(
        partnership=b,
        lead_organisation=o["org_b"],
        is_published=False,
        title=w.plant("b-unpublished-money-project", ONLY_B, rule_b),
    )
    o["funding_b_hidden"] = FundingFactory(
        project=hidden,
        organisation=o["org_b"],
        amount=_money_canaries(w, "b-hidden-funding", ONLY_B, rule_b, "6420135.79"),
        notes=w.plant("b-hidden-funding-notes", ONLY_B, rule_b),
    )
    o["pooled_b"] = PooledBudgetFactory(
        partnership=b, project=hidden, title=w.plant("b-hidden-pooled-budget", ONLY_B, rule_b)
    )
    o["contribution_b"] = ContributionFactory(pooled_budget=o["pooled_b"], organisation=o["org_b"])
    # -- Joint asset register (issue 14) ------------------------------------
    _assets(w, o, a, b)
    return w


def _assets(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    """A public asset whose figures and plan are internal (its operating cost,
    landlord and plan note are canaries), an asset not marked public (all of it
    internal), and B's; partners' asset strategies: a public one whose note is
    internal, one not marked public, and B's."""
    rule_f = "an asset's figures and notes: signed in to A (figures not published)"
    rule_p = "an asset's plan (disposal, acquisition, review): signed in to A"
    o["asset_public"] = AssetFactory(
        partnership=a,
        owner=o["org_a1"],
        name="Alpha Civic Centre",
        tenure="leasehold",
        # How pages write it (£7,654,321) and how JSON writes it (7654321.0).
        operating_cost=Decimal("7654321"),
        landlord=w.plant("asset-landlord", SIGNED_IN_A, rule_f, "assets"),
        notes=w.plant("asset-notes", SIGNED_IN_A, rule_f, "assets"),
        lease_end=datetime.date(2031, 7, 19),
        # Plans are internal even on a public asset.
        plan="disposal",
        plan_expected=datetime.date(2033, 5, 17),
        plan_note=w.plant("asset-plan-note", SIGNED_IN_A, rule_p, "assets"),
    )
    # How the register and the asset page write the expected date.
    w.plant("asset-plan-expected", SIGNED_IN_A, rule_p, "assets", template="17 May 2033")
    w.plant("asset-cost-page", SIGNED_IN_A, rule_f, "assets", template="£7,654,321")
    w.plant("asset-cost-json", SIGNED_IN_A, rule_f, "assets", template="7654321")
    rule_i = "an asset not marked public: signed in to A"
    o["asset_internal"] = AssetFactory(
        partnership=a,
        owner=o["org_a2"],
        name=w.plant("internal-asset-name", SIGNED_IN_A, rule_i, "assets"),
        current_use=w.plant("internal-asset-use", SIGNED_IN_A, rule_i, "assets"),
        is_public=False,
    )
    o["asset_b"] = AssetFactory(
        partnership=b,
        owner=o["org_b"],
        name=w.plant("b-internal-asset", ONLY_B, "partnership B's asset not marked public"),
        is_public=False,
    )
    rule_s = (
        "a partner's asset strategy not marked public, and every strategy's note: signed in to A"
    )
    o["strategy_public"] = AssetStrategyFactory(
        partnership=a,
        organisation=o["org_a1"],
        title="Alpha Property Strategy",
        note=w.plant("strategy-note", SIGNED_IN_A, rule_s, "assets"),
    )
    o["strategy_internal"] = AssetStrategyFactory(
        partnership=a,
        organisation=o["org_a2"],
        title=w.plant("internal-strategy-title", SIGNED_IN_A, rule_s, "assets"),
        key_aims=w.plant("internal-strategy-aims", SIGNED_IN_A, rule_s, "assets"),
        is_public=False,
    )
    o["strategy_b"] = AssetStrategyFactory(
        partnership=b,
        organisation=o["org_b"],
        title=w.plant("b-internal-strategy", ONLY_B, "partnership B's strategy not marked public"),
        is_public=False,
    )


def _engagement(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    rule_e = "stakeholder register and contact log: signed in to A"
    today = timezone.localdate()
    stakeholder = o["stakeholder"] = StakeholderFactory(
        partnership=a,
        organisation=OrganisationFactory(
            partnership=a,
            name=w.plant(
                "non-partner-name",
                SIGNED_IN_A,
                "an organisation partnership A only engages (not a partner): signed in to A",
                "engagement",
            ),
            is_partner=False,
        ),
        relationship_manager=o["contact"],
        notes=w.plant("stakeholder-notes", SIGNED_IN_A, rule_e, "engagement"),
        interest=4,
        influence=4,
    )
    o["non_partner"] = stakeholder.organisation
    UnitFactory(
        organisation=stakeholder.organisation,
        name=w.plant("non-partner-unit", SIGNED_IN_A, "a unit of a non-partner: signed in to A"),
    )
    AssessmentFactory(
        stakeholder=stakeholder,
        why=w.plant("assessment-why", SIGNED_IN_A, rule_e, "engagement"),
    )
    for days, organisation in ((0, o["org_a1"]), (1, o["org_a2"]), (2, o["org_a1"])):
        o[f"engagement_contact_{days}"] = ContactFactory(
            stakeholder=stakeholder,
            from_organisation=organisation,
            date=today - datetime.timedelta(days=days),
            topic=w.plant(f"contact-topic-{days}", SIGNED_IN_A, rule_e, "engagement"),
            outcome=w.plant(f"contact-outcome-{days}", SIGNED_IN_A, rule_e, "engagement"),
            stakeholder_person=w.plant(
                f"contact-named-person-{days}", SIGNED_IN_A, rule_e, "engagement"
            ),
            planned=days == 0,
        )
    stakeholder_b = o["stakeholder_b"] = StakeholderFactory(
        partnership=b,
        notes=w.plant("b-stakeholder-notes", ONLY_B, "partnership B's register"),
    )
    o["engagement_contact_b"] = ContactFactory(
        stakeholder=stakeholder_b,
        from_organisation=o["org_b"],
        date=today,
        topic=w.plant("b-contact-topic", ONLY_B, "partnership B's contact log"),
    )
    # Consultations are public once open; a planned one is internal to its
    # partnership until it opens (in lists, pages, the API, the feed, the overlaps).
    rule_c = "planned consultation: signed in to A until it opens"
    o["consultation_open"] = ConsultationFactory(
        partnership=a,
        lead_organisation=o["org_a1"],
        opens=today,
        closes=today + datetime.timedelta(days=28),
    )
    # It names a non-partner among those it asks: named to A's people only.
    o["consultation_open"].organisations.set([o["non_partner"]])
    o["consultation_planned"] = ConsultationFactory(
        partnership=a,
        lead_organisation=o["org_a2"],
        status="planned",
        opens=today,
        closes=today + datetime.timedelta(days=28),
        title=w.plant("planned-consultation-title", SIGNED_IN_A, rule_c, "engagement"),
        method=w.plant("planned-consultation-method", SIGNED_IN_A, rule_c, "engagement"),
    )
    o["consultation_b"] = ConsultationFactory(
        partnership=b,
        lead_organisation=o["org_b"],
        status="planned",
        opens=today,
        closes=today + datetime.timedelta(days=28),
        title=w.plant("b-planned-consultation", ONLY_B, "partnership B's planned consultation"),
    )
    _agreements(w, o, a, b)


def _agreements(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    """Information-sharing agreements: public when marked public and not a draft;
    otherwise internal to the partnership, signed copies with them. All are owned by
    Board X, so its page's section is crawled too."""
    rule_g = "agreement not public or a draft, and its signed copy: signed in to A"
    public = o["agreement_public"] = SharingAgreementFactory(
        partnership=a,
        lead_organisation=o["org_a1"],
        # It names a non-partner among its parties: named to A's people only.
        parties=[o["org_a2"], o["non_partner"]],
        owner_body=o["body_x"],
        title="Published sharing agreement",
    )
    o["agreement_public_copy"] = engagement.upload_signed_document(
        None, public, upload("public.pdf", pdf_with_text("Published agreement")), check=False
    )
    internal = o["agreement_internal"] = SharingAgreementFactory(
        partnership=a,
        lead_organisation=o["org_a2"],
        parties=[o["org_a1"]],
        owner_body=o["body_x"],
        is_public=False,
        title=w.plant("internal-agreement-title", SIGNED_IN_A, rule_g, "engagement"),
        purpose=w.plant("internal-agreement-purpose", SIGNED_IN_A, rule_g, "engagement"),
    )
    o["agreement_internal_copy"] = engagement.upload_signed_document(
        None,
        internal,
        upload(
            "internal.pdf",
            pdf_with_text(w.plant("internal-agreement-signed-copy", SIGNED_IN_A, rule_g)),
        ),
        check=False,
    )
    o["agreement_draft"] = SharingAgreementFactory(
        partnership=a,
        lead_organisation=o["org_a1"],
        parties=[o["org_a2"]],
        owner_body=o["body_x"],
        status="draft",
        is_public=True,
        title=w.plant("draft-agreement-title", SIGNED_IN_A, rule_g, "engagement"),
        retention=w.plant("draft-agreement-retention", SIGNED_IN_A, rule_g, "engagement"),
    )
    agreement_b = o["agreement_b"] = SharingAgreementFactory(
        partnership=b,
        lead_organisation=o["org_b"],
        is_public=False,
        title=w.plant("b-internal-agreement", ONLY_B, "partnership B's internal agreement"),
    )
    o["agreement_b_copy"] = engagement.upload_signed_document(
        None,
        agreement_b,
        upload("b.pdf", pdf_with_text(w.plant("b-agreement-signed-copy", ONLY_B, "B's copy"))),
        check=False,
    )


def _colocation(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    """An under-used asset not public next to a public one of another partner (a
    group on the finder), saved as an opportunity; and the same in partnership B.
    The finder and the opportunities are internal to their partnership."""
    rule = "co-location finder and opportunities: signed in to A"
    hidden = AssetFactory(
        partnership=a,
        owner=o["org_a1"],
        name=w.plant("colocation-hidden-asset", SIGNED_IN_A, "an asset not public: signed in to A"),
        is_public=False,
        utilisation=Decimal("20"),
    )
    public_asset = AssetFactory(partnership=a, owner=o["org_a2"], latitude=hidden.latitude + 0.001)
    o["opportunity"] = OpportunityFactory(
        partnership=a,
        assets=[hidden, public_asset],
        title=w.plant("opportunity-title", SIGNED_IN_A, rule, "assets"),
        notes=w.plant("opportunity-notes", SIGNED_IN_A, rule, "assets"),
    )
    o["opportunity_project"] = OpportunityFactory(
        partnership=a,
        assets=[hidden, public_asset],
        title=w.plant("opportunity-project-title", SIGNED_IN_A, rule, "assets"),
        status="project",
        project=ProjectFactory(
            partnership=a,
            lead_organisation=o["org_a1"],
            is_published=False,
            title=w.plant("opportunity-unpublished-project", SIGNED_IN_A, rule, "assets"),
        ),
    )
    b_hidden = AssetFactory(
        partnership=b,
        owner=o["org_b"],
        name=w.plant("b-colocation-asset", ONLY_B, "partnership B's asset not public"),
        is_public=False,
        utilisation=Decimal("20"),
    )
    b_other = AssetFactory(
        partnership=b,
        owner=OrganisationFactory(partnership=b),
        latitude=b_hidden.latitude + 0.001,
    )
    o["opportunity_b"] = OpportunityFactory(
        partnership=b,
        assets=[b_hidden, b_other],
        title=w.plant("b-opportunity-title", ONLY_B, "partnership B's opportunity"),
    )


def _commitments(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    """Commitments (issue 14): public once published and not a draft; a draft (even
    published) is internal to its partnership, with its actions, evidence (link and
    file) and signatories, in its pages, the API and the performance report."""
    rule = "draft commitment and its parts: signed in to A"
    draft = o["commitment_draft"] = CommitmentFactory(
        partnership=a,
        owners=[o["org_a1"]],
        kind="equality_objective",
        status="draft",
        is_published=True,
        title=w.plant("draft-commitment-title", SIGNED_IN_A, rule, "commitments"),
        text=w.plant("draft-commitment-text", SIGNED_IN_A, rule, "commitments"),
        progress=w.plant("draft-commitment-progress", SIGNED_IN_A, rule, "commitments"),
        progress_on=datetime.date(2011, 9, 30),
    )
    o["commitment_action_draft"] = CommitmentActionFactory(
        commitment=draft, action=w.plant("draft-commitment-action", SIGNED_IN_A, rule)
    )
    o["commitment_evidence_draft"] = commitments.add_evidence(
        None,
        draft,
        title=w.plant("draft-commitment-evidence-title", SIGNED_IN_A, rule),
        upload=upload(
            "evidence.pdf",
            pdf_with_text(w.plant("draft-commitment-evidence-file", SIGNED_IN_A, rule)),
        ),
        check=False,
    )
    commitments.add_evidence(
        None,
        draft,
        title="Draft link",
        link="https://example.org/" + w.plant("draft-commitment-link", SIGNED_IN_A, rule),
        check=False,
    )
    o["commitment_signatory_draft"] = SignatoryFactory(
        commitment=draft,
        organisation=o["org_a2"],
        signed_by=w.plant("draft-commitment-signatory", SIGNED_IN_A, rule),
    )
    public = o["commitment_public"] = CommitmentFactory(
        partnership=a, owners=[o["org_a1"]], title="Public commitment"
    )
    o["commitment_evidence_public"] = commitments.add_evidence(
        None,
        public,
        title="Public evidence",
        upload=upload("public.pdf", pdf_with_text("Public evidence")),
        check=False,
    )
    o["commitment_b"] = CommitmentFactory(
        partnership=b,
        owners=[o["org_b"]],
        status="agreed",
        is_published=False,
        title=w.plant("b-unpublished-commitment", ONLY_B, "partnership B's unpublished commitment"),
    )
    o["commitment_action_b"] = CommitmentActionFactory(commitment=o["commitment_b"])


def _projects(w: World, o: dict[str, Any], a: Any, b: Any) -> None:
    """A published project with a risk (risks are internal to the partnership), an
    unpublished one with a milestone and an update placed on m1's public item (so
    m1's page and public pack must not show it), and partnership B's unpublished one."""
    rule_u = "unpublished project and its parts: signed in to A"
    rule_r = "a project's risks: signed in to A, even on a published project"
    published = o["project"] = ProjectFactory(
        partnership=a, lead_organisation=o["org_a1"], sponsor_body=o["body_x"], title="Open project"
    )
    published.recommendations.set([o["rec_hidden"]])
    o["project_risk"] = RiskFactory(
        project=published,
        description=w.plant("project-risk", SIGNED_IN_A, rule_r, "projects"),
        mitigation=w.plant("project-risk-mitigation", SIGNED_IN_A, rule_r, "projects"),
    )
    o["project_milestone"] = MilestoneFactory(project=published, title="Open milestone")
    o["project_update"] = ProjectUpdateFactory(project=published, narrative="Open update")
    hidden = o["project_hidden"] = ProjectFactory(
        partnership=a,
        lead_organisation=o["org_a2"],
        title=w.plant("unpublished-project-title", SIGNED_IN_A, rule_u, "projects"),
        summary=w.plant("unpublished-project-summary", SIGNED_IN_A, rule_u, "projects"),
        is_published=False,
    )
    hidden.recommendations.set([o["rec_hidden"]])
    o["project_hidden_milestone"] = MilestoneFactory(
        project=hidden, title=w.plant("unpublished-project-milestone", SIGNED_IN_A, rule_u)
    )
    o["project_hidden_update"] = ProjectUpdateFactory(
        project=hidden,
        narrative=w.plant("unpublished-project-update", SIGNED_IN_A, rule_u, "projects"),
        agenda_item=o["open_item"],
    )
    o["project_b"] = ProjectFactory(
        partnership=b,
        lead_organisation=o["org_b"],
        title=w.plant("b-unpublished-project", ONLY_B, "partnership B's unpublished project"),
        is_published=False,
    )


def _not_an_emailed_link(route: str, query: dict[str, str]) -> bool:  # noqa: ARG001
    return route not in {"meetings:subscription-confirm", "meetings:subscription-stop"}


def _filters_on_hidden_response(route: str, query: dict[str, str]) -> bool:
    return (
        query.get("response") == Response.WORK_IN_PROGRESS
        or query.get("status") == Status.OFF_TRACK
    )
