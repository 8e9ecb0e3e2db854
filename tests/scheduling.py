"""The order in which pytest-xdist hands test modules to its workers (bin/test: `--dist loadscope`).

xdist hands out whole modules, largest test count first, so the integration modules (a few
tests each, but each test a browser journey, a real Celery worker or a seeded demo of many
seconds) came last: whichever worker drew the last long one ran on alone for 10-15 s while the
other sat idle. Handing those modules out first and the many short modules after them lets the
short ones fill in, so both workers finish together (longest job first, the usual rule for
packing jobs onto machines).

Running the transactional integration tests early is safe: the flush after each one leaves the
database as migrated (tests/conftest.py `_flush_by_delete`), and the unit tests' own data comes
from factories.
"""

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

LONG_MODULES = "tests/integration/"


class LongModulesFirst(LoadScopeScheduling):
    """xdist's loadscope scheduler with its queue reordered once, just before the first module is
    handed out. `_assign_work_unit` is xdist's own (pytest-xdist 3.8.0, pinned); should a later
    xdist drop it, the reorder stops and the modules keep xdist's order: slower, never wrong."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._ordered = False

    def _assign_work_unit(self, node) -> None:
        if not self._ordered:
            # Stable sort: within each group, xdist's own order (most tests first) stays.
            self.workqueue = OrderedDict(
                sorted(self.workqueue.items(), key=lambda unit: not unit[0].startswith(LONG_MODULES))
            )
            self._ordered = True
        super()._assign_work_unit(node)
