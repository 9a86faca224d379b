"""Every template's comments are ones Django hides.

`{# ... #}` is a one-line comment in Django's template language: one that runs
over two lines is not a comment at all and is shown on the page as text. Longer
notes go in `{% comment %}...{% endcomment %}`.
"""

from __future__ import annotations

import re
from pathlib import Path

import roundtable

SOURCE = Path(roundtable.__file__).resolve().parent
TEMPLATES = sorted(p for p in SOURCE.rglob("*.html") if "templates" in p.parts)
OPENED = re.compile(r"\{#(?!.*?#\})")


def unclosed_comments(text: str) -> list[int]:
    """The line numbers where a `{#` comment opens and is not closed on its line."""
    return [n for n, line in enumerate(text.splitlines(), 1) if OPENED.search(line)]


def test_a_comment_over_two_lines_is_found() -> None:
    assert unclosed_comments("<p>{# one line #}</p>\n{# runs on\nto here #}\n") == [2]
    assert unclosed_comments("{# a #}{# b #}\n{% comment %}\nlong\n{% endcomment %}") == []


def test_no_template_has_a_comment_over_two_lines() -> None:
    assert len(TEMPLATES) > 100
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in TEMPLATES
        if (lines := unclosed_comments(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "use {% comment %} for comments over several lines"
