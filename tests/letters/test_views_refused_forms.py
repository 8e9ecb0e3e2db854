"""One view shape: a refused form comes back on its own page, bound, with the reason beside it.

Each action posts to its own URL; when the form is invalid, or the service refuses it with a
DomainError, the page the form lives on is rendered again (HTTP 200) instead of redirecting
with the problem flattened into a flash message, and nothing is written.
"""

import pytest
from django.urls import reverse

from letters import services
from letters.models import LMNRequest
from palliative.models import Role

from .factories import SupportingDocumentFactory, lmn_request_with_coverage

pytestmark = pytest.mark.django_db


def test_a_send_back_note_too_long_is_shown_on_the_request_page(client_as):
    lmn = lmn_request_with_coverage()
    SupportingDocumentFactory(lmn_request=lmn)
    services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    response = client_as(Role.FRONT_DESK).post(
        reverse("letters:request_return_to_draft", args=[lmn.pk]), {"note": "x" * 501}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 500 characters" in response.content.decode()
    assert LMNRequest.objects.get(pk=lmn.pk).status == LMNRequest.Status.IN_REVIEW


def test_an_edit_the_service_refuses_keeps_what_was_typed(client_as):
    lmn = lmn_request_with_coverage()
    LMNRequest.objects.filter(pk=lmn.pk).update(status=LMNRequest.Status.SUBMITTED)
    response = client_as(Role.FRONT_DESK).get(reverse("letters:request_edit", args=[lmn.pk]))
    data = {**response.context["form"].initial, "treatment": "Home oxygen, revised"}
    data = {k: v for k, v in data.items() if v is not None}
    response = client_as(Role.FRONT_DESK).post(reverse("letters:request_edit", args=[lmn.pk]), data)
    assert response.status_code == 200
    assert "can no longer be edited" in " ".join(response.context["form"].non_field_errors())
    assert "Home oxygen, revised" in response.content.decode()
    assert LMNRequest.objects.get(pk=lmn.pk).treatment != "Home oxygen, revised"
