"""Build the sample school workbook ``school.xlsx`` (``python -m schemas.samples.build_school``).

A made-up school No. 8 keeping its registers the way staff really do: a title line above the
teachers' header, dates typed every which way, Russian spellings next to Kyrgyz ones, user
columns with phones, notes and formulas, and a notes tab the toolkit knows nothing about.
Judged at ``DEMO_AS_OF`` (2026-11-21) with the default policy, most rows are clean and these
carry the deliberate problems (sheet row numbers):

Мугалимдер (title on row 1, header on row 2):
  pd-due-soon        10, 17, 23, 33, 42; 25 is due exactly 180 days ahead (2027-05-20)
  (no finding)       26: last course ended 2022-05-21, due in 181 days
  pd-overdue         16 (course 2021-06), 24 (its 2023 course is only 48 h), 29 (hired 2019,
                     no course ever), 38 (due 2026-11-20: one day late)
  pd-no-record       21 (psychologist: only seminars and a short retraining, no hiring date),
                     49 (no courses, no hiring date)
  deputy-education   4 («орто кесиптик»)
  deputy-experience  5 (pedagogical experience since 2023-08-15: 3 years)
  mentor-missing     20 (1 year, given as a number), 27 (2 years)
  unknown-teacher    34 (mentor «Мамытова Айгүл Сапаровна» is nobody on the tab)
  jd-not-acknowledged 28, 37
  bad-date           35 (job description «31.02.2024»)
  bad-choice         31 (education «жогору»)
  bad-value          30 (council member «балким»)
  missing-value      32 (no position)
  duplicate-key      48 (Табель № 118, already on row 20)

Квалификация (header on row 1, rows in the order the courses ended):
  pd-hours-short          73 (КПК 48 h), 112 (36 h); row 64 is exactly 72 h and counts
  retraining-hours-short  92 (250 h), 94 (480 h); row 81 (540 h, диплом) counts
  document-kind-mismatch  69 (retraining with «күбөлүк»), 74 (with «сертификат»)
  pd-certificate-missing  128 (ended 2025-12-20: error), 144 (2026-09-26: error),
                          150 (2026-11-07: warning until 2026-12-07)
  unknown-teacher         72 (left the school), 114 («Асанова Г.М.», initials only)
  missing-value           101 (no hours)
  bad-number              96 (hours «жетимиш эки»)
  bad-choice              127 (kind «лекция»)
  bad-date                78 (start «9 чиңгиз 2023»), 152 (end «кийин»)
  date-order              104 (ends 02.11.2024, started 20.11.2024)
Row 151 is a course still running (ends after as-of): no finding. Row 117 has hours «72 саат».

Russian spellings (accepted): «учитель», «заместитель директора по УВР», «высшее», «да»/«нет»,
«КПК», «курсы повышения квалификации», «переподготовка», «удостоверение». Dates are mostly real
date cells, some are text («01.09.2024», «2024-09-01», ««30» октябрь 2022-ж.»,
«30-август 2022-жыл») and two are bare serial numbers (Мугалимдер row 40, hiring date;
Квалификация row 22, submission date). Row numbers hold for this SEED and code; after changing
either, run the job on the result and update this list.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import DEMO_AS_OF, SAMPLE_WORKBOOK

__all__ = ["DEMO_AS_OF", "build"]

SEED = 20261121
FIXED_TIME = (2026, 11, 1, 8, 0, 0)
"""Zip entry time and document dates, so that every build gives the same bytes."""

SCHOOL = "№8 орто мектеби"
TEACHERS_TAB, COURSES_TAB, INFO_TAB = "Мугалимдер", "Квалификация", "Маалымат"

# Associations (усулдук бирикмелер).
NAT = "Табигый илимдер УБ"
LANG = "Тилдер УБ"
PRIM = "Башталгыч класстар УБ"
MATH = "Математика жана информатика УБ"
SOC = "Коомдук илимдер УБ"
ART = "Дене тарбия жана көркөм өнөр УБ"

# Choice spellings.
TEACHER, DIRECTOR, DEPUTY = "мугалим", "директор", "директордун орун басары"
PSYCH, SOCPED = "психолог", "социалдык педагог"
HIGHER, SEC_PROF, INC_HIGHER = "жогорку кесиптик", "орто кесиптик", "толук эмес жогорку"
QUAL, RETRAIN, SEMINAR = "квалификацияны жогорулатуу курсу", "кесиптик кайра даярдоо", "семинар"
YES, NO = "ооба", "жок"

AUTO = "auto"
"""A value the builder makes up (the job-description signature, the submission date)."""


@dataclass
class Person:
    id: int
    name: str
    position: str | None
    subject: str | None
    association: str | None
    education: str | None
    experience: date | int | None  # start date, or years when the start is unknown
    hired: date | str | None  # "serial": typed as a bare serial number
    # PD history: None a clean one; a date: the latest qualifying course (72 h) ends then;
    # "young" a new teacher's; "seminars" only seminars; "hired" one seminar; "none" nothing.
    pd: object = None
    mentor: str | None = None
    council: str | None = NO
    jd: object = AUTO
    russian: bool = False


def d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


# Sheet rows 3.. in this order. The docstring lists the rows with deliberate problems.
PEOPLE = [
    Person(101, "Сыдыкова Назгүл Токтогуловна", DIRECTOR, "Кыргыз тили", LANG, HIGHER,
           d(1994, 9, 1), d(2008, 8, 20), council=YES),
    Person(102, "Абдыкадырова Айнура Жумабековна", DEPUTY, "Математика", MATH, SEC_PROF,
           d(1999, 9, 1), d(2003, 8, 25), council=YES),
    Person(103, "Бакиров Эрлан Сагынбекович", "заместитель директора по УВР", "Тарых", SOC,
           "высшее", d(2023, 8, 15), d(2023, 8, 15), pd=d(2024, 6, 14), council="да",
           russian=True),
    Person(104, "Асанова Гүлзат Маратовна", TEACHER, "Кыргыз тили", LANG, HIGHER,
           d(2002, 9, 1), d(2006, 8, 28), council=YES),
    Person(105, "Токтогулов Бакыт Асанович", TEACHER, "Физика", NAT, HIGHER,
           d(1998, 9, 1), d(2001, 8, 27), council=YES),
    Person(106, "Жээнбекова Айгүл Бакытовна", TEACHER, "Математика", MATH, HIGHER,
           d(2007, 9, 1), d(2007, 8, 29), council=YES),
    Person(107, "Мамытов Нурбек Кубанычбекович", TEACHER, "Информатика", MATH, HIGHER,
           d(2012, 9, 1), d(2015, 8, 24)),
    Person(108, "Иванова Светлана Петровна", "учитель", "Орус тили", LANG, "высшее",
           d(1991, 9, 1), d(1999, 8, 30), pd=d(2021, 12, 17), council="нет", russian=True),
    Person(109, "Осмонова Чолпон Абдрасуловна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(2000, 9, 1), d(2000, 8, 28), council=YES),
    Person(110, "Кадыров Улан Бекболотович", TEACHER, "Дене тарбия", ART, HIGHER,
           d(2005, 9, 1), d(2009, 8, 26)),
    Person(111, "Эсенгулова Жылдыз Токтосуновна", TEACHER, "Химия", NAT, HIGHER,
           d(2004, 9, 1), d(2004, 8, 30), pd=d(2023, 6, 23)),
    Person(112, "Шаршеева Бермет Айбековна", TEACHER, "Англис тили", LANG, HIGHER,
           d(2025, 9, 1), d(2025, 8, 25), pd="young",
           mentor="Сатыбалдиева Динара Кубатбековна"),
    Person(113, "Сатыбалдиева Динара Кубатбековна", TEACHER, "Англис тили", LANG, HIGHER,
           d(2008, 9, 1), d(2011, 8, 29)),
    Person(114, "Абдраимов Талант Жолдошбекович", TEACHER, "География", NAT, HIGHER,
           d(1996, 9, 1), d(1996, 8, 26), pd=d(2021, 6, 18)),
    Person(115, "Ким Елена Викторовна", "учитель", "Математика", MATH, "высшее",
           d(2003, 9, 1), d(2010, 8, 23), pd=d(2022, 1, 28), council="нет", russian=True),
    Person(116, "Турдубаева Мээрим Асылбековна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(2010, 9, 1), d(2013, 8, 26), council=YES),
    Person(117, "Бообекова Кыял Орозбековна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(2024, 9, 1), d(2024, 8, 27), pd="young", mentor="Осмонова Чолпон Абдрасуловна"),
    Person(118, "Алымкулов Азамат Нурланович", TEACHER, "Тарых", SOC, HIGHER,
           1, d(2025, 8, 26), pd="young", council=None),
    Person(119, "Калыбекова Асел Маратовна", PSYCH, None, None, HIGHER,
           d(2019, 9, 2), None, pd="seminars"),
    Person(120, "Жусупова Гүлмира Эркиновна", SOCPED, None, None, HIGHER,
           d(2009, 9, 1), d(2016, 8, 29)),
    Person(121, "Петренко Ольга Николаевна", "учитель", "Орус тили", LANG, "высшее",
           d(1997, 9, 1), d(2005, 8, 29), pd=d(2022, 3, 25), council="нет", russian=True),
    Person(122, "Ырысбаев Жаныбек Акылбекович", TEACHER, "Математика", MATH, HIGHER,
           d(1995, 9, 1), d(1998, 8, 24), pd=d(2020, 3, 27)),
    Person(123, "Болотбекова Нургүл Садырбековна", TEACHER, "Биология", NAT, HIGHER,
           d(2006, 9, 1), d(2006, 8, 28), pd=d(2022, 5, 20)),
    Person(124, "Орозова Аида Канатбековна", TEACHER, "Кыргыз тили", LANG, HIGHER,
           d(2011, 9, 1), d(2011, 8, 29), pd=d(2022, 5, 21)),
    Person(125, "Сулайманов Медер Талантбекович", TEACHER, "Информатика", MATH, HIGHER,
           d(2024, 9, 1), d(2024, 8, 28), pd="young"),
    Person(126, "Абдиева Салтанат Жаркыновна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(2014, 9, 1), d(2018, 8, 27), jd=None),
    Person(127, "Темиров Руслан Маратович", TEACHER, "Дене тарбия", ART, HIGHER,
           7, d(2019, 8, 26), pd="hired"),
    Person(128, "Нуралиева Жазгүл Бектуровна", TEACHER, "Кыргыз адабияты", LANG, HIGHER,
           d(2001, 9, 1), d(2001, 8, 27), council="балким"),
    Person(129, "Усенова Айжан Дүйшөнбековна", TEACHER, "Англис тили", LANG, "жогору",
           d(2016, 9, 1), d(2016, 8, 29)),
    Person(130, "Мырзакматов Эрмек Абдыкалыкович", None, "Технология", ART, HIGHER,
           d(2003, 9, 1), d(2012, 8, 27)),
    Person(131, "Акматова Гүлнара Сейитбековна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(1993, 9, 1), d(1993, 8, 30), pd=d(2022, 4, 22)),
    Person(132, "Жумагулов Айбек Кенешович", TEACHER, "Химия", NAT, HIGHER,
           d(2026, 9, 1), d(2026, 8, 28), pd="none", mentor="Мамытова Айгүл Сапаровна"),
    Person(133, "Токторова Элмира Жумадиловна", TEACHER, "Музыка", ART, HIGHER,
           d(2009, 9, 1), d(2009, 8, 31), jd="31.02.2024"),
    Person(134, "Садыкова Бактыгүл Мелисовна", TEACHER, "Башталгыч класс", PRIM, SEC_PROF,
           d(1990, 9, 1), d(1990, 8, 27), pd=d(2023, 11, 10)),
    Person(135, "Маматов Кубанычбек Осмонович", TEACHER, "Адам жана коом", SOC, HIGHER,
           d(2000, 9, 1), d(2007, 8, 27), jd=None),
    Person(136, "Ашырбаева Зуура Калысбековна", TEACHER, "Орус тили", LANG, HIGHER,
           d(1999, 9, 1), d(1999, 8, 30), pd=d(2021, 11, 20)),
    Person(137, "Керимбаев Данияр Бактыбекович", TEACHER, "Физика", NAT, HIGHER,
           d(2024, 9, 1), d(2024, 8, 26), pd="young", mentor="Токтогулов Бакыт Асанович"),
    Person(138, "Исмаилова Наргиза Абдумаликовна", TEACHER, "Математика", MATH, HIGHER,
           d(2013, 9, 1), "serial", council=YES),
    Person(139, "Байматова Каныкей Улановна", TEACHER, "Биология", NAT, HIGHER,
           d(2005, 9, 1), d(2008, 8, 25), council=YES),
    Person(140, "Сагынбаева Толгонай Азаматовна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           d(2008, 9, 1), d(2008, 8, 25), pd=d(2022, 2, 18)),
    Person(141, "Дооронбеков Адилет Мирланович", TEACHER, "Сүрөт", ART, HIGHER,
           d(2015, 9, 1), d(2015, 8, 31), pd=d(2023, 1, 13)),
    Person(142, "Кубатова Айпери Нурбековна", TEACHER, "Англис тили", LANG, INC_HIGHER,
           d(2025, 9, 1), d(2025, 8, 28), pd="young",
           mentor="Сатыбалдиева Динара Кубатбековна"),
    Person(143, "Эргешов Замир Турсунбаевич", TEACHER, "Тарых", SOC, HIGHER,
           d(2006, 9, 1), d(2014, 8, 25)),
    Person(144, "Козлова Наталья Сергеевна", "учитель", "Орус тили", LANG, "высшее",
           d(2002, 9, 1), d(2004, 8, 30), council="нет", russian=True),
    Person(145, "Абдылдаева Мира Кеңешбековна", TEACHER, "Кыргыз тили", LANG, HIGHER,
           12, d(2014, 8, 25), pd="seminars"),
    Person(118, "Рысбекова Сезим Алмазбековна", TEACHER, "География", NAT, HIGHER,
           d(2017, 9, 1), d(2017, 8, 28)),
    Person(146, "Тилекова Венера Шамшиевна", TEACHER, "Башталгыч класс", PRIM, HIGHER,
           12, None, pd="none", council=None),
    Person(147, "Абдыраманов Мирлан Эсенович", TEACHER, "Математика", MATH, HIGHER,
           d(2010, 9, 1), d(2010, 8, 30)),
]  # fmt: skip

# -- course catalogue --------------------------------------------------------------------

KBBA = "Кыргыз билим берүү академиясы"
KNU = "Ж. Баласагын атындагы КУУ"
OSHMU = "Ош мамлекеттик университети"
RMKZHI = "Республикалык мугалимдердин квалификациясын жогорулатуу институту"
BBOB = "Билим берүүнү өнүктүрүү борбору"
ZHAMU = "Жалал-Абад мамлекеттик университети"
OBLAST = "Жалал-Абад облустук билим берүү институту"
NTB = "Улуттук тестирлөө борбору"
RAYON = "Жалал-Абад шаардык билим берүү бөлүмү"
COURSE_PROVIDERS = (RMKZHI, RMKZHI, KBBA, KBBA, OBLAST, OBLAST, BBOB, ZHAMU, OSHMU, KNU)
SEMINAR_PROVIDERS = (RAYON, RAYON, BBOB, OBLAST, NTB, "«Сорос-Кыргызстан» фонду", KBBA)
PREFIX = {
    KBBA: "КББА", KNU: "КУУ", OSHMU: "ОшМУ", RMKZHI: "РМКЖИ", BBOB: "ББӨБ", ZHAMU: "ЖАМУ",
    OBLAST: "ЖАОББИ", NTB: "УТБ", RAYON: "ШББ",
}  # fmt: skip

GENERAL_COURSES = (
    "Компетенттүүлүккө негизделген окутуу",
    "Окуучулардын окуу жетишкендиктерин баалоо",
    "Инклюзивдик билим берүү: ар түрдүү муктаждыктагы окуучулар",
    "Санариптик сабаттуулук жана МКТны сабакта колдонуу",
    "Функционалдык сабаттуулукту өнүктүрүү (PISA)",
    "Жаңы муундагы предметтик стандарттарды ишке ашыруу",
    "Тарбия иштеринин заманбап технологиялары",
)
SUBJECT_COURSES = {
    "Кыргыз тили": ("Мамлекеттик тилди окутуунун заманбап методикасы",
                    "Кыргыз тили жана адабиятын окутуудагы жаңы мамиле"),
    "Кыргыз адабияты": ("Кыргыз адабиятын окутуудагы интерактивдүү ыкмалар",),
    "Орус тили": ("Современные методики преподавания русского языка",
                  "Обновлённое содержание образования: русский язык и литература"),
    "Англис тили": ("Communicative Language Teaching", "Англис тилин окутуунун CLIL ыкмасы"),
    "Математика": ("Математиканы окутуунун активдүү методдору",
                   "Математикалык сабаттуулукту калыптандыруу"),
    "Информатика": ("Программалоо негиздерин окутуу (Python)",
                    "Информатиканы окутуудагы санариптик ресурстар"),
    "Физика": ("Физиканы эксперимент аркылуу окутуу",),
    "Химия": ("Химиядан лабораториялык иштерди уюштуруу",),
    "Биология": ("Биологияны изилдөө аркылуу окутуу",),
    "География": ("Географияны окутууда карта жана ГМС колдонуу",),
    "Тарых": ("Тарыхты окутууда булактар менен иштөө",),
    "Адам жана коом": ("«Адам жана коом» предметин окутуу",),
    "Башталгыч класс": ("Башталгыч класстарда окуу сабаттуулугу",
                        "Башталгыч класстарда математиканы окутуу",
                        "Көп тилдүү билим берүү: башталгыч баскыч"),
    "Дене тарбия": ("Дене тарбия сабагынын заманбап мазмуну",),
    "Музыка": ("Музыкалык билим берүүнүн жаңы мазмуну",),
    "Сүрөт": ("Көркөм билим берүүдөгү долбоордук ыкма",),
    "Технология": ("Технология сабагында STEM ыкмасы",),
}  # fmt: skip
ADMIN_COURSES = (
    "Мектепти башкаруу: стратегиялык пландоо жана мониторинг",
    "Мектеп ичиндеги көзөмөл жана усулдук иштин уюштурулушу",
)
SUPPORT_COURSES = {
    PSYCH: ("Мектептеги психологиялык кызматтын иши",),
    SOCPED: ("Социалдык-педагогикалык колдоо: тобокелдик тобундагы балдар",),
}
SEMINARS = (
    ("Формативдик баалоо: практикалык семинар", 18),
    ("Сабакты пландоо боюнча тренинг", 16),
    ("Ачык сабак: методикалык семинар", 8),
    ("Окуучулардын психологиялык коопсуздугу (вебинар)", 6),
    ("ЖРТга даярдоо: предметтик тесттер", 24),
    ("Буллингдин алдын алуу: тренинг", 12),
    ("Окуу китептеринин жаңы муундагы комплекти", 36),
)
RUSSIAN_COURSES = (
    "Формирующее оценивание на уроках",
    "Функциональная грамотность учащихся",
    "Цифровые инструменты учителя",
)


@dataclass
class Course:
    teacher: str
    title: str
    provider: str | None
    kind: object
    hours: object
    start: object
    end: object
    document: str | None
    number: str | None
    submitted: object
    note: str | None = None
    order: date = field(default=date.min)  # where the row sits (the register is chronological)
    tag: str = ""


@dataclass(frozen=True)
class Serial:
    """A date that reached the sheet as a bare number (pasted from another program)."""

    day: date


EPOCH = date(1899, 12, 30)


def _course_days(hours: float) -> int:
    """Calendar days a course of ``hours`` usually runs."""
    if hours >= 400:
        return 150
    return max(1, round(hours / 6) - 1)


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.numbers: dict[str, int] = {}

    # -- courses ---------------------------------------------------------------------------

    def number(self, provider: str | None, year: int) -> str:
        prefix = PREFIX.get(provider or "", "КЖ")
        self.numbers[prefix] = self.numbers.get(prefix, self.rng.randint(120, 900)) + (
            self.rng.randint(3, 40)
        )
        return self.rng.choice(
            (f"{prefix}-{year}/{self.numbers[prefix]:04d}", f"№ {self.numbers[prefix]:06d}")
        )

    def course(
        self,
        person: Person,
        end: date,
        *,
        hours: object = 72,
        kind: object = QUAL,
        title: str | None = None,
        provider: str | None = None,
        document: str | None = None,
        submitted: object = AUTO,
        **extra: object,
    ) -> Course:
        rng = self.rng
        seminar = kind == SEMINAR
        if title is None:
            if seminar:
                title = rng.choice(SEMINARS)[0]
            elif person.russian and rng.random() < 0.6:
                title = rng.choice((*RUSSIAN_COURSES, *SUBJECT_COURSES.get(person.subject, ())))
            elif person.position in (DIRECTOR, DEPUTY) or person.position is None:
                title = rng.choice(ADMIN_COURSES + GENERAL_COURSES)
            else:
                own = SUBJECT_COURSES.get(person.subject or "") or SUPPORT_COURSES.get(
                    person.position or "", ()
                )
                title = rng.choice((*own, *own, *GENERAL_COURSES))
        if provider is None:
            provider = rng.choice(SEMINAR_PROVIDERS if seminar else COURSE_PROVIDERS)
        if kind == QUAL and person.russian:
            kind = rng.choice((QUAL, "КПК", "курсы повышения квалификации"))
        elif kind == QUAL and rng.random() < 0.06:
            kind = "КПК"
        if seminar:
            kind = rng.choice((SEMINAR, SEMINAR, "семинар/тренинг", "тренинг", "вебинар"))
        if document is None:
            if seminar:
                document = "сертификат"
            elif person.russian:
                document = "удостоверение"
            else:
                document = rng.choice(("күбөлүк", "күбөлүк", "күбөлүк", "сертификат"))
        if submitted == AUTO:
            submitted = min(end + timedelta(days=rng.randint(2, 20)), DEMO_AS_OF)
        length = _course_days(hours if isinstance(hours, int | float) else 72)
        start = extra.pop("start", end - timedelta(days=length))
        order = extra.pop("order", end)
        return Course(
            teacher=person.name,
            title=title,
            provider=provider,
            kind=kind,
            hours=hours,
            start=start,
            end=end,
            document=document,
            number=self.number(provider, end.year) if document else None,
            submitted=submitted,
            order=order,  # type: ignore[arg-type]
            **extra,  # type: ignore[arg-type]
        )

    def seminars(self, person: Person, since: date, count: int) -> list[Course]:
        until = date(2026, 10, 30)
        if since >= until:
            return []
        out = []
        for _ in range(count):
            end = since + timedelta(days=self.rng.randint(0, (until - since).days))
            title, hours = self.rng.choice(SEMINARS)
            out.append(self.course(person, end, hours=hours, kind=SEMINAR, title=title))
        return out

    def history(self, person: Person) -> list[Course]:
        """A plausible course history for the teacher's PD profile."""
        rng = self.rng
        start = person.experience if isinstance(person.experience, date) else date(2014, 9, 1)
        if person.pd == "none":
            return []
        if person.pd == "hired":
            return self.seminars(person, date(2020, 1, 1), 1)
        if person.pd == "seminars":
            return self.seminars(person, max(start, date(2019, 1, 1)), 3)
        if person.pd == "young":
            out = self.seminars(person, start + timedelta(days=40), rng.randint(1, 2))
            if start.year == 2024 and rng.random() < 0.7:
                end = date(2025, rng.choice((6, 10)), rng.randint(10, 25))
                out.append(self.course(person, end))
            return out
        if isinstance(person.pd, date):
            latest = person.pd
            hours = 72  # the boundary cases: exactly 72 h counts
        else:
            span = (date(2026, 10, 10) - date(2022, 9, 1)).days
            latest = date(2022, 9, 1) + timedelta(days=rng.randint(0, span))
            hours = rng.choice((72, 72, 72, 72, 108, 144))
        out = [self.course(person, latest, hours=hours)]
        earlier = latest - timedelta(days=rng.randint(4 * 365, 5 * 365 - 30))
        if earlier > start and earlier >= date(2017, 9, 1):
            out.append(self.course(person, earlier))
        out += self.seminars(person, max(start, date(2018, 9, 1)), rng.randint(0, 2))
        return out

    def deliberate(self, people: dict[str, Person]) -> list[Course]:
        """The course rows that carry a problem on purpose, and the boundary rows."""

        def p(name: str) -> Person:
            return people[name]

        left = Person(0, "Жумабаев Нурлан Токтосунович", TEACHER, "Физика", NAT, HIGHER, 10, None)
        initials = Person(0, "Асанова Г.М.", TEACHER, "Кыргыз тили", LANG, HIGHER, 20, None)
        return [
            self.course(p("Ырысбаев Жаныбек Акылбекович"), d(2023, 4, 8), hours=48, kind="КПК",
                        title="Математикалык сабаттуулукту баалоо", tag="pd-hours-short"),
            self.course(p("Токторова Элмира Жумадиловна"), d(2025, 3, 29), hours=36,
                        tag="pd-hours-short"),
            self.course(p("Калыбекова Асел Маратовна"), d(2024, 4, 30), hours=250,
                        kind=RETRAIN, title="Мектептик психология жана педагогика",
                        provider=ZHAMU, document="диплом", tag="retraining-hours-short"),
            self.course(p("Дооронбеков Адилет Мирланович"), d(2024, 5, 31), hours=480,
                        kind=RETRAIN, title="Көркөм билим берүү: педагогика жана методика",
                        provider=OSHMU, document="диплом", tag="retraining-hours-short"),
            self.course(p("Козлова Наталья Сергеевна"), d(2023, 5, 26), hours=520,
                        kind="переподготовка", title="Педагогика и психология",
                        provider=KNU, document="сертификат", tag="document-kind-mismatch"),
            self.course(p("Кадыров Улан Бекболотович"), d(2022, 11, 25), hours=504,
                        kind=RETRAIN, title="Адаптивдүү дене тарбия", provider=KBBA,
                        document="күбөлүк", tag="document-kind-mismatch"),
            self.course(p("Абдылдаева Мира Кеңешбековна"), d(2023, 6, 30), hours=540,
                        kind=RETRAIN, title="Педагогика жана психология", provider=ZHAMU,
                        document="диплом"),
            self.course(p("Эргешов Замир Турсунбаевич"), d(2025, 12, 20), submitted=None,
                        note="Күбөлүктү алып келе элек", tag="pd-certificate-missing (error)"),
            self.course(p("Турдубаева Мээрим Асылбековна"), d(2026, 9, 26), submitted=None,
                        tag="pd-certificate-missing (error)"),
            self.course(p("Мамытов Нурбек Кубанычбекович"), d(2026, 11, 7), submitted=None,
                        note="Күбөлүк декабрда берилет",
                        tag="pd-certificate-missing (warning)"),
            self.course(p("Иванова Светлана Петровна"), d(2026, 12, 5), kind=QUAL,
                        start=d(2026, 11, 16), document=None, submitted=None,
                        title="Обновлённое содержание образования: русский язык и литература",
                        note="Учится сейчас", tag="running course: no finding"),
            self.course(p("Эсенгулова Жылдыз Токтосуновна"), d(2024, 10, 25), hours=None,
                        tag="missing-value (hours)"),
            self.course(p("Садыкова Бактыгүл Мелисовна"), d(2024, 6, 21), hours="жетимиш эки",
                        tag="bad-number"),
            self.course(p("Токтогулов Бакыт Асанович"), d(2025, 10, 31), hours=20,
                        kind="лекция", provider=ZHAMU, document="сертификат",
                        title="Кванттык физиканын негиздери", tag="bad-choice (kind)"),
            self.course(p("Исмаилова Наргиза Абдумаликовна"), d(2024, 11, 2),
                        start=d(2024, 11, 20), order=d(2024, 11, 20), tag="date-order"),
            _typed(self.course(p("Абдыраманов Мирлан Эсенович"), d(2026, 12, 31), start=None,
                               title="Математиканы окутуунун активдүү методдору",
                               document=None, submitted=None, note="Күнү такталат",
                               tag="bad-date (end)"), end="кийин"),
            _typed(self.course(p("Байматова Каныкей Улановна"), d(2023, 6, 16),
                               tag="bad-date (start)"), start="9 чиңгиз 2023"),
            self.course(left, d(2023, 3, 24), note="2025-ж. иштен кеткен",
                        tag="unknown-teacher"),
            self.course(initials, d(2025, 4, 12), hours=16, kind=SEMINAR,
                        title="Сабакты пландоо боюнча тренинг", tag="unknown-teacher"),
        ]  # fmt: skip

    # -- the workbook ------------------------------------------------------------------------

    def courses(self) -> list[Course]:
        people = {person.name: person for person in PEOPLE}
        rows = [row for person in PEOPLE for row in self.history(person)]
        rows += self.deliberate(people)
        rows.sort(key=lambda row: (row.order, row.teacher))
        # Two cells typed as bare serial numbers, one hours cell with its unit.
        plain = [row for row in rows if not row.tag and isinstance(row.submitted, date)]
        plain[20].submitted = Serial(plain[20].submitted)
        plain[-30].hours = f"{plain[-30].hours} саат"
        return rows

    def date_cell(self, value: object) -> object:
        """A date as staff typed it: mostly a real date cell, sometimes text."""
        if isinstance(value, Serial):
            return (value.day - EPOCH).days
        if not isinstance(value, date):
            return value
        roll = self.rng.random()
        if roll < 0.84:
            return value
        if roll < 0.91:
            return value.strftime("%d.%m.%Y")
        if roll < 0.94:
            return value.isoformat()
        month = MONTHS[value.month - 1]
        if roll < 0.97:
            return f"«{value.day}» {month} {value.year}-ж."
        return f"{value.day}-{month} {value.year}-жыл"

    def phone(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.08:
            return None
        code = rng.choice(("555", "557", "700", "702", "707", "770", "772", "777", "999", "220"))
        n = f"{rng.randint(0, 999_999):06d}"
        return rng.choice(
            (
                f"+996 {code} {n[:3]} {n[3:]}",
                f"+996 {code} {n[:2]} {n[2:4]} {n[4:]}",
                f"0{code} {n[:3]} {n[3:]}",
                f"+996 ({code}) {n[:2]}-{n[2:4]}-{n[4:]}",
            )
        )

    def teacher_rows(self) -> list[list[object]]:
        rng = self.rng
        rows = []
        for index, person in enumerate(PEOPLE, start=1):
            start = person.experience
            first_year = start.year if isinstance(start, date) else 2026 - (start or 10)
            born = date(first_year - rng.randint(21, 24), rng.randint(1, 12), rng.randint(1, 28))
            hired: object = person.hired
            if hired == "serial":
                hired = Serial(date(2013, 8, 26))
            jd = person.jd
            if jd == AUTO:
                # Signed at the August meeting before this school year, or when hired.
                hired_on = _on(person.hired)
                base = date(2026, 8, 26) if hired_on < date(2026, 8, 1) else hired_on
                jd = base + timedelta(days=rng.randint(0, 9))
            row = len(rows) + 3
            rows.append(
                [
                    index,
                    person.id,
                    person.name,
                    born,
                    f'=IF(D{row}="","",DATEDIF(D{row},TODAY(),"Y"))',
                    person.position,
                    person.subject,
                    person.association,
                    person.education,
                    self.date_cell(start) if isinstance(start, date) else None,
                    start if isinstance(start, int) else None,
                    self.date_cell(hired),
                    self.date_cell(jd),
                    person.mentor,
                    person.council,
                    self.phone(),
                ]
            )
        return rows


def _typed(course: Course, **raw: str) -> Course:
    """The course with some cells typed as text that is no date (it keeps its place)."""
    for name, value in raw.items():
        setattr(course, name, value)
    return course


def _on(value: object) -> date:
    return value if isinstance(value, date) else date(2013, 8, 26)


MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

TEACHER_HEADERS = (
    ("№", 5), ("Табель №", 9), ("Аты-жөнү", 36), ("Туулган күнү", 12), ("Жашы", 7),
    ("Кызматы", 24), ("Предмет", 17), ("Усулдук бирикме", 30), ("Билими", 18),
    ("Педстаж башталган күн", 14), ("Стажы (жыл)", 9), ("Ишке кабыл алынган күн", 14),
    ("Кызматтык нускама менен таанышкан күн", 17), ("Насаатчы", 34), ("МК мүчөсү", 9),
    ("Телефон", 19),
)  # fmt: skip
COURSE_HEADERS = (
    ("№", 5), ("Мугалим", 36), ("Курстун аталышы", 52), ("Уюм", 40), ("Түрү", 30),
    ("Саат", 8), ("Жалпы саат", 11), ("Башталышы", 13), ("Аякташы", 13), ("Документ", 14),
    ("Документ №", 17), ("Документ тапшырылган күн", 14), ("Эскертме", 30),
)  # fmt: skip
DATE_FORMAT = "DD.MM.YYYY"
HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
USER_FILL = PatternFill("solid", fgColor="E2EFDA")  # columns the school added for itself
THIN = Side(style="thin", color="9BA8B5")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _header(sheet: Worksheet, row: int, headers: tuple, user: set[str]) -> None:
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = USER_FILL if title in user else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[row].height = 48


def _body(sheet: Worksheet, first: int, rows: list[list[object]]) -> None:
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first + offset, column=column, value=value)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")


