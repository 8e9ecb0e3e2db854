"""Pages of the letters app that used to fail with a server error."""

import pytest
from django.urls import reverse

from letters import services
from letters.models import Letter
from palliative.models import Role

from .factories import lmn_request_with_coverage

pytestmark = pytest.mark.django_db


def test_edit_details_opens_on_every_lmn_request(client_as):
    lmn = lmn_request_with_coverage()
    response = client_as(Role.FRONT_DESK).get(reverse("letters:request_edit", args=[lmn.pk]))
    assert response.status_code == 200
    assert "Edit LMN request" in response.content.decode()


def test_edit_details_saves_without_asking_who_signs(client_as):
    lmn = lmn_request_with_coverage()
    client = client_as(Role.FRONT_DESK)
    client.post(
        reverse("letters:request_edit", args=[lmn.pk]),
        {
            "procedure_code": "99350",
            "treatment": "Home visits, weekly",
            "diagnoses": "C34.90",
            "due_date": lmn.due_date.isoformat(),
        },
    )
    lmn.refresh_from_db()
    assert lmn.treatment == "Home visits, weekly"


def test_a_long_treatment_drafts_a_letter_with_a_shortened_subject():
    lmn = lmn_request_with_coverage(treatment=("Home palliative visits " + "with symptom review " * 10)[:200])
    assert len(lmn.treatment) == 200
    letter = services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    stored = Letter.objects.get(pk=letter.pk)
    assert len(stored.subject) <= 200
    assert stored.subject.startswith("Letter of medical necessity: 99350 Home palliative visits")
    assert stored.subject.endswith("…")
    assert stored.facts["treatment"].endswith(lmn.treatment.strip())
