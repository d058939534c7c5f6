"""Bokmål dates: «10. juni 2026», in tables «10.06.2026», a moment «10.06.2026 14:30».

Django's own bokmål formats, written out so each kind of date is visible in one place, and
the formats of a date range (`alor.formats.date_range`): «10.–11. juni 2026»,
«30. juni–2. juli 2026», «30. des. 2025–2. jan. 2026».
"""

DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"

# A range (`alor.formats.date_range`): the first day as RANGE_SAME_MONTH or RANGE_SAME_YEAR,
# the separator, the last day as DATE_FORMAT; when the years differ, both as RANGE_OTHER_YEAR.
# RANGE_DAYS_SEPARATOR joins two days of one month, RANGE_SEPARATOR the others.
RANGE_DAYS_SEPARATOR = "–"
RANGE_SEPARATOR = "–"
RANGE_SAME_MONTH = "j."
RANGE_SAME_YEAR = "j. F"
RANGE_OTHER_YEAR = "j. N Y"
