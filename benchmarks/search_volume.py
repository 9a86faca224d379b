"""Ten years of records for `benchmarks/search.py --scale N` (a module it imports, not a
benchmark of its own: `make bench` passes it over): meetings of the demo
partnerships' bodies with their agenda items, minutes, papers, resolutions and
actions, and more reviews, recommendations, indicators, projects and consultations,
written with `bulk_create` (no history rows, no signals: the SQLite search index is
rebuilt once at the end).

The words are the demo's own (its real board papers, minutes and actions), drawn at
random with Zipf-like weights, so a common word is common and most words are rare as
in real minutes; `RARE` is put in about one record in 2,500 and `NONE` in none.
"""

from __future__ import annotations

import copy
import datetime
import random
import re
from collections import Counter

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from roundtable.engagement.models import Consultation
from roundtable.meetings.choices import (
    ActionStatus,
    AgendaStatus,
    MinutesStatus,
    RestrictionCategory,
)
from roundtable.meetings.models import Action, AgendaItem, Meeting, Paper, Resolution
from roundtable.meetings.search import rebuild_index
from roundtable.partnership.models import Body, Partnership
from roundtable.performance.models import Indicator
from roundtable.projects.models import Project
from roundtable.recommendations.models import Recommendation, Review

COMMON, RARE, NONE = "health", "towpath", "zq0000"
YEARS = 10
#: At scale 1: about 20,000 agenda items (ten a meeting), 8,000 papers, 30,000
#: actions, 10,000 resolutions; and of the other kinds the numbers below.
MEETINGS = 2000
OTHERS = {Review: 300, Recommendation: 3000, Indicator: 1000, Project: 1000, Consultation: 1000}
BATCH = 2000


class Words:
    """Random text in the demo's words."""

    def __init__(self, rng: random.Random) -> None:
        texts = [
            *AgendaItem.objects.values_list("title", flat=True),
            *AgendaItem.objects.values_list("description", flat=True),
            *AgendaItem.objects.values_list("minutes", flat=True),
            *Action.objects.values_list("description", flat=True),
            *Resolution.objects.values_list("text", flat=True),
            *Recommendation.objects.values_list("text", flat=True),
        ]
        counts = Counter(w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text.lower()))
        for word in (RARE, NONE):
            counts.pop(word, None)
        self.vocabulary = [w for w, _ in counts.most_common()]
        # Zipf: the n-th word weighs 1/n; cumulative weights for `choices`.
        self.weights = [1 / (n + 1) for n in range(len(self.vocabulary))]
        self.rng = rng

    def text(self, low: int, high: int) -> str:
        words = self.rng.choices(self.vocabulary, self.weights, k=self.rng.randint(low, high))
        if self.rng.random() < 1 / 2500:
            words.insert(self.rng.randrange(len(words) + 1), RARE)
        sentence = " ".join(words)
        return sentence[:1].upper() + sentence[1:] + "."


