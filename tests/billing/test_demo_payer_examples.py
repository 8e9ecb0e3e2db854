"""The demo practice shows the payer rules of issue 10: a Medicare Advantage patient billed to
the plan before hospice and to Original Medicare with GV after, an ACP given incident-to, and
reopenings of denied Medicare claims."""

import pytest
from django.core.management import call_command

from billing.models import Claim, Reopening
from palliative.models import ACPSession

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_ma_patient_an_incident_to_acp_and_reopenings():
    call_command("seed_demo")
    claims = {c.coverage.payer.payer_type: c for c in Claim.objects.filter(patient__mrn="RB19001")}
    assert set(claims) == {"medicare_adv", "medicare"}
    assert claims["medicare"].lines.get().modifiers == ["GV"]
    assert ACPSession.objects.get(incident_to=True).performed_by == "Grace Obi, RN"
    assert sorted(Reopening.objects.values_list("answer", flat=True)) == ["granted", "pending"]
