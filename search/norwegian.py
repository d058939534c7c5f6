"""Norwegian text analysis shared by the database search backends, the highlighter and the
Elasticsearch settings.

Index time and query time go through the same functions, so a query matches whatever way
it is written. Each word becomes one or more tokens:

- lower case; a word made of stop words only is dropped (Snowball's bokmål list, folded);
- its lemma: the project's exceptions first (`search/lemma_exceptions.py`: the words where the
  data below is wrong for search, such as «leder», «sykler», «bøkene»), then Latin -um nouns
  on their stem («museet», «museer», «sentret», «kriteriene» → «museum», «sentrum»,
  «kriterium»), then simplemma's bokmål dictionary (irregular inflection: «regler» → «regel»,
  «midler» → «middel», «bøker» → «bok», «menn» → «mann», «gikk» → «gå», «drakk» → «drikke»,
  «sto» → «stå», «tok» → «ta»), then simplemma's rules for a word it does not know;
- æ/ø/å folded (æ→a, ø→o, å→a; «ae», «oe», «aa» typed instead fold the same way), other
  accents dropped (é→e);
- Snowball's Norwegian stemmer applied to the folded lemma until it stops changing, and a
  final double consonant undoubled, so forms simplemma does not know still meet
  («sykefravaeret» typed without æ meets «sykefravær»); a lemma from the exceptions is final;
- an -ing/-ning noun also yields its verb when the dictionary knows it («kartlegging» also
  «kartlegge», «utredning» also «utrede»), at index and query time alike, so either finds the
  other;
- a compound also yields its parts, split by the dictionary: a known lemma (with a linking
  «s» or «e»), then a known word form, longest last part first, parts of parts too
  («rusmiddelpolitikken» → «rusmiddel», «politikk», «rus», «middel»). A known word is split
  on its lemma («sentrene» → «sentrum», no split), an unknown one as written.

At index time every token of a word is stored (its lemma token, the verb, the parts). A
query word matches its lemma token or verb; a compound also matches all of its parts
together: «alkoholtest» searches `alkoholtest OR (alkohol AND test)`, so it finds
«alkoholtesting», «alkoholtester» and «test av alkohol», never a text with only «alkohol» in
it, and a text with the compound itself ranks first (it holds every token, and the compound's
own token is the rarest). «spillegjeld» finds «gjeld etter spill» the same way; a verb the
dictionary knows and its -ing noun do not («kartlegging» is no «kart» and «legge»).
`query_terms()` gives that structure; the backends render it in their own query syntax.
`query_tokens()` flattens it (the highlighter marks a word holding any of them).

The data loads lazily, once per process (simplemma's bokmål dictionary: about 640,000 forms,
0.5 s and about 80 MB), and every word's analysis is cached. For Elasticsearch the same data
is exposed: `stop_words()`, `lemma_overrides()`, `compound_words()` and `lemma_rules()`.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import simplemma
import snowballstemmer
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

from search.lemma_exceptions import EXCEPTIONS

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TOKEN_LENGTH = 60
LANGUAGE = "nb"  # simplemma's bokmål

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

# Latin -um nouns: an inflected form is its stem plus one of these endings («muse|et»,
# «sentr|ene», «kriteri|er»), and the stem plus «um» is the lemma. Not for stems under four
# letters, which are other words («for|et»); those are in the exceptions.
UM_ENDINGS = ("enes", "ets", "ers", "ene", "et", "er")
MIN_UM_STEM = 4

# Compounds: the last part at least 4 letters, a first part at least 3, the word at least 7,
# both parts together at least 9 (short parts are mostly chance words: «mate|rial»,
# «pro|gram»); a first part may end in a linking letter.
LINKING_LETTERS = ("s", "e")
MIN_HEAD = 3
MIN_TAIL = 4
MIN_COMPOUND = 7
MIN_PARTS = 9
MAX_SPLIT_DEPTH = 2
# Verb prefixes the dictionary also knows as words: «forebygge» is no kind of «bygge».
NOT_FIRST_PARTS = frozenset(("fore", "fram", "frem", "over", "under", "sammen", "gjennom", "bort"))

# -ing nouns and their verbs: «kartlegg|ing» → «kartlegge», «utred|ning» → «utrede». The verb
# must be a known lemma of at least five letters («mening» does not become «mene»).
VERB_ENDINGS = ("ing", "ning")
MIN_VERB = 5


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


@dataclass(frozen=True)
class Lexicon:
    forms: Mapping[str, str]  # simplemma's bokmål mapping, word form → lemma (a read-only Mapping)
    lemmas: frozenset[str]  # every lemma the dictionary knows, as written
    overrides: dict[str, str]  # the project's exceptions: form (and lemma) → lemma
    final: frozenset[str]  # the exceptions' lemmas, folded: not stemmed again


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The analysis data, loaded once per process on first use."""
    forms = DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANGUAGE)
    raw = getattr(forms, "_dict", None)  # simplemma's bytes dict: its values decode faster
    if isinstance(raw, dict):
        lemmas = frozenset(value.decode() for value in set(raw.values()))
    else:
        lemmas = frozenset(forms.values())
    overrides = {}
    for lemma, inflected in EXCEPTIONS.items():
        overrides[lemma] = lemma
        for form in inflected:
            overrides[form] = lemma
    final = frozenset(fold(lemma) for lemma in EXCEPTIONS)
    return Lexicon(
        forms=forms, lemmas=lemmas | frozenset(EXCEPTIONS), overrides=overrides, final=final
    )


