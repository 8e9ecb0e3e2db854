from django.conf import settings

from . import pages
from .models import Notification, Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        "role": user.primary_role,
        "roles": [r for r in Role.values if user.has_role(r)],
        "role_label": Role(user.primary_role).label if user.primary_role else "",
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        "nav_entries": pages.entries(pages.NAVIGATION, user),
    }
