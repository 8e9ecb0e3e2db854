"""The demo practice's denials and appeals come from a real 835 through the real import."""

import pytest
from django.core.management import call_command

from appeals.models import Appeal, Denial, Remittance


@pytest.mark.django_db
def test_the_demo_imports_an_835_into_denials_and_appeals_across_categories_levels_and_states():
    call_command("seed_demo")
    assert Remittance.objects.filter(source="835").count() >= 3
    categories = set(Denial.objects.values_list("category", flat=True))
    assert {"medical_necessity", "missing_information", "coding_bundling", "timely_filing"} <= categories
    assert {"redetermination", "reconsideration", "internal", "external"} <= set(
        Appeal.objects.values_list("level", flat=True)
    )
    assert {"drafting", "filed", "overturned", "partially", "upheld"} <= set(
        Appeal.objects.values_list("status", flat=True)
    )
