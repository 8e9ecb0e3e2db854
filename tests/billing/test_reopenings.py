"""Medicare Part B reopenings for clerical errors (42 CFR 405.980; IOM 100-04 ch.34 §10.11):
recorded with date, channel, reference and what changed, and their answer tracked."""

from datetime import timedelta

import pytest

from billing import rules, services
from billing.models import Reopening
from palliative.models import Role

from ..factories import TODAY, CommercialPayerFactory, UserFactory
from .factories import ready_claim
from .facts import claim as claim_facts
from .facts import rule_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(fees):
    return UserFactory(role=Role.BILLING)


def _denied(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    claim.transition_to("denied", by=biller)
    return claim


def _request(claim, biller, **changes):
    fields = {
        "claim": claim,
        "requested_on": TODAY,
        "channel": "phone",
        "what_changed": "Line 1: add modifier GW (unrelated to the terminal diagnosis).",
        "reference": "REO-2611-0042",
        "by": biller,
        "today": TODAY,
    }
    return services.claim_reopening_request(**{**fields, **changes})


def test_a_denied_medicare_claim_gets_a_reopening_with_its_details(biller):
    reopening = _request(_denied(biller), biller)
    assert (reopening.channel, reopening.reference, reopening.answer) == ("phone", "REO-2611-0042", "pending")
    assert "modifier GW" in reopening.what_changed


def test_a_claim_not_yet_decided_cannot_be_reopened(biller):
    with pytest.raises(services.ClaimError, match="paid or denied"):
        _request(ready_claim(by=biller), biller)


def test_a_commercial_claim_is_corrected_by_a_replacement_not_a_reopening(biller):
    claim = _denied(biller)
    claim.coverage.payer = CommercialPayerFactory()
    claim.coverage.save()
    with pytest.raises(services.ClaimError, match="not a reopening"):
        _request(claim, biller)


def test_a_reopening_must_say_what_changed(biller):
    with pytest.raises(services.ClaimError, match="what was wrong"):
        _request(_denied(biller), biller, what_changed="  ")


def test_a_second_reopening_waits_for_the_first_answer(biller):
    claim = _denied(biller)
    _request(claim, biller)
    with pytest.raises(services.ClaimError, match="already has a reopening"):
        _request(claim, biller)


def test_the_answer_is_recorded_once(biller):
    reopening = _request(_denied(biller), biller)
    services.reopening_answer(reopening=reopening, answer="granted", answered_on=TODAY, by=biller, note="Adjusted.")
    assert Reopening.objects.get(pk=reopening.pk).answer == "granted"
    with pytest.raises(services.ClaimError, match="already has its answer"):
        services.reopening_answer(reopening=reopening, answer="refused", answered_on=TODAY, by=biller)


def test_an_answer_cannot_come_before_the_request(biller):
    reopening = _request(_denied(biller), biller)
    with pytest.raises(services.ClaimError, match="before the request"):
        services.reopening_answer(
            reopening=reopening, answer="refused", answered_on=TODAY - timedelta(days=1), by=biller
        )


def test_a_medicare_replacement_claim_is_an_error_naming_the_reopening_route():
    findings = rules.correction_by_reopening(claim_facts(frequency_code="7", payer_claim_number="1"))
    assert rule_ids(findings) == ["correction_by_reopening"]
    assert findings[0].severity == rules.ERROR
    assert "record a reopening" in findings[0].fix


def test_a_medicare_void_claim_warns_to_use_a_reopening():
    findings = rules.correction_by_reopening(claim_facts(frequency_code="8", payer_claim_number="1"))
    assert findings[0].severity == rules.WARNING


def test_a_medicare_advantage_replacement_claim_is_normal():
    assert rules.correction_by_reopening(claim_facts(frequency_code="7", payer_type="medicare_adv")) == []


def test_a_commercial_replacement_claim_is_normal():
    assert rules.correction_by_reopening(claim_facts(frequency_code="7", payer_type="commercial")) == []
