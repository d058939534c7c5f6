"""The user groups of the site, by role. Created by a data migration; see kb/migrations."""

EDITORS = "Redaktører"
NETWORK_HOSTS = "Nettverksverter"
RAG = "RAG"
PARTNERS = "Partnere (Akan)"
LEADERS = "Ledergruppen (K7)"

ALL = [EDITORS, NETWORK_HOSTS, RAG, PARTNERS, LEADERS]

# The private collection for RAG's documents (signed agreements, minutes, mandates).
RAG_COLLECTION = "RAG"
# The shared collection where network hosts upload programmes and presentations.
SHARED_COLLECTION = "Felles"


def network_host_group_name(city: str) -> str:
    """The group that hosts one network and edits its subtree."""
    return f"{NETWORK_HOSTS} – {city}"
