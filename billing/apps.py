from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self):
        from . import dashboards  # noqa: F401  (registers the home panels and open work)
