"""`manage.py export_837` and open work on a deceased patient (the demo claims: tests/test_demo.py)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from billing.models import Claim
from palliative import services as core_services

from .factories import built_claim, ready_claim
from .x12check import validate

pytestmark = pytest.mark.django_db


def test_export_837_command_writes_the_ready_claims_and_says_how_many(biller, tmp_path, capsys):
    ready_claim(by=biller)
    ready_claim(by=biller)
    outfile = tmp_path / "claims.x12"
    call_command("export_837", str(outfile), "--user", biller.username)
    assert "Wrote 2 claim(s)" in capsys.readouterr().out
    assert validate(outfile.read_text())[0] is True


def test_export_837_command_with_no_ready_claims_fails_and_writes_nothing(biller, tmp_path):
    built_claim(by=biller)
    outfile = tmp_path / "claims.x12"
    with pytest.raises(CommandError, match="no ready claims"):
        call_command("export_837", str(outfile), "--user", biller.username)
    assert not outfile.exists()


def test_export_837_command_that_cannot_write_submits_nothing(biller, tmp_path):
    claim = ready_claim(by=biller)
    with pytest.raises(CommandError, match="nothing was exported"):
        call_command("export_837", str(tmp_path / "missing-dir" / "claims.x12"), "--user", biller.username)
    assert Claim.objects.get(pk=claim.pk).status == "ready"


def test_export_837_command_needs_the_user_who_runs_it(biller, tmp_path):
    ready_claim(by=biller)
    with pytest.raises(CommandError, match="--user"):
        call_command("export_837", str(tmp_path / "claims.x12"))


def test_export_837_command_records_who_read_each_claim_out(biller, tmp_path):
    claim = ready_claim(by=biller)
    call_command("export_837", str(tmp_path / "claims.x12"), "--user", biller.username)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.object_id, entry.additional_data["patient"]) == (biller, claim.pk, claim.patient_id)
    assert entry.additional_data["read"] == "837p_export"


def test_open_claims_are_flagged_when_the_patient_dies(biller):
    claim = built_claim(by=biller)
    open_items = core_services.patient_record_death(patient=claim.patient, date_of_death=date(2026, 11, 20), by=biller)
    assert f"Claim {claim} is draft" in open_items
