"""The diagnosis code type-ahead (static/js/code-lookup.js asks on every keystroke from the
second character): median time of the lookup page for code starts and title words, next to a
trivial page (the notifications list). The first call in a process also reads the code set;
it is printed on its own.

    DATABASE_URL=sqlite:///db.sqlite3 python bench/code_lookup.py
"""

import time
from urllib.parse import urlencode

import common

from palliative import selectors
from palliative.models import Role

TYPED = ["C34", "z51.5", "lu", "lung", "lung ca", "heart failure", "copd", "metastatic bone", "cancer of pancreas"]


def main() -> None:
    start = time.perf_counter()
    selectors.icd10_suggestions("lung ca")
    print(f"first lookup in a process (reads the code set): {(time.perf_counter() - start) * 1000:.0f} ms")
    client = common.staff_client(Role.FRONT_DESK)
    common.report("trivial page", "/notifications/", client, 15)
    for text in TYPED:
        common.report(f"lookup {text!r}", f"/codes/icd10/?{urlencode({'q': text})}", client, 15)


if __name__ == "__main__":
    main()
