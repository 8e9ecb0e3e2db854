"""Record on each claim that has an open denial routed to a new claim (MA130, N517 or an
unprocessable CARC: appeals.carc.denial_route) that the payer returned it as unprocessable, as
billing now records from the remittance (billing.Claim.unprocessable_reason)."""

from django.db import migrations


def mark(apps, schema_editor):
    Claim = apps.get_model("billing", "Claim")
    Denial = apps.get_model("appeals", "Denial")
    codes: dict[int, dict[str, None]] = {}
    trace: dict[int, str] = {}
    for claim_id, number, group, carc, rarcs in (
        Denial.objects.filter(status="open", route="new_claim")
        .order_by("claim_id", "pk")
        .values_list("claim_id", "claim_payment__remittance__trace_number", "group_code", "carc", "rarcs")
    ):
        codes.setdefault(claim_id, {})[f"{group}-{carc}" + (f" with {', '.join(rarcs)}" if rarcs else "")] = None
        trace[claim_id] = number
    for claim_id, found in codes.items():
        reason = f"Returned as unprocessable on remittance {trace[claim_id]} ({', '.join(found)})."
        Claim.objects.filter(pk=claim_id, unprocessable_reason="").update(unprocessable_reason=reason[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0008_denial_next_due"),
        ("billing", "0007_claim_unprocessable_reason"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
