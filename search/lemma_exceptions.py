"""The project's own lemmas, for the words where simplemma's bokmål data is wrong for search.

One entry per lemma: the lemma (as written, with æ/ø/å), and the inflected forms that must
become it. A lemma listed here is final: it is folded but not stemmed again (so «leder» stays
«leder» and does not meet «lede»/«led»), and every word simplemma lemmatises to it is final as
well. Add a form here only with a word class comment saying why simplemma and the stemmer fail.
`search.norwegian` reads this once; the Elasticsearch settings read the same table through
`search.norwegian.lemma_overrides()`.
"""

EXCEPTIONS: dict[str, tuple[str, ...]] = {
    # Nouns whose plural is also a verb form: simplemma picks the verb («sykler» → «sykle»,
    # «hender» → «hende» «happen»), and the stemmer cuts the plural to a stem the singular
    # does not have («sykl», «hend»).
    "sykkel": ("sykkelen", "sykler", "syklene", "sykkels", "syklers"),
    "hånd": ("hånden", "hånda", "hender", "hendene"),
    # Irregular plurals where simplemma gives an odd lemma («bøkene» → «bøk» «beech»,
    # «brødre» → «broder»), which then does not meet the singular.
    "bok": ("boka", "boken", "bøker", "bøkene"),
    "bror": ("broren", "brødre", "brødrene", "brors"),
    # A present tense simplemma takes for a word of its own («går» → «går»).
    "gå": ("går", "gikk", "gått"),
    # Agent nouns in -er that simplemma and the stemmer take for a verb's present tense
    # («leder» → «led»), so the noun would meet «lede», «led» and «ledd». The noun wins.
    "leder": ("lederen", "ledere", "lederne", "leders", "lederens", "lederes"),
    # Latin -um nouns whose short stem is a different word: the general -um rule (forms on
    # the stem + -et/-er/-ene) does not apply to a stem under four letters («for» + «et»
    # is «foret»), so their forms are listed.
    "forum": ("forumet", "forumer", "forumene", "fora", "forumets"),
    "album": ("albumet", "albumer", "albumene", "albumets"),
}
