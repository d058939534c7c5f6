"""English dates, British style: «10 June 2026», in tables «10 Jun 2026», a moment
«10 Jun 2026, 14:30» — never the US «June 10, 2026» or «06/10/2026».

Ranges (`alor.formats.date_range`): «10–11 June 2026», «30 June – 2 July 2026»,
«30 Dec 2025 – 2 Jan 2026».
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Norway

RANGE_DAYS_SEPARATOR = "–"
RANGE_SEPARATOR = " – "
RANGE_SAME_MONTH = "j"
RANGE_SAME_YEAR = "j F"
RANGE_OTHER_YEAR = "j M Y"
