"""Pure rules of stakeholder engagement: the interest/influence quadrant, the
fatigue summary and the validation of what users and imports enter.

No Django here: the services, forms, importers and commands call these.

The grid's cut-off: on the 1–5 scales, 1 and 2 are low, 3, 4 and 5 are high
(`HIGH_FROM`). A stakeholder of middling interest or influence is therefore
treated as high on it, so it errs towards keeping people informed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from roundtable.core.words import listed

SCORE_MIN, SCORE_MAX = 1, 5
HIGH_FROM = 3
DEFAULT_WINDOW_DAYS = 30
DEFAULT_THRESHOLD = 3


class Quadrant(StrEnum):
    """The four usual strategies of an interest/influence grid."""

    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def is_high(score: int) -> bool:
    return score >= HIGH_FROM


def quadrant(interest: int, influence: int) -> Quadrant:
    """High influence and interest: manage closely; high influence only: keep
    satisfied; high interest only: keep informed; neither: monitor."""
    check_score(interest, "interest")
    check_score(influence, "influence")
    if is_high(influence):
        return Quadrant.MANAGE_CLOSELY if is_high(interest) else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if is_high(interest) else Quadrant.MONITOR


def check_score(value: object, name: str) -> int:
    """An interest or influence score: a whole number from 1 to 5."""
    if isinstance(value, bool):
        raise ValueError(f"{name}: enter a whole number from 1 to 5, like 3")
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{name}: enter a whole number from 1 to 5, like 3") from None
    if str(score) != str(value).strip() or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValueError(f"{name}: enter a whole number from 1 to 5, like 3 (not {value})")
    return score


def parse_modes(text: str, known: Mapping[str, str]) -> list[str]:
    """Modes separated by `;`, by value or label (any case), as values in the order
    given without repeats. `known` maps each mode's value to its label."""
    lookup = {value.lower(): value for value in known}
    lookup.update({label.lower(): value for value, label in known.items()})
    modes: list[str] = []
    unknown: list[str] = []
    for part in text.split(";"):
        word = " ".join(part.split()).lower()
        if not word:
            continue
        if word not in lookup:
            unknown.append(part.strip())
        elif lookup[word] not in modes:
            modes.append(lookup[word])
    if unknown:
        names = ", ".join(f"'{u}'" for u in unknown)
        raise ValueError(
            f"modes: {names} is not a mode; use one or more of "
            f"{'; '.join(known.values())}, separated by ;"
        )
    return modes


def check_contact_dates(
    date: datetime.date,
    *,
    planned: bool,
    today: datetime.date,
    follow_up: datetime.date | None = None,
    planned_for: datetime.date | None = None,
) -> dict[str, str]:
    """The problems with a contact's dates, by field: a contact that is done cannot
    be in the future, a contact being planned cannot be in the past, and a follow-up
    cannot come before the contact.

    A planned contact whose day has passed is one still to be marked done (or moved):
    `planned_for` is the date it was already planned for, which may stay as it is
    while anything else is changed; planning a contact for a day gone by is refused,
    as it is either a contact that happened or a date mistyped."""
    problems: dict[str, str] = {}
    if not planned and date > today:
        problems["date"] = (
            f"date: a contact that has happened cannot be dated in the future "
            f"({date:%-d %B %Y}); mark it as planned, or enter the date it happened"
        )
    if planned and date < today and date != planned_for:
        problems["date"] = (
            f"date: a planned contact cannot be dated in the past ({date:%-d %B %Y}); "
            f"if it has happened, record it as happened, or enter the date it is planned for "
            f"(today or later)"
        )
    if follow_up is not None and follow_up < date:
        problems["follow_up"] = (
            f"follow_up: the follow-up ({follow_up:%-d %B %Y}) must be on or after "
            f"the contact ({date:%-d %B %Y})"
        )
    return problems


@dataclass(frozen=True)
class ContactLine:
    """One contact with a stakeholder, as the fatigue summary needs it: the date and
    who made it. `unit` is None when it came from the organisation as a whole."""

    date: datetime.date
    organisation: str
    unit: str | None = None
    planned: bool = False
    label: str = ""


