"""The search log in the admin: the most frequent queries and the ones that found nothing."""

from search.models import SearchQueryLog


def test_editor_sees_frequent_and_zero_result_queries(tree, client, editor):
    for q, n in [("sykefravær", 3), ("spill", 1)]:
        for _ in range(2):
            SearchQueryLog.objects.create(query=q, normalised=q, result_count=n)
    SearchQueryLog.objects.create(
        query="blåbærsyltetøy", normalised="blåbærsyltetøy", result_count=0
    )
    client.force_login(editor)
    response = client.get("/admin/search-log/")
    assert response.status_code == 200
    html = response.content.decode()
    zero = html[html.index('id="zero-results"') : html.index('id="frequent"')]
    assert "blåbærsyltetøy" in zero and "sykefravær" not in zero
    frequent = html[html.index('id="frequent"') :]
    assert frequent.index("spill") > frequent.index("sykefravær") or "sykefravær" in frequent


def test_member_may_not_see_the_log(tree, client, member):
    client.force_login(member)
    assert client.get("/admin/search-log/").status_code in (302, 403)
