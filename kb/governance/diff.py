"""Readable snapshots of a mandate or an agreement, and word diffs between two of them.

A snapshot is a list of fields and sections, each `{"key", "label", "text"}` in plain text, so
that a version keeps what was approved even if the page changes later, and a diff can be shown
per field and per section with insertions and deletions marked.
"""

import difflib
import itertools
import re
from html import unescape

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext as _

from alor import formats
from kb.models import AgreementPage

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div)>|<br\s*/?>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_ORDERED_LIST = re.compile(r"<ol[^>]*>(.*?)</ol>", re.IGNORECASE | re.DOTALL)
_TOKEN = re.compile(r"\s+|[^\s]+")


def _numbered(match) -> str:
    numbers = itertools.count(1)
    return _LIST_ITEM.sub(lambda _item: f"{next(numbers)}. ", match.group(1))


def html_to_text(html) -> str:
    """Rich text as plain text: one line per paragraph or list item, the items of a numbered
    list as «1. », «2. », of a bulleted list as «• »."""
    html = _ORDERED_LIST.sub(_numbered, str(html or ""))
    html = _LIST_ITEM.sub("• ", html)
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _date(value):
    return formats.day(value, short=True)


def snapshot(page) -> list[dict]:
    """The readable content of a mandate or an agreement, field by field, section by section."""
    entries = [
        {"key": "title", "label": _("Tittel"), "text": page.title},
        {"key": "summary", "label": _("Sammendrag"), "text": page.summary or ""},
    ]
    seen: dict[str, int] = {}
    paragraph = 0
    for block in page.body:
        if block.block_type == "section":
            heading = block.value["heading"]
            text = html_to_text(block.value["body"].source)
            key = "section:" + heading.strip().lower()
        else:
            paragraph += 1
            heading = _("Avsnitt %(number)s") % {"number": paragraph}
            text = html_to_text(block.value.source)
            key = f"paragraph:{paragraph}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}:{seen[key]}"
        entries.append({"key": key, "label": heading, "text": text})
    parties = ", ".join(sorted(str(org) for org in page.parties.all()))
    entries.append({"key": "parties", "label": _("Parter"), "text": parties})
    entries.append(
        {
            "key": "term",
            "label": _("Gyldighet"),
            "text": " – ".join(
                filter(None, [_date(page.effective_from), _date(page.effective_to)])
            ),
        }
    )
    if isinstance(page, AgreementPage):
        entries.append(
            {
                "key": "renewal_terms",
                "label": _("Fornyelse"),
                "text": html_to_text(page.renewal_terms),
            }
        )
        entries.append(
            {
                "key": "termination_terms",
                "label": _("Oppsigelse"),
                "text": html_to_text(page.termination_terms),
            }
        )
    return entries


def diff_text(old: str, new: str):
    """Safe HTML of `new` against `old`, word by word: <del> for deletions, <ins> insertions."""
    a = _TOKEN.findall(old or "")
    b = _TOKEN.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return format_html_join("", "{}", ((part,) for part in parts))


def compare(old: list[dict], new: list[dict]) -> list[dict]:
    """Field-by-field comparison: each row has label, state (same/changed/added/removed), html."""
    old_by_key = {entry["key"]: entry for entry in old}
    new_keys = {entry["key"] for entry in new}
    rows = []
    for entry in new:
        before = old_by_key.get(entry["key"])
        if before is None:
            state = "added"
            html = diff_text("", entry["text"])
        elif before["text"] == entry["text"]:
            state = "same"
            html = format_html("{}", entry["text"])
        else:
            state = "changed"
            html = diff_text(before["text"], entry["text"])
        rows.append({"label": entry["label"], "state": state, "html": html})
    for entry in old:
        if entry["key"] not in new_keys:
            rows.append(
                {
                    "label": entry["label"],
                    "state": "removed",
                    "html": diff_text(entry["text"], ""),
                }
            )
    return rows
