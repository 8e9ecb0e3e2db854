"""Every read of PHI is recorded: who, when, which patient and record, from which address."""

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.urls import reverse

from palliative import audit
from palliative.models import Role

from ..factories import PatientFactory, UserFactory
from ..letters.factories import SupportingDocumentFactory

pytestmark = pytest.mark.django_db


def _reads():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("id")


def test_opening_a_chart_records_who_which_patient_and_from_where(client):
    user = UserFactory(role=Role.FRONT_DESK)
    patient = PatientFactory()
    client.force_login(user)
    client.get(reverse("palliative:patient_detail", args=[patient.pk]), REMOTE_ADDR="10.1.2.3")
    entry = _reads().get()
    assert (entry.actor, entry.object_id, entry.remote_addr) == (user, patient.pk, "10.1.2.3")
    assert entry.additional_data == {"read": "chart", "patient": patient.pk}


def test_downloading_an_uploaded_document_is_recorded_against_its_patient(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SupportingDocumentFactory()
    client.force_login(UserFactory(role=Role.BILLING))
    response = client.get(reverse("letters:document_download", args=[document.pk]))
    b"".join(response.streaming_content)
    entry = _reads().get()
    assert entry.additional_data == {"read": "document", "patient": document.lmn_request.patient_id}


def test_a_refused_page_records_no_read(client):
    patient = PatientFactory()
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    assert client.get(reverse("palliative:audit_patient", args=[patient.pk])).status_code == 403
    assert not _reads().exists()


def test_a_patient_search_records_each_patient_shown_with_the_search_text(client):
    found, _other = PatientFactory(last_name="Whitfield"), PatientFactory(last_name="Okafor")
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    client.post(reverse("palliative:patient_search"), {"q": "Whitfield"})
    client.get(reverse("palliative:patient_list"))
    entry = _reads().get()
    assert entry.object_id == found.pk
    assert entry.additional_data == {"read": "search", "patient": found.pk, "query": "Whitfield"}


def test_a_forged_forwarded_address_is_not_believed_without_our_proxy(client):
    patient = PatientFactory()
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    client.get(
        reverse("palliative:patient_detail", args=[patient.pk]), REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert _reads().get().remote_addr == "10.1.2.3"


def test_audit_entries_cannot_be_changed_or_deleted():
    entry = audit.record_read(instance=PatientFactory(), read="chart", patient_id=1)
    with pytest.raises(IntegrityError, match="cannot be changed"):
        LogEntry.objects.filter(pk=entry.pk).update(remote_addr="127.0.0.1")


def test_the_admin_sees_who_read_a_patient_and_what_a_user_read(client):
    reader = UserFactory(role=Role.PROVIDER, username="dr.okafor")
    patient = PatientFactory()
    client.force_login(reader)
    client.get(reverse("palliative:encounter_detail", args=[999999]))
    client.get(reverse("palliative:patient_detail", args=[patient.pk]))
    client.force_login(UserFactory(role=Role.ADMIN))
    by_patient = client.get(reverse("palliative:audit_patient", args=[patient.pk])).content.decode()
    by_user = client.get(reverse("palliative:audit_user", args=[reader.pk])).content.decode()
    assert "dr.okafor" in by_patient or str(reader) in by_patient
    assert f"patient #{patient.pk}" in by_user


def test_every_audited_page_names_a_model_and_a_kind_of_read():
    assert all(spec.model.count(".") == 1 and spec.read for spec in audit.READS.values())
