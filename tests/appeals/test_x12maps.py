"""pyx12's maps are built once per process (appeals/x12maps.py) and judge every file alike."""

from pathlib import Path

import pytest
import pyx12.map_if

from appeals import x12maps, x835
from appeals.x835 import RemittanceFileError

FILES = Path(__file__).parent / "x12"
VALID = (FILES / "835-medicare-denials.x12").read_text()
INVALID = (FILES / "real" / "835" / "lfh-tertiary-payment.835").read_text()


_build_map = x12maps._build_map


@pytest.fixture
def builds(monkeypatch):
    """An empty map cache that lists the maps pyx12 builds."""
    built = []

    def build(map_file, param, map_path=None):
        built.append(map_file)
        return _build_map(map_file, param, map_path)

    monkeypatch.setattr(x12maps, "_maps", {})
    monkeypatch.setattr(x12maps, "_build_map", build)
    return built


def _refusal(text: str) -> list[str]:
    with pytest.raises(RemittanceFileError) as refused:
        x835.parse_835(text)
    return refused.value.problems


def test_pyx12_looks_up_the_remembered_maps():
    assert pyx12.map_if.load_map_file is x12maps.load_map_file


def test_checking_two_files_builds_the_control_and_835_maps_once(builds):
    x835.parse_835(VALID)
    x835.parse_835(VALID)
    assert sorted(builds) == ["835.5010.X221.A1.xml", "x12.control.00501.xml"]


def test_a_valid_file_checked_after_an_invalid_one_is_still_valid(builds):
    _refusal(INVALID)
    assert len(x835.parse_835(VALID)) == 1


def test_an_invalid_file_gets_the_same_problems_from_remembered_maps_as_from_new_ones(monkeypatch):
    x835.parse_835(VALID)
    remembered = _refusal(INVALID)
    monkeypatch.setattr(x12maps, "_maps", {})
    assert _refusal(INVALID) == remembered
