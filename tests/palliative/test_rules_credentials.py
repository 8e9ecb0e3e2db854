"""Who may bill what: a credential enrolls under its own Medicare specialty (CMS-855I; 42 CFR
410.73-410.76), on the provider form."""

import pytest

from palliative import rules
from palliative.forms import ProviderForm

from .test_forms_records import PROVIDER


def test_an_np_enrolls_as_a_nurse_practitioner():
    assert rules.credential_specialty_problem("NP", "50") is None


def test_an_lcsw_cannot_be_enrolled_as_hospice_and_palliative_medicine():
    assert "specialty 80" in rules.credential_specialty_problem("LCSW", "17")


def test_a_physician_may_be_palliative_or_internal_medicine():
    assert rules.credential_specialty_problem("MD", "17") is None
    assert rules.credential_specialty_problem("DO", "11") is None


def test_a_chaplain_is_never_refused_because_they_never_bill():
    assert rules.credential_specialty_problem("CHAP", "17") is None


@pytest.mark.django_db
def test_the_provider_form_refuses_a_pa_under_a_physician_specialty():
    form = ProviderForm({**PROVIDER, "credentials": "PA", "specialty": "17"})
    assert "specialty 97" in form.errors["specialty"][0]
