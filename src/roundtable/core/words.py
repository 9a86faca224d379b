"""Lists written as a sentence, as a plain function (no Django: tested without the
database in `core/tests/test_words.py`).

Messages, hints and summaries name several things in one sentence: "the title and
the text", "PDF, DOCX or XLSX", "'Ealing Council', 'Ealing CCG' and 'Ealing
Police'". They are all written by `listed`, so none reads "a and b and c".
"""

from __future__ import annotations

from collections.abc import Iterable


def listed(items: Iterable[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"; with `last="or"`, "a, b or c"; "" for none."""
    names = list(items)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"
