"""`roundtable engagement fatigue`: the contract's JSON keys, CSV columns and errors."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from roundtable.engagement.tests.factories import (
    ContactFactory,
    EngagementSettingsFactory,
    StakeholderFactory,
)
from roundtable.partnership.tests.factories import OrganisationFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)
ON = datetime.date(2026, 3, 10)


@pytest.fixture
def log(partnership, council, police):
    manager = PersonFactory(partnership=partnership, organisation=council, family_name="Manager")
    zsl = StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False),
        relationship_manager=manager,
    )
    gla = StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership, name="GLA", is_partner=False),
    )
    parks = UnitFactory(organisation=council, name="Parks")
    for days, org, unit in (
        (0, council, parks),
        (3, council, None),
        (9, police, None),
        (29, council, parks),
    ):
        ContactFactory(
            stakeholder=zsl,
            from_organisation=org,
            from_unit=unit,
            date=ON - datetime.timedelta(days),
        )
    # Outside the window, and another stakeholder with fewer contacts.
    ContactFactory(stakeholder=zsl, from_organisation=police, date=ON - datetime.timedelta(30))
    for days in (0, 1, 2):
        ContactFactory(
            stakeholder=gla, from_organisation=police, date=ON - datetime.timedelta(days)
        )
    return zsl


def _json(tmp_path, *args):
    out = tmp_path / "fatigue.json"
    call_command(
        "engagement_fatigue", "--format", "json", "--output", str(out), "--on", "2026-03-10", *args
    )
    return json.loads(out.read_text())


def test_fatigue_lists_stakeholders_at_the_threshold_most_contacted_first(tmp_path, log):
    rows = _json(tmp_path)
    assert rows == [
        {
            "stakeholder": "ZSL",
            "contacts": 4,
            "teams": 3,
            "organisations": 2,
            "from": "2026-02-09",
            "to": "2026-03-10",
            "relationship_manager": log.relationship_manager.name,
        },
        {
            "stakeholder": "GLA",
            "contacts": 3,
            "teams": 1,
            "organisations": 1,
            "from": "2026-02-09",
            "to": "2026-03-10",
            "relationship_manager": "",
        },
    ]


def test_window_and_threshold_options_override_the_settings(tmp_path, log):
    rows = _json(tmp_path, "--window", "7", "--threshold", "2")
    assert [(r["stakeholder"], r["contacts"]) for r in rows] == [("GLA", 3), ("ZSL", 2)]


def test_partnerships_settings_are_the_default(tmp_path, log, partnership):
    EngagementSettingsFactory(partnership=partnership, fatigue_threshold=4)
    assert [r["stakeholder"] for r in _json(tmp_path)] == ["ZSL"]


def test_csv_has_the_contract_columns(tmp_path, log):
    out = tmp_path / "fatigue.csv"
    call_command(
        "engagement_fatigue", "--format", "csv", "--output", str(out), "--on", "2026-03-10"
    )
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == [
        "stakeholder",
        "contacts",
        "teams",
        "organisations",
        "from",
        "to",
        "relationship_manager",
    ]
    assert rows[1][:4] == ["ZSL", "4", "3", "2"]


@time_machine.travel(TODAY_FROZEN, tick=False)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "0"], "--window: enter a number of days of at least 1"),
        (["--threshold", "x"], "--threshold: enter a number of contacts of at least 1"),
        (["--on", "10/03/2026"], "--on: enter a date like 2026-11-16"),
        (["--partnership", "nowhere"], "No partnership 'nowhere'"),
    ],
)
def test_bad_options_are_refused_with_the_fix(partnership, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("engagement_fatigue", "--format", "json", *args)
