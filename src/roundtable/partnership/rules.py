"""Partnership rules: plain functions, no database."""

from __future__ import annotations

import datetime
import re
import unicodedata

HONORIFICS = (
    "Cllr Sir",
    "Cllr Dr",
    "Cllr",
    "Councillor",
    "Sir",
    "Dame",
    "Dr.",
    "Dr",
    "Commander",
    "Chief Superintendent",
    "Professor",
    "Prof",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
)


def slugify_name(name: str, max_length: int = 80) -> str:
    """'Ealing, Hammersmith & West London College' -> 'ealing-hammersmith-west-london-college'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].rstrip("-") or "item"


def dates_in_order(start: datetime.date | None, end: datetime.date | None) -> bool:
    """An end date may not come before the start date."""
    return start is None or end is None or end >= start


def name_key(text: str) -> str:
    """A forgiving key for matching names typed by people: case, spaces, '&'/'and', dots."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'", "").replace(".", " ")
    return " ".join(text.split())


def split_person_name(full_name: str) -> tuple[str, str, str]:
    """'Cllr Julian Bell' -> ('Cllr', 'Julian', 'Bell'); 'Bell' -> ('', '', 'Bell')."""
    text = " ".join(full_name.split())
    honorific = ""
    for candidate in HONORIFICS:
        if text.lower().startswith(candidate.lower() + " "):
            honorific, text = text[: len(candidate)], text[len(candidate) + 1 :]
            break
    parts = text.rsplit(" ", 1)
    if len(parts) == 1:
        return honorific, "", parts[0]
    return honorific, parts[0], parts[1]


def is_current(start: datetime.date | None, end: datetime.date | None, day: datetime.date) -> bool:
    """Whether a dated membership or body is in force on `day`."""
    return (start is None or start <= day) and (end is None or end >= day)


def build_tree(
    items: list[tuple[int, int | None]],
) -> tuple[list[int], dict[int, list[int]]]:
    """Roots and children from (id, parent_id) pairs, in the order given.

    An item whose parent is missing, or that sits in a reporting loop, is
    treated as a root so that nothing disappears from the chart.
    """
    ids = {item_id for item_id, _ in items}
    parents = dict(items)
    children: dict[int, list[int]] = {item_id: [] for item_id, _ in items}
    roots: list[int] = []
    for item_id, parent_id in items:
        if parent_id is None or parent_id not in ids or _in_loop(item_id, parents):
            roots.append(item_id)
        else:
            children[parent_id].append(item_id)
    return roots, children


def _in_loop(item_id: int, parents: dict[int, int | None]) -> bool:
    seen = {item_id}
    current = parents.get(item_id)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False
