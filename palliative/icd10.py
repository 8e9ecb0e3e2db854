"""ICD-10-CM code sets by fiscal year: the one place that knows which codes exist, which are
billable and what they mean, on a given date of service.

CMS publishes a new ICD-10-CM set each fiscal year, in force from October 1 (FY N runs from
October 1 of N-1 to September 30 of N; 45 CFR 162.1002(c)(2); CMS ICD-10-CM files page), and
may publish an update in force from April 1 (the April addenda, e.g. the "April 1, 2026"
FY2026 files; CMS ICD-10 page, since the FY2023 April update). Practices load each order file
with `manage.py load_icd10cm` (rows in ICD10Code, with the set's effective date); a date of
service takes the latest set of its fiscal year in force on it. The
FY2026 set bundled with simple-icd-10-cm (April 1, 2026 update) is the default for FY2026 dates
when no FY2026 file was loaded. A date in a fiscal year with no set is reported as such: never
a silent pass, never a refusal of a code that may well be valid.

The bundled set is read once per process, on first use, straight from the package's tabular
XML (one C-parser pass) rather than through the package's own per-node tree, which took most
of the demo seed's start-up time.
"""

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

BUNDLED_FISCAL_YEAR = 2026
BUNDLED_LABEL = "ICD-10-CM FY2026 (April 1, 2026 update, bundled)"
_BUNDLED_XML = "icd10c-tabular-April-1-2026.xml"
_BUNDLED_CODE_LIST = "code-list-April-2026.txt"  # every valid code, without dots


@dataclass(frozen=True)
class Entry:
    code: str  # with the dot, e.g. C34.90
    billable: bool
    description: str


def fiscal_year(on: date) -> int:
    """The federal fiscal year of a date of service: October 1 starts the next one."""
    return on.year + 1 if on.month >= 10 else on.year


def normalize(code: str) -> str:
    """Upper case, no spaces, a dot after the third character when there are more."""
    raw = re.sub(r"[\s.]", "", code or "").upper()
    return raw if len(raw) <= 3 else f"{raw[:3]}.{raw[3:]}"


# --- The bundled FY2026 set -----------------------------------------------------------------


def _bundled_data() -> Path:
    # find_spec does not run the package's __init__, which would parse the tables its own way.
    spec = importlib.util.find_spec("simple_icd_10_cm")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _seven_chr(diag: ET.Element) -> dict[str, str] | None:
    node = diag.find("sevenChrDef")
    if node is None:
        return None
    return {ext.get("char"): (ext.text or "").strip() for ext in node.findall("extension")}


def _walk(diag: ET.Element, inherited: dict[str, str] | None, out: dict[str, Entry], valid: set[str]) -> None:
    """ICD-10-CM Official Guidelines I.A.5-I.B.3: a code with subcodes is a heading; where a
    7th character applies (sevenChrDef on the code or an ancestor), only the code padded with X
    to six characters plus the 7th character is billable."""
    code = diag.findtext("name").strip()
    description = (diag.findtext("desc") or "").strip()
    seven = _seven_chr(diag) or inherited
    children = diag.findall("diag")
    if children:
        out[code] = Entry(code, False, description)
        for child in children:
            _walk(child, seven, out, valid)
        return
    if not seven:
        out[code] = Entry(code, True, description)
        return
    out[code] = Entry(code, False, description)
    stem = code.replace(".", "").ljust(6, "X")
    for char, meaning in seven.items():
        if stem + char not in valid:  # a note excludes some 7th characters (e.g. 7 and 8 in S06)
            continue
        full = normalize(stem + char)
        out[full] = Entry(full, True, f"{description}, {meaning}" if meaning else description)


@lru_cache(maxsize=1)
def bundled() -> dict[str, Entry]:
    """Every code of the bundled FY2026 set, parsed once per process."""
    data = _bundled_data()
    valid = set((data / _BUNDLED_CODE_LIST).read_text(encoding="utf-8").split())
    root = ET.parse(data / _BUNDLED_XML).getroot()
    out: dict[str, Entry] = {}
    for section in root.iter("section"):
        for top in section.findall("diag"):
            _walk(top, None, out, valid)
    return out


# --- Which set applies -----------------------------------------------------------------------


def fiscal_year_start(year: int) -> date:
    return date(year - 1, 10, 1)


@dataclass(frozen=True)
class _Preloaded:
    days: frozenset[date]  # the dates of service asked about
    versions: dict[date, date | None]  # day -> effective date of the loaded set in force (None: none)
    codes: frozenset[str]  # the codes asked about, normalized
    entries: dict[tuple[int, date, str], Entry]  # (fiscal year, effective date, code) -> entry


_preloaded: ContextVar[_Preloaded | None] = ContextVar("icd10_preloaded", default=None)


