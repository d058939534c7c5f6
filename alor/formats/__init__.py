"""The site's dates, one format per kind of date, in the active language.

The formats themselves are in `alor/formats/<language>/formats.py` (FORMAT_MODULE_PATH):
a day in running text is DATE_FORMAT («10. juni 2026» / «10 June 2026»), a day in a table
or a spreadsheet SHORT_DATE_FORMAT («10.06.2026» / «10 Jun 2026»), a moment (when something
was done) SHORT_DATETIME_FORMAT in the site's time zone, to the minute. Templates use
Django's date filter with these names and the `daterange` filter; Python code (PDFs,
e-mails, exports) uses the functions here, so a PDF and a page never disagree.
"""

import datetime

from django.utils import dateformat, formats, timezone

# Used when the active language has no format module of ours (get_format then answers with
# the name it was asked for): bokmål's.
_RANGE_DEFAULTS = {
    "RANGE_DAYS_SEPARATOR": "–",
    "RANGE_SEPARATOR": "–",
    "RANGE_SAME_MONTH": "j.",
    "RANGE_SAME_YEAR": "j. F",
    "RANGE_OTHER_YEAR": "j. N Y",
}


def _range_format(name: str) -> str:
    value = formats.get_format(name)
    return _RANGE_DEFAULTS[name] if value == name else value


def day(value: datetime.date | None, *, short: bool = False) -> str:
    """A day: «10. juni 2026», or «10.06.2026» where space is short (tables, PDFs' lists)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def to_minute(value: datetime.datetime) -> datetime.datetime:
    """A moment in the site's time zone, naive, without seconds: what a table shows."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(second=0, microsecond=0)


def moment(value: datetime.datetime | None, *, short: bool = True) -> str:
    """When something happened, to the minute in the site's time zone: «10.06.2026 14:30»."""
    if value is None:
        return ""
    return formats.date_format(
        to_minute(value), "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"
    )


def date_range(start: datetime.date | None, end: datetime.date | None = None) -> str:
    """Two days as compactly as the language writes them.

    «10. juni 2026», «10.–11. juni 2026», «30. juni–2. juli 2026», «30. des. 2025–2. jan.
    2026»; in English «10–11 June 2026», «30 June – 2 July 2026», «30 Dec 2025 – 2 Jan 2026».
    A missing start gives the end alone; an end before the start is written as given.
    """
    if start is None:
        return day(end)
    if end is None or end == start:
        return day(start)
    if start.year != end.year:
        first = dateformat.format(start, _range_format("RANGE_OTHER_YEAR"))
        last = dateformat.format(end, _range_format("RANGE_OTHER_YEAR"))
        return f"{first}{_range_format('RANGE_SEPARATOR')}{last}"
    if start.month == end.month:
        first = dateformat.format(start, _range_format("RANGE_SAME_MONTH"))
        return f"{first}{_range_format('RANGE_DAYS_SEPARATOR')}{day(end)}"
    first = dateformat.format(start, _range_format("RANGE_SAME_YEAR"))
    return f"{first}{_range_format('RANGE_SEPARATOR')}{day(end)}"
