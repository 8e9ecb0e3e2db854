"""Who may open which page: every view is wrapped in `role_required`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Role

ALL_STAFF = (Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN)
CLINICAL = (Role.FRONT_DESK, Role.PROVIDER, Role.ADMIN)


def role_required(*roles: str):
    """Require login (302 to the login page) and one of `roles` (403 otherwise).

    The allowed roles are kept on the view as `allowed_roles`, so the URL walk in the tests
    can find a view that has no rule.
    """
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.allowed_roles = frozenset(roles)
        return guarded

    return decorator