def _teachers_sheet(sheet: Worksheet, rows: list[list[object]]) -> None:
    width = len(TEACHER_HEADERS)
    sheet["A1"] = f"{SCHOOL}: мугалимдердин тизмеси 2026-2027-окуу жылы"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=9)
    sheet.row_dimensions[1].height = 24
    _header(sheet, 2, TEACHER_HEADERS, {"№", "Туулган күнү", "Жашы", "Телефон"})
    _body(sheet, 3, rows)
    last = 2 + len(rows)
    sheet.freeze_panes = "D3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(width)}{last}"
    positions = DataValidation(
        type="list",
        formula1='"мугалим,директор,директордун орун басары,социалдык педагог,психолог,башка"',
        allow_blank=True,
        errorStyle="warning",
        error="Тизмеден тандаңыз",
        errorTitle="Кызматы",
        prompt="Кызматын тизмеден тандаңыз",
        promptTitle="Кызматы",
    )
    positions.add(f"F3:F{last + 50}")
    sheet.add_data_validation(positions)
    note = Comment(
        "Абдыкадырова А.Ж.:\nБухгалтериядагы табель номери. Бир номер эки кызматкерге берилбейт!",
        "Абдыкадырова А.Ж.",
    )
    note.width, note.height = 260, 90
    sheet["B2"].comment = note


