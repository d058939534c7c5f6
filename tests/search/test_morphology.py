"""Norwegian morphology beyond the stemmer: lemmas, verb and noun, compounds.

The word tests check the analysis the way the backends use it: a text's index tokens
(`index_text`) against a query's terms (`query_terms`: each word its lemma token, or else all
of its compound's parts). The search tests run the same through the configured database
backend (SQLite FTS5 or PostgreSQL) on a small indexed corpus.
"""

import pytest

from search import lemma_exceptions, norwegian, service
from tests.search.conftest import make_document


def meets(text, query):
    """Whether a text that says `text` matches `query`, as the backends match it."""
    tokens = set(norwegian.index_text(text).split())
    terms = norwegian.query_terms(query)
    return bool(terms) and all(
        any(all(tokens.intersection(group) for group in alternative) for alternative in term)
        for term in terms
    )


MEET = [
    # a compound noun in a query meets its parts together, with a linking letter or without
    ("gjeld etter spill", "spillegjeld"),
    ("støtte til ledere", "lederstøtte"),
    ("lederstøtten", "lederstøtte"),
    # nouns in -el that drop the e
    ("regel", "regler"),
    ("reglene", "regel"),
    ("regelen", "reglene"),
    ("sykkel", "sykler"),
    ("syklene", "sykkel"),
    ("middel", "midler"),
    ("midlene", "middel"),
    ("enkel", "enkle"),
    # Latin loanwords
    ("museum", "museet"),
    ("museer", "museum"),
    ("museene", "museet"),
    ("sentrum", "sentret"),
    ("sentrene", "sentrum"),
    ("kriterium", "kriterier"),
    ("kriteriene", "kriteriet"),
    ("forum", "forumet"),
    # strong verbs
    ("gikk", "gå"),
    ("gått", "går"),
    ("drakk", "drikke"),
    ("sto", "stå"),
    ("stod", "stå"),
    ("tok", "ta"),
    # irregular plurals
    ("bøker", "bok"),
    ("bøkene", "boka"),
    ("menn", "mann"),
    ("brødre", "bror"),
    ("hender", "hånd"),
    ("hendene", "hånd"),
    # what the stemmer already did stays
    ("ledere", "leder"),
    ("lederen", "leder"),
    ("leder", "lederne"),
    ("programmet", "program"),
    ("sykefraværet", "sykefravær"),
    ("sykefravær", "sykefravaer"),
    # verb and noun, both ways
    ("kartlegging", "kartlegge"),
    ("kartlegger", "kartlegging"),
    ("testing", "teste"),
    ("forebygging", "forebygge"),
    ("forebygge", "forebyggingen"),
    ("behandling", "behandle"),
    ("samarbeid", "samarbeide"),
    ("utredning", "utrede"),
    ("utrede", "utredningen"),
    # compounds: the other forms of the same compound
    ("alkoholtesting", "alkoholtest"),
    ("alkoholtester", "alkoholtest"),
    ("alkoholtest", "alkoholtestene"),
    ("rusmiddelpolitikken", "rusmiddelpolitikk"),
    ("rusmiddelpolitikk", "rusmiddelpolitikken"),
    ("arbeidslivsprogrammet", "arbeidslivsprogram"),
    ("avdelingslederne", "avdelingsleder"),
    # a part finds the compound
    ("alkoholtesting", "alkohol"),
    ("alkoholtester", "test"),
    ("rusmiddelpolitikken", "politikk"),
    ("rusmiddelpolitikken", "rusmiddel"),
    ("arbeidslivsprogrammet", "program"),
    ("avdelingsleder", "leder"),
    ("sykefravær", "fravær"),
    # a compound query meets its parts written apart only when all are there
    ("test av alkohol", "alkoholtest"),
]

APART = [
    # «leder» is a noun, not «lede» or «led»
    ("led", "leder"),
    ("leder", "led"),
    ("lede", "leder"),
    ("ledet", "lederen"),
    ("regn", "regel"),
    ("regel", "regn"),
    ("regnet", "regler"),
    ("sykle", "sykkel"),
    ("hende", "hånd"),
    ("muse", "museum"),
    ("foret", "forum"),
    ("kart", "kartlegge"),
    ("mening", "mene"),
    # a compound query is no OR of its parts
    ("alkohol", "alkoholtest"),
    ("test", "alkoholtest"),
    ("politikk", "rusmiddelpolitikk"),
    ("program", "arbeidslivsprogram"),
    # a known word is no compound of chance parts
    ("kart for legging", "kartlegging"),
    # prefixes and chance words are no compound parts
    ("gram", "program"),
    ("sund", "Ålesund"),
    ("bygge", "forebygge"),
]


@pytest.mark.parametrize(("text", "query"), MEET, ids=[f"{t}~{q}" for t, q in MEET])
def test_forms_meet(text, query):
    assert meets(text, query), (norwegian.index_text(text), norwegian.query_terms(query))


