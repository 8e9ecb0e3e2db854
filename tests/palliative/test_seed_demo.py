import pytest
from django.core.management import call_command

from palliative import rules
from palliative.demo import CONDITIONS
from palliative.models import ACPSession, Encounter, HospiceElection, Patient, Role, User


@pytest.mark.parametrize("code", sorted({c for condition, symptoms in CONDITIONS for c in [condition, *symptoms]}))
def test_every_demo_diagnosis_is_a_billable_code(code):
    assert rules.icd10_problem(code) is None


@pytest.mark.django_db
def test_seed_demo_loads_a_browsable_practice_once(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Patient.objects.count() == 51  # 50 drawn at random + the Medicare Advantage example
    assert Encounter.objects.count() >= 150
    assert ACPSession.objects.count() >= 100
    assert HospiceElection.objects.exists()
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists(), role
    assert "frontdesk" in out
    assert "palliative-demo" in out
    call_command("seed_demo")
    assert Patient.objects.count() == 51
