"""manage.py import_835 reads real files (byte-order marks included) and records who ran it."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from appeals.models import ClaimPayment, Remittance
from tests.factories import UserFactory

REAL = Path(__file__).parent / "x12" / "real"


@pytest.mark.django_db
def test_the_command_needs_the_user_who_runs_it():
    with pytest.raises(CommandError, match="--user"):
        call_command("import_835", str(REAL / "835" / "e835-emedny_sample.txt"))


@pytest.mark.django_db
def test_the_command_records_who_ran_it(capsys):
    user = UserFactory(username="biller1")
    call_command("import_835", str(REAL / "835" / "e835-emedny_sample.txt"), "--user", "biller1")
    assert Remittance.objects.get().posted_by == user
    assert "unmatched 3" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_file_with_a_byte_order_mark_is_refused_for_its_real_fault_not_its_first_bytes():
    UserFactory(username="biller1")
    with pytest.raises(CommandError) as error:
        call_command("import_835", str(REAL / "835" / "oop-Example1.txt"), "--user", "biller1")
    assert "X12 version 00401" in str(error.value)
    assert ClaimPayment.objects.count() == 0


@pytest.mark.django_db
def test_a_file_with_hundreds_of_problems_is_refused_with_the_first_ten_and_a_count_of_the_rest():
    UserFactory(username="biller1")
    with pytest.raises(CommandError) as error:
        call_command(
            "import_835", str(REAL / "835-repaired" / "nobom-oop-835_WithMultipleInterchanges.txt"), "--user", "biller1"
        )
    message = str(error.value)
    assert message.count("(segment ") == 10
    assert re.search(r"; and \d+ more problem\(s\) of the file$", message)
