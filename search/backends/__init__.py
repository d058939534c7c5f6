"""Search backends with Norwegian analysis; chosen in settings (WAGTAILSEARCH_BACKENDS)."""
