from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"

    def ready(self):
        from billing.services import denial_reader_register

        from . import dashboards  # noqa: F401  (registers the home panel and open work)
        from .selectors import claims_denial_facts

        # Billing decides a claim's status; it reads the claim's denials through this.
        denial_reader_register(claims_denial_facts)
