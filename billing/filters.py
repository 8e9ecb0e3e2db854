"""Worklist filters. Only ids and codes go in the query string, never patient details."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone

from palliative.models import Payer, Provider

from .models import Claim

AGE_CHOICES = [("30", "Older than 30 days"), ("60", "Older than 60 days"), ("90", "Older than 90 days")]
FINDINGS_CHOICES = [("errors", "Held by scrubber errors"), ("warnings", "Warnings only"), ("clean", "Clean")]


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices, empty_label="Any status")
    payer = django_filters.ModelChoiceFilter(
        field_name="coverage__payer", queryset=Payer.objects.all(), empty_label="Any payer"
    )
    provider = django_filters.ModelChoiceFilter(
        field_name="rendering_provider", queryset=Provider.objects.all(), empty_label="Any provider"
    )
    age = django_filters.ChoiceFilter(choices=AGE_CHOICES, method="filter_age", label="Age", empty_label="Any age")
    findings = django_filters.ChoiceFilter(
        choices=FINDINGS_CHOICES, method="filter_findings", label="Scrubber", empty_label="Any findings"
    )

    flagged = django_filters.ChoiceFilter(
        choices=[("yes", "Flagged for correction")],
        method="filter_flagged",
        label="Correction",
        empty_label="Flagged or not",
    )

    # "All claims" from the patient page: the patient's id only, kept in a hidden field.
    patient = django_filters.NumberFilter(field_name="patient_id", widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["status", "payer", "provider", "age", "findings", "flagged", "patient"]

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(correction_flagged_at__isnull=False)

    def filter_age(self, queryset, name, value):
        return queryset.filter(created_at__lt=timezone.now() - timedelta(days=int(value)))

    def filter_findings(self, queryset, name, value):
        if value == "errors":
            return queryset.filter(scrub_errors__gt=0)
        if value == "warnings":
            return queryset.filter(scrub_errors=0, scrub_warnings__gt=0)
        return queryset.filter(scrub_errors=0, scrub_warnings=0)
