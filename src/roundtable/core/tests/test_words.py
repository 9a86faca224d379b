"""Lists written as a sentence (`core.words.listed`) and long texts shortened to a
name (`shortened`), without the database."""

import pytest

from roundtable.core.words import listed, shortened


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


WRITE = (
    "Write to local schools, colleges and housing associations asking for details "
    "of their property strategies and property disposals"
)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Joint assets", 80, "Joint assets"),
        ("  Joint\n assets  ", 80, "Joint assets"),
        (WRITE, len(WRITE), WRITE),
        (WRITE, 40, "Write to local schools, colleges and…"),
        # The limit falls on a space: the words before it are whole.
        ("abc def ghi", 8, "abc def…"),
        ("abc def ghi", 7, "abc…"),
        # A first word longer than the limit is cut.
        ("Supercalifragilistic", 6, "Super…"),
    ],
)
def test_a_long_text_is_cut_at_a_word_and_says_so(text, limit, expected):
    assert shortened(text, limit) == expected
    assert len(shortened(text, limit)) <= limit


def test_a_cut_text_never_ends_mid_word():
    for limit in range(10, len(WRITE)):
        cut = shortened(WRITE, limit)
        assert cut.endswith("…")
        assert WRITE.startswith(cut[:-1])
        assert WRITE[len(cut) - 1] in " ,"