@dataclass(frozen=True)
class Fatigue:
    """Who has contacted one stakeholder in the window from `start` to `end`."""

    start: datetime.date
    end: datetime.date
    window_days: int
    threshold: int
    contacts: int
    teams: int
    organisations: int
    lines: tuple[ContactLine, ...] = field(default_factory=tuple)

    @property
    def flagged(self) -> bool:
        return self.contacts >= self.threshold

    @property
    def sentence(self) -> str:
        """ "5 contacts from 4 teams in 3 organisations in the last 30 days"."""
        return (
            f"{_count(self.contacts, 'contact')} from {_count(self.teams, 'team')} in "
            f"{_count(self.organisations, 'organisation')} in the last "
            f"{_count(self.window_days, 'day')}"
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def window(on: datetime.date, days: int) -> tuple[datetime.date, datetime.date]:
    """The `days` days ending on `on`, both ends included."""
    if days < 1:
        raise ValueError("window: enter a number of days of at least 1, like 30")
    return on - datetime.timedelta(days=days - 1), on


def fatigue(
    contacts: Iterable[ContactLine], *, on: datetime.date, window_days: int, threshold: int
) -> Fatigue:
    """Count the contacts dated in the window ending `on`, the teams (an
    organisation's unit, or the organisation when no unit is named) and the
    organisations they came from. Planned contacts in the window count: they are
    approaches too. The lines are newest first."""
    if threshold < 1:
        raise ValueError("threshold: enter a number of contacts of at least 1, like 3")
    start, end = window(on, window_days)
    lines = sorted(
        (c for c in contacts if start <= c.date <= end), key=lambda c: c.date, reverse=True
    )
    teams = {(c.organisation, c.unit) for c in lines}
    organisations = {c.organisation for c in lines}
    return Fatigue(
        start=start,
        end=end,
        window_days=window_days,
        threshold=threshold,
        contacts=len(lines),
        teams=len(teams),
        organisations=len(organisations),
        lines=tuple(lines),
    )


def most_contacted(counts: Sequence[tuple[str, int]], *, threshold: int) -> list[tuple[str, int]]:
    """The (name, contacts) at or over the threshold, most contacted first, then by name."""
    return sorted(
        ((name, n) for name, n in counts if n >= threshold), key=lambda row: (-row[1], row[0])
    )


def check_consultation_dates(opens: datetime.date, closes: datetime.date) -> dict[str, str]:
    """A consultation cannot close before it opens."""
    if closes < opens:
        return {
            "closes": (
                f"closes: the closing date ({closes:%-d %B %Y}) must be on or after "
                f"the opening date ({opens:%-d %B %Y})"
            )
        }
    return {}


def iso_weeks(opens: datetime.date, closes: datetime.date) -> set[tuple[int, int]]:
    """The ISO weeks (year, week) from `opens` to `closes`, both included."""
    start = opens - datetime.timedelta(days=opens.weekday())
    weeks = set()
    while start <= closes:
        year, week, _ = start.isocalendar()
        weeks.add((year, week))
        start += datetime.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class ConsultationScope:
    """What the overlap check needs of a consultation: its dates, its audience
    (stakeholder types, groups, named organisations, by name) and its areas (by
    code)."""

    opens: datetime.date
    closes: datetime.date
    audience: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Overlap:
    """What two consultations in overlapping weeks share; empty when nothing."""

    audience: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.audience or self.groups or self.organisations or self.areas)

    @property
    def sentence(self) -> str:
        """ "Both are for residents and Southall Broadway ward"."""
        parts = [*self.audience, *self.groups, *self.organisations, *self.areas]
        return "Both are for " + listed(parts)


def _ancestors(code: str, parents: Mapping[str, str | None]) -> list[str]:
    """`code` and every area it lies in, by the parent chain (no loops)."""
    chain, seen = [], set()
    while code is not None and code not in seen:
        chain.append(code)
        seen.add(code)
        code = parents.get(code)
    return chain


def shared_areas(
    mine: Iterable[str], theirs: Iterable[str], parents: Mapping[str, str | None]
) -> list[str]:
    """The areas two consultations share: the same area, or one inside the other by
    `parents` (each area's code to its parent's code). Each shared pair is named by
    the smaller area (the one inside)."""
    mine, theirs = set(mine), set(theirs)
    shared = set()
    for a in mine:
        up = _ancestors(a, parents)
        for b in theirs:
            if b in up:
                shared.add(a)
            elif a in _ancestors(b, parents):
                shared.add(b)
    return sorted(shared)


def overlap(
    new: ConsultationScope,
    other: ConsultationScope,
    parents: Mapping[str, str | None],
    labels: Mapping[str, str] | None = None,
) -> Overlap:
    """What `new` shares with `other` when their open–close ranges share an ISO week:
    a stakeholder type, a group (any case), a named organisation or an area (the same,
    or one inside the other). Nothing when no week is shared. `labels` names the
    stakeholder types and areas for the warning."""
    labels = labels or {}
    if not iso_weeks(new.opens, new.closes) & iso_weeks(other.opens, other.closes):
        return Overlap()
    groups = {" ".join(g.casefold().split()): g for g in other.groups}
    return Overlap(
        audience=tuple(labels.get(a, a) for a in sorted(new.audience & other.audience)),
        groups=tuple(
            sorted(
                groups[k]
                for k in {" ".join(g.casefold().split()) for g in new.groups} & set(groups)
            )
        ),
        organisations=tuple(sorted(new.organisations & other.organisations)),
        areas=tuple(labels.get(a, a) for a in shared_areas(new.areas, other.areas, parents)),
    )


