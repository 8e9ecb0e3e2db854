from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"

    def ready(self):
        from billing.services import denial_reader_register

        from . import dashboards  # noqa: F401  (registers the home panel and open work)
        from .selectors import claims_denial_facts
        from .x12maps import install as x12_maps_install

        # Billing decides a claim's status; it reads the claim's denials through this.
        denial_reader_register(claims_denial_facts)
        # pyx12 builds each X12 map once per process, not once per file it checks.
        x12_maps_install()
