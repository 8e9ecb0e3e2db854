"""python manage.py import_835 FILE... --user USERNAME: post 835 remittances, one summary line per file."""

from django.core.management.base import BaseCommand, CommandError

from appeals import services
from appeals.models import RemittanceImport
from appeals.x835 import RemittanceFileError, decode, problems_text
from palliative.models import User


class Command(BaseCommand):
    help = (
        "Post ASC X12 835 remittance files (005010X221A1): payments and adjustments to the matching claims "
        "(by the patient control number in CLM01) and a denial for each denied line. Each file is stored as an "
        "import (shown on the remittance pages, recorded as run by --user) and imported here, its progress printed "
        "to stderr. Prints 'FILE: matched N, paid N, denied N, unmatched N' (claims). A file already imported "
        "changes nothing; a malformed file is refused whole, with the segment and the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--user", required=True, help="Username recorded as the poster of every payment.")

    def handle(self, *args, files, user, **options):
        by = User.objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"No user {user!r}.")
        failed = []
        for path in files:
            try:
                with open(path, "rb") as handle:
                    text = decode(handle.read())
            except OSError as exc:
                failed.append(f"{path}: cannot read the file ({exc.strerror}).")
                continue
            try:
                job = services.remittance_import_store(text=text, file_name=path, by=by)
            except RemittanceFileError as exc:
                failed.append(f"{path}: refused, nothing imported. " + problems_text(exc.problems))
                continue
            job = services.remittance_import_run(job_id=job.pk, progress=self._progress(path))
            if job.status == RemittanceImport.Status.DONE:
                self.stdout.write(job.summary)
            else:
                failed.append(f"{path}: refused, nothing imported. " + problems_text(job.problems))
        if failed:
            raise CommandError("\n".join(failed))

    def _progress(self, path):
        def show(status, fields):
            if status == RemittanceImport.Status.POSTING:
                self.stderr.write(
                    f"{path}: checked; posting {fields['payments']} payment(s), {fields['claims']} claim(s)"
                )

        return show
