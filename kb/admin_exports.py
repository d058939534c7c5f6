"""The admin's spreadsheet exports (Wagtail's SpreadsheetExportMixin), safe to open.

Wagtail writes XLSX text as text (a value starting with «=» is stored as a string, never as
a formula), but a CSV as it comes: a cell «=HYPERLINK(…)» or «@SUM(…)» from what a user typed
would run when the file is opened in a spreadsheet (CSV injection). The mixin keeps such
cells as text with a leading «'», and writes the CSV as Norwegian spreadsheets open it:
«;»-separated UTF-8 with a byte order mark.
"""

import csv

from wagtail.admin.views.mixins import Echo

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
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return formula_safe(value)
        return value

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
