"""Patient search at scale: median time of the search page for a name, a compound-surname part,
"last, first", an MRN and a birth date, next to a trivial page (the notifications list), and
whether PostgreSQL uses the indexes (EXPLAIN).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pal_bench python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pal_bench python bench/patient_search.py 50000
"""

import random
import sys
from datetime import date, timedelta

import common

from palliative import rules, selectors
from palliative.models import Patient, Role
from palliative.views import SEARCH_SESSION_KEY

FIRST = ["Zoë", "Anh", "Margaret", "José", "Siobhán", "Robert", "Ruth", "Chinedu", "Ingrid", "Mei"]
LAST = [
    "O'Brien-Nguyễn",
    "Nguyen",
    "Okafor",
    "García Márquez",
    "Whitfield",
    "Van der Berg",
    "Søren",
    "Hale",
    "Castellano",
]


def fill(count: int) -> None:
    have = Patient.objects.count()
    rng = random.Random(13)
    batch = []
    for n in range(have, count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        last = last if n % 5 else f"{last}{n % 997}"
        mrn = f"BN{n:07d}"
        batch.append(
            Patient(
                first_name=first,
                last_name=last,
                date_of_birth=date(1925, 1, 1) + timedelta(days=rng.randrange(25000)),
                sex="F",
                mrn=mrn,
                search_name=rules.patient_search_name(first, last),
                search_mrn=rules.search_mrn(mrn),
            )
        )
    Patient.objects.bulk_create(batch, batch_size=2000)


def main(count: int) -> None:
    fill(count)
    print(f"{Patient.objects.count()} patients")
    client = common.staff_client(Role.FRONT_DESK)
    common.report("trivial page", "/notifications/", client, 15)
    born = Patient.objects.order_by("id").values_list("date_of_birth", flat=True)[count // 2]
    for text in ["nguyen", "obrien", "Nguyen, Zoe", "BN0012345", f"{born:%m/%d/%Y}", f"{born:%m%d%Y}"]:
        session = client.session
        session[SEARCH_SESSION_KEY] = text
        session.save()
        common.report(f"search {text!r}", "/patients/", client, 15)
    for text in ["nguyen", "BN0012345", f"{born:%m/%d/%Y}"]:
        plan = selectors.patient_search(text)[:25].explain()
        used = sorted({word for word in plan.split() if word.startswith(("palliative_patient_", "Bitmap", "Index"))})
        print(f"plan for {text!r}: {', '.join(used) or 'no index'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50000)
