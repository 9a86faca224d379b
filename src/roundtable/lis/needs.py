"""Needs assessment pages: the embed syntax and the Markdown rules (pure, no Django).

A page's body is Markdown (CommonMark and tables; raw HTML is never passed
through: it comes out as text). A line holding only an embed puts live figures
in the page, read when the page is shown:

    {{ table indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }}
    {{ chart indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }}
    {{ figure indicator=CEN-RES area=E09000009 period=2011 }}
    {{ map indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}

`parse_body` splits a body into Markdown text and embeds; an embed it cannot read
becomes an `EmbedError` naming its line. Whether the indicator and areas exist is
checked against the database by `needs_queries`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from roundtable.core.words import listed

EMBED_LINE = re.compile(r"^\s*\{\{(?P<inside>.*)\}\}\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# An option is name=value, or name="a value with spaces" (indicator="NI 116").
WORD = re.compile(
    r'(?P<key>[a-z_]+)=(?:"(?P<quoted>[^"]*)"|(?P<value>[^\s"]+))(?=\s|$)|(?P<other>\S+)'
)

# What each kind of embed takes: required options, then optional ones.
KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "table": (frozenset({"indicator", "area_type"}), frozenset({"within", "period"})),
    "chart": (frozenset({"indicator", "area_type"}), frozenset({"within", "period"})),
    "map": (frozenset({"indicator", "area_type"}), frozenset({"within", "period"})),
    "figure": (frozenset({"indicator", "area"}), frozenset({"period"})),
}
EXAMPLES = {
    "table": "{{ table indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }}",
    "chart": "{{ chart indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }}",
    "map": "{{ map indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}",
    "figure": "{{ figure indicator=CEN-RES area=E09000009 period=2011 }}",
}


@dataclass(frozen=True)
class Text:
    """A run of Markdown between embeds."""

    markdown: str


@dataclass(frozen=True)
class Embed:
    """An embed line that reads well: its kind and options, and its line number."""

    kind: str
    options: dict[str, str] = field(hash=False)
    line: int
    source: str


@dataclass(frozen=True)
class EmbedError:
    """An embed line that does not: what is wrong, in words naming the line."""

    line: int
    source: str
    message: str


Part = Text | Embed | EmbedError


def parse_embed(inside: str, line: int, source: str) -> Embed | EmbedError:
    """Read what is between `{{` and `}}` on line `line`."""
    first, _, rest = inside.strip().partition(" ")
    if not first:
        return EmbedError(line, source, f"Line {line}: the embed is empty. {_kinds_hint()}")
    kind = first.lower()
    if kind not in KINDS:
        return EmbedError(
            line, source, f"Line {line}: “{first}” is not a kind of embed. {_kinds_hint()}"
        )
    required, optional = KINDS[kind]
    options: dict[str, str] = {}
    for match in WORD.finditer(rest):
        if match["other"] is not None:
            return EmbedError(
                line,
                source,
                f"Line {line}: “{match['other']}” is not an option. Write options as "
                f'name=value (name="value" when it has spaces), like {EXAMPLES[kind]}',
            )
        key = match["key"]
        value = match["quoted"] if match["quoted"] is not None else match["value"]
        if key not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            return EmbedError(
                line,
                source,
                f"Line {line}: a {kind} does not take “{key}”. It takes {allowed}.",
            )
        if key in options:
            return EmbedError(line, source, f"Line {line}: “{key}” is given twice.")
        options[key] = value
    missing = sorted(required - options.keys())
    if missing:
        return EmbedError(
            line,
            source,
            f"Line {line}: a {kind} needs {listed(missing)}, like {EXAMPLES[kind]}",
        )
    return Embed(kind, options, line, source)


def _kinds_hint() -> str:
    return "Start it with table, chart, figure or map, like " + EXAMPLES["table"]


def parse_body(body: str) -> list[Part]:
    """The body as Markdown runs and embeds, in order. Embed lines inside fenced
    code blocks are left as code."""
    parts: list[Part] = []
    text: list[str] = []
    fence = ""
    for number, line in enumerate(body.splitlines(), start=1):
        opening = FENCE.match(line)
        if opening and (not fence or opening.group(1) == fence):
            fence = "" if fence else opening.group(1)
            text.append(line)
            continue
        match = None if fence else EMBED_LINE.match(line)
        if match is None:
            text.append(line)
            continue
        if text:
            parts.append(Text("\n".join(text)))
            text = []
        parts.append(parse_embed(match["inside"], number, line.strip()))
    if text:
        parts.append(Text("\n".join(text)))
    return parts


def embeds(parts: list[Part]) -> list[Embed]:
    return [part for part in parts if isinstance(part, Embed)]


def syntax_errors(parts: list[Part]) -> list[EmbedError]:
    return [part for part in parts if isinstance(part, EmbedError)]


# Markdown ---------------------------------------------------------------------------

# GOV.UK Frontend classes for what Markdown makes. Headings go one level down: the
# page's title is its only <h1>.
CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "blockquote_open": "govuk-inset-text",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "hr": "govuk-section-break govuk-section-break--visible govuk-section-break--m",
    "link_open": "govuk-link",
}
HEADINGS = {
    "h1": ("h2", "govuk-heading-l"),
    "h2": ("h3", "govuk-heading-m"),
    "h3": ("h4", "govuk-heading-s"),
}
DEEPEST = ("h4", "govuk-heading-s")


def _markdown() -> MarkdownIt:
    # "html": False escapes any raw HTML in the body (no <script>, no onclick).
    return MarkdownIt("commonmark", {"html": False}).enable("table")


MARKDOWN = _markdown()


def _style(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            tag, css = HEADINGS.get(token.tag, DEEPEST)
            token.tag = tag
            if token.type == "heading_open":
                token.attrSet("class", css)
        elif token.type in CLASSES:
            token.attrSet("class", CLASSES[token.type])
        if token.children:
            _style(token.children)


def render_markdown(text: str) -> str:
    """The Markdown `text` as HTML with GOV.UK classes; raw HTML comes out escaped."""
    tokens = MARKDOWN.parse(text)
    _style(tokens)
    return MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
