"""The search log for editors: what people search for most, and what found nothing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.template.response import TemplateResponse
from django.utils import timezone

from search.models import SearchQueryLog
from search.service import whole_number

DEFAULT_DAYS = 30
LIMIT = 50


def can_view_log(user) -> bool:
    """Editors who manage search promotions, or anyone given the log's view permission."""
    return user.has_perm("wagtailsearchpromotions.change_query") or user.has_perm(
        "alor_search.view_searchquerylog"
    )


def search_log(request):
    if not can_view_log(request.user):
        raise PermissionDenied
    days = whole_number(request.GET.get("days", ""))
    days = days if days is not None and 1 <= days <= 3650 else DEFAULT_DAYS
    since = timezone.now() - timedelta(days=days)
    recent = SearchQueryLog.objects.filter(created_at__gte=since)
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