@lru_cache(maxsize=200_000)
def lemma(lower: str) -> tuple[str, bool]:
    """The lemma of a lower-case word (as written, not folded), and whether the data knows
    the word (False: simplemma's rules guessed, or the word is kept as it is)."""
    lex = lexicon()
    if lower in lex.overrides:
        return lex.overrides[lower], True
    for ending in UM_ENDINGS:
        if lower.endswith(ending):
            base = lower[: -len(ending)]
            if len(base) >= MIN_UM_STEM and base + "um" in lex.lemmas:
                return base + "um", True
    known = lex.forms.get(lower)
    if known is not None:
        return lex.overrides.get(known, known), True
    if not lower.isalpha():
        return lower, False
    guessed = simplemma.lemmatize(lower, lang=LANGUAGE).lower()
    return lex.overrides.get(guessed, guessed), guessed in lex.overrides


def stem_once(folded: str) -> str:
    """One Snowball pass and a final double consonant undone: for a lemma, which is no
    inflected form (stemming it until stable cuts «kartlegge» to «kart»)."""
    if folded.isdigit():
        return folded
    return _undouble(_STEMMER.stemWord(folded))


def _lemma_token(lemma_: str, known: bool = True) -> str:
    """A lemma's token: an exception's lemma folded, a known lemma stemmed once, a guessed
    one stemmed until stable (as an unknown inflected form must be)."""
    folded = fold(lemma_)[:MAX_TOKEN_LENGTH]
    if folded in lexicon().final:
        return folded
    return stem_once(folded) if known else stem(folded)


def _verb(lemma_: str) -> str | None:
    """The verb of an -ing/-ning noun's lemma, when the dictionary knows it."""
    lemmas = lexicon().lemmas
    for ending in VERB_ENDINGS:
        if lemma_.endswith(ending):
            verb = lemma_[: -len(ending)] + "e"
            if len(verb) >= MIN_VERB and verb in lemmas:
                return verb
    return None


@lru_cache(maxsize=200_000)
def split_compound(lower: str, depth: int = 0) -> tuple[str, str] | None:
    """(first part, last part) of a compound, as written (the first part's linking letter
    dropped); None if the word is no compound the dictionary can split."""
    if len(lower) < MIN_COMPOUND or not lower.isalpha():
        return None
    lex = lexicon()
    best, best_key = None, None
    for i in range(MIN_HEAD, len(lower) - MIN_TAIL + 1):
        head, tail = lower[:i], lower[i:]
        if tail not in lex.lemmas and lex.forms.get(tail) is None:
            continue
        readings = []  # (first part, a known lemma, with a linking letter)
        if head in lex.lemmas:
            readings.append((head, True, False))
        elif depth < MAX_SPLIT_DEPTH and split_compound(head, depth + 1):
            readings.append((head, False, False))
        if head.endswith(LINKING_LETTERS) and len(head) > MIN_HEAD and head[:-1] in lex.lemmas:
            readings.append((head[:-1], True, True))
        for part, lemma_head, linked in readings:
            if (
                fold(part) in STOP_WORDS
                or part in NOT_FIRST_PARTS
                or len(part) + len(tail) < MIN_PARTS
            ):
                continue  # «for|bygge», «pro|gram», «ale|sund»: prefixes and chance words
            # A first part the dictionary knows wins over one that is a compound itself
            # («arbeidsliv|s|programmet», not «arbeidslivsprog|rammet»), then the longest
            # («kurs|sted», not «kur|s|sted»).
            # With the same first part, no linking letter taken from a last part that is a
            # word with it («leder|støtte», not «leder|s|tøtte»), else the linking letter
            # («avdeling|s|leder», not «avdeling|sleder», only a form of «slede»).
            whole_tail = not linked or head[-1] + tail not in lex.lemmas
            key = (lemma_head, len(part), whole_tail, linked)
            if best_key is None or key > best_key:
                best, best_key = (part, tail), key
    return best


