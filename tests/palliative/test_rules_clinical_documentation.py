"""Who writes which field of a visit or an ACP session: one pure rule."""

from palliative import rules

ENCOUNTER = {"scheduling": rules.ENCOUNTER_SCHEDULING_FIELDS, "clinical": rules.ENCOUNTER_CLINICAL_FIELDS}


def test_the_rendering_provider_writes_every_field_of_their_visit():
    writable = rules.clinical_fields_writable_by(
        roles={"provider"}, is_rendering_provider=True, documented=True, **ENCOUNTER
    )
    assert writable == rules.ENCOUNTER_SCHEDULING_FIELDS | rules.ENCOUNTER_CLINICAL_FIELDS


def test_the_front_desk_writes_only_who_when_and_where_of_a_scheduled_visit():
    writable = rules.clinical_fields_writable_by(
        roles={"front_desk"}, is_rendering_provider=False, documented=False, **ENCOUNTER
    )
    assert writable == {"provider", "date_of_service", "setting"}


def test_the_front_desk_writes_nothing_of_a_documented_visit():
    writable = rules.clinical_fields_writable_by(
        roles={"front_desk"}, is_rendering_provider=False, documented=True, **ENCOUNTER
    )
    assert writable == frozenset()


def test_another_provider_writes_nothing_of_a_colleagues_visit():
    writable = rules.clinical_fields_writable_by(
        roles={"provider"}, is_rendering_provider=False, documented=False, **ENCOUNTER
    )
    assert writable == frozenset()


def test_billing_writes_nothing_of_a_visit():
    writable = rules.clinical_fields_writable_by(
        roles={"billing"}, is_rendering_provider=False, documented=False, **ENCOUNTER
    )
    assert writable == frozenset()


def test_an_admin_writes_every_field_but_needs_a_reason_for_clinical_ones():
    writable = rules.clinical_fields_writable_by(
        roles={"admin"}, is_rendering_provider=False, documented=True, **ENCOUNTER
    )
    assert writable >= rules.ENCOUNTER_CLINICAL_FIELDS
    assert rules.clinical_change_needs_reason(is_rendering_provider=False)
    assert not rules.clinical_change_needs_reason(is_rendering_provider=True)


def test_acp_content_and_consent_are_clinical():
    assert {"summary", "consent_documented", "minutes", "participants"} <= rules.ACP_CLINICAL_FIELDS
    assert not rules.ACP_CLINICAL_FIELDS & rules.ACP_SCHEDULING_FIELDS


def test_a_visit_without_an_em_code_is_not_documented():
    missing = rules.encounter_documentation_missing(
        em_code="",
        diagnosis_codes=["Z51.5"],
        medical_necessity_note="n",
        goals_of_care_note="g",
        level_by_time=False,
        total_minutes=None,
    )
    assert missing == ["E/M code"]
