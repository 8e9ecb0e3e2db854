"""One view shape: a refused form comes back on its own page, bound, with the reason beside it.

Each action posts to its own URL; when the form is invalid, or the service refuses it with a
DomainError, the page the form lives on is rendered again (HTTP 200) instead of redirecting
with the problem flattened into a flash message, and nothing is written.
"""

import pytest
from django.urls import reverse

from billing.models import Claim
from palliative.models import Role

from .factories import ready_claim

pytestmark = pytest.mark.django_db


def test_a_payer_claim_number_with_odd_characters_stays_on_the_claim_page(client_as, fees):
    client = client_as(Role.BILLING)
    claim = ready_claim(by=client.user)
    client.post(reverse("billing:claims_export_837"))
    client.post(reverse("billing:claim_void", args=[claim.pk]))
    correction = Claim.objects.get(frequency_code="8")
    response = client.post(
        reverse("billing:claim_payer_number", args=[correction.pk]), {"payer_claim_number": "12*34~"}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "billing/claim_detail.html"
    assert 'value="12*34~"' in response.content.decode()
    assert "letters, digits and dashes" in response.content.decode()
    assert Claim.objects.get(pk=correction.pk).payer_claim_number == ""
