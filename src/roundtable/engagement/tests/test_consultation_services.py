"""Writing consultations: who may, the date and link rules, and who sees planned ones."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.engagement import queries, rules, services
from roundtable.engagement.models import Consultation
from roundtable.engagement.tests.factories import ConsultationFactory
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.strategy.tests.factories import AdministratorFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _save(actor, organisation, consultation=None, **extra):
    fields = {
        "partnership": organisation.partnership,
        "title": "Southall parking",
        "lead_organisation": organisation,
        "opens": D(2026, 3, 2),
        "closes": D(2026, 4, 26),
        "status": "open",
        "audience": ["residents"],
    }
    fields.update(extra)
    return services.save_consultation(actor, consultation or Consultation(), **fields)


def test_an_editor_adds_their_own_organisations_consultation():
    editor = EditorFactory()
    saved = _save(editor, editor.organisation, groups=["Market traders", " "])
    assert saved.audience_list == ["residents"]
    assert saved.group_list == ["Market traders"]
    assert saved.history.count() == 1


def test_an_editor_may_not_add_or_change_another_organisations():
    editor = EditorFactory()
    other = OrganisationFactory(partnership=editor.partnership)
    with pytest.raises(PermissionDenied):
        _save(editor, other)
    theirs = ConsultationFactory(partnership=editor.partnership, lead_organisation=other)
    with pytest.raises(PermissionDenied):
        _save(editor, editor.organisation, consultation=theirs)


def test_members_and_other_partnerships_may_not_write():
    organisation = OrganisationFactory()
    for actor in (
        UserFactory(partnership=organisation.partnership),
        AdministratorFactory(),
        EditorFactory(),
    ):
        with pytest.raises(PermissionDenied):
            _save(actor, organisation)


def test_an_administrator_changes_any_and_bad_input_names_the_field():
    admin = AdministratorFactory()
    organisation = OrganisationFactory(partnership=admin.partnership)
    with pytest.raises(ValidationError) as caught:
        _save(
            admin,
            organisation,
            closes=D(2026, 3, 1),
            status="abandoned",
            audience=["aliens"],
            url="javascript:alert(1)",
        )
    errors = caught.value.message_dict
    assert set(errors) >= {"closes", "status", "audience", "url"}
    assert errors["url"] == ["url: enter a web address starting http:// or https://"]
    assert not Consultation.objects.exists()
    saved = _save(admin, organisation, url="https://example.org/have-your-say")
    assert saved.url == "https://example.org/have-your-say"


def test_planned_consultations_are_internal_until_they_open():
    planned = ConsultationFactory(status="planned")
    member = UserFactory(partnership=planned.partnership)
    outsider = UserFactory()
    assert planned.is_visible_to(member)
    assert not planned.is_visible_to(AnonymousUser())
    assert not planned.is_visible_to(outsider)
    assert not queries.consultations(AnonymousUser(), planned.partnership_id).exists()
    planned.status = "open"
    planned.save()
    assert planned.is_visible_to(AnonymousUser())


def test_overlaps_find_shared_areas_by_the_parent_chain():
    borough = LocalAuthorityFactory()
    ward = AreaFactory(parent=borough)
    first = ConsultationFactory(audience="", opens=D(2026, 3, 2), closes=D(2026, 3, 8))
    first.areas.set([ward])
    member = UserFactory(partnership=first.partnership)
    scope = rules.ConsultationScope(
        opens=D(2026, 3, 8), closes=D(2026, 3, 30), areas=frozenset({borough.code})
    )
    found = queries.overlaps(member, first.partnership_id, scope)
    assert [f.consultation for f in found] == [first]
    assert found[0].overlap.areas == (ward.name,)
    assert queries.overlaps(member, first.partnership_id, scope, exclude_pk=first.pk) == []
    later = rules.ConsultationScope(
        opens=D(2026, 3, 9), closes=D(2026, 3, 30), areas=frozenset({borough.code})
    )
    assert queries.overlaps(member, first.partnership_id, later) == []


def test_planned_consultations_do_not_reach_the_public_overlap_check():
    planned = ConsultationFactory(status="planned")
    scope = rules.ConsultationScope(
        opens=planned.opens, closes=planned.closes, audience=frozenset({"residents"})
    )
    assert queries.overlaps(AnonymousUser(), planned.partnership_id, scope) == []
    member = UserFactory(partnership=planned.partnership)
    assert len(queries.overlaps(member, planned.partnership_id, scope)) == 1


def test_a_custom_area_lies_in_the_area_its_components_share():
    borough = LocalAuthorityFactory()
    wards = [AreaFactory(parent=borough) for _ in range(2)]
    southall = CustomAreaFactory()
    southall.components.set(wards)
    lonely = CustomAreaFactory()
    assert queries.parents_of({southall.code, lonely.code}) == {
        southall.code: borough.code,
        lonely.code: None,
        borough.code: None,
    }


def test_a_non_partner_cannot_lead_a_public_consultation():
    admin = AdministratorFactory()
    engaged = OrganisationFactory(partnership=admin.partnership, is_partner=False, name="GLA")
    with pytest.raises(ValidationError) as caught:
        _save(admin, engaged)
    assert caught.value.message_dict["lead_organisation"] == [
        "lead_organisation: GLA is not a partner; a consultation is public, so choose "
        "the partner that leads it"
    ]
