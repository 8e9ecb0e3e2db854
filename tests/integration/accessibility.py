"""axe-core (shipped by axe-playwright-python) on every page a browser journey visits, and a
screenshot of each under tmp/artifacts/ (or $ARTIFACTS_DIR), not committed."""

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "tmp" / "artifacts"))
BLOCKING = {"serious", "critical"}
_axe = Axe()


class PageChecker:
    """Checks each page it is shown; `problems` lists every serious or critical violation."""

    def __init__(self, journey: str):
        self.journey = journey
        self.problems: list[str] = []
        self.count = 0
        (ARTIFACTS / journey).mkdir(parents=True, exist_ok=True)

    def check(self, page, name: str) -> None:
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=str(ARTIFACTS / self.journey / f"{self.count:02d}-{slug}.png"), full_page=True)
        results = _axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:3])
                self.problems.append(
                    f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
                )
