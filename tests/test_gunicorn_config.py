"""config/gunicorn.py, the production server's settings (README: Production)."""

import runpy
from pathlib import Path

from gunicorn.config import Config

from palliative import selectors

GUNICORN_CONFIG = Path(__file__).resolve().parents[1] / "config" / "gunicorn.py"


def _settings() -> dict:
    return {name: value for name, value in runpy.run_path(str(GUNICORN_CONFIG)).items() if not name.startswith("_")}


def test_every_name_in_the_file_is_a_gunicorn_setting_it_accepts():
    config = Config()
    for name, value in _settings().items():
        config.set(name, value)
    assert config.timeout == 60


def test_each_worker_reads_the_code_set_for_the_type_ahead_before_its_first_request(monkeypatch):
    asked = []
    monkeypatch.setattr(selectors, "icd10_suggestions", lambda text, limit=20: asked.append(text) or [])
    _settings()["post_worker_init"](worker=None)
    assert asked == ["palliative care"]
