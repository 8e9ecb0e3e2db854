"""Clinical documentation belongs to clinicians: the front desk schedules, the rendering
provider documents, an admin corrects with a reason; enforced in the services and the pages."""

import pytest
from django.urls import reverse

from palliative import services
from palliative.models import ACPSession, Encounter, Role
from palliative.services import ClinicalDocumentationError

from ..factories import ACPSessionFactory, EncounterFactory, PatientFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _reload(record):
    return type(record).objects.get(pk=record.pk)


def test_front_desk_cannot_change_the_em_code_through_the_service():
    encounter = EncounterFactory(em_code="99214")
    encounter.em_code = "99215"
    with pytest.raises(ClinicalDocumentationError, match="Only the visit's provider"):
        services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=encounter.diagnosis_codes,
            by=UserFactory(role=Role.FRONT_DESK),
        )
    assert _reload(encounter).em_code == "99214"


def test_front_desk_cannot_change_the_diagnoses_through_the_service():
    encounter = EncounterFactory()
    with pytest.raises(ClinicalDocumentationError):
        services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=["Z51.5"],
            by=UserFactory(role=Role.FRONT_DESK),
        )
    assert _reload(encounter).diagnosis_codes == ["Z51.5", "C34.90"]


def test_front_desk_cannot_log_a_visit_with_clinical_content_through_the_service():
    patient, provider = PatientFactory(), ProviderFactory()
    encounter = Encounter(
        provider=provider, date_of_service=provider.user.date_joined.date(), setting="home", em_code="99349"
    )
    with pytest.raises(ClinicalDocumentationError):
        services.encounter_save(
            encounter=encounter, patient=patient, diagnosis_codes=[], by=UserFactory(role=Role.FRONT_DESK)
        )
    assert not Encounter.objects.exists()


def test_front_desk_reschedules_a_visit_not_yet_documented():
    encounter = EncounterFactory(
        em_code="", diagnosis_codes=[], total_minutes=None, medical_necessity_note="", goals_of_care_note=""
    )
    encounter.setting = "home"
    services.encounter_save(
        encounter=encounter, patient=encounter.patient, diagnosis_codes=[], by=UserFactory(role=Role.FRONT_DESK)
    )
    assert _reload(encounter).setting == "home"


def test_front_desk_cannot_move_the_date_of_a_documented_visit():
    encounter = EncounterFactory()
    encounter.date_of_service = encounter.date_of_service.replace(day=1)
    with pytest.raises(ClinicalDocumentationError, match="the date of service"):
        services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=encounter.diagnosis_codes,
            by=UserFactory(role=Role.FRONT_DESK),
        )


def test_the_rendering_provider_documents_their_visit():
    encounter = EncounterFactory(em_code="99214")
    encounter.em_code = "99215"
    services.encounter_save(
        encounter=encounter,
        patient=encounter.patient,
        diagnosis_codes=encounter.diagnosis_codes,
        by=encounter.provider.user,
    )
    assert _reload(encounter).em_code == "99215"


def test_another_provider_cannot_change_a_colleagues_visit():
    encounter = EncounterFactory(total_minutes=45)
    encounter.total_minutes = 60
    with pytest.raises(ClinicalDocumentationError):
        services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=encounter.diagnosis_codes,
            by=ProviderFactory().user,
        )
    assert _reload(encounter).total_minutes == 45


def test_an_admin_changing_clinical_documentation_must_give_a_reason():
    encounter = EncounterFactory(total_minutes=45)
    encounter.total_minutes = 60
    with pytest.raises(ClinicalDocumentationError, match="reason"):
        services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=encounter.diagnosis_codes,
            by=UserFactory(role=Role.ADMIN),
        )
    assert _reload(encounter).total_minutes == 45


def test_an_admins_reason_is_kept_in_the_history():
    encounter = EncounterFactory(total_minutes=45)
    encounter.total_minutes = 60
    services.encounter_save(
        encounter=encounter,
        patient=encounter.patient,
        diagnosis_codes=encounter.diagnosis_codes,
        by=UserFactory(role=Role.ADMIN),
        reason="Provider dictated the time by phone; on leave.",
    )
    latest = _reload(encounter).history.first()
    assert latest.total_minutes == 60
    assert latest.history_change_reason == "Provider dictated the time by phone; on leave."


def test_front_desk_cannot_change_an_acp_summary_or_consent_through_the_service():
    session = ACPSessionFactory(consent_documented=True)
    session.consent_documented = False
    session.summary = "Edited by the desk."
    with pytest.raises(ClinicalDocumentationError):
        services.acp_session_save(session=session, patient=session.patient, by=UserFactory(role=Role.FRONT_DESK))
    stored = _reload(session)
    assert stored.consent_documented
    assert stored.summary != "Edited by the desk."


def test_front_desk_sees_an_encounter_form_without_clinical_fields(client_as):
    patient = PatientFactory()
    page = client_as(Role.FRONT_DESK).get(reverse("palliative:encounter_create", args=[patient.pk]))
    fields = set(page.context["form"].fields)
    assert {"provider", "date_of_service", "setting"} <= fields
    assert not fields & {"em_code", "diagnoses", "total_minutes", "medical_necessity_note", "goals_of_care_note"}


def test_front_desk_schedules_a_visit_and_clinical_fields_posted_anyway_are_ignored(client_as):
    patient, provider = PatientFactory(), ProviderFactory()
    client = client_as(Role.FRONT_DESK)
    data = {
        "provider": provider.pk,
        "date_of_service": "2026-11-02",
        "setting": "home",
        "em_code": "99350",
        "diagnoses": "Z51.5 C25.9",
        "medical_necessity_note": "typed by the desk",
    }
    response = client.post(reverse("palliative:encounter_create", args=[patient.pk]), data)
    encounter = Encounter.objects.get()
    assert response.url == encounter.get_absolute_url()
    assert (encounter.provider, encounter.setting, encounter.em_code) == (provider, "home", "")
    assert encounter.diagnosis_codes == []
    assert encounter.medical_necessity_note == ""
    assert "E/M code" in encounter.missing_documentation


def test_front_desk_is_turned_away_from_editing_a_documented_visit(client_as):
    encounter = EncounterFactory()
    response = client_as(Role.FRONT_DESK).get(reverse("palliative:encounter_edit", args=[encounter.pk]))
    assert response.status_code == 302
    assert response.url == encounter.get_absolute_url()


def test_the_admin_edit_form_asks_for_a_reason(client_as):
    encounter = EncounterFactory()
    page = client_as(Role.ADMIN).get(reverse("palliative:encounter_edit", args=[encounter.pk]))
    assert "change_reason" in page.context["form"].fields


def test_front_desk_cannot_open_the_acp_form(client_as):
    patient = PatientFactory()
    assert client_as(Role.FRONT_DESK).get(reverse("palliative:acp_create", args=[patient.pk])).status_code == 403
    assert not ACPSession.objects.exists()


def test_another_provider_cannot_open_the_addendum_page_of_a_colleagues_visit(client_as):
    encounter = EncounterFactory()
    client = client_as(Role.PROVIDER)
    assert client.get(reverse("palliative:encounter_addendum", args=[encounter.pk])).status_code == 403
    session = ACPSessionFactory()
    assert client.get(reverse("palliative:acp_addendum", args=[session.pk])).status_code == 403


def test_another_provider_is_turned_away_from_editing_a_colleagues_acp_session(client_as):
    session = ACPSessionFactory()
    response = client_as(Role.PROVIDER).get(reverse("palliative:acp_edit", args=[session.pk]))
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
