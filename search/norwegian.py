"""Norwegian text analysis shared by the database search backends and the highlighter.

Index time and query time go through the same functions, so a query matches whatever way
it is written:

- lower case, and æ/ø/å folded (æ→a, ø→o, å→a; «ae», «oe», «aa» typed instead fold the same
  way), other accents dropped (é→e);
- Snowball's Norwegian stemmer applied until the word stops changing, and a final double
  consonant undoubled, so «sykefraværet», «sykefravær» and «sykefravar» become one token, as
  do «programmet» and «program»;
- common stop words dropped;
- at index time only, compounds made of known parts also yield their parts
  («sykefravær» also indexes «fravær», «rusmiddelbruk» also «rusmiddel» and «bruk»).
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TOKEN_LENGTH = 60

_STEMMER = snowballstemmer.stemmer("norwegian")

_FOLD_TABLE = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u"})
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("aa", "a"))

# Snowball's Norwegian stop word list (bokmål), folded.
STOP_WORDS = frozenset(
    """
    og i jeg det at en et den til er som pa de med han av ikke ikkje der sa var meg seg men
    ett har om vi min mitt ha hadde hun na over da ved fra du ut sin dem oss opp man kan hans
    hvor eller hva skal selv sjol her alle vil bli ble blei blitt kunne inn nar vare kom noen
    noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot a meget hvorfor
    dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sann inni mellom var hver
    hvem vors hvis bade bare enn fordi for mange ogsa slik vart begge siden henne hennar honom
    hun hans
    """.split()
)

# Parts that make up the compounds the networks write about (folded, unstemmed). A compound
# whose tail (and optionally head) is one of these also matches the part on its own.
COMPOUND_PARTS = frozenset(
    """
    syke fravar alkohol rus rusmiddel middel midler bruk misbruk spill spille avhengighet
    arbeid arbeids liv arbeidsliv helse forebygging samling nettverk program ledelse leder
    avtale samarbeid mandat mote referat politikk plan handlingsplan ansatt ansatte tillit
    verneombud parorende problem problemer miljo kultur tiltak dag dager konferanse
    presentasjon foredrag skade gambling dop doping medikament medisin narkotika tobakk snus
    livsstil trivsel narvar oppfolging samtale kompetanse kurs opplaring region
    """.split()
)
LINKING_LETTERS = ("s", "e")
MIN_PART_LENGTH = 3


def fold(word: str) -> str:
    """Lower case, æ/ø/å and their digraphs folded, accents removed."""
    word = word.lower().translate(_FOLD_TABLE)
    word = "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def stem(folded: str) -> str:
    """The stem of a folded word: Snowball until stable, then a final double consonant undone."""
    if folded.isdigit():
        return folded
    word = folded
    for _ in range(5):
        new = _undouble(_STEMMER.stemWord(word))
        if new == word:
            break
        word = new
    return word


@lru_cache(maxsize=100_000)
def compound_parts(folded: str) -> tuple[str, ...]:
    """The known parts of a compound (folded), longest tail first; () if none."""
    if len(folded) < 2 * MIN_PART_LENGTH + 1:
        return ()
    for i in range(MIN_PART_LENGTH, len(folded) - MIN_PART_LENGTH + 1):
        head, tail = folded[:i], folded[i:]
        tail_known = tail in COMPOUND_PARTS or stem(tail) in _PART_STEMS
        if not tail_known:
            continue
        parts = [tail]
        bare_head = head
        if head.endswith(LINKING_LETTERS) and head[:-1] in COMPOUND_PARTS:
            bare_head = head[:-1]
        if bare_head in COMPOUND_PARTS or head in COMPOUND_PARTS:
            parts.append(bare_head)
        else:
            parts.extend(compound_parts(head))
        return tuple(parts)
    return ()


_PART_STEMS = frozenset(stem(fold(p)) for p in COMPOUND_PARTS)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def word_tokens(word: str, *, with_parts: bool) -> list[str]:
    """The index tokens of one word (its stem, and its parts' stems when asked)."""
    folded = fold(word)[:MAX_TOKEN_LENGTH]
    if not folded or folded in STOP_WORDS:
        return []
    tokens = [stem(folded)]
    if with_parts:
        for part in compound_parts(folded):
            token = stem(part)
            if token not in tokens:
                tokens.append(token)
    return tokens


@lru_cache(maxsize=200_000)
def _index_word(word: str) -> tuple[str, ...]:
    """word_tokens(word, with_parts=True), cached: a text repeats its words, and analysing
    each occurrence again was a fifth of a full reindex."""
    return tuple(word_tokens(word, with_parts=True))


@lru_cache(maxsize=200_000)
def _folded_word(word: str) -> str:
    return fold(word)[:MAX_TOKEN_LENGTH]


def index_text(text: str) -> str:
    """Text as stored in the full-text index: stems (and compound parts), space separated."""
    out = []
    for word in words(text):
        out.extend(_index_word(word))
    return " ".join(out)


def autocomplete_text(text: str) -> str:
    """Text for prefix matching: folded words, not stemmed (a prefix of a stem may not be)."""
    return " ".join(_folded_word(w) for w in words(text))


def query_tokens(query: str) -> list[str]:
    """The tokens a query searches for, in order, without repeats."""
    tokens: list[str] = []
    for word in words(query):
        for token in word_tokens(word, with_parts=False):
            if token not in tokens:
                tokens.append(token)
    return tokens


def prefix_tokens(query: str) -> list[str]:
    """Folded words for autocomplete (the last one is matched as a prefix)."""
    return [fold(w)[:MAX_TOKEN_LENGTH] for w in words(query) if fold(w)]


@lru_cache(maxsize=200_000)
def cached_word_tokens(word: str) -> frozenset[str]:
    """word_tokens(word, with_parts=True) as a set, cached (the highlighter calls it a lot)."""
    return frozenset(_index_word(word))