def _courses_sheet(sheet: Worksheet, courses: list[Course], builder: Builder) -> None:
    _header(sheet, 1, COURSE_HEADERS, {"№", "Жалпы саат", "Эскертме"})
    rows = []
    for index, course in enumerate(courses, start=1):
        row = index + 1
        rows.append(
            [
                index,
                course.teacher,
                course.title,
                course.provider,
                course.kind,
                course.hours,
                f"=SUM($F$2:F{row})",
                builder.date_cell(course.start),
                builder.date_cell(course.end),
                course.document,
                course.number,
                builder.date_cell(course.submitted),
                course.note,
            ]
        )
    _body(sheet, 2, rows)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COURSE_HEADERS))}{len(rows) + 1}"


INFO_LINES = (
    (f"{SCHOOL} — маалымат", None),
    (None, None),
    ("Мектептин толук аталышы", "Жалал-Абад шаарындагы №8 орто мектеби"),
    ("Дареги", "Жалал-Абад ш., Токтогул көчөсү, 45"),
    ("Директор", "Сыдыкова Назгүл Токтогуловна"),
    ("Илимий-методикалык иштер боюнча орун басар", "Абдыкадырова Айнура Жумабековна"),
    ("Окуу-тарбия иштери боюнча орун басар", "Бакиров Эрлан Сагынбекович"),
    ("Окуучулардын саны (01.09.2026)", 1264),
    ("Класс комплекттери", 42),
    ("Окутуу тили", "кыргыз, орус"),
    ("Окуу жылы", "2026-2027"),
    (None, None),
    ("Толтуруу тартиби", None),
    ("1.", "«Мугалимдер» барагын окуу бөлүмү толтурат; жаңы кызматкер келгенде ошол жумада."),
    ("2.", "Ар бир курстан кийин мугалим «Квалификация» барагына сап кошот, күбөлүктүн "
           "көчүрмөсүн 30 күндүн ичинде окуу бөлүмүнө тапшырат."),
    ("3.", "Күндөрдү 01.09.2026 түрүндө жазыңыз."),
    ("4.", "«Статус», «Мөөнөт», «Эскертүү» мамычаларын программа өзү толтурат — "
           "аларды кол менен өзгөртпөңүз."),
    (None, None),
    ("Телефон (окуу бөлүмү)", "+996 3722 5 12 34"),
)  # fmt: skip


