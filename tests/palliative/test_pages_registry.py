"""One way for an app to add to a page it does not own (palliative/pages.py): a template, a
context builder fed by a selector, and the roles that see it."""

from pathlib import Path

import pytest
from django.urls import reverse

from palliative import pages
from palliative.models import Role

from ..factories import PatientFactory

pytestmark = pytest.mark.django_db
CORE_TEMPLATES = ["base.html", "home.html", "palliative", "partials"]
OTHER_APPS = ("billing", "letters", "appeals")


@pytest.fixture
def entry():
    registered = pages.register(
        "test_slot",
        template="partials/pagination.html",
        roles=(Role.BILLING,),
        context=lambda user, patient: {"seen": patient.pk} if patient.mrn != "HIDE" else None,
    )
    yield registered
    pages.unregister(registered)


def test_an_entry_is_shown_to_its_roles_with_its_context(entry, user_with_role):
    patient = PatientFactory()
    shown = pages.entries("test_slot", user_with_role(Role.BILLING), patient=patient)
    assert shown == [pages.Rendered(template="partials/pagination.html", context={"seen": patient.pk})]


def test_an_entry_is_hidden_from_other_roles(entry, user_with_role):
    assert pages.entries("test_slot", user_with_role(Role.FRONT_DESK), patient=PatientFactory()) == []


def test_an_entry_whose_builder_returns_none_is_hidden(entry, user_with_role):
    assert pages.entries("test_slot", user_with_role(Role.BILLING), patient=PatientFactory(mrn="HIDE")) == []


def test_the_patient_page_shows_each_apps_section_to_billers(client_as):
    patient = PatientFactory()
    page = client_as(Role.BILLING).get(patient.get_absolute_url()).content.decode()
    assert 'data-testid="patient-claims"' in page
    assert 'data-testid="patient-letters"' in page
    assert "Open denials" in page


def test_front_desk_sees_letters_but_not_claims_or_denials_on_the_patient_page(client_as):
    page = client_as(Role.FRONT_DESK).get(PatientFactory().get_absolute_url()).content.decode()
    assert 'data-testid="patient-letters"' in page
    assert 'data-testid="patient-claims"' not in page
    assert "Open denials" not in page


def test_the_menu_carries_each_apps_entries_for_the_role(client_as):
    biller = client_as(Role.BILLING).get(reverse("palliative:home")).content.decode()
    assert reverse("billing:claim_list") in biller
    assert reverse("appeals:denial_list") in biller
    assert reverse("letters:worklist") in biller
    provider = client_as(Role.PROVIDER).get(reverse("palliative:home")).content.decode()
    assert reverse("letters:worklist") in provider
    assert reverse("billing:claim_list") not in provider
    assert reverse("appeals:denial_list") not in provider


def _core_template_files():
    root = Path(__file__).resolve().parents[2] / "templates"
    for name in CORE_TEMPLATES:
        path = root / name
        yield from sorted(path.rglob("*.html")) if path.is_dir() else [path]


@pytest.mark.parametrize("path", list(_core_template_files()), ids=lambda p: p.name)
def test_core_templates_name_no_other_app(path):
    text = path.read_text()
    named = [app for app in OTHER_APPS if f"{app}/" in text or f"'{app}:" in text or f'"{app}:' in text]
    assert named == []
