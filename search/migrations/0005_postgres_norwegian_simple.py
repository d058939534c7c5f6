"""PostgreSQL only: `alor_norwegian` stores the tokens search.norwegian made, as they are.

The text reaching PostgreSQL is already analysed in Python (lemmas, stems, compound parts,
folded; see search/norwegian.py), and the same analysis must hold on SQLite and for
Elasticsearch. Before this migration `alor_norwegian` ran PostgreSQL's Norwegian Snowball
stemmer over those tokens again, which undid what the analysis keeps apart («leder», final,
became «led», the token of «lede»). Now its word tokens go to the `simple` dictionary
(lower case only). A full `update_index` afterwards rebuilds the stored vectors.

Reversing maps them back to `unaccent` (when installed) and the Snowball dictionary of
0002. On other databases this migration does nothing.
"""

from django.db import migrations

from search import textsearch


def to_simple(apps, schema_editor):
    textsearch.map_words_to_simple(schema_editor.connection)


def to_stemmer(apps, schema_editor):
    textsearch.map_words_to_stemmer(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("alor_search", "0004_query_log_private")]

    operations = [migrations.RunPython(to_simple, to_stemmer, elidable=False)]
