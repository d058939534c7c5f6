"""The search log for editors: what people search for most, and what found nothing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.template.response import TemplateResponse
from django.utils import timezone

from kb.privacy import passes_every_restriction
from search.models import SearchQueryLog
from search.params import whole_number

DEFAULT_DAYS = 30
LIMIT = 50


def can_view_log(user) -> bool:
    """Editors who manage search promotions, or anyone given the log's view permission."""
    return user.has_perm("wagtailsearchpromotions.change_query") or user.has_perm(
        "alor_search.view_searchquerylog"
    )


def search_log(request):
    """The most frequent queries and those that found nothing, of the last `days` days.

    Who sees which queries: a query made by someone who may see more than the public (a RAG
    member, say) may speak of what they see, so it is logged as private and shown only to
    those who pass every group and login restriction themselves (RAG members while RAG's is
    the only one, superusers). Everyone else with the log sees only the queries of visitors
    and of users who see no more than the public — the log never tells an editor outside RAG
    what RAG searches for.
    """
    if not can_view_log(request.user):
        raise PermissionDenied
    days = whole_number(request.GET.get("days", ""))
    days = days if days is not None and 1 <= days <= 3650 else DEFAULT_DAYS
    since = timezone.now() - timedelta(days=days)
    recent = SearchQueryLog.objects.filter(created_at__gte=since)
    if not passes_every_restriction(request.user):
        recent = recent.filter(private=False)
    grouped = (
        recent.values("normalised")
        .annotate(searches=Count("pk"), results=Max("result_count"), last=Max("created_at"))
        .order_by("-searches", "normalised")
    )
    context = {
        "days": days,
        "day_choices": [7, 30, 90, 365],
        "frequent": grouped[:LIMIT],
        "zero": grouped.filter(results=0)[:LIMIT],
        "total": recent.count(),
    }
    return TemplateResponse(request, "search/admin/search_log.html", context)
