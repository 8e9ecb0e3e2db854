"""One diagnoses field (palliative.forms.DiagnosesField) for the encounter, claim and LMN forms."""

import pytest
from django import forms

from billing.forms import ClaimDiagnosesForm
from letters.forms import LMNRequestForm
from palliative.forms import DiagnosesField, EncounterForm

FIELD = DiagnosesField()
THIRTEEN = "Z51.5 C34.90 R06.00 R52 R63.4 R53.83 G89.3 F41.9 R11.0 K59.00 E86.0 R64 J96.10"


def _errors(value) -> list[str]:
    with pytest.raises(forms.ValidationError) as raised:
        FIELD.clean(value)
    return raised.value.messages


def test_codes_are_split_on_spaces_commas_and_semicolons_and_normalized_in_order():
    assert FIELD.clean("c3490, z515;R06.00\nr52") == ["C34.90", "Z51.5", "R06.00", "R52"]


def test_a_code_typed_twice_is_refused_not_dropped():
    assert _errors("Z51.5 C34.90 c3490") == ["C34.90 is listed twice: list each diagnosis once."]


def test_twelve_codes_are_accepted():
    assert len(FIELD.clean(THIRTEEN.rsplit(" ", 1)[0])) == 12


def test_a_thirteenth_code_is_refused():
    assert _errors(THIRTEEN) == ["At most 12 diagnoses (13 were typed): a claim carries 12."]


def test_a_heading_is_refused_with_the_reason():
    assert "is a heading, not billable" in _errors("Z51.5 C34.9")[0]


def test_an_empty_box_asks_for_a_code():
    assert _errors("  ,  ") == ["Enter at least one diagnosis code."]


def test_the_stored_list_is_shown_back_comma_separated():
    assert FIELD.prepare_value(["Z51.5", "C34.90"]) == "Z51.5, C34.90"


@pytest.mark.parametrize(
    ("form_class", "name"),
    [(EncounterForm, "diagnoses"), (ClaimDiagnosesForm, "codes"), (LMNRequestForm, "diagnoses")],
)
def test_the_encounter_claim_and_lmn_forms_share_the_field(form_class, name):
    assert isinstance(form_class.base_fields[name], DiagnosesField)
