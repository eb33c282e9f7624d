"""Choice values of the school registers, each accepted in Kyrgyz, Russian and English.

The enum value is the Kyrgyz spelling a register uses; the alias tables list what staff also
type (Russian wording, abbreviations, English). Where a spelling names a methodical
association or a council, the usual abbreviations are accepted too (``abbreviated``): «УБ
жөнүндө жобо» is also «МБ жөнүндө жобо» and «ШМО жөнүндө жобо»."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum, StrEnum
from typing import TypeVar

from sheets_sync.fields import choice
from sheets_sync.text import display, normalize

E = TypeVar("E", bound=Enum)

# Words that mean the same body; any one stands for the others inside a spelling.
SYNONYMS = (
    (
        "усулдук бирикме",
        "уб",
        "мб",
        "мбу",
        "методбирикме",
        "методикалык бирикме",
        "шмо",
        "мо",
        "методобъединение",
        "методическое объединение",
    ),
    ("методикалык кеңеш", "мк", "усулдук кеңеш", "методкеңеш", "методсовет", "мс", "нмс"),
    ("педагогикалык кеңеш", "пк", "педкеңеш", "педсовет"),
)


def abbreviated(spellings: Iterable[str]) -> tuple[str, ...]:
    """The spellings plus every variant with a body's name swapped for its synonyms."""
    found = {normalize(spelling) for spelling in spellings}
    for spelling in list(found):
        for group in SYNONYMS:
            for word in group:
                pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
                if pattern.search(spelling):
                    found.update(pattern.sub(other, spelling) for other in group)
    return tuple(sorted(found))


def spellings(enum: type[E], aliases: Mapping[E, Iterable[str]]) -> dict[E, tuple[str, ...]]:
    """Every member's value and aliases with their abbreviations; a spelling naming two
    members is a mistake in the table, caught on import."""
    table = {member: abbreviated((str(member.value), *aliases.get(member, ()))) for member in enum}
    owner: dict[str, E] = {}
    for member, names in table.items():
        for name in names:
            if owner.setdefault(name, member) is not member:
                raise ValueError(f"{enum.__name__}: «{name}» names {owner[name]} and {member}")
    return table


def matcher(enum: type[E], aliases: Mapping[E, Iterable[str]]) -> Callable[[object], E | None]:
    """A function telling which member a free-text cell names, or None."""
    lookup = {name: member for member, names in spellings(enum, aliases).items() for name in names}

    def match(value: object) -> E | None:
        return lookup.get(normalize(display(value)))

    return match


class Position(StrEnum):
    TEACHER = "мугалим"
    DIRECTOR = "директор"
    DEPUTY_DIRECTOR = "директордун орун басары"
    SOCIAL_PEDAGOGUE = "социалдык педагог"
    PSYCHOLOGIST = "психолог"
    OTHER = "башка"


class Education(StrEnum):
    HIGHER_PROFESSIONAL = "жогорку кесиптик"
    INCOMPLETE_HIGHER = "толук эмес жогорку"
    SECONDARY_PROFESSIONAL = "орто кесиптик"
    SECONDARY = "орто"


class CourseKind(StrEnum):
    QUALIFICATION = "квалификацияны жогорулатуу курсу"
    RETRAINING = "кесиптик кайра даярдоо"
    SEMINAR = "семинар/тренинг"


class DocumentKind(StrEnum):
    CERTIFICATE_KG = "күбөлүк"
    CERTIFICATE = "сертификат"
    DIPLOMA = "диплом"


class Council(StrEnum):
    """The school's councils, as `meetings.body` and `plans_reports.owner` name them."""

    METHODICAL = "методикалык кеңеш"
    PEDAGOGICAL = "педагогикалык кеңеш"


class PlanKind(StrEnum):
    WORK_PLAN = "иш планы"
    REPORT = "отчет"
    ANALYSIS = "талдоо"


class Period(StrEnum):
    SCHOOL_YEAR = "окуу жылы"
    QUARTER = "чейрек"
    MONTH = "ай"


class EventKind(StrEnum):
    OPEN_LESSON = "ачык сабак"
    SEMINAR = "семинар"
    SUBJECT_WEEK = "предметтик жума"
    OLYMPIAD = "олимпиада"
    EXTRACURRICULAR = "класстан тышкаркы иш-чара"


