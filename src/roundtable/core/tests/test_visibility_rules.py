"""The `visible_to` rules declared next to the models, and their object checks.

Each rule is tested for a grant and a denial; `agrees` checks that the object
check (`is_visible_to`) says what the queryset says, row by row.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.accounts.models import ApiToken, User
from roundtable.meetings.choices import AgendaStatus, MinutesStatus
from roundtable.meetings.models import Attendance, ForwardPlanItem, MinutesAmendment
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import MembershipFactory, PersonFactory, UserFactory
from roundtable.performance.models import Commentary, IndicatorValue, Submission
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.recommendations.models import Comment
from roundtable.recommendations.tests.factories import (
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def visible(model, user) -> set[int]:
    rows = model._default_manager.visible_to(user)
    assert {o.pk for o in model._default_manager.all() if o.is_visible_to(user)} == {
        o.pk for o in rows
    }, f"{model.__name__}.is_visible_to disagrees with visible_to"
    return {o.pk for o in rows}


# accounts ---------------------------------------------------------------------------


def test_an_account_is_seen_by_its_owner_and_its_partnerships_administrators(
    administrator, board_member, other_partnership_officer
):
    assert visible(User, board_member) == {board_member.pk}
    assert visible(User, administrator) == {administrator.pk, board_member.pk}
    assert administrator.pk not in visible(User, other_partnership_officer)
    assert visible(User, AnonymousUser()) == set()


def test_an_api_token_is_its_owners_and_not_another_members(board_member, partnership):
    token = ApiToken.objects.create(user=board_member, name="Feed", key_hash="a" * 64, prefix="a")
    other = UserFactory(role="member", partnership=partnership)
    assert visible(ApiToken, board_member) == {token.pk}
    assert visible(ApiToken, other) == set()
    assert visible(ApiToken, AnonymousUser()) == set()


# performance ------------------------------------------------------------------------


def test_an_indicator_not_marked_public_is_for_its_partnerships_people_only(
    partnership, board_member, other_partnership_officer
):
    shown = IndicatorFactory(partnership=partnership, is_public=True)
    internal = IndicatorFactory(partnership=partnership, is_public=False)
    model = type(shown)
    assert visible(model, AnonymousUser()) == {shown.pk}
    assert visible(model, other_partnership_officer) == {shown.pk}
    assert visible(model, board_member) == {shown.pk, internal.pk}


def test_figures_are_public_only_once_their_quarters_return_is_approved(partnership, board_member):
    indicator = IndicatorFactory(partnership=partnership, is_public=True)
    approved = IndicatorValueFactory(indicator=indicator, period="2011/12 Q1")
    month = IndicatorValueFactory(indicator=indicator, period="2011-05")
    waiting = IndicatorValueFactory(indicator=indicator, period="2011/12 Q2")
    hidden_indicator = IndicatorFactory(partnership=partnership, is_public=False)
    internal = IndicatorValueFactory(indicator=hidden_indicator, period="2011/12 Q1")
    for agency in {indicator.lead_agency, hidden_indicator.lead_agency}:
        Submission.objects.create(
            partnership=partnership, organisation=agency, period="2011/12 Q1", state="approved"
        )
    Submission.objects.create(
        partnership=partnership,
        organisation=indicator.lead_agency,
        period="2011/12 Q2",
        state="submitted",
    )
    assert visible(IndicatorValue, AnonymousUser()) == {approved.pk, month.pk}
    assert visible(IndicatorValue, board_member) == {
        approved.pk,
        month.pk,
        waiting.pk,
        internal.pk,
    }


def test_commentary_on_unapproved_figures_is_for_the_partnerships_people(partnership, board_member):
    indicator = IndicatorFactory(partnership=partnership, is_public=True)
    agency = indicator.lead_agency
    approved = Commentary.objects.create(
        indicator=indicator, period="2011/12 Q1", partnership=partnership, organisation=agency
    )
    waiting = Commentary.objects.create(
        indicator=indicator, period="2011/12 Q2", partnership=partnership, organisation=agency
    )
    Submission.objects.create(
        partnership=partnership, organisation=agency, period="2011/12 Q1", state="approved"
    )
    assert visible(Commentary, AnonymousUser()) == {approved.pk}
    assert visible(Commentary, board_member) == {approved.pk, waiting.pk}
    assert visible(Submission, AnonymousUser()) == set()
    assert len(visible(Submission, board_member)) == 1


# meetings ---------------------------------------------------------------------------


def test_a_forward_plan_entry_that_became_a_restricted_item_is_masked_for_outsiders(
    partnership, board_member
):
    meeting = MeetingFactory(body__partnership=partnership, agenda_status=AgendaStatus.PUBLISHED)
    open_item = AgendaItemFactory(meeting=meeting)
    restricted = AgendaItemFactory(
        meeting=meeting, restricted=True, restriction_category="financial"
    )
    under_restricted = AgendaItemFactory(meeting=meeting, parent=restricted)

    def plan(item):
        return ForwardPlanItem.objects.create(
            partnership=partnership, body=meeting.body, title="Plan", agenda_item=item
        )

    unlinked, shown, hidden, hidden_child = (
        plan(None),
        plan(open_item),
        plan(restricted),
        plan(under_restricted),
    )

    # The plan is public, but an entry that became a restricted item (or a sub-item
    # of one) is marked hidden, shown as "Restricted item" without title or lead.
    def masked(user):
        rows = ForwardPlanItem.objects.visible_to(user)
        return {row.pk for row in rows if row.hidden}

    everyone = {unlinked.pk, shown.pk, hidden.pk, hidden_child.pk}
    assert visible(ForwardPlanItem, AnonymousUser()) == everyone
    assert masked(AnonymousUser()) == {hidden.pk, hidden_child.pk}
    person = PersonFactory(organisation__partnership=partnership)
    board_member.person = person
    board_member.save()
    MembershipFactory(body=meeting.body, person=person)
    member = User.objects.get(pk=board_member.pk)
    assert visible(ForwardPlanItem, member) == everyone
    assert masked(member) == set()


def test_attendance_and_amendments_follow_the_minutes(partnership):
    draft = MeetingFactory(body__partnership=partnership, minutes_status=MinutesStatus.DRAFT)
    approved = MeetingFactory(body=draft.body, minutes_status=MinutesStatus.APPROVED)
    person = PersonFactory(organisation__partnership=partnership)
    rows = {
        meeting: Attendance.objects.create(partnership=partnership, meeting=meeting, person=person)
        for meeting in (draft, approved)
    }
    amendment = MinutesAmendment.objects.create(
        partnership=partnership, meeting=draft, position=1, text="Correct the date"
    )
    assert visible(Attendance, AnonymousUser()) == {rows[approved].pk}
    assert amendment.pk not in visible(MinutesAmendment, AnonymousUser())


# recommendations --------------------------------------------------------------------


def test_an_unpublished_review_and_its_sections_are_for_its_partnerships_people(
    partnership, board_member, other_partnership_officer
):
    published = ReviewFactory(partnership=partnership)
    draft = ReviewFactory(partnership=partnership, is_published=False)
    section = SectionFactory(review=draft)
    model = type(published)
    assert visible(model, AnonymousUser()) == {published.pk}
    assert visible(model, other_partnership_officer) == {published.pk}
    assert visible(model, board_member) == {published.pk, draft.pk}
    assert visible(type(section), AnonymousUser()) == set()
    assert visible(type(section), board_member) == {section.pk}


def test_progress_on_an_unpublished_response_and_comments_are_internal(partnership, board_member):
    shown = ProgressUpdateFactory(recommendation__review__partnership=partnership)
    hidden = ProgressUpdateFactory(
        recommendation__review__partnership=partnership,
        recommendation__response_state="agreed",
    )
    model = type(shown)
    assert visible(model, AnonymousUser()) == {shown.pk}
    assert visible(model, board_member) == {shown.pk, hidden.pk}
    comment = Comment.objects.create(
        recommendation=shown.recommendation, partnership=partnership, text="Noted"
    )
    assert visible(Comment, AnonymousUser()) == set()
    assert visible(Comment, board_member) == {comment.pk}


def test_a_recommendations_object_check_agrees_with_its_partnership_list(partnership, board_member):
    draft = RecommendationFactory(review__partnership=partnership, review__is_published=False)
    assert not draft.is_visible_to(AnonymousUser())
    assert draft.is_visible_to(board_member)
