from django.urls import path

from search import views
from search.api import api

# The HTML search page, under the language prefix.
page_patterns = [path("", views.search_page, name="search")]

# The JSON API, outside the language prefix (language is a query parameter).
api_patterns = [path("api/search/", api.urls)]
