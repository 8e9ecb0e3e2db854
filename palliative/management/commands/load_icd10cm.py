"""Load one fiscal year's ICD-10-CM code set from CMS's order file (icd10cm_order_YYYY.txt),
as practices do each October, or an update within the year (`--effective 2026-04-01` for CMS's
April 1 files). Replaces any set already loaded for that year and effective date."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from palliative import icd10
from palliative.models import ICD10Code


class Command(BaseCommand):
    help = "Load CMS's ICD-10-CM order file for one fiscal year (e.g. icd10cm_order_2027.txt --fiscal-year 2027)."

    def add_arguments(self, parser):
        parser.add_argument("order_file", type=Path)
        parser.add_argument("--fiscal-year", type=int, required=True)
        parser.add_argument(
            "--effective",
            type=date.fromisoformat,
            help="The day the set takes effect (YYYY-MM-DD), e.g. 2026-04-01 for an April update; October 1 by default.",
        )

    def handle(self, *args, order_file: Path, fiscal_year: int, effective: date | None = None, **options):
        if not 2015 <= fiscal_year <= 2100:
            raise CommandError(f"{fiscal_year} is not an ICD-10-CM fiscal year (ICD-10-CM began in FY2016).")
        start = icd10.fiscal_year_start(fiscal_year)
        effective = effective or start
        if icd10.fiscal_year(effective) != fiscal_year:
            raise CommandError(
                f"{effective:%m/%d/%Y} is not in FY{fiscal_year} ({start:%m/%d/%Y}-{date(fiscal_year, 9, 30):%m/%d/%Y})."
            )
        if not order_file.is_file():
            raise CommandError(f"{order_file} does not exist.")
        rows = []
        with order_file.open(encoding="latin-1") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    row = icd10.parse_order_line(line)
                except ValueError as error:
                    raise CommandError(f"{order_file}, line {number}: {error}") from error
                if row is not None:
                    rows.append(
                        ICD10Code(
                            fiscal_year=fiscal_year,
                            effective_from=effective,
                            code=row.code,
                            billable=row.billable,
                            short_description=row.short_description[:60],
                            long_description=row.long_description[:400],
                        )
                    )
        if not rows:
            raise CommandError(f"{order_file} has no codes.")
        with transaction.atomic():
            ICD10Code.objects.filter(fiscal_year=fiscal_year, effective_from=effective).delete()
            ICD10Code.objects.bulk_create(rows, batch_size=2000)
        billable = sum(row.billable for row in rows)
        update = "" if effective == start else f" (update in force from {effective:%m/%d/%Y})"
        self.stdout.write(f"FY{fiscal_year}{update}: {len(rows)} codes loaded, {billable} billable.")
