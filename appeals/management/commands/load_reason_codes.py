"""Load X12's claim adjustment reason codes (CARC) or remittance advice remark codes (RARC)
from a CSV file the practice saves from X12's published code list (x12.org/codes, licensed by
X12), with its columns: Code, Description, Start Date, Last Modified Date, Stop Date. A newer
file updates the descriptions and stop dates of the codes already loaded; a code missing from
it stays as it was (X12 keeps a retired code on its list with its stop date)."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from appeals import carc
from appeals.models import ReasonCode


class Command(BaseCommand):
    help = "Load X12's CARC or RARC list from a CSV of its published columns (e.g. --list carc carc.csv)."

    def add_arguments(self, parser):
        parser.add_argument("--list", dest="code_list", choices=ReasonCode.List.values, required=True)
        parser.add_argument("code_file", type=Path)

    def handle(self, *args, code_list: str, code_file: Path, **options):
        if not code_file.is_file():
            raise CommandError(f"{code_file} does not exist.")
        rows = self._read(code_file)
        now = timezone.now()
        known = set(ReasonCode.objects.filter(code_list=code_list).values_list("code", flat=True))
        with transaction.atomic():
            ReasonCode.objects.bulk_create(
                [
                    ReasonCode(
                        code_list=code_list,
                        code=row.code,
                        description=row.description,
                        start_date=row.start_date,
                        last_modified=row.last_modified,
                        stop_date=row.stop_date,
                        loaded_at=now,
                    )
                    for row in rows
                ],
                update_conflicts=True,
                unique_fields=["code_list", "code"],
                update_fields=["description", "start_date", "last_modified", "stop_date", "loaded_at"],
                batch_size=1000,
            )
        new = sum(row.code not in known for row in rows)
        stopped = sum(row.stop_date is not None for row in rows)
        self.stdout.write(
            f"{code_list.upper()}: {len(rows)} codes loaded ({new} new, {len(rows) - new} updated),"
            f" {stopped} with a stop date."
        )

    def _read(self, code_file: Path) -> list[carc.CodeListRow]:
        """Every row, or CommandError naming the first bad line: a bad file loads nothing."""
        rows: dict[str, carc.CodeListRow] = {}
        with code_file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or tuple(h.strip().lower() for h in header) != tuple(
                c.lower() for c in carc.CODE_LIST_COLUMNS
            ):
                raise CommandError(
                    f"{code_file}, line 1: the header must be {', '.join(carc.CODE_LIST_COLUMNS)}, not {header}."
                )
            line = reader.line_num + 1
            for values in reader:
                if any(value.strip() for value in values):
                    try:
                        row = carc.code_list_row(values)
                    except ValueError as error:
                        raise CommandError(f"{code_file}, line {line}: {error}.") from error
                    if row.code in rows:
                        raise CommandError(f"{code_file}, line {line}: code {row.code} is listed twice.")
                    rows[row.code] = row
                line = reader.line_num + 1
        if not rows:
            raise CommandError(f"{code_file} has no codes.")
        return list(rows.values())
