"""Every message template of every finding code, in every language, read the way a clerk
reads it: numbers agree with their nouns, a past deadline is not "do it by", a blank cell is
named as blank, «№» is never doubled, no English in a Kyrgyz or Russian message, and a tab is
named as this workbook names it."""

from __future__ import annotations

import dataclasses
import itertools
import re
import string
from datetime import date

import pytest

from jobs.methodical_work import JOB
from schemas import REGISTERS
from sheets_sync.findings import Finding, Severity
from sheets_sync.messages import LANGUAGES

AS_OF = date(2026, 11, 21)
PAST, FUTURE = date(2026, 9, 6), date(2027, 5, 31)
# The workbook a Russian clerk keeps in Kyrgyz, and one kept in Russian for the other runs.
WORKBOOKS = {
    "ky": {register.id: register.tabs.title("ky") for register in REGISTERS},
    "ru": {register.id: register.tabs.title("ru") for register in REGISTERS},
}
ALL_TAB_NAMES = {name for register in REGISTERS for name in register.tabs.names()}
NUMBERS = ("count", "years", "days", "members", "hours", "minimum", "maximum", "limit",
           "quarter", "first_row", "held", "total", "header_row")  # fmt: skip
DATES = ("base", "end", "start", "date", "done", "planned", "archived", "until", "previous_date")
ENGLISH = re.compile(r"[A-Za-z]{2,}")
PRODUCT = "sheets-sync"  # the product's own name is no English word
# These say which expected tab is missing, so they name one the workbook lacks.
ABOUT_A_MISSING_TAB = ("tab-not-found",)


def names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def codes(language: str) -> list[tuple[str, str]]:
    """(code, variant) of every finding template; the variant is "" for the plain one."""
    found = JOB.catalog(language).sections["findings"]
    return [tuple(key.split("@")) if "@" in key else (key, "") for key in found]


def cases(code: str, variant: str):
    """Findings that exercise the template: 1, 2, 5 and 21 of every counted noun, past and
    future deadlines, blank and «№»-typed values."""
    timing = {"overdue": [(Severity.ERROR, PAST)], "due": [(Severity.WARNING, FUTURE)]}
    named = variant.rsplit("-", 1)
    deadline = timing.get(named[-1], [(Severity.ERROR, PAST), (Severity.WARNING, FUTURE)])
    base_variant = named[0] if named[-1] in timing and len(named) > 1 else variant
    if base_variant in timing:
        base_variant = ""
    for number, value, (severity, due) in itertools.product(
        (1, 2, 5, 21), ("", "№ 3", "3", "Асанова Гүлзат"), deadline
    ):
        params = {name: number for name in NUMBERS}
        params |= {name: date(2026, 10, 1) for name in DATES}
        params |= {
            "value": value,
            "previous": value,
            "leader": "Асанова Гүлзат",
            "association": "Математика",
            "owner": "Математика",
            "own": "Тилдер",
            "year": "2026-2027",
            "numbers": "3–5",
            "documents": ["усулдук тема"],
            "choices": ["жогорку кесиптик"],
            "rule": "pd-cycle",
            "register": "teachers",
            "fields": ("hired_on",),
            "tab": "Мугалимдер",
            "first_column": "B",
            "column_letter": "D",
            "cell": "I3",
            "range": "A3:K3",
        }
        if base_variant:
            params["variant"] = base_variant
        if code == "rule-skipped" and number == 2:
            params.pop("fields")
            params["missing_register"] = "pd_courses"
        yield Finding("teachers", code, severity, field="full_name", column="Аты-жөнү",
                      due=due, params=params)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("workbook", sorted(WORKBOOKS))
def test_every_template_reads_as_a_clerk_expects(language, workbook):
    catalog = JOB.catalog(language)
    tabs = WORKBOOKS[workbook]
    absent = ALL_TAB_NAMES - set(tabs.values())
    checked = 0
    for code, variant in codes(language):
        for finding in cases(code, variant):
            finding.params["tab"] = tabs["teachers"]
            finding = dataclasses.replace(finding, tabs=tabs)
            text = catalog.finding(finding, JOB.register_map)
            where = (language, code, variant, finding.params["value"], finding.params["count"])
            assert "№ №" not in text and "«»" not in text and "— —" not in text, where
            assert "{" not in text and "}" not in text, where
            if language != "en":
                assert not ENGLISH.search(text.replace(PRODUCT, "")), (where, text)
            if code in ABOUT_A_MISSING_TAB or "missing_register" in finding.params:
                continue
            for name in absent:
                assert f"«{name}»" not in text, (where, name, text)
            checked += 1
    assert checked > 400


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ("1 год", "2 года", "5 лет", "21 год", "1 день", "2 дня", "11 дней")),
        ("en", ("1 year", "2 years", "5 years", "1 day", "2 days", "11 days")),
        ("ky", ("1 жыл", "2 жыл", "5 жыл", "1 күн", "11 күн")),
    ],
)
def test_numbers_agree_with_their_nouns(language, expected):
    catalog = JOB.catalog(language)
    texts = []
    for years, days in ((1, 1), (2, 2), (5, 11), (21, 11)):
        young = {"years": years, "limit": 3}
        texts.append(catalog.finding(
            Finding("teachers", "mentor-missing", Severity.WARNING, params=young),
            JOB.register_map,
        ))  # fmt: skip
        texts.append(catalog.finding(
            Finding("teachers", "pd-due-soon", Severity.WARNING, due=FUTURE,
                    params={"days": days, "base": PAST, "variant": "course"}),
            JOB.register_map,
        ))  # fmt: skip
    joined = " | ".join(texts)
    for phrase in expected:
        assert phrase in joined, (phrase, joined)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_past_deadline_says_was_due_and_a_future_one_says_by(language):
    catalog = JOB.catalog(language)
    past = Finding("associations", "plan-missing", Severity.ERROR, row=2, due=PAST,
                   params={"association": "Математика", "year": "2026-2027"})  # fmt: skip
    future = Finding("associations", "plan-missing", Severity.WARNING, row=2, due=FUTURE,
                     params={"association": "Математика", "year": "2026-2027"})  # fmt: skip
    late, soon = (catalog.finding(f, JOB.register_map) for f in (past, future))
    was_due = {"ky": "бекитилиши керек эле", "ru": "нужно было до", "en": "was due on"}[language]
    by = {"ky": "чейин бекитип", "ru": "Утвердите план до", "en": "Approve it by"}[language]
    assert was_due in late and by not in late
    assert by in soon and was_due not in soon


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_hiring_date_is_not_called_a_course(language):
    catalog = JOB.catalog(language)
    params = {"base": date(2021, 9, 5), "since": "hired", "variant": "hired"}
    hired = Finding("teachers", "pd-overdue", Severity.ERROR, row=2, due=PAST, params=params)
    text = catalog.finding(hired, JOB.register_map)
    course = {"ky": "курс", "ru": "курс", "en": "course"}[language]
    hiring = {"ky": "ишке кабыл", "ru": "приёма", "en": "hiring"}[language]
    assert hiring in text
    assert f"{course} {catalog.date(date(2021, 9, 5))}" not in text


def test_a_russian_run_on_a_kyrgyz_workbook_names_its_tabs_as_found():
    catalog = JOB.catalog("ru")
    finding = Finding("teachers", "unknown-teacher", Severity.ERROR, row=3, params={"value": "Ким"},
                      tabs=WORKBOOKS["ky"])  # fmt: skip
    text = catalog.finding(finding, JOB.register_map)
    assert "«Мугалимдер»" in text and "«Педагоги»" not in text
