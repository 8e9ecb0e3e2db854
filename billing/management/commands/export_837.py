from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from billing import services
from billing.models import Claim, ClaimExport
from palliative import audit
from palliative.models import Role, User


class Command(BaseCommand):
    help = "Write every ready claim to OUTFILE as an X12 837P; the claims become submitted."

    def add_arguments(self, parser):
        parser.add_argument("outfile", type=Path)
        parser.add_argument(
            "--user", required=True, help="username of the person running the export, recorded as its reader"
        )

    def handle(self, *args, outfile: Path, user: str, **options):
        by = self._user(user)
        claims = list(Claim.objects.filter(status=Claim.Status.READY).order_by("id"))
        if outfile.exists():
            raise CommandError(f"{outfile} exists; choose a new file name (nothing was exported).")
        try:
            # The file is written inside the transaction: if it cannot be written, no claim
            # is marked submitted.
            with transaction.atomic():
                export = services.claims_export(claims=claims, by=by, kind=ClaimExport.Kind.X12_837P)
                outfile.write_text(export.content)
                audit.record_export(export=export, by=by)
        except services.ClaimError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Could not write {outfile} ({error}); nothing was exported.") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(claims)} claim(s) to {outfile}."))

    def _user(self, username: str) -> User:
        found = User.objects.filter(is_active=True, username=username).first()
        if found is None or not found.has_role(Role.BILLING, Role.ADMIN):
            raise CommandError(f"{username!r} is not an active biller or admin; nothing was exported.")
        return found
