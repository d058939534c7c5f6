"""The admin's spreadsheet exports (Wagtail's SpreadsheetExportMixin), safe to open.

Wagtail writes XLSX text as text (a value starting with «=» is stored as a string, never as
a formula), but a CSV as it comes: a cell «=HYPERLINK(…)» or «@SUM(…)» from what a user typed
would run when the file is opened in a spreadsheet (CSV injection). The mixin keeps such
cells as text with a leading «'», and writes the CSV as Norwegian spreadsheets open it:
«;»-separated UTF-8 with a byte order mark.

Dates are written as the admin shows them, never as raw timestamps: a day as a day, a
moment to the minute in the site's time zone (Wagtail writes a moment's XLSX cell in UTC,
and a CSV cell as «2025-12-15 09:41:07.123456+00:00»). In a CSV they are text in the
language's SHORT_DATE_FORMAT / SHORT_DATETIME_FORMAT («15.12.2025 10:41»), which Norwegian
spreadsheets read as dates; in an XLSX they are date cells shown the same way.
"""

import csv
import datetime

from django.utils.formats import get_format
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter

from alor import formats

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """Text that a spreadsheet would read as a formula, kept as text by a leading «'»."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Mix in before a Wagtail view that exports (IndexView, ReportView)."""

    csv_delimiter = ";"

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            value = formats.to_minute(value)
            if export_format == self.FORMAT_CSV:
                return formats.moment(value)
            return value
        if isinstance(value, datetime.date) and export_format == self.FORMAT_CSV:
            return formats.day(value, short=True)
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return formula_safe(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        day_format = ExcelDateFormatter().format(get_format("SHORT_DATE_FORMAT"))
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, datetime.date) and not isinstance(
                cell.value, datetime.datetime
            ):
                cell.number_format = day_format
            yield cell

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=self.csv_delimiter)
        yield "\ufeff".encode()
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
