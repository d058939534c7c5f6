"""The RAG index page costs the same number of queries whatever the number of documents."""

import pytest

from tests.factories import AgreementPageFactory, MandatePageFactory

pytestmark = pytest.mark.django_db

# The site, the session and the user, the restrictions (read once for the request: the page's
# own check, the listing and the menu share them), the children by type, and the documents'
# workflow states in one query (it was one per document: 28 with 2, 36 with 10; then 27), and
# the steps they wait in, whose fields give the status, in one more, and the language switcher's
# nearest English page (the section has no translation).
INDEX_QUERIES = 26


def add_documents(tree, count, submit_to=None):
    """`count` published mandates and agreements, half of them waiting in the workflow."""
    pages = []
    for n in range(count):
        factory = MandatePageFactory if n % 2 else AgreementPageFactory
        pages.append(factory(parent=tree.governance, title=f"Dokument {n}", publish=True))
    if submit_to is not None:
        for page in pages[::2]:
            page.get_workflow().start(page, submit_to)
    return pages


def queries_of_the_index(client, django_assert_num_queries, tree, expected):
    client.get(tree.governance.url)  # warm up the site root and the menus
    with django_assert_num_queries(expected):
        response = client.get(tree.governance.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_index_page_runs_a_fixed_number_of_queries(
    client, tree, rag_user, django_assert_num_queries, count
):
    add_documents(tree, count, submit_to=rag_user)
    client.force_login(rag_user)
    html = queries_of_the_index(client, django_assert_num_queries, tree, INDEX_QUERIES)
    for n in range(count):
        assert f"Dokument {n}" in html
    # The prefetched workflow states give the statuses: the submitted half waits for input.
    assert html.count("Til innspill") == len(range(0, count, 2))
