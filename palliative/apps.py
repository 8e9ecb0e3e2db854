from django.apps import AppConfig


class PalliativeConfig(AppConfig):
    name = "palliative"
    verbose_name = "Palliative practice"
