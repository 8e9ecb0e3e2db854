"""A remittance that returns a claim as unprocessable (RARC MA130 or N517, or an unprocessable CARC
that appeals.carc.denial_route sends to a new claim) tells billing so, and billing records it on
the claim (`Claim.unprocessable_reason`): only such a claim is sent again as a new claim
(IOM 100-04 ch.1 §80.3.2). Both the 835 import and a paper remittance say it; denials routed
otherwise do not."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from appeals import services
from appeals.models import Denial
from billing.models import Claim

from ..factories import CommercialPayerFactory, PayerFactory
from .factories import DenialFactory, medicare_file_claims, submitted_claim
from .test_import_835 import MEDICARE

pytestmark = pytest.mark.django_db


def _reloaded(claim):
    return Claim.objects.get(pk=claim.pk)


def _paper(claim, *, reason, remarks=(), group="CO"):
    services.remittance_enter_paper(
        claim=claim,
        payer=claim.coverage.payer,
        trace_number="PAPER1",
        payment_date=date(2026, 11, 20),
        notice_date=date(2026, 11, 20),
        lines=[services.PaperLine(claim.lines.get(), Decimal("0"), group, reason, list(remarks))],
        by=None,
    )
    return _reloaded(claim)


def test_an_835_returning_a_claim_with_ma130_marks_it_unprocessable_with_the_codes():
    claims = medicare_file_claims()
    summary = services.remittance_import_835(text=MEDICARE, file_name="era.x12", by=None)
    claim = _reloaded(claims["RB00000103"])
    trace = summary.remittances[0].trace_number
    assert claim.unprocessable_reason == f"Returned as unprocessable on remittance {trace} (CO-16 with M51, MA130)."
    assert claim.can_resend_as_new


def test_an_835_denial_the_payer_adjudicated_does_not_mark_the_claim():
    claims = medicare_file_claims()
    services.remittance_import_835(text=MEDICARE, file_name="era.x12", by=None)
    unprocessable = Claim.objects.exclude(unprocessable_reason="").values_list("patient_control_number", flat=True)
    assert list(unprocessable) == ["RB00000103"]
    assert not _reloaded(claims["RB00000102"]).can_resend_as_new


def test_a_paper_remittance_with_n517_marks_the_claim_unprocessable():
    claim = _paper(submitted_claim("P1", [("99215", [], "190")], payer=PayerFactory()), reason="16", remarks=["N517"])
    assert "CO-16 with N517" in claim.unprocessable_reason


def test_a_medicare_claim_returned_for_spanning_two_years_is_marked_unprocessable():
    # CARC 268: Medicare returns it to be sent again as one claim per calendar year (carc.py).
    claim = _paper(submitted_claim("P1", [("99215", [], "190")], payer=PayerFactory()), reason="268")
    assert claim.is_unprocessable


def test_a_commercial_claim_lacking_information_is_corrected_by_a_replacement_not_marked():
    payer = CommercialPayerFactory()
    claim = _paper(submitted_claim("P1", [("99215", [], "190")], payer=payer), reason="16", remarks=["M51"])
    assert Denial.objects.get(claim=claim).route == "corrected_claim"
    assert not claim.is_unprocessable


def test_a_medical_necessity_denial_does_not_mark_the_claim():
    claim = _paper(submitted_claim("P1", [("99215", [], "190")], payer=PayerFactory()), reason="50", remarks=["N115"])
    assert not claim.is_unprocessable


def _migration():
    return importlib.import_module("appeals.migrations.0009_claims_returned_unprocessable")


def test_the_data_migration_marks_claims_with_an_open_denial_routed_to_a_new_claim():
    denial = DenialFactory(carc="16", rarcs=["MA130"], category="missing_information", route="new_claim")
    _migration().mark(apps, None)
    reason = _reloaded(denial.claim).unprocessable_reason
    assert reason.startswith("Returned as unprocessable on remittance")
    assert "CO-16 with MA130" in reason


def test_the_data_migration_leaves_claims_whose_denial_is_routed_elsewhere_or_closed():
    appeal = DenialFactory()
    closed = DenialFactory(
        carc="16", rarcs=["MA130"], category="missing_information", route="new_claim", status="written_off"
    )
    _migration().mark(apps, None)
    assert not _reloaded(appeal.claim).is_unprocessable
    assert not _reloaded(closed.claim).is_unprocessable
