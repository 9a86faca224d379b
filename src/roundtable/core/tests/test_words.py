"""Lists written as a sentence (`core.words.listed`), without the database."""

import pytest

from roundtable.core.words import listed


@pytest.mark.parametrize(
    ("items", "last", "expected"),
    [
        ([], "and", ""),
        (["the title"], "and", "the title"),
        (["the title", "the text"], "and", "the title and the text"),
        (["PDF", "DOCX", "XLSX"], "or", "PDF, DOCX or XLSX"),
        (["'A'", "'B'", "'C'", "'D'"], "and", "'A', 'B', 'C' and 'D'"),
    ],
)
def test_a_list_reads_as_a_sentence(items, last, expected):
    assert listed(items, last) == expected


def test_any_iterable_is_listed_once_through():
    assert listed(name for name in ("theme", "publisher", "licence")) == (
        "theme, publisher and licence"
    )
