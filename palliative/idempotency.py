"""Create forms that make one row however often they are posted.

A create form carries a one-time token (`OnceFormMixin`, a hidden field with a fresh UUID).
The view is wrapped in `once_per_form`: the token's row is inserted before the view runs, in
the request's transaction (ATOMIC_REQUESTS), so a second post of the same form, even at the
same moment, waits on the unique index and then finds the first one's result and goes there
instead of saving again. A post that fails validation frees the token, so the corrected form
can be sent.
"""

import uuid
from functools import wraps

from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from .models import FormSubmission

FIELD = "form_token"


class OnceFormMixin:
    """Adds the hidden one-time token to a form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4())


def once_per_form(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _token(request)
        if request.method != "POST" or token is None:
            return view(request, *args, **kwargs)
        submission, created = FormSubmission.objects.get_or_create(token=token, defaults={"user": request.user})
        if not created:
            if submission.user_id != request.user.pk or not submission.result_url:
                messages.warning(request, "This form was already sent.")
                return redirect("palliative:home")
            messages.info(request, "This form was already saved; here is what it made.")
            return redirect(submission.result_url)
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            FormSubmission.objects.filter(pk=submission.pk).update(result_url=response["Location"][:300])
        else:
            submission.delete()
        return response

    return wrapped


def _token(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None