class DocType(StrEnum):
    """The MA's file of seed 002 §6.1–6.11."""

    OPENING_ORDER = "УБ ачуу жөнүндө буйрук"
    CHAIR_ORDER = "төрагасын дайындоо жөнүндө буйрук"
    REGULATION = "УБ жөнүндө жобо"
    DUTIES = "мугалимдердин кызматтык милдеттери"
    ANALYSIS = "өткөн жылдагы иштин талдоосу"
    THEME = "усулдук тема"
    ANNUAL_PLAN = "жылдык иш план"
    MONTHLY_PLAN = "айлык иш план"
    TEACHERS_INFO = "мугалимдер жөнүндө маалымат"
    INTERNAL_CONTROL = "мектеп ичиндеги көзөмөл"
    PROTOCOLS = "отурумдардын протоколдору"


POSITION_ALIASES = {
    Position.TEACHER: ("учитель", "педагог", "teacher", "мугалими"),
    Position.DIRECTOR: ("director", "директор мектептин"),
    Position.DEPUTY_DIRECTOR: (
        "орун басар",
        "директордун орунбасары",
        "ДОБ",
        "заместитель директора",
        "зам директора",
        "замдиректора",
        "завуч",
        "deputy director",
        "директордун окуу иштери боюнча орун басары",
        "директордун илимий-методикалык иштер боюнча орун басары",
        "заместитель директора по учебной работе",
        "заместитель директора по УВР",
        "заместитель директора по научно-методической работе",
    ),
    Position.SOCIAL_PEDAGOGUE: ("социальный педагог", "соцпедагог", "social pedagogue"),
    Position.PSYCHOLOGIST: ("педагог-психолог", "психолог мектептин", "psychologist"),
    Position.OTHER: ("другое", "другая", "other"),
}

EDUCATION_ALIASES = {
    Education.HIGHER_PROFESSIONAL: (
        "жогорку",
        "жогорку билим",
        "высшее",
        "высшее профессиональное",
        "higher",
        "higher professional",
        "высшее педагогическое",
        "жогорку педагогикалык",
    ),
    Education.INCOMPLETE_HIGHER: ("неполное высшее", "incomplete higher"),
    Education.SECONDARY_PROFESSIONAL: (
        "орто кесиптик билим",
        "среднее профессиональное",
        "среднее специальное",
        "средне-специальное",
        "secondary professional",
    ),
    Education.SECONDARY: ("среднее", "орто билим", "secondary"),
}

COURSE_KIND_ALIASES = {
    CourseKind.QUALIFICATION: (
        "квалификацияны жогорулатуу",
        "курс",
        "курсы",
        "КПК",
        "КЖК",
        "курсы повышения квалификации",
        "повышение квалификации",
        "qualification course",
    ),
    CourseKind.RETRAINING: (
        "кайра даярдоо",
        "профессиональная переподготовка",
        "переподготовка",
        "retraining",
        "professional retraining",
    ),
    CourseKind.SEMINAR: (
        "семинар",
        "тренинг",
        "семинар-тренинг",
        "вебинар",
        "seminar",
        "training",
        "webinar",
    ),
}

DOCUMENT_KIND_ALIASES = {
    DocumentKind.CERTIFICATE_KG: ("удостоверение", "күбөлүгү", "completion certificate"),
    DocumentKind.CERTIFICATE: ("certificate", "сертификаты"),
    DocumentKind.DIPLOMA: ("diploma", "дипломы"),
}

COUNCIL_ALIASES = {
    Council.METHODICAL: (
        "МК",
        "методикалык кеңештин отуруму",
        "илимий-методикалык кеңеш",
        "методический совет",
        "научно-методический совет",
        "заседание методического совета",
        "заседание методсовета",
        "methodical council",
        "MC",
    ),
    Council.PEDAGOGICAL: (
        "ПК",
        "педагогикалык кеңештин отуруму",
        "педагогический совет",
        "заседание педагогического совета",
        "pedagogical council",
        "teachers' council",
        "PC",
    ),
}

PLAN_KIND_ALIASES = {
    PlanKind.WORK_PLAN: (
        "иш план",
        "план",
        "жылдык иш план",
        "иш пландоо",
        "план работы",
        "годовой план",
        "work plan",
        "plan",
    ),
    PlanKind.REPORT: ("отчёт", "отчету", "отчет берүү", "эсеп", "report"),
    PlanKind.ANALYSIS: ("анализ", "иштин талдоосу", "анализ работы", "analysis"),
}

