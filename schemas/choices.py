"""Choice values of the school registers, each accepted in Kyrgyz, Russian and English.

The enum value is the Kyrgyz spelling a register uses; the alias tables list what staff also
type (Russian wording, abbreviations, English)."""

from __future__ import annotations

from enum import StrEnum

from sheets_sync.fields import choice


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


PositionChoice = choice(
    Position,
    {
        Position.TEACHER: ("учитель", "педагог", "teacher", "мугалими"),
        Position.DIRECTOR: ("director", "директор мектептин"),
        Position.DEPUTY_DIRECTOR: (
            "директордун орун басары",
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
    },
)

EducationChoice = choice(
    Education,
    {
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
    },
)

CourseKindChoice = choice(
    CourseKind,
    {
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
    },
)

DocumentKindChoice = choice(
    DocumentKind,
    {
        DocumentKind.CERTIFICATE_KG: ("удостоверение", "күбөлүгү"),
        DocumentKind.CERTIFICATE: ("certificate", "сертификаты"),
        DocumentKind.DIPLOMA: ("diploma", "дипломы"),
    },
)
