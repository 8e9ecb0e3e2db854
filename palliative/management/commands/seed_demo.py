import importlib
import importlib.util
import random

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from palliative.demo import DEMO_PASSWORD, light_demo_hashing
from palliative.models import Encounter, Patient
from palliative.services import encounters_file_by_refresh

# Each app may ship a `demo` module with seed(rng=, today=, context=) that adds its records
# on top of what the earlier apps made; `context` carries what they returned.
DEMO_APPS = ["palliative", "billing", "letters", "appeals"]


class Command(BaseCommand):
    help = "Load the fictional demo practice (skipped when patients already exist)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for a repeatable practice")
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="migrate the database first, in the same process (bin/start: one Django start-up fewer)",
        )

    def handle(self, *args, **options):
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if Patient.objects.exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        rng = random.Random(options["seed"])
        today = timezone.localdate()
        context: dict = {}
        with transaction.atomic(), light_demo_hashing():
            for label in DEMO_APPS:
                config = apps.get_app_config(label)
                if importlib.util.find_spec(f"{config.name}.demo") is None:
                    continue
                module = importlib.import_module(f"{config.name}.demo")
                if label == "palliative":
                    context.update(module.seed(rng=rng, today=today))
                else:
                    context.update(module.seed(rng=rng, today=today, context=context) or {})
            # Examples added after every app's seed, so they change nothing the others drew at random.
            for label in DEMO_APPS:
                module = importlib.import_module(f"{apps.get_app_config(label).name}.demo")
                if hasattr(module, "seed_last"):
                    context.update(module.seed_last(today=today, context=context) or {})
            # the demo writes visits and coverages in bulk, past the services that keep this key
            encounters_file_by_refresh(encounters=Encounter.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Demo practice loaded: {len(context['patients'])} patients."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in context["logins"].items():
            self.stdout.write(f"  {username:<14} {role}")