def _write(model: type[Model], rows: list[Model]) -> list[Model]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def seed(scale: int, seed: int = 2026) -> dict[str, int]:
    """Add `scale` times ten years of records to the demo's partnerships; returns
    how many of each were added."""
    rng = random.Random(seed)
    words = Words(rng)
    bodies = list(Body.objects.select_related("partnership").order_by("pk"))
    start = timezone.now() - datetime.timedelta(days=365 * YEARS)
    added: Counter[str] = Counter()
    meetings_each = MEETINGS * scale
    for chunk in range(0, meetings_each, 200):
        meetings = []
        for n in range(chunk, min(chunk + 200, meetings_each)):
            body = bodies[n % len(bodies)]
            when = start + datetime.timedelta(days=365 * YEARS * n / meetings_each, hours=10)
            recent = n > meetings_each * 0.98
            meetings.append(
                Meeting(
                    partnership_id=body.partnership_id,
                    body=body,
                    title="",
                    start=when,
                    end=when + datetime.timedelta(hours=2),
                    agenda_status=AgendaStatus.DRAFT if recent else AgendaStatus.PUBLISHED,
                    minutes_status=(
                        MinutesStatus.CIRCULATED
                        if recent or rng.random() < 0.05
                        else MinutesStatus.APPROVED
                    ),
                )
            )
        meetings = _write(Meeting, meetings)
        items = []
        for meeting in meetings:
            for position in range(1, 11):
                restricted = rng.random() < 0.05
                items.append(
                    AgendaItem(
                        partnership_id=meeting.partnership_id,
                        meeting=meeting,
                        body_id=meeting.body_id,
                        position=position,
                        title=words.text(3, 9).rstrip("."),
                        description=words.text(10, 40),
                        minutes=words.text(40, 160),
                        restricted=restricted,
                        restriction_category=(RestrictionCategory.INDIVIDUAL if restricted else ""),
                    )
                )
        items = _write(AgendaItem, items)
        papers, resolutions, actions = [], [], []
        for item in items:
            for position in range(1, 1 + (rng.random() < 0.4)):
                papers.append(
                    Paper(
                        partnership_id=item.partnership_id,
                        item=item,
                        body_id=item.body_id,
                        position=position,
                        title=words.text(3, 10).rstrip("."),
                        restricted=rng.random() < 0.03,
                    )
                )
            for position in range(1, 1 + (rng.random() < 0.5)):
                resolutions.append(
                    Resolution(
                        partnership_id=item.partnership_id,
                        item=item,
                        position=position,
                        text=words.text(10, 40),
                    )
                )
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                actions.append(
                    Action(
                        partnership_id=item.partnership_id,
                        body_id=item.body_id,
                        meeting_id=item.meeting_id,
                        item=item,
                        description=words.text(8, 30),
                        due=(item.meeting.start + datetime.timedelta(days=60)).date(),
                        status=rng.choice(list(ActionStatus)),
                        restricted=item.restricted,
                    )
                )
        for restricted_paper in (p for p in papers if p.restricted):
            restricted_paper.restriction_category = RestrictionCategory.INDIVIDUAL
        _write(Paper, papers)
        _write(Resolution, resolutions)
        _write(Action, actions)
        added.update(
            {
                "meetings": len(meetings),
                "agenda items": len(items),
                "papers": len(papers),
                "resolutions": len(resolutions),
                "actions": len(actions),
            }
        )
    for model, count in OTHERS.items():
        added[model._meta.verbose_name_plural] = _clone(model, count * scale, words)
    rebuild_index()
    return dict(added)


def _clone(model: type[Model], count: int, words: Words) -> int:
    """`count` copies of the demo's records of `model`, in turn, with new words in
    their searched text (and new values where a field must be unique)."""
    originals = list(model.objects.order_by("pk"))
    partnerships = {p.pk for p in Partnership.objects.all()}
    originals = [o for o in originals if getattr(o, "partnership_id", None) in partnerships]
    reviews: dict[int, list[Review]] = {}
    if model is Recommendation:
        for review in Review.objects.order_by("pk"):
            reviews.setdefault(review.partnership_id, []).append(review)
    rows = []
    for n in range(count):
        row = copy.copy(originals[n % len(originals)])
        row.pk = None
        row._state = copy.copy(row._state)
        row._state.adding = True
        suffix = f" {n}"
        if model is Review:
            row.title = words.text(4, 10).rstrip(".") + suffix
            row.summary = words.text(20, 80)
            row.parent_id = None
        elif model is Recommendation:
            same = reviews[row.partnership_id]
            row.review_id, row.section_id = same[n % len(same)].pk, None
            row.number = f"V{n}"
            row.text = words.text(15, 60)
        elif model is Indicator:
            row.code = f"V{n}"
            row.name = words.text(4, 12).rstrip(".")
            row.definition = words.text(15, 50)
        elif model is Project:
            row.title = words.text(3, 8).rstrip(".") + suffix
            row.summary = words.text(20, 80)
        elif model is Consultation:
            row.title = words.text(3, 8).rstrip(".") + suffix
            row.description = words.text(20, 80)
        rows.append(row)
    _write(model, rows)
    return len(rows)
