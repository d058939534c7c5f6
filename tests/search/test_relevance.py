"""The Norwegian relevance set: queries as people write them, and what they must find.

Each case runs through the search service on whichever database backend the tests use
(SQLite FTS5 or PostgreSQL), so the analysis is checked where it happens: in the backend.
"""

import pytest

from search import norwegian, service

# (query, titles that must be found, the title that must come first or None, titles that
# must not be found)
ALCOHOL = "Sykefravær og alkohol i arbeidslivet"
RELATIVES = "Pårørende på jobben"
GAMBLING = "Spilleavhengighet blant ansatte"
NETWORK = "alor Møre og Romsdal"
GATHERING = "Nettverkssamling våren 2025"
SLIDES = "Presentasjon: rusmiddelbruk og fravær"
TALK = "Foredrag fra samlingen"
SCAN = "Skannet program"

CASES = [
    # æ/ø/å written without them, or as ae/oe/aa
    ("sykefravar", [ALCOHOL, SLIDES], ALCOHOL, [GAMBLING]),
    ("sykefravaer", [ALCOHOL, SLIDES], ALCOHOL, []),
    ("parorende", [RELATIVES, SCAN], RELATIVES, [ALCOHOL]),
    ("alesund", [NETWORK, GATHERING], None, [ALCOHOL]),
    ("Aalesund", [NETWORK, GATHERING], None, []),
    ("ÅLESUND", [NETWORK, GATHERING], None, []),
    # definite and plural forms
    ("sykefraværet", [ALCOHOL, SLIDES], ALCOHOL, []),
    ("pårørendes", [RELATIVES, SCAN], None, []),
    ("programmet", [GATHERING, SCAN], None, [ALCOHOL]),
    ("samlinger", [GATHERING, TALK], None, []),
    ("møter", [GATHERING, SCAN], None, []),
    ("arbeidsplassene", [ALCOHOL, GAMBLING], None, [RELATIVES]),
    # compounds: a part finds the compound
    ("fravær", [ALCOHOL, SLIDES], None, [GAMBLING]),
    ("avhengighet", [GAMBLING], GAMBLING, [ALCOHOL]),
    ("bruk", [ALCOHOL, SLIDES], None, [RELATIVES]),
    ("rusmiddelbruk", [SLIDES], SLIDES, []),
    # words only inside a document's text
    ("lysark", [SLIDES], SLIDES, [ALCOHOL]),
    ("gambling", [TALK], TALK, []),
    # several words: all must match, best first
    ("sykefravær alkohol", [ALCOHOL], ALCOHOL, [SLIDES, RELATIVES]),
    ("samling Ålesund", [GATHERING], GATHERING, [ALCOHOL]),
]


@pytest.mark.parametrize(("query", "found", "first", "absent"), CASES, ids=[c[0] for c in CASES])
def test_relevance(corpus, query, found, first, absent):
    result = service.search(service.SearchParams(q=query, page_size=20))
    titles = [hit.title for hit in result.results]
    for title in found:
        assert title in titles, f"{query!r} should find {title!r}; found {titles}"
    if first:
        assert titles[0] == first, f"{query!r} should rank {first!r} first; got {titles}"
    for title in absent:
        assert title not in titles, f"{query!r} should not find {title!r}"
    assert result.count == len(titles)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sykefravær", "sykefravar"),
        ("sykefraværet", "sykefravaer"),
        ("pårørende", "parorende"),
        ("Ålesund", "aalesund"),
        ("programmet", "program"),
        ("samlingene", "samling"),
        ("møtet", "møter"),
    ],
)
def test_analysis_maps_forms_to_one_token(a, b):
    assert norwegian.phrase_tokens(a) == norwegian.phrase_tokens(b)


def test_compound_indexes_its_parts():
    tokens = norwegian.index_text("sykefravær").split()
    assert norwegian.query_tokens("fravær")[0] in tokens
    assert norwegian.query_tokens("syke")[0] in tokens


def test_stop_words_only_is_not_searchable(corpus):
    result = service.search(service.SearchParams(q="og i på"))
    assert not result.searchable
    assert result.count == 0