PERIOD_ALIASES = {
    Period.SCHOOL_YEAR: ("окуу жыл", "жыл", "жылдык", "учебный год", "год", "school year", "year"),
    Period.QUARTER: ("чейректик", "четверть", "quarter", "term"),
    Period.MONTH: ("айлык", "месяц", "month"),
}

EVENT_KIND_ALIASES = {
    EventKind.OPEN_LESSON: ("ачык сабактар", "открытый урок", "open lesson"),
    EventKind.SEMINAR: (
        "семинар-практикум",
        "практикалык семинар",
        "тренинг",
        "семинар-тренинг",
        "seminar",
    ),
    EventKind.SUBJECT_WEEK: (
        "предметтик жумалык",
        "предметная неделя",
        "неделя предмета",
        "subject week",
    ),
    EventKind.OLYMPIAD: ("предметтик олимпиада", "предметная олимпиада", "olympiad"),
    EventKind.EXTRACURRICULAR: (
        "класстан тышкары иш-чара",
        "класстан тышкаркы иш",
        "иш-чара",
        "внеклассное мероприятие",
        "внеурочное мероприятие",
        "мероприятие",
        "extracurricular",
        "extracurricular event",
    ),
}

DOC_TYPE_ALIASES = {
    DocType.OPENING_ORDER: (
        "усулдук бирикмени ачуу жөнүндө буйрук",
        "УБну ачуу жөнүндө буйрук",
        "приказ об открытии МО",
        "приказ о создании МО",
        "приказ о создании методического объединения",
        "MA opening order",
        "opening order",
    ),
    DocType.CHAIR_ORDER: (
        "УБ төрагасын дайындоо жөнүндө буйрук",
        "жетекчисин дайындоо жөнүндө буйрук",
        "приказ о назначении руководителя МО",
        "приказ о назначении председателя МО",
        "chair appointment order",
    ),
    DocType.REGULATION: (
        "усулдук бирикме жөнүндө жобо",
        "положение о МО",
        "положение о методическом объединении",
        "MA regulation",
    ),
    DocType.DUTIES: (
        "кызматтык милдеттер",
        "функциональные обязанности учителей",
        "должностные обязанности учителей",
        "должностные обязанности",
        "teachers' duties",
    ),
    DocType.ANALYSIS: (
        "өткөн жылдагы иштин талданышы",
        "өткөн жылдын талдоосу",
        "иштин талдоосу",
        "талдоо",
        "анализ работы за прошлый год",
        "анализ работы",
        "анализ",
        "last year's analysis",
    ),
    DocType.THEME: ("методическая тема", "methodical theme"),
    DocType.ANNUAL_PLAN: (
        "жылдык иш планы",
        "иш план",
        "иш планы",
        "годовой план",
        "план работы на год",
        "план работы",
        "annual plan",
    ),
    DocType.MONTHLY_PLAN: (
        "айлык иш планы",
        "айлык план",
        "план на месяц",
        "ежемесячный план",
        "monthly plan",
    ),
    DocType.TEACHERS_INFO: (
        "сведения об учителях",
        "информация об учителях",
        "teachers' information",
    ),
    DocType.INTERNAL_CONTROL: (
        "ички көзөмөл",
        "внутришкольный контроль",
        "ВШК",
        "internal control",
    ),
    DocType.PROTOCOLS: (
        "протоколдор",
        "отурумдардын протоколу",
        "протоколы заседаний",
        "протоколы",
        "протокол",
        "session protocols",
        "protocols",
        "minutes",
    ),
}

PositionChoice = choice(Position, spellings(Position, POSITION_ALIASES))
EducationChoice = choice(Education, spellings(Education, EDUCATION_ALIASES))
CourseKindChoice = choice(CourseKind, spellings(CourseKind, COURSE_KIND_ALIASES))
DocumentKindChoice = choice(DocumentKind, spellings(DocumentKind, DOCUMENT_KIND_ALIASES))
PlanKindChoice = choice(PlanKind, spellings(PlanKind, PLAN_KIND_ALIASES))
PeriodChoice = choice(Period, spellings(Period, PERIOD_ALIASES))
EventKindChoice = choice(EventKind, spellings(EventKind, EVENT_KIND_ALIASES))
DocTypeChoice = choice(DocType, spellings(DocType, DOC_TYPE_ALIASES))

council_of = matcher(Council, COUNCIL_ALIASES)
"""The council a `meetings.body` or `plans_reports.owner` cell names, or None (an MA, a person)."""