@dataclass(frozen=True)
class WordAnalysis:
    """One word's tokens: `main` are the word's own (its lemma's token, and its verb's for an
    -ing noun), any of which matches it; `parts` are its compound's first and last part,
    each analysed the same way; `tokens` every token stored for it in the index.
    `by_parts`: a query for the word also matches all its parts together (a compound noun:
    «alkoholtest» finds «test av alkohol», «spillegjeld» finds «gjeld etter spill»; not a
    verb the dictionary knows, nor its -ing noun)."""

    main: tuple[str, ...]
    parts: tuple["WordAnalysis", ...]
    tokens: tuple[str, ...]
    by_parts: bool = False


_EMPTY = WordAnalysis((), (), ())


@lru_cache(maxsize=200_000)
def _analyse_lower(lower: str, depth: int = 0) -> WordAnalysis:
    if lower.isdigit():
        return WordAnalysis((lower,), (), (lower,))
    lemma_, known = lemma(lower)
    # A compound also matches its parts together, but not a verb the dictionary knows or its
    # -ing noun: «kartlegge», «kartlegging» are no «kart» and «legge» apart.
    lexical_verb = known and (
        bool(_verb(lemma_)) or (lemma_.endswith("e") and lemma_[:-1] + "ing" in lexicon().lemmas)
    )
    # A known word is split on its lemma (its inflection is the last part's); an unknown one
    # as written, and its lemma is then its first part as written with the last part's lemma
    # («avdelingslederne» → «avdelings» + «leder», «alkoholtester» → «alkohol» + «teste»).
    split = split_compound(lemma_ if known else lower) if depth <= MAX_SPLIT_DEPTH else None
    final = False
    tail_lemma = ""
    if split:
        # A compound of a final lemma is final too («avdelingsleder» keeps its «leder»).
        tail_lemma, tail_known = lemma(split[1])
        final = fold(tail_lemma) in lexicon().final
        if not known:
            known = tail_known
            lemma_ = lower[: len(lower) - len(split[1])] + tail_lemma
        elif final:
            lemma_ = lemma_[: len(lemma_) - len(split[1])] + tail_lemma
    main = [fold(lemma_)[:MAX_TOKEN_LENGTH] if final else _lemma_token(lemma_, known)]
    verb = _verb(lemma_)
    if not verb and split and lemma_.endswith(tail_lemma):
        # A compound's verb: its first part and the last part's verb («alkoholtesting» →
        # «alkoholteste»), so «alkoholtest» meets «alkoholtesting» as a word, not only by parts.
        tail_verb = _verb(tail_lemma)
        if tail_verb:
            verb = lemma_[: len(lemma_) - len(tail_lemma)] + tail_verb
    if verb:
        token = _lemma_token(verb)
        if token not in main:
            main.append(token)
    parts = tuple(_analyse_lower(part, depth + 1) for part in split) if split else ()
    tokens = list(main)
    for part in parts:
        tokens.extend(t for t in part.tokens if t not in tokens)
    by_parts = bool(parts) and not lexical_verb
    return WordAnalysis(tuple(main), parts, tuple(tokens), by_parts=by_parts)


@lru_cache(maxsize=200_000)
def analyse(word: str) -> WordAnalysis:
    """The analysis of one word as written (any case); empty for a stop word."""
    folded = fold(word)[:MAX_TOKEN_LENGTH]
    if not folded or folded in STOP_WORDS:
        return _EMPTY
    return _analyse_lower(word.lower()[: MAX_TOKEN_LENGTH * 2])


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def word_tokens(word: str, *, with_parts: bool) -> list[str]:
    """The tokens of one word: all that are indexed for it, or (without parts) its own."""
    analysis = analyse(word)
    return list(analysis.tokens if with_parts else analysis.main)


@lru_cache(maxsize=200_000)
def _folded_word(word: str) -> str:
    return fold(word)[:MAX_TOKEN_LENGTH]


def index_text(text: str) -> str:
    """Text as stored in the full-text index: every word's tokens, space separated."""
    out: list[str] = []
    for word in words(text):
        out.extend(analyse(word).tokens)
    return " ".join(out)