@contextmanager
def preloaded(codes: Iterable[str], dates: Iterable[date]):
    """Within the block, the sets in force on `dates` and the entries of `codes` in them are
    answered from two queries made up front instead of one or two per code and date (the
    scrubber checks a batch of claims this way)."""
    from .models import ICD10Code

    days = frozenset(dates)
    codes = frozenset(normalize(code) for code in codes)
    years = {fiscal_year(day) for day in days}
    sets: dict[int, list[date]] = {}
    for year, effective in (
        ICD10Code.objects.filter(fiscal_year__in=years)
        .order_by()
        .values_list("fiscal_year", "effective_from")
        .distinct()
    ):
        sets.setdefault(year, []).append(effective)
    versions = {
        day: max((effective for effective in sets.get(fiscal_year(day), []) if effective <= day), default=None)
        for day in days
    }
    rows = ICD10Code.objects.filter(fiscal_year__in=list(sets), code__in=codes) if sets and codes else []
    entries = {
        (row.fiscal_year, row.effective_from, row.code): Entry(row.code, row.billable, row.long_description)
        for row in rows
    }
    token = _preloaded.set(_Preloaded(days, versions, codes, entries))
    try:
        yield
    finally:
        _preloaded.reset(token)


def _version(on: date) -> date | None:
    """The effective date of the loaded set in force on `on`: of the sets of its fiscal year,
    the latest that took effect on or before `on` (an April 1 update from April 1 on; the
    October set before it). None when none is loaded."""
    batch = _preloaded.get()
    if batch is not None and on in batch.days:
        return batch.versions[on]
    from django.db.models import Max

    from .models import ICD10Code

    return ICD10Code.objects.filter(fiscal_year=fiscal_year(on), effective_from__lte=on).aggregate(
        latest=Max("effective_from")
    )["latest"]


def code_set_label(on: date | None) -> str | None:
    """The name of the set that applies on `on` (None: the default), or None when no set is loaded."""
    if on is None:
        return BUNDLED_LABEL
    year = fiscal_year(on)
    version = _version(on)
    if version is not None:
        update = "" if version == fiscal_year_start(year) else f", update of {version:%m/%d/%Y}"
        return f"ICD-10-CM FY{year}{update} (loaded from CMS's order file)"
    return BUNDLED_LABEL if year == BUNDLED_FISCAL_YEAR else None


def lookup(code: str, on: date | None = None) -> Entry | None:
    """The entry for `code` in the set for `on` (None: the default set); None when the code is
    not in it. Raises NoCodeSet when no set is loaded for that fiscal year."""
    code = normalize(code)
    if on is not None:
        version = _version(on)
        if version is not None:
            from .models import ICD10Code

            batch = _preloaded.get()
            if batch is not None and on in batch.days and code in batch.codes:
                return batch.entries.get((fiscal_year(on), version, code))
            row = ICD10Code.objects.filter(fiscal_year=fiscal_year(on), effective_from=version, code=code).first()
            return Entry(row.code, row.billable, row.long_description) if row else None
        if fiscal_year(on) != BUNDLED_FISCAL_YEAR:
            raise NoCodeSet(fiscal_year(on))
    return bundled().get(code)


class NoCodeSet(LookupError):
    def __init__(self, year: int):
        super().__init__(f"No ICD-10-CM code set is loaded for FY{year}.")
        self.fiscal_year = year


def is_billable(code: str, on: date | None = None) -> bool | None:
    """True/False by the set in force on `on`; None when no set is loaded for that year."""
    try:
        entry = lookup(code, on)
    except NoCodeSet:
        return None
    return entry is not None and entry.billable


def description(code: str, on: date | None = None) -> str:
    try:
        entry = lookup(code, on)
    except NoCodeSet:
        entry = bundled().get(normalize(code))
    return entry.description if entry else ""


def search(text: str, on: date | None = None, limit: int = 20) -> list[Entry]:
    """Billable codes whose code starts with, or whose description contains, `text`; codes
    first. For a type-ahead: `on` picks the fiscal year (the default set when None or unloaded)."""
    text = (text or "").strip()
    if not text:
        return []
    version = _version(on) if on else None
    if version is not None:
        from django.db.models import Q

        from .models import ICD10Code

        rows = ICD10Code.objects.filter(fiscal_year=fiscal_year(on), effective_from=version, billable=True).filter(
            Q(code__istartswith=normalize(text)) | Q(long_description__icontains=text)
        )
        return [Entry(r.code, r.billable, r.long_description) for r in rows.order_by("code")[:limit]]
    prefix, words = normalize(text), text.lower()
    by_code = [e for c, e in bundled().items() if e.billable and c.startswith(prefix)]
    by_text = [e for e in bundled().values() if e.billable and words in e.description.lower()]
    found = list(dict.fromkeys(sorted(by_code, key=lambda e: e.code) + by_text))
    return found[:limit]


# --- CMS order files -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRow:
    code: str
    billable: bool
    short_description: str
    long_description: str


def parse_order_line(line: str) -> OrderRow | None:
    """One line of CMS's icd10cm_order_YYYY.txt: order number (5), blank, code without the dot
    (7, left-justified), blank, 0 header / 1 billable (1), blank, short description (60),
    blank, long description. Source: CMS "ICD-10-CM and ICD-10-PCS Order File" layout
    (icd10cm_order_YYYY.txt readme, fixed width). None for a blank line."""
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    if len(line) < 16 or line[5] != " " or line[13] != " " or line[14] not in "01":
        raise ValueError(f"Not a CMS ICD-10-CM order file line: {line[:40]!r}")
    short = line[16:76].strip()
    return OrderRow(normalize(line[6:13].strip()), line[14] == "1", short, line[77:].strip() or short)
