"""Snippets: a window of an item's text around the first matched word, matches in <mark>."""

from __future__ import annotations

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.search.index import SearchField

from search import norwegian
from search.analysis import QueryWords

SNIPPET_CHARS = 220

MAX_SNIPPET_SOURCE = 200_000


def object_text(obj, kind):
    """The searchable text of an object (not its title), for the snippet."""
    if kind == "document":
        return f"{obj.description}\n{obj.extracted_text}"[:MAX_SNIPPET_SOURCE]
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, SearchField) or search_field.field_name == "title":
            continue
        try:
            value = search_field.get_value(obj)
        except Exception:  # noqa: BLE001,S112 - a field the page type lacks
            continue
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        if value:
            parts.append(strip_tags(str(value)))
        if sum(len(p) for p in parts) > MAX_SNIPPET_SOURCE:
            break
    return " ".join(parts)[:MAX_SNIPPET_SOURCE]


def _first_word(text: str, words: set[str]) -> int | None:
    """Where the first of `words` stands in `text` as a whole word (None if nowhere)."""

    def is_word_char(i):
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    first = None
    for word in words:
        at = text.find(word)
        while at != -1 and (first is None or at < first):
            if not is_word_char(at - 1) and not is_word_char(at + len(word)):
                first = at
                break
            at = text.find(word, at + 1)
    return first


def highlight(text: str, query: QueryWords, length: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first matched word, HTML-escaped, matches in <mark>.

    A document's text can be 200,000 characters: each distinct word is analysed once, the
    first match is found with str.find, and only the window is marked up (analysing every
    word in order took 50–75 ms per hit).
    """
    text = " ".join((text or "").split())
    words = {w for chunk in set(text.split(" ")) for w in norwegian.WORD_RE.findall(chunk)}
    matched = {w for w in words if query.matches(w)}
    first = _first_word(text, matched)

    def hit(m):
        return m.group() in matched

    start = 0
    if first is not None and first > length // 3:
        start = text.rfind(" ", 0, first - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out: list[str] = []
    pos = start
    for m in norwegian.WORD_RE.finditer(text, start):
        if m.end() > end:
            break
        if hit(m):
            out.append(escape(text[pos : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    out.append(escape(text[pos:end]))
    snippet = "".join(out).strip()
    if start > 0:
        snippet = "… " + snippet
    if end < len(text):
        snippet += " …"
    return mark_safe(snippet)  # noqa: S308 - every piece is escaped above
