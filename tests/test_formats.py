"""Dates as each language writes them: one format per kind of date, compact ranges, and
exports without raw timestamps."""

import csv
import datetime
import io

import openpyxl
import pypdfium2
import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.models import Locale

from alor import formats
from kb.models import ArticlePage
from search.models import SearchQueryLog
from tests.factories import GatheringPageFactory, PersonFactory
from tests.governance.conftest import (
    mandate,  # noqa: F401  (the fixture)
    minutes,  # noqa: F401  (the fixture)
    run_approval,
)

JUNE_10 = datetime.date(2026, 6, 10)


@pytest.mark.parametrize(
    "language, long, short",
    [("nb", "10. juni 2026", "10.06.2026"), ("en", "10 June 2026", "10 Jun 2026")],
)
def test_each_language_has_its_day(language, long, short):
    with translation.override(language):
        assert formats.day(JUNE_10) == long
        assert formats.day(JUNE_10, short=True) == short
        rendered = Template('{{ d|date:"DATE_FORMAT" }}/{{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"d": JUNE_10})
        )
        assert rendered == f"{long}/{short}"


@pytest.mark.parametrize(
    "language, expected",
    [("nb", "10.06.2026 14:30"), ("en", "10 Jun 2026, 14:30")],
)
def test_a_moment_is_to_the_minute_in_the_site_time_zone(language, expected):
    utc = datetime.datetime(2026, 6, 10, 12, 30, 59, 123456, tzinfo=datetime.UTC)
    with translation.override(language):
        assert formats.moment(utc) == expected


RANGES = [
    ((JUNE_10, None), "10. juni 2026", "10 June 2026"),
    ((JUNE_10, JUNE_10), "10. juni 2026", "10 June 2026"),
    ((JUNE_10, datetime.date(2026, 6, 11)), "10.–11. juni 2026", "10–11 June 2026"),
    (
        (datetime.date(2026, 6, 30), datetime.date(2026, 7, 2)),
        "30. juni–2. juli 2026",
        "30 June – 2 July 2026",
    ),
    (
        (datetime.date(2025, 12, 30), datetime.date(2026, 1, 2)),
        "30. des. 2025–2. jan. 2026",
        "30 Dec 2025 – 2 Jan 2026",
    ),
]


@pytest.mark.parametrize("days, bokmal, english", RANGES)
def test_the_daterange_filter_writes_ranges_compactly(days, bokmal, english):
    template = Template("{% load alor_tags %}{{ start|daterange:end }}")
    context = {"start": days[0], "end": days[1]}
    with translation.override("nb"):
        assert template.render(Context(context)) == bokmal
    with translation.override("en"):
        assert template.render(Context(context)) == english


@pytest.mark.django_db
def test_a_gathering_shows_its_days_as_one_range(client, tree):
    GatheringPageFactory(
        parent=tree.national,
        title="Alor Norge 2026",
        slug="alor-norge-2026",
        start_date=datetime.date(2026, 6, 10),
        end_date=datetime.date(2026, 6, 11),
    )
    listing = client.get(tree.national.url).content.decode()
    assert '<time datetime="2026-06-10">10.–11. juni 2026</time>' in listing


@pytest.mark.django_db
def test_english_pages_show_british_dates_not_us_ones(client, tree):
    norwegian = tree.knowledge.add_child(
        instance=ArticlePage(title="Om spill", slug="om-spill", date=datetime.date(2025, 12, 15))
    )
    norwegian.save_revision().publish()
    english = norwegian.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.title = "About gambling"
    english.save_revision().publish()
    english.refresh_from_db()

    page = client.get(english.url).content.decode()
    assert "15 December 2025" in page
    assert "Dec. 15, 2025" not in page
    assert "15. desember 2025" in client.get(norwegian.url).content.decode()


@pytest.fixture
def logged_search(db):
    row = SearchQueryLog.objects.create(query="sykefravær", normalised="sykefravær")
    made = (timezone.now() - datetime.timedelta(days=2)).replace(
        tzinfo=datetime.UTC, hour=9, minute=41, second=7, microsecond=123456
    )
    SearchQueryLog.objects.filter(pk=row.pk).update(created_at=made)
    return made


def test_the_csv_export_has_no_raw_timestamps(client, editor, logged_search):
    client.force_login(editor)
    response = client.get("/admin/search-log/", {"days": "365", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0] == "sykefravær"
    # In Oslo's time (09:41 UTC is 10:41 or 11:41), no seconds, microseconds or offset.
    assert rows[1][-1] == f"{timezone.localtime(logged_search):%d.%m.%Y %H}:41"
    assert ".123456" not in text and "+00:00" not in text


def test_the_xlsx_export_has_local_minutes(client, editor, logged_search):
    client.force_login(editor)
    response = client.get("/admin/search-log/", {"days": "365", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    last = sheet.cell(row=2, column=4)
    assert last.value == timezone.make_naive(logged_search).replace(second=0, microsecond=0)
    assert last.number_format == "dd.mm.yyyy hh:mm"


@pytest.fixture
def einar(rag_user):
    """The person the minutes' «Einar» names, with a user: the one their reminder goes to."""
    return PersonFactory(name="Einar", user=rag_user)


def test_the_reminder_email_writes_the_due_day_in_full(einar, minutes):  # noqa: F811
    from kb.governance.actions import send_action_reminders

    mail.outbox.clear()
    send_action_reminders()
    due = timezone.localdate() + datetime.timedelta(days=3)
    bodies = "\n".join(message.body for message in mail.outbox)
    with translation.override("nb"):
        assert f"Frist: {formats.day(due)}" in bodies
    assert due.strftime("%d.%m.%Y") not in bodies


def test_the_approval_day_reads_alike_in_the_history_and_in_the_pdf(
    client,
    mandate,  # noqa: F811
    rag_user,
    partner,
    leader,
):
    run_approval(mandate, rag_user, partner, leader)
    version = next(iter(mandate.versions()))
    client.force_login(rag_user)

    response = client.get(f"/admin/styring/versjon/{version.pk}/pdf/")
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    text = " ".join(
        " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split()
    )
    with translation.override("nb"):
        line = version.line
        # The decision's meeting day, short, as in «Versjon 1 · godkjent 10.02.2026 i …».
        assert formats.day(version.approved_on, short=True) in line
        assert line in text
        history = client.get(f"/admin/styring/{mandate.pk}/versjoner/").content.decode()
        assert line in history