# -- Information-sharing agreements ----------------------------------------------

MIN_PARTIES = 2
# A review is due from a month before its date: 31 days ahead, or past.
REVIEW_NOTICE_DAYS = 31
ART6, ART9, GATEWAY = "art6", "art9", "gateway"
BASIS_GROUPS = {
    ART6: "UK GDPR Article 6: lawful basis",
    ART9: "UK GDPR Article 9: condition for special category data",
    GATEWAY: "Statutory gateway",
}
OTHER_GATEWAY = "gateway_other"


def basis_group(value: str) -> str:
    """The group of a lawful basis by its value's prefix: "art6", "art9" or "gateway"."""
    group = value.split("_", 1)[0]
    if group not in BASIS_GROUPS:
        raise ValueError(f"lawful_basis: '{value}' is not a lawful basis")
    return group


def check_agreement(
    *,
    parties: int,
    bases: Sequence[str],
    other_gateway: str = "",
    special_category: bool = False,
    start: datetime.date | None = None,
    review: datetime.date | None = None,
) -> dict[str, str]:
    """The problems with an information-sharing agreement, by field.

    A *sharing* agreement has at least two parties; it rests on at least one
    lawful basis; "another statutory gateway" needs its name; special category
    data needs an Article 9 condition (UK GDPR Article 9(1) forbids processing it
    otherwise); and it cannot be due for review before it starts."""
    problems: dict[str, str] = {}
    if parties < MIN_PARTIES:
        problems["parties"] = (
            f"parties: choose at least {MIN_PARTIES} organisations that share the data "
            f"({parties} chosen)"
        )
    if not bases:
        problems["lawful_bases"] = (
            "lawful_bases: choose at least one lawful basis: an Article 6 basis, an "
            "Article 9 condition or a statutory gateway"
        )
    elif special_category and not any(basis_group(b) == ART9 for b in bases):
        problems["lawful_bases"] = (
            "lawful_bases: special category data needs an Article 9 condition; choose one, "
            "or untick special category data"
        )
    if OTHER_GATEWAY in bases and not other_gateway.strip():
        problems["other_gateway"] = (
            "other_gateway: name the statutory gateway, like Localism Act 2011 section 1"
        )
    if start is not None and review is not None and review < start:
        problems["review_date"] = (
            f"review_date: the review ({review:%-d %B %Y}) must be on or after the start "
            f"({start:%-d %B %Y})"
        )
    return problems


def review_due(review: datetime.date | None, today: datetime.date, *, ended: bool = False) -> bool:
    """Whether an agreement is due for review: its review date is at most a month
    (`REVIEW_NOTICE_DAYS`) away, or past. An ended agreement is never due."""
    if review is None or ended:
        return False
    return review <= today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)


def review_overdue(
    review: datetime.date | None, today: datetime.date, *, ended: bool = False
) -> bool:
    """Whether an agreement's review date has passed (an ended agreement's never has)."""
    return review is not None and not ended and review < today


# -- Personal data of a named contact --------------------------------------------

ERASED = "[erased]"
NAME_MIN = 2


def clean_name(text: str) -> str:
    """A name searched for, with its spaces tidied; ValueError when too short to
    search safely (one letter would find everyone)."""
    name = " ".join((text or "").split())
    if len(name) < NAME_MIN:
        raise ValueError(
            f"name: enter the person's name, at least {NAME_MIN} letters, like Jane Smith"
        )
    return name


