"""The search log as a Wagtail report: its period, the queries that found nothing, the
export, and the private queries kept from those who may not see them — in every form."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db

URL = "/admin/search-log/"


def log(query, *, results=3, days_ago=0, private=False, times=1):
    for _ in range(times):
        row = SearchQueryLog.objects.create(
            query=query, normalised=query.lower(), result_count=results, private=private
        )
        created = timezone.now() - datetime.timedelta(days=days_ago, minutes=1)
        SearchQueryLog.objects.filter(pk=row.pk).update(created_at=created)


def frequent(response):
    return [row["normalised"] for row in response.context["object_list"]]


def zero(response):
    return [row["normalised"] for row in response.context["zero"]]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def entries(db):
    log("sykefravær", times=3)
    log("pårørende", times=2, days_ago=5)
    log("rusmiddelpolitikk", results=0, days_ago=20)
    log("gammelt søk", days_ago=60)
    log("fjorårets", results=0, days_ago=200)
    log("hvitveisavtalen", private=True, results=0, times=5)


def test_the_period_filter_and_the_two_lists(client, entries, editor):
    client.force_login(editor)
    response = client.get(URL)  # 30 days unless chosen
    assert response.status_code == 200
    assert frequent(response) == ["sykefravær", "pårørende", "rusmiddelpolitikk"]
    assert zero(response) == ["rusmiddelpolitikk"]
    assert response.context["total"] == 6
    assert frequent(client.get(URL, {"days": "7"})) == ["sykefravær", "pårørende"]
    assert "gammelt søk" in frequent(client.get(URL, {"days": "90"}))
    year = client.get(URL, {"days": "365"})
    assert zero(year) == ["fjorårets", "rusmiddelpolitikk"]
    assert "365 dager" in year.content.decode()
    # The filter refreshes the list by its results address, as Wagtail's filters do.
    results = client.get(f"{URL}results/", {"days": "7"})
    assert results.status_code == 200
    assert "Vanligste søk" in results.content.decode()


@pytest.mark.parametrize("value", ["14", "x", "²", "9" * 30, "-7"])
def test_a_period_not_offered_shows_thirty_days(client, entries, editor, value):
    client.force_login(editor)
    response = client.get(URL, {"days": value})
    assert response.status_code == 200
    assert frequent(response) == ["sykefravær", "pårørende", "rusmiddelpolitikk"]


def test_private_queries_reach_no_list_no_count_no_export(client, entries, editor, superuser):
    client.force_login(editor)
    for days in ("30", "365"):
        response = client.get(URL, {"days": days})
        assert "hvitveisavtalen" not in frequent(response) + zero(response)
        assert "hvitveisavtalen" not in response.content.decode()
    assert client.get(URL).context["total"] == 6
    for fmt in ("csv", "xlsx"):
        response = client.get(URL, {"export": fmt, "days": "365"})
        assert b"hvitveisavtalen" not in b"".join(response.streaming_content)
    client.force_login(superuser)
    response = client.get(URL)
    assert frequent(response)[0] == "hvitveisavtalen"
    assert client.get(URL).context["total"] == 11


def test_the_export_keeps_a_typed_formula_as_text(client, editor):
    log('=HYPERLINK("https://example.org","klikk")', results=0)
    log("@SUM(A1)", results=0)
    client.force_login(editor)
    rows = csv_rows(client.get(URL, {"export": "csv"}))
    assert rows[0] == ["Søk", "Antall", "Treff", "Sist"]
    assert sorted(row[0] for row in rows[1:]) == [
        '\'=hyperlink("https://example.org","klikk")',
        "'@sum(a1)",
    ]


def test_the_log_is_for_those_who_may_see_it(client, entries, member, partner):
    for user in (member, partner):
        client.force_login(user)
        assert client.get(URL).status_code in (302, 403)
        response = client.get(URL, {"export": "csv"})
        assert response.status_code in (302, 403)
        assert not response.get("Content-Disposition")
