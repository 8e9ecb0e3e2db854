"""After a claim is sent, a clinical change is an addendum (dated, signed, with its reason and
what it changes), never a silent edit of what was billed; billing is asked to review the claim."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from billing import services
from billing.models import Claim
from palliative import services as core_services
from palliative.models import ClinicalAddendum, Role
from palliative.services import ClinicalDocumentationError

from ..factories import UserFactory
from .factories import built_claim, ready_claim

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def sent(biller):
    claim = ready_claim(by=biller, acp_minutes=30)
    services.claims_export_837(claims=[claim], by=biller)
    return Claim.objects.select_related("encounter__provider__user").get(pk=claim.pk)


def _addendum(
    encounter, *, by, em_code=None, total_minutes=None, text="", reason="Late entry: time corrected.", password=PASSWORD
):
    if em_code:
        encounter.em_code = em_code
    if total_minutes:
        encounter.total_minutes = total_minutes
    return core_services.encounter_addendum_add(
        encounter=encounter,
        diagnosis_codes=encounter.diagnosis_codes,
        text=text,
        reason=reason,
        password=password,
        by=by,
    )


def test_the_provider_cannot_silently_edit_a_visit_whose_claim_was_sent(sent):
    encounter = sent.encounter
    encounter.em_code = "99214"
    with pytest.raises(ClinicalDocumentationError, match="addendum"):
        core_services.encounter_save(
            encounter=encounter,
            patient=encounter.patient,
            diagnosis_codes=encounter.diagnosis_codes,
            by=encounter.provider.user,
        )
    assert Claim.objects.get(pk=sent.pk).encounter.em_code == "99215"


def test_an_addendum_records_its_author_reason_and_what_it_changes(sent):
    encounter = sent.encounter
    addendum = _addendum(encounter, by=encounter.provider.user, em_code="99214", text="Level lowered on review.")
    assert addendum.author == encounter.provider.user
    assert addendum.signed_as == str(encounter.provider)
    assert addendum.written_at is not None
    assert addendum.reason == "Late entry: time corrected."
    assert addendum.changes == {"em_code": {"from": "99215", "to": "99214"}}


def test_an_addendum_applies_the_change_and_the_history_keeps_the_billed_value(sent):
    encounter = sent.encounter
    _addendum(encounter, by=encounter.provider.user, em_code="99214")
    encounter.refresh_from_db()
    assert encounter.em_code == "99214"
    history = list(encounter.history.order_by("history_date").values_list("em_code", "history_change_reason"))
    assert history[-2][0] == "99215"
    assert history[-1][0] == "99214"
    assert "Late entry" in history[-1][1]


def test_an_addendum_flags_the_sent_claim_for_correction_without_moving_it(sent):
    _addendum(sent.encounter, by=sent.encounter.provider.user, total_minutes=70)
    claim = Claim.objects.get(pk=sent.pk)
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.correction_flagged_at is not None
    assert claim.correction_flag.startswith("Clinical addendum after submission — review for corrected claim")


def test_the_addendum_names_the_claims_it_flagged(sent):
    addendum = _addendum(sent.encounter, by=sent.encounter.provider.user, text="Family meeting details.")
    assert addendum.claims_flagged == [str(sent)]


def test_an_acp_addendum_flags_the_claim_that_billed_the_session(sent):
    session = sent.encounter.acp_sessions.get()
    session.minutes = 46
    core_services.acp_addendum_add(
        session=session, text="", reason="Minutes miscounted.", password=PASSWORD, by=session.provider.user
    )
    assert Claim.objects.get(pk=sent.pk).correction_flagged_at is not None


def test_an_addendum_before_the_claim_is_sent_flags_nothing(biller):
    claim = built_claim(by=biller)
    addendum = _addendum(claim.encounter, by=claim.encounter.provider.user, text="Late entry.")
    assert addendum.claims_flagged == []
    assert Claim.objects.get(pk=claim.pk).correction_flagged_at is None


def test_another_provider_cannot_add_an_addendum(sent):
    from ..factories import ProviderFactory

    with pytest.raises(ClinicalDocumentationError):
        _addendum(sent.encounter, by=ProviderFactory().user, text="Not mine.")
    assert not ClinicalAddendum.objects.exists()


def test_an_admin_adds_an_addendum_signed_as_admin(sent):
    admin = UserFactory(role=Role.ADMIN, first_name="Ada", last_name="Min")
    addendum = _addendum(sent.encounter, by=admin, text="Scanned paper note attached to the chart.")
    assert addendum.signed_as == "Ada Min (admin)"


def test_an_addendum_is_signed_with_the_authors_password(sent):
    with pytest.raises(core_services.PasswordRefused):
        _addendum(sent.encounter, by=sent.encounter.provider.user, text="x", password="wrong")
    assert not ClinicalAddendum.objects.exists()
    assert Claim.objects.get(pk=sent.pk).correction_flagged_at is None


def test_an_addendum_needs_a_reason(sent):
    with pytest.raises(ClinicalDocumentationError, match="why"):
        _addendum(sent.encounter, by=sent.encounter.provider.user, text="x", reason=" ")


def test_an_empty_addendum_is_refused(sent):
    with pytest.raises(ClinicalDocumentationError, match="Write the addendum"):
        _addendum(sent.encounter, by=sent.encounter.provider.user)


def test_postgresql_refuses_to_change_a_signed_addendum(sent):
    addendum = _addendum(sent.encounter, by=sent.encounter.provider.user, text="Original words.")
    with pytest.raises(DatabaseError), transaction.atomic():
        ClinicalAddendum.objects.filter(pk=addendum.pk).update(text="Rewritten.")


def test_a_replacement_clears_the_flag(sent, biller):
    _addendum(sent.encounter, by=sent.encounter.provider.user, total_minutes=70)
    services.claim_build_replacement(claim=sent, by=biller)
    assert Claim.objects.get(pk=sent.pk).correction_flagged_at is None


def test_the_worklist_and_the_claim_page_show_the_flag(sent, biller_client):
    _addendum(sent.encounter, by=sent.encounter.provider.user, total_minutes=70)
    worklist = biller_client.get(reverse("billing:claim_list") + "?flagged=yes")
    assert [claim.pk for claim in worklist.context["page"]] == [sent.pk]
    assert "review for corrected claim" in worklist.content.decode()
    detail = biller_client.get(reverse("billing:claim_detail", args=[sent.pk])).content.decode()
    assert "Clinical addendum after submission — review for corrected claim" in detail


def test_the_provider_adds_an_addendum_from_the_encounter_page(sent, client):
    provider_user = sent.encounter.provider.user
    client.force_login(provider_user)
    url = reverse("palliative:encounter_addendum", args=[sent.encounter.pk])
    page = client.get(url)
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if name
        not in {"provider", "date_of_service", "setting", "diagnoses", "related_to_hospice", "unrelated_problem"}
    }
    data.update(
        diagnoses=", ".join(sent.encounter.diagnosis_codes),
        related_to_hospice="on",
        total_minutes="70",
        addendum_text="Time with the family after the visit.",
        addendum_reason="Late entry: time omitted.",
        password=PASSWORD,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ClinicalAddendum.objects.get().changes == {"total_minutes": {"from": 45, "to": 70}}


def test_the_encounter_page_shows_addenda_in_order(sent, client):
    provider_user = sent.encounter.provider.user
    _addendum(sent.encounter, by=provider_user, text="First late entry.")
    _addendum(sent.encounter, by=provider_user, text="Second late entry.")
    client.force_login(provider_user)
    page = client.get(reverse("palliative:encounter_detail", args=[sent.encounter.pk])).content.decode()
    assert page.index("First late entry.") < page.index("Second late entry.")
    assert "Add addendum" in page


def test_the_edit_page_of_a_billed_visit_sends_the_provider_to_the_addendum(sent, client):
    client.force_login(sent.encounter.provider.user)
    response = client.get(reverse("palliative:encounter_edit", args=[sent.encounter.pk]))
    assert response.url == reverse("palliative:encounter_addendum", args=[sent.encounter.pk])


def test_front_desk_cannot_open_the_addendum_page(sent, client_as):
    url = reverse("palliative:encounter_addendum", args=[sent.encounter.pk])
    assert client_as(Role.FRONT_DESK).get(url).status_code == 403


def test_a_scheduled_visit_without_an_em_code_cannot_be_billed(biller):
    from ..factories import EncounterFactory

    encounter = EncounterFactory(em_code="")
    with pytest.raises(services.ClaimError, match="no E/M code"):
        services.claim_build_from_encounter(encounter=encounter, by=biller)


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_encounter_page_query_count_does_not_grow_with_addenda(sent, client):
    provider_user = sent.encounter.provider.user
    client.force_login(provider_user)
    url = reverse("palliative:encounter_detail", args=[sent.encounter.pk])
    _addendum(sent.encounter, by=provider_user, text="One.")
    _queries(client, url)  # the first request fills per-process caches (content types, the session)
    few = _queries(client, url)
    for number in range(5):
        _addendum(sent.encounter, by=provider_user, text=f"More {number}.")
    assert _queries(client, url) == few