@pytest.mark.parametrize(("text", "query"), APART, ids=[f"{t}!{q}" for t, q in APART])
def test_words_stay_apart(text, query):
    assert not meets(text, query), (norwegian.index_text(text), norwegian.query_terms(query))


def test_leder_keeps_its_own_token():
    assert norwegian.query_tokens("leder") == ["leder"]
    assert norwegian.query_tokens("lederne") == ["leder"]


def test_every_exception_form_becomes_its_lemma():
    for lemma, forms in lemma_exceptions.EXCEPTIONS.items():
        token = norwegian.phrase_tokens(lemma)
        for form in forms:
            assert norwegian.phrase_tokens(form) == token, (form, lemma)


def test_a_compound_query_is_its_lemma_or_all_its_parts():
    assert norwegian.query_terms("alkoholtest") == [
        ((("alkoholtest",),), (("alkohol",), ("test",)))
    ]
    # several words: each is one term, all must match
    assert len(norwegian.query_terms("alkoholtest sjåfører")) == 2


def test_stop_words_and_numbers():
    assert norwegian.query_terms("og i på") == []
    assert norwegian.index_text("2025 og 17") == "2025 17"


def test_highlighter_tokens_cover_what_a_compound_query_matches():
    query = set(norwegian.query_tokens("alkoholtest"))
    assert query & norwegian.cached_word_tokens("Alkoholtestingen")
    assert query & norwegian.cached_word_tokens("alkoholtester")
    assert not query & norwegian.cached_word_tokens("julebordet")


def test_elasticsearch_data():
    stop = norwegian.stop_words()
    assert "og" in stop and "pa" in stop and not any(set(w) & set("æøå") for w in stop)
    overrides = norwegian.lemma_overrides()
    assert overrides["lederen"] == "leder" and overrides["bokene"] == "bok"
    words = norwegian.compound_words()
    assert "alkohol" in words and "politikk" in words and "fravar" in words


@pytest.fixture
def morphology_corpus(tree):
    def doc(title, text):
        return make_document(title, text)

    return {
        "testing": doc(
            "Retningslinjer for alkoholtesting", "Virksomheten innfører alkoholtesting."
        ),
        "tests": doc("Alkoholtester i transport", "Bruken av alkoholtester øker blant sjåfører."),
        "apart": doc("Alkohol og helse", "En test av hva ansatte vet om alkohol."),
        "alcohol": doc("Alkohol på julebordet", "Alkohol og kultur i bedriften."),
        "rules": doc("Nye regler for parkering", "Reglene gjelder alle sykler ved kontoret."),
        "rain": doc("Regnvær i Bergen", "Det regnet hele uka."),
        "museum": doc("Besøk på museet", "Museene i sentret viser arbeidslivets historie."),
        "books": doc("Bøker om rus", "Bøkene er skrevet for pårørende."),
        "leader": doc("Lederen har ansvar", "Lederne følger opp fraværet."),
        "led": doc("Hun ledet møtet", "Møtet ble ledet godt."),
        "mapping": doc("Kartlegging av arbeidsmiljøet", "En kartlegging gjøres hvert år."),
    }


def _titles(query):
    result = service.search(service.SearchParams(q=query, page_size=20))
    titles = [hit.title for hit in result.results]
    assert result.count == len(titles)
    return titles


def test_a_compound_query_finds_its_forms_and_ranks_them_first(morphology_corpus):
    titles = _titles("alkoholtest")
    assert set(titles[:2]) == {"Retningslinjer for alkoholtesting", "Alkoholtester i transport"}
    assert "Alkohol og helse" in titles[2:]  # both parts, apart: found, ranked below
    assert "Alkohol på julebordet" not in titles  # one part only: not found


def test_a_part_finds_the_compound(morphology_corpus):
    titles = _titles("test")
    assert "Retningslinjer for alkoholtesting" in titles
    assert "Alkoholtester i transport" in titles


def test_irregular_plural_and_loanword_find_each_other(morphology_corpus):
    assert _titles("regel") == ["Nye regler for parkering"]
    assert _titles("sykkel") == ["Nye regler for parkering"]
    assert _titles("regn") == ["Regnvær i Bergen"]
    assert _titles("museum") == ["Besøk på museet"]
    assert _titles("sentrum") == ["Besøk på museet"]
    assert _titles("bok") == ["Bøker om rus"]


def test_leder_is_not_lede(morphology_corpus):
    assert _titles("leder") == ["Lederen har ansvar"]
    assert _titles("lede") == ["Hun ledet møtet"]


def test_verb_finds_the_noun(morphology_corpus):
    assert _titles("kartlegge") == ["Kartlegging av arbeidsmiljøet"]
