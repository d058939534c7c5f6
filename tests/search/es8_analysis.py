"""Elasticsearch 8's built-in analysis components, to check rendered index settings against.

Vendored from the Elasticsearch 8 reference («Text analysis» → «Tokenizer reference», «Token
filter reference», «Character filters reference», «Built-in analyzer reference»,
elastic.co/guide/en/elasticsearch/reference/8.19/analysis.html) and the typed API
specification (github.com/elastic/elasticsearch-specification,
specification/_types/analysis/{tokenizers,token_filters,char_filters,analyzers}.ts): each
component type, and the options a definition of that type must have («one of» where the
reference says either of two will do). Plugin components (ICU, kuromoji, nori, phonetic) are
left out: a stock cluster has none of them.

Also the names usable without a definition (the built-in components under their own name).
"""

# type -> required options; a tuple of alternatives means «one of these».
TOKENIZERS = {
    "char_group": ["tokenize_on_chars"],
    "classic": [],
    "edge_ngram": [],
    "keyword": [],
    "letter": [],
    "lowercase": [],
    "ngram": [],
    "path_hierarchy": [],
    "pattern": [],
    "simple_pattern": [],
    "simple_pattern_split": [],
    "standard": [],
    "thai": [],
    "uax_url_email": [],
    "whitespace": [],
}

TOKEN_FILTERS = {
    "apostrophe": [],
    "arabic_normalization": [],
    "arabic_stem": [],
    "asciifolding": [],
    "bengali_normalization": [],
    "brazilian_stem": [],
    "cjk_bigram": [],
    "cjk_width": [],
    "classic": [],
    "common_grams": [("common_words", "common_words_path")],
    "condition": ["filter", "script"],
    "czech_stem": [],
    "decimal_digit": [],
    "delimited_payload": [],
    "dictionary_decompounder": [("word_list", "word_list_path")],
    "dutch_stem": [],
    "edge_ngram": [],
    "elision": [("articles", "articles_path")],
    "fingerprint": [],
    "flatten_graph": [],
    "french_stem": [],
    "german_normalization": [],
    "german_stem": [],
    "hindi_normalization": [],
    "hunspell": [("locale", "lang", "language")],
    "hyphenation_decompounder": ["hyphenation_patterns_path"],
    "indic_normalization": [],
    "keep": [("keep_words", "keep_words_path")],
    "keep_types": ["types"],
    "keyword_marker": [("keywords", "keywords_path", "keywords_pattern")],
    "keyword_repeat": [],
    "kstem": [],
    "length": [],
    "limit": [],
    "lowercase": [],
    "min_hash": [],
    "multiplexer": ["filters"],
    "ngram": [],
    "pattern_capture": ["patterns"],
    "pattern_replace": ["pattern"],
    "persian_normalization": [],
    "porter_stem": [],
    "predicate_token_filter": ["script"],
    "remove_duplicates": [],
    "reverse": [],
    "russian_stem": [],
    "scandinavian_folding": [],
    "scandinavian_normalization": [],
    "serbian_normalization": [],
    "shingle": [],
    "snowball": [],
    "sorani_normalization": [],
    "stemmer": [("language", "name")],
    "stemmer_override": [("rules", "rules_path")],
    "stop": [],
    "synonym": [("synonyms", "synonyms_path", "synonyms_set")],
    "synonym_graph": [("synonyms", "synonyms_path", "synonyms_set")],
    "trim": [],
    "truncate": [],
    "unique": [],
    "uppercase": [],
    "word_delimiter": [],
    "word_delimiter_graph": [],
}

CHAR_FILTERS = {
    "html_strip": [],
    "mapping": [("mappings", "mappings_path")],
    "pattern_replace": ["pattern"],
}

# Analyzer types; «custom» needs a tokenizer.
ANALYZERS = {
    "custom": ["tokenizer"],
    "fingerprint": [],
    "keyword": [],
    "pattern": [],
    "simple": [],
    "standard": [],
    "stop": [],
    "whitespace": [],
    # the language analyzers (the two this project could use)
    "english": [],
    "norwegian": [],
}

# Used by name without a definition in the index settings.
BUILTIN_TOKENIZERS = set(TOKENIZERS)
BUILTIN_TOKEN_FILTERS = set(TOKEN_FILTERS) - {
    name for name, required in TOKEN_FILTERS.items() if required
}
BUILTIN_CHAR_FILTERS = {"html_strip"}
BUILTIN_ANALYZERS = set(ANALYZERS) - {"custom"}

# Field types of an index mapping (those Wagtail's mappings and this project use, and more).
FIELD_TYPES = {
    "binary",
    "boolean",
    "date",
    "double",
    "float",
    "integer",
    "keyword",
    "long",
    "nested",
    "object",
    "short",
    "text",
}
