from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Letters"

    def ready(self):
        from . import dashboards, openwork  # noqa: F401  (registers panels and open work)