def _pattern(name: str) -> re.Pattern[str]:
    """`name` in any case, with any spaces between its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in name.split()), re.IGNORECASE)


def names_person(value: str, name: str, *, contains: bool) -> bool:
    """Whether a contact's named person (`value`) is the person searched: the same
    name in any case (and spacing), or with `contains`, a name containing it."""
    if not value:
        return False
    if contains:
        return _pattern(name).search(value) is not None
    return _pattern(name).fullmatch(value.strip()) is not None


def mentions(text: str, name: str) -> bool:
    """Whether free text (a topic, an outcome) mentions the name, in any case."""
    return bool(text) and _pattern(name).search(text) is not None


def scrub(
    text: str, names: Iterable[str], *, limit: int | None = None, variants: Iterable[str] = ()
) -> str:
    """`text` with every one of `names` (longest first, any case) replaced by
    "[erased]", then every one of `variants` where it stands as a whole ("J Smith",
    not the start of "J Smithson"), cut to `limit` characters."""
    for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True):
        text = _pattern(name).sub(ERASED, text)
    for variant in sorted({v for v in variants if v and v.strip()}, key=len, reverse=True):
        text = _bounded(variant).sub(ERASED, text)
    return text[:limit] if limit is not None else text


# -- Variants of a name searched (the administrator ticks which to include) --------

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "cllr"})
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def _parts(name: str) -> tuple[list[str], str]:
    """The given names and the surname of `name` ("Jane Smith", "Smith, Jane", "Dr
    Jane Smith"); no given names when it is one word."""
    if "," in name:
        surname, _, given = name.partition(",")
        words = given.split()
        surname = " ".join(surname.split())
    else:
        words = name.split()
        surname = words.pop() if words else ""
    words = [w for w in words if w.casefold().rstrip(".") not in HONORIFICS]
    return words, surname


def surname_of(name: str) -> str:
    """The surname of a name: its last word, or what comes before a comma."""
    return _parts(name)[1]


def name_variants(name: str) -> list[str]:
    """How else the log may write the person: with initials ("J. Smith", "J Smith",
    "J. A. Smith"), surname first ("Smith, John", "Smith, J."), the first given name
    alone ("John Smith" for "John Andrew Smith"). Never the name itself; none for a
    one-word name."""
    given, surname = _parts(name)
    if not given or not surname:
        return []
    initials = [w[0].upper() for w in given]
    first = given[0]
    found = [
        f"{first} {surname}",
        " ".join(f"{i}." for i in initials) + f" {surname}",
        "".join(f"{i}." for i in initials) + f" {surname}",
        " ".join(initials) + f" {surname}",
        "".join(initials) + f" {surname}",
        f"{initials[0]}. {surname}",
        f"{initials[0]} {surname}",
        f"{surname}, {' '.join(given)}",
        f"{surname}, {first}",
        f"{surname}, " + " ".join(f"{i}." for i in initials),
        f"{surname}, {initials[0]}.",
        f"{surname}, {initials[0]}",
    ]
    own = " ".join(name.split()).casefold()
    unique: dict[str, str] = {}
    for variant in found:
        key = variant.casefold()
        if key != own and key not in unique:
            unique[key] = variant
    return list(unique.values())


def _bounded(text: str) -> re.Pattern[str]:
    """`text` as a whole (no letter or digit either side), any case and spacing."""
    return re.compile(rf"(?<!\w){_pattern(text).pattern}(?!\w)", re.IGNORECASE)


def writes_variant(texts: Iterable[str], variants: Iterable[str]) -> bool:
    """Whether any of `texts` writes one of `variants` as a whole (not "J. Keeper"
    within "J. Keeperson")."""
    patterns = [_bounded(v) for v in variants if v.strip()]
    return any(p.search(t) for t in texts if t for p in patterns)


def emails_naming(text: str, surname: str) -> list[str]:
    """The email addresses in `text` that contain the surname (any case), lower-cased."""
    if len(surname) < NAME_MIN:
        return []
    wanted = surname.casefold().replace(" ", "")
    return [e.lower() for e in EMAIL.findall(text or "") if wanted in e.casefold()]


def find_variants(name: str, texts: Iterable[str]) -> list[str]:
    """The variants of `name` (`name_variants`) written in any of `texts` (the named
    person, topic and outcome of entries), then the email addresses in them that
    contain the surname: what the administrator is offered to tick."""
    texts = [t for t in texts if t]
    variants = [v for v in name_variants(name) if any(_bounded(v).search(t) for t in texts)]
    surname = surname_of(name)
    emails = sorted({e for t in texts for e in emails_naming(t, surname)})
    return variants + emails


def chosen_variants(name: str, chosen: Iterable[str], offered: Iterable[str]) -> list[str]:
    """The variants of `name` chosen on the command line, each as `offered` spells it
    (`find_variants`) and each once; ValueError naming the first not offered."""
    by_key = {" ".join(v.split()).casefold(): v for v in offered}
    picked: list[str] = []
    for value in chosen:
        found = by_key.get(" ".join(value.split()).casefold())
        if found is None:
            choices = "; ".join(by_key.values()) or "none: the log writes no other form"
            raise ValueError(
                f"variant: '{value}' is not one of the variants of {name} the log writes; "
                f"choose from: {choices} (--list-variants lists them)"
            )
        if found not in picked:
            picked.append(found)
    return picked


def check_variants(name: str, values: Iterable[str]) -> list[str]:
    """The ticked variants, tidied and each once; ValueError naming the first that
    is not a variant of `name` nor an email address containing its surname (so no
    crafted request erases another name)."""
    allowed = {v.casefold() for v in name_variants(name)}
    surname = surname_of(name).casefold().replace(" ", "")
    ticked: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if not value:
            continue
        is_email = EMAIL.fullmatch(value) is not None and len(surname) >= NAME_MIN
        if value.casefold() not in allowed and not (is_email and surname in value.casefold()):
            raise ValueError(
                f"variants: '{value}' is not a variant of {name}; tick only the variants offered"
            )
        if value.casefold() not in {t.casefold() for t in ticked}:
            ticked.append(value)
    return ticked