def autocomplete_text(text: str) -> str:
    """Text for prefix matching: folded words, not stemmed (a prefix of a stem may not be)."""
    return " ".join(_folded_word(w) for w in words(text))


# A query term: the alternatives one query word matches, any of which will do; an
# alternative is a conjunction of groups, each group a set of tokens any of which will do.
# «alkoholtesting» → ((("alkoholtesting", "alkoholtest"),), (("alkohol",), ("testing", "test")))
Group = tuple[str, ...]
Alternative = tuple[Group, ...]
Term = tuple[Alternative, ...]


def _term(analysis: WordAnalysis) -> Term:
    alternatives: list[Alternative] = [(analysis.main,)]
    if analysis.by_parts:
        alternatives.append(tuple(part.main for part in analysis.parts))
    return tuple(alternatives)


def query_terms(query: str) -> list[Term]:
    """The terms of a query, one per searchable word, in order, without repeats."""
    terms: list[Term] = []
    for word in words(query):
        analysis = analyse(word)
        if analysis.main:
            term = _term(analysis)
            if term not in terms:
                terms.append(term)
    return terms


def render_query(
    terms: Iterable[Term],
    *,
    operator: str,
    quote: Callable[[str], str],
    and_: str,
    or_: str,
) -> str:
    """A query's terms in a backend's syntax: `quote(token)` a token, `and_`/`or_` the
    operators (with their spaces); the terms joined by `operator` ("and" or "or"). Every
    combination is parenthesised, so the result can be combined further."""

    def any_of(items: Iterable[str]) -> str:
        unique = list(dict.fromkeys(items))
        return unique[0] if len(unique) == 1 else "(" + or_.join(unique) + ")"

    def all_of(items: Iterable[str]) -> str:
        unique = list(dict.fromkeys(items))
        return unique[0] if len(unique) == 1 else "(" + and_.join(unique) + ")"

    rendered = [
        any_of(all_of(any_of(quote(t) for t in group) for group in alt) for alt in term)
        for term in terms
    ]
    return (all_of if operator == "and" else any_of)(rendered)


def query_tokens(query: str) -> list[str]:
    """Every token a query searches for, in order, without repeats (for the highlighter and
    to tell whether a query has searchable words)."""
    tokens: list[str] = []
    for term in query_terms(query):
        for alternative in term:
            for group in alternative:
                tokens.extend(t for t in group if t not in tokens)
    return tokens


def phrase_tokens(query: str) -> list[str]:
    """One token per searchable word, for a phrase: each word's lemma token."""
    return [term[0][0][0] for term in query_terms(query)]


def prefix_tokens(query: str) -> list[str]:
    """Folded words for autocomplete (the last one is matched as a prefix)."""
    return [fold(w)[:MAX_TOKEN_LENGTH] for w in words(query) if fold(w)]


@lru_cache(maxsize=200_000)
def cached_word_tokens(word: str) -> frozenset[str]:
    """Every token indexed for a word, as a set (the highlighter calls it a lot)."""
    return frozenset(analyse(word).tokens)


# The same data for an Elasticsearch index's analysis settings.


def stop_words() -> list[str]:
    """The stop words as the analysis drops them: folded, sorted."""
    return sorted(STOP_WORDS)


def lemma_overrides() -> dict[str, str]:
    """The project's exceptions as folded form → final token (a `stemmer_override` table)."""
    return {fold(form): fold(lemma_) for form, lemma_ in lexicon().overrides.items()}


def compound_words() -> list[str]:
    """The folded lemmas compounds are split on (a `dictionary_decompounder` word list)."""
    return sorted({fold(lemma_) for lemma_ in lexicon().lemmas if lemma_.isalpha()})


def lemma_rules() -> Iterator[tuple[str, str]]:
    """(folded word form, token) for every form the dictionary knows whose token is not what
    the stemmer alone makes of it: a `stemmer_override` rule set that, put before the same
    stemmer, gives Elasticsearch this analysis's tokens. Where forms that differ only in
    æ/ø/å fold together, the first in the dictionary's order wins."""
    seen = set()
    for form in lexicon().forms:
        lower = form.lower()
        if not lower.isalpha():
            continue
        folded = fold(lower)[:MAX_TOKEN_LENGTH]
        if folded in seen or folded in STOP_WORDS:
            continue
        seen.add(folded)
        token = _lemma_token(*lemma(lower))
        if token != stem(folded):
            yield folded, token
