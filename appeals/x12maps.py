"""pyx12's implementation-guide maps, each built once per process instead of once per document.

pyx12 (`x12n_document`) parses a map's XML every time it checks a file: the X12 control map and
the 835 map (005010X221A1) cost about 0.07 s a file, the 837P map (005010X222A1) 0.24 s. A built
map is read-only: pyx12's walker keeps its loop and segment counts in its own `NodeCounter`
(pyx12/map_walker.py, pyx12/nodeCounter.py), and nothing in `x12n_document` writes to a node, so
one built map serves every file the process checks. The only parameters a map reads are
`charset` and `exclude_external_codes` (pyx12/map_if/_root.py, _element.py); they are part of
the key.

`install()` (called from AppealsConfig.ready) puts `load_map_file` below in pyx12's place, where
`x12n_document` looks it up on each call.
"""

import pyx12.map_if
from pyx12.params import ParamsBase

_build_map = pyx12.map_if.load_map_file
_maps: dict[tuple, pyx12.map_if.map_if] = {}


def load_map_file(map_file: str, param: ParamsBase, map_path: str | None = None) -> pyx12.map_if.map_if:
    """pyx12's `load_map_file`, remembered per map file, map folder and the parameters a map reads."""
    key = (map_file, map_path, param.get("charset"), param.get("exclude_external_codes"))
    built = _maps.get(key)
    if built is None:
        built = _maps.setdefault(key, _build_map(map_file, param, map_path))
    return built


def install() -> None:
    pyx12.map_if.load_map_file = load_map_file
