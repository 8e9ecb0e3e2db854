from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"

    def ready(self):
        from . import dashboards  # noqa: F401  (registers the home panel and open work)
