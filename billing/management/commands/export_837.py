from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from billing import services
from billing.models import Claim
from palliative.models import Role, User


class Command(BaseCommand):
    help = "Write every ready claim to OUTFILE as an X12 837P; the claims become submitted."

    def add_arguments(self, parser):
        parser.add_argument("outfile", type=Path)
        parser.add_argument("--user", default="", help="username recorded as the exporter (default: first biller)")

    def handle(self, *args, outfile: Path, user: str, **options):
        by = self._user(user)
        claims = list(Claim.objects.filter(status=Claim.Status.READY).order_by("id"))
        if outfile.exists():
            raise CommandError(f"{outfile} exists; choose a new file name (nothing was exported).")
        try:
            # The file is written inside the transaction: if it cannot be written, no claim
            # is marked submitted.
            with transaction.atomic():
                text = services.claims_export_837(claims=claims, by=by)
                outfile.write_text(text)
        except services.ClaimError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Could not write {outfile} ({error}); nothing was exported.") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(claims)} claim(s) to {outfile}."))

    def _user(self, username: str) -> User:
        users = User.objects.filter(is_active=True)
        found = (
            users.filter(username=username).first()
            if username
            else (
                users.filter(groups__name=Role.BILLING).order_by("id").first()
                or users.filter(is_superuser=True).first()
            )
        )
        if found is None:
            raise CommandError("No billing user to record as the exporter; pass --user USERNAME.")
        return found
