"""The recommendations part of the demo: loaded for a partnership from its data folder
(`demo/data/<slug>/recommendations-*`) through the same import code users use.

- `recommendations-reviews.csv`: the reviews and their details (import_reviews);
- every `recommendations-tracker-*.csv`: the recommendations (import_recommendations),
  read with the response mapping in `recommendations-response-mapping.txt` and the
  units of `recommendations-organisation.txt`;
- `recommendations-published.txt`: reviews whose responses count as published;
- `recommendations-progress.csv`: progress updates, all illustrative (not in the
  source documents) and labelled so wherever they are shown.

Loading twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roundtable.core.imports import ImportFailed, RowError, parse_date, read_table
from roundtable.partnership.models import Organisation
from roundtable.recommendations import services
from roundtable.recommendations.choices import Rag, ResponseState, Status
from roundtable.recommendations.imports import import_recommendations, import_reviews
from roundtable.recommendations.models import Recommendation, Review
from roundtable.recommendations.rules import parse_mapping

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _in_file(failure: ImportFailed, name: str) -> ImportFailed:
    return ImportFailed(RowError(e.row, e.column, e.message, file=name) for e in failure.errors)


def load_demo_recommendations(
    directory: Path, partnership: Partnership, actor: User | None = None
) -> list[str]:
    """Load the partnership's demo reviews, recommendations and illustrative progress;
    returns what was loaded, one line each (nothing when the folder has none)."""
    reviews_file = directory / "recommendations-reviews.csv"
    if not reviews_file.exists():
        return []
    report = []
    try:
        report.append(import_reviews(read_table(reviews_file), partnership, actor))
    except ImportFailed as failure:
        raise _in_file(failure, reviews_file.name) from None
    mapping = parse_mapping(_lines(directory / "recommendations-response-mapping.txt"))
    names = _lines(directory / "recommendations-organisation.txt")
    organisation = (
        Organisation.objects.get(partnership=partnership, name=names[0]) if names else None
    )
    for path in sorted(directory.glob("recommendations-tracker-*.csv")):
        try:
            summary = import_recommendations(
                read_table(path), partnership, actor, organisation=organisation, mapping=mapping
            )
        except ImportFailed as failure:
            raise _in_file(failure, path.name) from None
        report.append(f"{path.name}: {summary}")
    published = 0
    for title in _lines(directory / "recommendations-published.txt"):
        review = Review.objects.get(partnership=partnership, title=title)
        for rec in review.recommendations.exclude(response_state=ResponseState.PUBLISHED):
            rec.review = review
            services.publish_response(actor, rec, date=review.published_on)
            published += 1
    if published:
        report.append(f"{published} responses marked published")
    report.append(_load_progress(directory / "recommendations-progress.csv", partnership, actor))
    return report


def _load_progress(path: Path, partnership: Partnership, actor: User | None) -> str:
    """Illustrative progress updates (review,number,date,status,rag,narrative)."""
    if not path.exists():
        return "no progress updates"
    added = 0
    for row in read_table(path):
        rec = Recommendation.objects.select_related("review").get(
            review__partnership=partnership,
            review__title=row.get("review"),
            number=row.get("number"),
        )
        narrative = row.get("narrative")
        date = parse_date(row.get("date"))
        if rec.updates.filter(date=date, narrative=narrative).exists():
            continue
        services.add_progress_update(
            actor,
            rec,
            date=date,
            status=Status(row.get("status")),
            rag=Rag(row.get("rag")),
            narrative=narrative,
            is_illustrative=True,
            check=False,
        )
        added += 1
    return f"{added} illustrative progress updates"
