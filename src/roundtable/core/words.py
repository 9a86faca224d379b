"""Lists written as a sentence, and long texts shortened to a name, as plain
functions (no Django: tested without the database in `core/tests/test_words.py`).

Messages, hints and summaries name several things in one sentence: "the title and
the text", "PDF, DOCX or XLSX", "'Ealing Council', 'Ealing CCG' and 'Ealing
Police'". They are all written by `listed`, so none reads "a and b and c".

An action, a resolution or a recommendation has no title: where a page or a search
names one by its text, `shortened` cuts it at a word and says so ("Write to local
schools, colleges and housing associations…"), never mid-word ("property d").
"""

from __future__ import annotations

from collections.abc import Iterable


def listed(items: Iterable[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"; with `last="or"`, "a, b or c"; "" for none."""
    names = list(items)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def shortened(text: str, limit: int) -> str:
    """`text` on one line, whole if it has at most `limit` characters, else cut after
    the last whole word that fits and ended with "…" (within `limit` with it); a
    first word longer than `limit` is cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if line[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"
