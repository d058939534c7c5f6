"""The relevance set: its data files and the generator that writes its documents (README.md)."""
