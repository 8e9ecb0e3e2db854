from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Letters"

    def ready(self):
        from . import checks, dashboards, openwork  # noqa: F401  (registers checks, panels and open work)
