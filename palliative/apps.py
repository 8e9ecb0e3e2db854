from django.apps import AppConfig


class PalliativeConfig(AppConfig):
    name = "palliative"
    verbose_name = "Palliative practice"

    def ready(self):
        from . import dashboards  # noqa: F401  (registers the core home panels)