def _info_sheet(sheet: Worksheet) -> None:
    for row, (label, value) in enumerate(INFO_LINES, start=1):
        if label is not None:
            sheet.cell(row=row, column=1, value=label)
        if value is not None:
            cell = sheet.cell(row=row, column=2, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A13"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90


def workbook() -> Workbook:
    """The sample school, in memory."""
    builder = Builder()
    book = Workbook()
    teachers = book.active
    teachers.title = TEACHERS_TAB
    _teachers_sheet(teachers, builder.teacher_rows())
    _courses_sheet(book.create_sheet(COURSES_TAB), builder.courses(), builder)
    _info_sheet(book.create_sheet(INFO_TAB))
    book.properties.creator = "Абдыкадырова А.Ж."
    book.properties.title = f"{SCHOOL}: усулдук иш"
    return book


def build(path: Path) -> None:
    """Write the sample school workbook to ``path``; the same bytes on every run."""
    buffer = io.BytesIO()
    workbook().save(buffer)
    Path(path).write_bytes(_reproducible(buffer.getvalue()))


def _reproducible(data: bytes) -> bytes:
    """The package with fixed zip times and document dates (openpyxl stamps "now")."""
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_TIME)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + stamp.encode(),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SAMPLE_WORKBOOK
    build(path)
    print(path)


if __name__ == "__main__":
    main()
