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
  deputy-plan-missing 4 (no plan of her own for quarter 2), 5 (the deputy for УВР: none for
                     the school year, none for quarter 2)

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

Register-level (row None): council-size on Мугалимдер (20 teachers are council members, one over
the 19 of seed 003 §4; the deputy for УВР has none of the MAs, so Коомдук илимдер keeps 3).
Row 35, the leader of Дене тарбия жана көркөм өнөр, has a blank council mark.

Усулдук бирикмелер (header on row 1; six MAs, rows 2–4 clean):
  leader-education   5 (Башталгыч класстар: its leader has «орто кесиптик»)
  leader-experience  6 (Коомдук илимдер: led by the deputy director, 3 years of experience)
  ma-too-small       6 (Коомдук илимдер: 3 teachers name it)
  leader-not-member  7 (Дене тарбия жана көркөм өнөр: the teachers tab puts its leader, the
                     music teacher, in Башталгыч класстар)
  leader-not-on-council 7 (its leader is not marked as a council member)
  plan-missing       7 (Дене тарбия жана көркөм өнөр: no plan row for 2026-2027 at all)
  report-missing     6 (Коомдук илимдер: no report row for 2025-2026 at all)
  seminar-missing    6 (Коомдук илимдер: warning until 2027-05-31; its seminar is planned for
                     2027-02-18, Ачык сабактар row 38; last year's on row 3 does not count)
  ma-file-incomplete 6 (7 of the eleven papers for 2026-2027), 7 (10 of 11)

Отурумдар (chronological, September 2025 on):
  bad-date           47 («31.09.2026»)
  unknown-body       50 («Класс жетекчилердин бирикмеси» is no MA on the MA tab)
  protocol-missing   53 (held 30.10.2026, no protocol number)
  bad-number         56 (attendees «баары»)
  protocol-duplicate 59 («№ 2» again in 2026-2027; the first № 2 is row 52)
  council-no-meeting register-level warning, due 2027-01-11 (quarter 2's window runs through
                     the winter break): no methodical council meeting in quarter 2 yet (the
                     next is planned for 18.12.2026, row 60: a planned meeting without a
                     protocol is no protocol-missing)
Row 42 is the August pedagogical council, № 1 of the new year (its date belongs to 2025-2026).

Пландар жана отчеттор (in the order the papers were approved or handed in):
  bad-choice         10 (period «жарым жыл»)
  report-missing     11 (Башталгыч класстар, 2025-2026: no date; error since 2026-06-05)
  report-late        18 (handed in 2026-06-19); row 15 is on its last day (2026-06-05)
  plan-unapproved    21 (Коомдук илимдер, 2026-2027; error since 2026-09-06)
  unknown-owner      22 (the class teachers' association)
  plan-late          29 (Табигый илимдер, approved 2026-09-15)
  date-order         38 (a monthly plan ending «30.11.2025»)
  council-plan-missing register-level on Отурумдар: the methodical council has only its
                     quarter 2 plan, no annual plan for 2026-2027 (error since 2026-09-06)

Ачык сабактар (rows 2–7 are 2025-2026):
  bad-choice         24 («мастер-класс»)
  unknown-teacher    25 («Ким Е.В.»)
  unknown-association 26 («Тилдер УБ»)
  event-overdue      30, 31; row 32 is planned for the demo date itself: not overdue yet

Документтер (this year's file per MA, then the plans and protocols of past years):
  unknown-association 63 («Англис тили»)
  bad-choice         64 («Портфолио»)
  bad-value          79 (school year «2024-2026»)
  archive-due        110, 111 (2022-2023 papers still at school; due 2026-05-31)
  date-order         118 (archived «10.06.2015», a mistyped year)
  retention-ended    125, 126 (archived 14.06.2016); row 127, archived 2017, is still kept
Коомдук илимдер has 7 of the eleven papers for 2026-2027, Дене тарбия жана көркөм өнөр 10.

Буйруктар (2025 and 2026, numbers restart each January):
  order-number-duplicate 91 (№ 46 of 2026 again; the first is row 90)
  order-date-order   101 (№ 56 dated 02.10.2026, before № 55 of 28.10.2026)
  missing-value      103 (no title)
  order-number-gap   register-level: 2025 has no № 23–24

Russian spellings (accepted): «учитель», «заместитель директора по УВР», «высшее», «да»/«нет»,
«КПК», «курсы повышения квалификации», «переподготовка», «удостоверение», «Заседание
методического совета», «МК», «Методсовет», «Педсовет», «план работы», «учебный год», «отчёт»,
«четверть», «анализ», «открытый урок», «семинар-практикум», «предметная олимпиада»,
«внеклассное мероприятие», «Положение о МО», «ВШК», «протоколы заседаний», «приказ о назначении
руководителя МО», «анализ работы за прошлый год»; school years «2024/25», «2025–2026-окуу жылы».
Dates are mostly real date cells, some are text («01.09.2024», «2024-09-01», ««30» октябрь
2022-ж.», «30-август 2022-жыл») and two are bare serial numbers (Мугалимдер row 40, hiring date;
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

from . import DEMO_AS_OF, DEMO_SCHOOL, SAMPLE_WORKBOOK

__all__ = ["DEMO_AS_OF", "build"]

SEED = 20261121
FIXED_TIME = (2026, 11, 1, 8, 0, 0)
"""Zip entry time and document dates, so that every build gives the same bytes."""

SCHOOL = DEMO_SCHOOL
TEACHERS_TAB, COURSES_TAB, INFO_TAB = "Мугалимдер", "Квалификация", "Маалымат"
ASSOCIATIONS_TAB, MEETINGS_TAB, PLANS_TAB = (
    "Усулдук бирикмелер",
    "Отурумдар",
    "Пландар жана отчеттор",
)
EVENTS_TAB, DOCUMENTS_TAB, ORDERS_TAB = "Ачык сабактар", "Документтер", "Буйруктар"

# Associations (усулдук бирикмелер).
# Associations (усулдук бирикмелер), named as on their own tab: a reference matches the
# normalised name, so «Тилдер УБ» would name nobody.
LANG = "Тилдер"
NAT = "Табигый илимдер"
MATH = "Математика жана информатика"
PRIM = "Башталгыч класстар"
SOC = "Коомдук илимдер"
ART = "Дене тарбия жана көркөм өнөр"
ASSOCIATIONS = (LANG, NAT, MATH, PRIM, SOC, ART)
MC, PC = "Методикалык кеңеш", "Педагогикалык кеңеш"

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
    Person(103, "Бакиров Эрлан Сагынбекович", "заместитель директора по УВР", "Тарых", None,
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
           d(2005, 9, 1), d(2009, 8, 26), council=YES),
    Person(111, "Эсенгулова Жылдыз Токтосуновна", TEACHER, "Химия", NAT, HIGHER,
           d(2004, 9, 1), d(2004, 8, 30), pd=d(2023, 6, 23), council=YES),
    Person(112, "Шаршеева Бермет Айбековна", TEACHER, "Англис тили", LANG, HIGHER,
           d(2025, 9, 1), d(2025, 8, 25), pd="young",
           mentor="Сатыбалдиева Динара Кубатбековна"),
    Person(113, "Сатыбалдиева Динара Кубатбековна", TEACHER, "Англис тили", LANG, HIGHER,
           d(2008, 9, 1), d(2011, 8, 29), council=YES),
    Person(114, "Абдраимов Талант Жолдошбекович", TEACHER, "География", NAT, HIGHER,
           d(1996, 9, 1), d(1996, 8, 26), pd=d(2021, 6, 18), council=YES),
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
           d(2009, 9, 1), d(2016, 8, 29), council=YES),
    Person(121, "Петренко Ольга Николаевна", "учитель", "Орус тили", LANG, "высшее",
           d(1997, 9, 1), d(2005, 8, 29), pd=d(2022, 3, 25), council="нет", russian=True),
    Person(122, "Ырысбаев Жаныбек Акылбекович", TEACHER, "Математика", MATH, HIGHER,
           d(1995, 9, 1), d(1998, 8, 24), pd=d(2020, 3, 27), council=YES),
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
           d(1993, 9, 1), d(1993, 8, 30), pd=d(2022, 4, 22), council=YES),
    Person(132, "Жумагулов Айбек Кенешович", TEACHER, "Химия", NAT, HIGHER,
           d(2026, 9, 1), d(2026, 8, 28), pd="none", mentor="Мамытова Айгүл Сапаровна"),
    Person(133, "Токторова Элмира Жумадиловна", TEACHER, "Музыка", PRIM, HIGHER,
           d(2009, 9, 1), d(2009, 8, 31), jd="31.02.2024", council=None),
    Person(134, "Садыкова Бактыгүл Мелисовна", TEACHER, "Башталгыч класс", PRIM, SEC_PROF,
           d(1990, 9, 1), d(1990, 8, 27), pd=d(2023, 11, 10), council=YES),
    Person(135, "Маматов Кубанычбек Осмонович", TEACHER, "Адам жана коом", SOC, HIGHER,
           d(2000, 9, 1), d(2007, 8, 27), jd=None),
    Person(136, "Ашырбаева Зуура Калысбековна", TEACHER, "Орус тили", LANG, HIGHER,
           d(1999, 9, 1), d(1999, 8, 30), pd=d(2021, 11, 20), council=YES),
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
           d(2006, 9, 1), d(2014, 8, 25), council=YES),
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
    ("5.", "УБ жетекчилери отурумдарды, пландарды жана ачык сабактарды ошол эле жумада "
           "тиешелүү баракка жазышат; протоколдор окуу жылы ичинде 1ден номерленет."),
    ("6.", "Буйруктар китебин окуу бөлүмү жүргүзөт: номерлер ар бир жылдын январынан 1ден "
           "башталат."),
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


# -- the methodical registers -------------------------------------------------------------

DEPUTY_SHORT, DIRECTOR_SHORT = "Абдыкадырова А.Ж.", "Сыдыкова Н.Т."
DEPUTY_NAME = "Абдыкадырова Айнура Жумабековна"
CLASS_LEADERS = "Класс жетекчилердин бирикмеси"
"""The class teachers' association: it meets and plans, but nobody put it on the MA tab."""

# name, education area, leader, methodical theme
ASSOCIATION_ROWS = (
    (LANG, "Тил жана адабият", "Асанова Гүлзат Маратовна",
     "Тил сабактарында окуучулардын функционалдык сабаттуулугун өнүктүрүү"),
    (NAT, "Табигый илимдер", "Токтогулов Бакыт Асанович",
     "Изилдөө аркылуу окутуу: табигый илимдердеги практикалык иштер"),
    (MATH, "Математика жана информатика", "Жээнбекова Айгүл Бакытовна",
     "Компетенттүүлүккө негизделген окутууда санариптик ресурстарды колдонуу"),
    (PRIM, "Башталгыч билим берүү", "Садыкова Бактыгүл Мелисовна",
     "Башталгыч класстарда окуу сабаттуулугун калыптандыруу"),
    (SOC, "Коом таануу", "Бакиров Эрлан Сагынбекович",
     "Тарыхты окутууда булактар менен иштөө жана жарандык тарбия"),
    (ART, "Искусство, технология жана дене тарбия", "Токторова Элмира Жумадиловна",
     "Сабакта ден соолукту сактоочу технологиялар"),
)  # fmt: skip

MA_AGENDA = (
    ("Жылдык иш планын жана усулдук теманы талкуулоо; ачык сабактардын графиги",
     "Иш планы бекитүүгө сунушталсын; график бекитилсин"),
    ("1-чейректин жыйынтыгы; мектептик олимпиаданын жыйынтыгы; ачык сабактарды талдоо",
     "Маалымат эске алынсын; жеңүүчүлөр райондук турга сунушталсын"),
    ("1-жарым жылдыктын жыйынтыгы; предметтик жумалыкка даярдык",
     "Жумалыктын программасы бекитилсин"),
    ("3-чейректин жыйынтыгы; семинардын жыйынтыгы; жаш мугалимдердин сабактары",
     "Сунуштар эске алынсын"),
    ("Жылдык иштин талдоосу; кийинки окуу жылына сунуштар",
     "Отчет методикалык кеңешке тапшырылсын"),
)  # fmt: skip
MC_AGENDA = (
    ("Окуу жылынын методикалык иш планын бекитүү; УБ пландарын кароо",
     "Иш планы бекитилсин"),
    ("1-чейрек: ачык сабактар, олимпиаданын мектептик туру; аттестацияга даярдык",
     "Райондук олимпиадага катышуучулар бекитилсин"),
    ("Биринчи жарым жылдыктын жыйынтыгы; квалификация жогорулатуу графиги",
     "КЖК графиги бекитилсин"),
    ("Предметтик жумалыктардын жыйынтыгы; иш тажрыйбасын жалпылоо",
     "Тажрыйба мектептин сайтына жарыялансын"),
    ("Окуу жылынын жыйынтыгы; УБ отчетторун угуу",
     "Отчеттор кабыл алынсын"),
)  # fmt: skip
PC_AGENDA = (
    ("Жаңы окуу жылына даярдык; тарификация; мектептин иш планы",
     "Мектептин иш планы кабыл алынсын"),
    ("1-чейректин жыйынтыгы; окуучулардын жетишкендиги",
     "Маалымат эске алынсын"),
    ("Биринчи жарым жылдыктын жыйынтыгы",
     "Артта калган окуучулар менен иш пландалсын"),
    ("3-чейректин жыйынтыгы; мамлекеттик аттестацияга даярдык",
     "Аттестациянын графиги кабыл алынсын"),
    ("Окуучуларды кийинки класска көчүрүү",
     "1–8, 10-класстардын окуучулары көчүрүлсүн"),
    ("Бүтүрүүчүлөрдү мектептен чыгаруу; аттестат берүү",
     "9, 11-класстардын бүтүрүүчүлөрү чыгарылсын"),
)  # fmt: skip


@dataclass
class Meeting:
    body: str
    day: object
    protocol: object
    agenda: str | None
    decisions: str | None
    attendees: object
    secretary: str | None = None


def _meetings() -> list[Meeting]:
    """Sessions of the two councils and the six associations from September 2025 on."""
    secretaries = {
        LANG: "Орозова А.К.", NAT: "Болотбекова Н.С.", MATH: "Исмаилова Н.А.",
        PRIM: "Абдиева С.Ж.", SOC: "Маматов К.О.", ART: "Дооронбеков А.М.",
        MC: "Жээнбекова А.Б.", PC: "Осмонова Ч.А.",
    }  # fmt: skip
    sizes = {LANG: 13, NAT: 8, MATH: 8, PRIM: 9, SOC: 4, ART: 5}
    out: list[Meeting] = []

    def add(body: str, day: date, number: object, agenda: tuple, present: object,
            *, label: str | None = None) -> None:  # fmt: skip
        out.append(Meeting(label or body, day, number, *agenda, present, secretaries.get(body)))

    # 2025-2026. The August pedagogical council opens the year with protocol № 1.
    mc_2025 = (d(2025, 9, 12), d(2025, 11, 14), d(2026, 1, 23), d(2026, 4, 10), d(2026, 5, 29))
    mc_labels = (MC, "Заседание методического совета", MC, "МК", MC)
    for number, (day, label) in enumerate(zip(mc_2025, mc_labels, strict=True), start=1):
        add(MC, day, number, MC_AGENDA[number - 1], 17, label=label)
    pc_2025 = (d(2025, 11, 5), d(2026, 1, 9), d(2026, 3, 27), d(2026, 5, 25), d(2026, 6, 12))
    for number, day in enumerate(pc_2025, start=2):
        add(PC, day, number, PC_AGENDA[number - 1], 44, label="Педсовет" if number == 4 else None)
    ma_2025 = ((9, 4), (11, 10), (1, 16), (3, 13), (5, 22))
    for shift, body in enumerate(ASSOCIATIONS):
        for number, (month, day) in enumerate(ma_2025, start=1):
            year = 2025 if month >= 9 else 2026
            add(body, d(year, month, day + shift % 3), number, MA_AGENDA[number - 1],
                sizes[body] - (shift + number) % 2)  # fmt: skip
    add(PC, d(2026, 8, 28), 1, PC_AGENDA[0], 46)

    # 2026-2027, up to the demo date and the sessions planned after it.
    ma_2026 = {
        LANG: (d(2026, 9, 3), d(2026, 11, 5)),
        NAT: (d(2026, 9, 4), d(2026, 10, 30)),
        MATH: (d(2026, 9, 3), d(2026, 10, 29)),
        PRIM: (d(2026, 9, 7), d(2026, 11, 6)),
        SOC: (d(2026, 9, 8), d(2026, 11, 10)),
        ART: (d(2026, 9, 4), d(2026, 11, 6)),
    }
    for body, days in ma_2026.items():
        for number, day in enumerate(days, start=1):
            add(body, day, number, MA_AGENDA[number - 1], sizes[body] - number % 2)
    add(MC, d(2026, 9, 11), 1, MC_AGENDA[0], 18)
    add(CLASS_LEADERS, d(2026, 10, 16), 1,
        ("Класс жетекчилердин тарбия иш планы; ата-энелер чогулушу", "План бекитилсин"), 21,
        label=CLASS_LEADERS)  # fmt: skip
    add(MC, d(2026, 10, 23), 2, MC_AGENDA[1], 19, label="Методсовет")
    add(PC, d(2026, 11, 6), 2, PC_AGENDA[1], 45)
    add(
        MATH,
        d(2026, 11, 13),
        "№ 2",
        ("Математика жана информатика жумалыгынын программасы", "Программа бекитилсин"),
        8,
    )
    out.append(Meeting(MC, d(2026, 12, 18), None, "2-чейрек: аттестация, КЖК графиги", None,
                       None, secretaries[MC]))  # fmt: skip
    out.append(Meeting(MATH, d(2026, 12, 24), None, "2-чейректин жыйынтыгы", None, None,
                       secretaries[MATH]))  # fmt: skip
    out.sort(key=lambda m: m.day)

    # The deliberate ones (see the module docstring).
    for meeting in out:
        if meeting.body == NAT and meeting.day == d(2026, 10, 30):
            meeting.protocol = None  # protocol-missing
            meeting.decisions = None
        elif meeting.body == PRIM and meeting.day == d(2026, 9, 7):
            meeting.day = "31.09.2026"  # bad-date
        elif meeting.body == ART and meeting.day == d(2026, 11, 6):
            meeting.attendees = "баары"  # bad-number
    return out


@dataclass
class Plan:
    owner: str
    kind: str
    period: str | None
    start: object
    end: object
    done: object
    approver: str | None
    note: str | None = None


YEAR, QUARTER, MONTH = "окуу жылы", "чейрек", "ай"
WORK_PLAN, REPORT, ANALYSIS = "иш планы", "отчет", "талдоо"


def _plans() -> list[Plan]:
    y25, e26 = d(2025, 9, 1), d(2026, 5, 31)
    y26, e27 = d(2026, 9, 1), d(2027, 5, 31)
    dep, director = DEPUTY_SHORT, DIRECTOR_SHORT
    rows = [
        Plan(MC, WORK_PLAN, YEAR, y25, e26, d(2025, 8, 29), director),
        Plan(DEPUTY_NAME, WORK_PLAN, YEAR, y25, e26, d(2025, 8, 30), director),
    ]
    approved_2025 = (d(2025, 8, 28), d(2025, 9, 2), d(2025, 9, 4), d(2025, 8, 29),
                     d(2025, 9, 3), d(2025, 9, 5))  # fmt: skip
    rows += [
        Plan(body, WORK_PLAN, YEAR, y25, e26, day, dep)
        for body, day in zip(ASSOCIATIONS, approved_2025, strict=True)
    ]
    rows += [
        Plan(LANG, REPORT, YEAR, y25, e26, d(2026, 6, 2), dep),
        Plan(NAT, REPORT, YEAR, y25, e26, d(2026, 6, 4), dep),
        Plan(
            MATH, REPORT, YEAR, y25, e26, d(2026, 6, 19), dep, "Жетекчи июнда курста болгон"
        ),  # report-late
        Plan(
            PRIM, REPORT, YEAR, y25, e26, None, None, "Отчет жазылып жатат"
        ),  # report-missing (row)
        # SOC: no report for 2025-2026 at all (report-missing, register)
        Plan(ART, REPORT, YEAR, y25, e26, d(2026, 6, 5), dep),  # the last day: on time
        Plan(MC, REPORT, YEAR, y25, e26, d(2026, 6, 3), director),
        Plan(MC, ANALYSIS, YEAR, y25, e26, d(2026, 6, 10), director),
        Plan(DEPUTY_NAME, "анализ", "учебный год", y25, e26, d(2026, 6, 15), director),
        Plan(
            DEPUTY_NAME, ANALYSIS, "жарым жыл", y25, d(2025, 12, 29), d(2026, 1, 12), director
        ),  # bad-choice (period)
        # MC: no annual plan for 2026-2027 yet (council-plan-missing), only the quarter's
        Plan(DEPUTY_NAME, WORK_PLAN, YEAR, y26, e27, d(2026, 8, 31), director),
        Plan(LANG, WORK_PLAN, YEAR, y26, e27, d(2026, 9, 3), dep),
        Plan(NAT, WORK_PLAN, YEAR, y26, e27, d(2026, 9, 15), dep),  # plan-late
        Plan(MATH, "план работы", "учебный год", y26, e27, d(2026, 9, 4), dep),
        Plan(PRIM, WORK_PLAN, YEAR, y26, e27, d(2026, 9, 5), dep),
        Plan(
            SOC, WORK_PLAN, YEAR, y26, e27, None, None, "Долбоору бар, бекитиле элек"
        ),  # plan-unapproved
        # ART: no work plan for 2026-2027 (plan-missing, register)
        Plan(CLASS_LEADERS, WORK_PLAN, YEAR, y26, e27, d(2026, 9, 2), dep),  # unknown-owner
    ]
    months = ((d(2026, 9, 1), d(2026, 9, 30)), (d(2026, 10, 1), d(2026, 10, 31)),
              (d(2026, 11, 1), d(2026, 11, 30)))  # fmt: skip
    for body, delay in ((LANG, 1), (PRIM, 3), (MATH, 2)):
        for start, end in months:
            rows.append(
                Plan(body, WORK_PLAN, MONTH, start, end, start + timedelta(days=delay), dep)
            )
    rows.append(Plan(LANG, WORK_PLAN, MONTH, d(2026, 12, 1), d(2026, 12, 31), d(2026, 11, 20), dep))
    q1 = (d(2026, 9, 1), d(2026, 10, 31))
    rows += [
        Plan("МК", REPORT, QUARTER, *q1, d(2026, 11, 3), director),
        Plan(LANG, REPORT, QUARTER, *q1, d(2026, 11, 2), dep),
        Plan(NAT, "отчёт", "четверть", *q1, d(2026, 11, 4), dep),
        Plan(MATH, REPORT, QUARTER, *q1, d(2026, 11, 3), dep),
        Plan(PRIM, REPORT, QUARTER, *q1, d(2026, 11, 5), dep),
        Plan(ART, REPORT, QUARTER, *q1, d(2026, 11, 4), dep),
        Plan(MC, WORK_PLAN, QUARTER, d(2026, 11, 8), d(2026, 12, 29), d(2026, 11, 6), director),
    ]
    rows.sort(key=_entered)  # the register grows as papers are approved or handed in
    for row in rows:  # date-order: the end typed with last year's number
        if row.owner == PRIM and row.period == MONTH and row.start == d(2026, 11, 1):
            row.end = "30.11.2025"
    return rows


def _entered(row: Plan) -> date:
    """When the row was typed in: on approval or hand-in, else when it fell due."""
    if isinstance(row.done, date):
        return row.done
    return row.end if row.kind == REPORT and isinstance(row.end, date) else row.start


# kind, association, teacher, topic, class, planned, held
EVENTS = (
    ("ачык сабак", LANG, "Орозова Аида Канатбековна", "Ч. Айтматовдун «Ак кеме» повести", "8-а",
     d(2026, 2, 18), d(2026, 2, 18)),
    ("семинар", SOC, "Эргешов Замир Турсунбаевич", "Тарыхты окутууда булактар менен иштөө",
     None, d(2026, 3, 12), d(2026, 3, 12)),
    ("предметтик жума", NAT, "Болотбекова Нургүл Садырбековна", "Табигый илимдер жумалыгы",
     None, d(2026, 2, 9), d(2026, 2, 9)),
    ("ачык сабак", MATH, "Абдыраманов Мирлан Эсенович", "Логарифмдик теңдемелер", "11-б",
     d(2026, 4, 8), d(2026, 4, 15)),
    ("класстан тышкаркы иш-чара", ART, "Темиров Руслан Маратович",
     "«Эң мыкты класс» спорттук эстафетасы", None, d(2026, 4, 24), d(2026, 4, 24)),
    ("ачык сабак", PRIM, "Сагынбаева Толгонай Азаматовна", "Сандардын курамы", "1-а",
     d(2026, 4, 16), d(2026, 4, 16)),
    ("класстан тышкаркы иш-чара", LANG, "Абдылдаева Мира Кеңешбековна",
     "Мамлекеттик тил күнү: «Эне тилим — эне сүтүм»", None, d(2026, 9, 23), d(2026, 9, 23)),
    ("семинар-практикум", PRIM, "Осмонова Чолпон Абдрасуловна",
     "Окуу сабаттуулугу: текст менен иштөөнүн ыкмалары", None, d(2026, 9, 24), d(2026, 9, 24)),
    ("класстан тышкаркы иш-чара", ART, "Кадыров Улан Бекболотович",
     "Мектептик спартакиада: волейбол", None, d(2026, 9, 26), d(2026, 9, 26)),
    ("ачык сабак", NAT, "Болотбекова Нургүл Садырбековна", "Клетканын түзүлүшү", "6-а",
     d(2026, 9, 30), d(2026, 10, 2)),
    ("ачык сабак", PRIM, "Турдубаева Мээрим Асылбековна", "100дүн ичинде кошуу жана кемитүү", "2-в",
     d(2026, 10, 7), d(2026, 10, 7)),
    ("ачык сабак", LANG, "Орозова Аида Канатбековна", "Зат атооч: жөндөмөлөр", "5-б",
     d(2026, 10, 8), d(2026, 10, 8)),
    ("ачык сабак", MATH, "Мамытов Нурбек Кубанычбекович", "Python: циклдер", "10-а",
     d(2026, 10, 14), d(2026, 10, 14)),
    ("семинар", LANG, "Асанова Гүлзат Маратовна", "Тил сабактарында формативдик баалоо", None,
     d(2026, 10, 15), d(2026, 10, 15)),
    ("класстан тышкаркы иш-чара", PRIM, "Сагынбаева Толгонай Азаматовна", "«Алтын күз» майрамы",
     None, d(2026, 10, 16), d(2026, 10, 16)),
    ("предметтик жума", LANG, "Иванова Светлана Петровна", "Неделя русского языка и литературы",
     None, d(2026, 10, 19), d(2026, 10, 19)),
    ("ачык сабак", SOC, "Эргешов Замир Турсунбаевич", "Кокон хандыгы", "8-б",
     d(2026, 10, 21), d(2026, 10, 21)),
    ("семинар", NAT, "Токтогулов Бакыт Асанович", "Изилдөө аркылуу окутуу: лабораториялык иштер",
     None, d(2026, 10, 22), d(2026, 10, 22)),
    ("олимпиада", MATH, "Ырысбаев Жаныбек Акылбекович", "Математика боюнча мектептик олимпиада",
     None, d(2026, 10, 24), d(2026, 10, 24)),
    ("предметная олимпиада", NAT, "Эсенгулова Жылдыз Токтосуновна",
     "Химия боюнча мектептик олимпиада", None, d(2026, 10, 28), d(2026, 10, 28)),
    ("ачык сабак", ART, "Мырзакматов Эрмек Абдыкалыкович", "Жыгачтан буюм жасоо", "6-б",
     d(2026, 10, 29), d(2026, 10, 29)),
    ("олимпиада", SOC, "Алымкулов Азамат Нурланович", "Тарых боюнча мектептик олимпиада", None,
     d(2026, 10, 30), d(2026, 10, 30)),
    ("мастер-класс", PRIM, "Акматова Гүлнара Сейитбековна", "Оюн аркылуу окутуу", None,
     d(2026, 11, 3), d(2026, 11, 3)),  # bad-choice
    ("открытый урок", MATH, "Ким Е.В.", "Квадратные уравнения", "8-а",
     d(2026, 11, 4), d(2026, 11, 4)),  # unknown-teacher
    ("ачык сабак", "Тилдер УБ", "Шаршеева Бермет Айбековна", "My family", "3-а",
     d(2026, 11, 5), d(2026, 11, 5)),  # unknown-association
    ("семинар-практикум", ART, "Токторова Элмира Жумадиловна",
     "Сабакта ден соолукту сактоочу технологиялар", None, d(2026, 11, 5), d(2026, 11, 5)),
    ("открытый урок", LANG, "Петренко Ольга Николаевна", "Причастный оборот", "7-а",
     d(2026, 11, 11), d(2026, 11, 11)),
    ("семинар", MATH, "Жээнбекова Айгүл Бакытовна",
     "Математикалык сабаттуулук: PISA тибиндеги тапшырмалар", None,
     d(2026, 11, 12), d(2026, 11, 12)),
    ("ачык сабак", NAT, "Керимбаев Данияр Бактыбекович", "Ньютондун экинчи мыйзамы", "9-б",
     d(2026, 11, 13), None),  # event-overdue
    ("ачык сабак", LANG, "Усенова Айжан Дүйшөнбековна", "Past Simple and Present Perfect", "8-в",
     d(2026, 11, 19), None),  # event-overdue
    ("ачык сабак", PRIM, "Бообекова Кыял Орозбековна", "Алиппе: «Ж» тамгасы", "1-б",
     d(2026, 11, 21), None),  # planned for the demo date: not overdue yet
    ("предметтик жума", LANG, "Сатыбалдиева Динара Кубатбековна", "Англис тили жумалыгы", None,
     d(2026, 12, 7), None),
    ("ачык сабак", NAT, "Байматова Каныкей Улановна", "Фотосинтез", "7-б",
     d(2026, 12, 10), None),
    ("предметтик жума", MATH, "Исмаилова Наргиза Абдумаликовна",
     "Математика жана информатика жумалыгы", None, d(2026, 12, 14), None),
    ("внеклассное мероприятие", ART, "Дооронбеков Адилет Мирланович",
     "Сүрөт көргөзмөсү «Менин мекеним»", None, d(2026, 12, 20), None),
    ("ачык сабак", MATH, "Сулайманов Медер Талантбекович", "Маалыматтарды коддоо", "7-в",
     d(2027, 1, 20), None),
    ("семинар", SOC, "Маматов Кубанычбек Осмонович",
     "Жарандык билим берүү: окуучулардын долбоорлору", None, d(2027, 2, 18), None),
    ("ачык сабак", PRIM, "Абдиева Салтанат Жаркыновна", "Жаныбарлар дүйнөсү", "3-б",
     d(2027, 2, 24), None),
)  # fmt: skip


@dataclass
class Paper:
    association: str
    kind: str
    year: str
    created: object
    archived: object = None
    place: str | None = None


def _documents(rng: random.Random) -> list[Paper]:
    """The MA file (seed 002 §6): this year's eleven papers per MA, the plans and protocols
    of past years, and what went to the archive."""
    current = {
        "УБ ачуу жөнүндө буйрук": d(2026, 8, 31),
        "төрагасын дайындоо жөнүндө буйрук": d(2026, 8, 31),
        "УБ жөнүндө жобо": d(2026, 8, 29),
        "мугалимдердин кызматтык милдеттери": d(2026, 8, 29),
        "өткөн жылдагы иштин талдоосу": d(2026, 6, 3),
        "усулдук тема": d(2026, 9, 4),
        "жылдык иш план": d(2026, 9, 4),
        "айлык иш план": d(2026, 11, 3),
        "мугалимдер жөнүндө маалымат": d(2026, 9, 10),
        "мектеп ичиндеги көзөмөл": d(2026, 9, 15),
        "отурумдардын протоколдору": d(2026, 9, 7),
    }
    russian = {
        (LANG, "УБ жөнүндө жобо"): "Положение о МО",
        (MATH, "мектеп ичиндеги көзөмөл"): "ВШК",
        (NAT, "отурумдардын протоколдору"): "протоколы заседаний",
        (ART, "төрагасын дайындоо жөнүндө буйрук"): "приказ о назначении руководителя МО",
        (PRIM, "өткөн жылдагы иштин талдоосу"): "анализ работы за прошлый год",
    }
    absent = {
        SOC: {"айлык иш план", "мугалимдер жөнүндө маалымат", "мектеп ичиндеги көзөмөл",
              "өткөн жылдагы иштин талдоосу"},
        ART: {"жылдык иш план"},
    }  # fmt: skip
    folders = {
        body: "https://drive.google.com/drive/folders/1"
        + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789_-")
                  for _ in range(32))
        for body in ASSOCIATIONS
    }  # fmt: skip
    papers: list[Paper] = []
    for body in ASSOCIATIONS:
        for kind, created in current.items():
            if kind in absent.get(body, ()):
                continue
            shift = timedelta(days=rng.randint(0, 3)) if created.month >= 9 else timedelta()
            if (body, kind) == (NAT, "жылдык иш план"):
                created, shift = d(2026, 9, 15), timedelta()  # approved late (plan-late)
            papers.append(Paper(body, russian.get((body, kind), kind), "2026-2027",
                                created + shift, place=folders[body]))  # fmt: skip
    papers.append(
        Paper(
            "Англис тили",
            "мугалимдер жөнүндө маалымат",
            "2026-2027",
            d(2026, 9, 11),
            place=folders[LANG],
        )
    )  # unknown-association
    papers.append(
        Paper(MATH, "Портфолио", "2026-2027", d(2026, 10, 5), place=folders[MATH])
    )  # bad-choice
    labels = {
        2025: ("2025-2026", "2025–2026-окуу жылы"),
        2024: ("2024-2025", "2024/25"),
        2023: ("2023-2024",),
        2022: ("2022-2023", "2022/2023"),
        2021: ("2021-2022",),
    }
    for start in (2025, 2024, 2023, 2022, 2021):
        for body in ASSOCIATIONS:
            for kind, created in (
                ("жылдык иш план", d(start, 9, 4)),
                ("отурумдардын протоколдору", d(start + 1, 5, 27)),
            ):
                label = rng.choice(labels[start])
                archived = None
                if start <= 2022:
                    archived = d(start + 4, 6, rng.randint(8, 16))
                paper = Paper(
                    body,
                    kind,
                    label,
                    created,
                    archived,
                    f"Шкаф {2 + (start % 3)}, папка {ASSOCIATIONS.index(body) + 1}",
                )
                papers.append(paper)  # fmt: skip
    for paper in papers:
        if paper.year.startswith("2022") and (
            (paper.association == SOC and paper.kind == "отурумдардын протоколдору")
            or (paper.association == ART and paper.kind == "жылдык иш план")
        ):
            paper.archived, paper.place = None, "Мугалимдер бөлмөсүндө"  # archive-due
        if paper.year == "2021-2022" and paper.association == MATH and paper.kind.startswith("от"):
            paper.archived = "10.06.2015"  # date-order: the year mistyped
        if (
            paper.year.startswith("2024")
            and paper.association == NAT
            and paper.kind.startswith("ж")
        ):
            paper.year = "2024-2026"  # bad-value
    papers += [
        Paper(LANG, "отурумдардын протоколдору", "2012-2013", d(2013, 5, 24), d(2016, 6, 14),
              "Архив, 4-кутуча"),  # retention-ended
        Paper(MATH, "жылдык иш план", "2012-2013", d(2012, 9, 5), d(2016, 6, 14),
              "Архив, 4-кутуча"),  # retention-ended
        Paper(LANG, "отурумдардын протоколдору", "2013-2014", d(2014, 5, 23), d(2017, 6, 9),
              "Архив, 5-кутуча"),  # archived 2017: kept until 2027
    ]  # fmt: skip
    return papers


# Order book: (month, day, title) for each calendar year, in the order of signing.
ORDERS_2025 = (
    (1, 9, "Экинчи жарым жылдыкка окуу жүктөмүн бекитүү жөнүндө"),
    (1, 13, "Мектептик олимпиаданын райондук турунун жыйынтыктары жөнүндө"),
    (1, 20, "Мектеп ичиндеги көзөмөлдүн экинчи жарым жылдык планын бекитүү жөнүндө"),
    (1, 27, "О проведении предметной недели начальных классов"),
    (2, 3, "Табигый илимдер жумалыгын өткөрүү жөнүндө"),
    (2, 10, "Мугалимдерди квалификация жогорулатуу курсуна жөнөтүү жөнүндө"),
    (2, 17, "Ачык сабактардын графигин өзгөртүү жөнүндө"),
    (2, 24, "Эне тил күнүн өткөрүү жөнүндө"),
    (3, 3, "Мамлекеттик аттестацияга даярдык жөнүндө"),
    (3, 10, "Мугалимдерди аттестациялоо комиссиясын түзүү жөнүндө"),
    (3, 14, "Нооруз майрамын өткөрүү жөнүндө"),
    (3, 20, "Жазгы каникул жөнүндө"),
    (3, 31, "4-чейректин башталышы жөнүндө"),
    (4, 7, "Жаш мугалимдердин ачык сабактарын уюштуруу жөнүндө"),
    (4, 14, "О проведении недели математики и информатики"),
    (4, 21, "Мектептин ишемби күнүн өткөрүү жөнүндө"),
    (4, 28, "Жеңиш күнүнө карата иш-чаралар жөнүндө"),
    (5, 5, "Бүтүрүү экзамендеринин графигин бекитүү жөнүндө"),
    (5, 12, "Экзамен комиссияларын түзүү жөнүндө"),
    (5, 19, "Акыркы коңгуроо салтанатын өткөрүү жөнүндө"),
    (5, 26, "1–8, 10-класстардын окуучуларын кийинки класска көчүрүү жөнүндө"),
    (5, 30, "Жайкы практика жөнүндө"),
    # 23 and 24 were never entered (order-number-gap)
    (6, 10, "9-класстын бүтүрүүчүлөрүнө күбөлүк берүү жөнүндө"),
    (6, 14, "11-класстын бүтүрүүчүлөрүнө аттестат берүү жөнүндө"),
    (6, 18, "Мугалимдерди эмгек өргүүсүнө чыгаруу жөнүндө"),
    (8, 18, "Жаңы окуу жылына даярдык жөнүндө"),
    (8, 25, "Тарификацияны бекитүү жөнүндө"),
    (8, 29, "Усулдук бирикмелерди түзүү жана жетекчилерин дайындоо жөнүндө"),
    (8, 29, "Методикалык кеңештин курамын бекитүү жөнүндө"),
    (9, 1, "2025-2026-окуу жылынын башталышы жөнүндө"),
    (9, 3, "Класс жетекчилерин дайындоо жөнүндө"),
    (9, 8, "Ачык сабактардын жана семинарлардын графигин бекитүү жөнүндө"),
    (9, 15, "Мектеп ичиндеги көзөмөлдүн планын бекитүү жөнүндө"),
    (9, 22, "Жаш мугалимдерге насаатчыларды бекитүү жөнүндө"),
    (10, 1, "Мугалимдер күнүн белгилөө жөнүндө"),
    (10, 13, "Мектептик олимпиаданы өткөрүү жөнүндө"),
    (10, 27, "Күзгү каникул жөнүндө"),
    (11, 10, "Биринчи чейректин жыйынтыгы жөнүндө"),
    (11, 17, "Райондук олимпиадага катышуучуларды жөнөтүү жөнүндө"),
    (11, 24, "Мугалимдерди квалификация жогорулатуу курсуна жөнөтүү жөнүндө"),
    (12, 8, "Мектеп ичиндеги көзөмөлдүн жыйынтыгы жөнүндө"),
    (12, 22, "Жаңы жыл майрамын өткөрүү жөнүндө"),
    (12, 29, "Кышкы каникул жөнүндө"),
)
ORDERS_2026 = (
    (1, 12, "Экинчи жарым жылдыкка окуу жүктөмүн бекитүү жөнүндө"),
    (1, 14, "Мектептик олимпиаданын райондук турунун жыйынтыктары жөнүндө"),
    (1, 19, "Мектеп ичиндеги көзөмөлдүн экинчи жарым жылдык планын бекитүү жөнүндө"),
    (1, 26, "Башталгыч класстар жумалыгын өткөрүү жөнүндө"),
    (2, 2, "Табигый илимдер жумалыгын өткөрүү жөнүндө"),
    (2, 9, "Мугалимдерди квалификация жогорулатуу курсуна жөнөтүү жөнүндө"),
    (2, 16, "Ата-энелер жыйынын өткөрүү жөнүндө"),
    (2, 20, "Эне тил күнүн өткөрүү жөнүндө"),
    (3, 2, "Мамлекеттик аттестацияга даярдык жөнүндө"),
    (3, 6, "8-март майрамын белгилөө жөнүндө"),
    (3, 11, "Коомдук илимдер боюнча семинар өткөрүү жөнүндө"),
    (3, 16, "Нооруз майрамын өткөрүү жөнүндө"),
    (3, 20, "Жазгы каникул жөнүндө"),
    (4, 1, "4-чейректин башталышы жөнүндө"),
    (4, 6, "Математика жана информатика жумалыгын өткөрүү жөнүндө"),
    (4, 13, "Жаш мугалимдердин ачык сабактарын уюштуруу жөнүндө"),
    (4, 20, "Мектептин ишемби күнүн өткөрүү жөнүндө"),
    (4, 27, "Жеңиш күнүнө карата иш-чаралар жөнүндө"),
    (5, 4, "Бүтүрүү экзамендеринин графигин бекитүү жөнүндө"),
    (5, 8, "Экзамен комиссияларын түзүү жөнүндө"),
    (5, 18, "Акыркы коңгуроо салтанатын өткөрүү жөнүндө"),
    (5, 25, "1–8, 10-класстардын окуучуларын кийинки класска көчүрүү жөнүндө"),
    (5, 29, "Жайкы практика жөнүндө"),
    (6, 3, "УБлардын жылдык отчетторун кабыл алуу жөнүндө"),
    (6, 9, "9-класстын бүтүрүүчүлөрүнө күбөлүк берүү жөнүндө"),
    (6, 13, "11-класстын бүтүрүүчүлөрүнө аттестат берүү жөнүндө"),
    (6, 17, "Мугалимдерди эмгек өргүүсүнө чыгаруу жөнүндө"),
    (6, 24, "Мектепти жайкы оңдоо иштери жөнүндө"),
    (8, 17, "Жаңы окуу жылына даярдык жөнүндө"),
    (8, 24, "Тарификацияны бекитүү жөнүндө"),
    (8, 28, "Педагогикалык кеңештин чечимин ишке ашыруу жөнүндө"),
    (8, 31, "Усулдук бирикмелерди түзүү жана жетекчилерин дайындоо жөнүндө"),
    (8, 31, "Методикалык кеңештин курамын бекитүү жөнүндө"),
    (9, 1, "2026-2027-окуу жылынын башталышы жөнүндө"),
    (9, 2, "Класс жетекчилерин дайындоо жөнүндө"),
    (9, 4, "Жаш мугалимдерге насаатчыларды бекитүү жөнүндө"),
    (9, 7, "Ачык сабактардын жана семинарлардын графигин бекитүү жөнүндө"),
    (9, 11, "Мектеп ичиндеги көзөмөлдүн планын бекитүү жөнүндө"),
    (9, 14, "Окуу китептерин таратуу жөнүндө"),
    (9, 18, "Мамлекеттик тил күнүн өткөрүү жөнүндө"),
    (9, 21, "Мугалимдерди квалификация жогорулатуу курсуна жөнөтүү жөнүндө"),
    (9, 23, "Мектептик спартакиаданы өткөрүү жөнүндө"),
    (9, 25, "Жаңы кызматкерлерди кызматтык нускама менен тааныштыруу жөнүндө"),
    (9, 28, "Коопсуздук техникасы боюнча жооптууларды дайындоо жөнүндө"),
    (9, 29, "Мугалимдер күнүн белгилөө жөнүндө"),
    (9, 30, "Күзгү ата-энелер жыйыны жөнүндө"),
    (9, 30, "Окуучулардын тамактануусун уюштуруу жөнүндө"),  # the second № 47
    (10, 2, "Мектептик олимпиаданы өткөрүү жөнүндө"),
    (10, 7, "Орус тили жана адабияты жумалыгын өткөрүү жөнүндө"),
    (10, 12, "Санитардык тазалык айлыгы жөнүндө"),
    (10, 16, "Мугалимдерди аттестациялоо комиссиясын түзүү жөнүндө"),
    (10, 19, "Класстан тышкаркы иштердин графиги жөнүндө"),
    (10, 21, "Окуучулардын катышуусун көзөмөлдөө жөнүндө"),
    (10, 23, "Методикалык кеңештин чечимин ишке ашыруу жөнүндө"),
    (10, 26, "Биринчи чейректин жыйынтыктарын чыгаруу жөнүндө"),
    (10, 28, "Күзгү каникул жөнүндө"),
    (10, 2, "Экинчи чейректе ачык сабактарды өткөрүү жөнүндө"),  # № 58, dated before № 57
    (11, 9, "Экинчи чейректин башталышы жөнүндө"),
    (11, 10, None),  # no title (missing-value)
    (11, 16, "Райондук олимпиадага катышуучуларды жөнөтүү жөнүндө"),
    (11, 20, "Мугалимдерди квалификация жогорулатуу курсуна жөнөтүү жөнүндө"),
)
RESPONSIBLE = ("Абдыкадырова А.Ж.", "Бакиров Э.С.", "Сыдыкова Н.Т.", "Жусупова Г.Э.")


def _orders(rng: random.Random) -> list[tuple[object, date, str | None, str]]:
    rows: list[tuple[object, date, str | None, str]] = []
    number = 0
    for month, day, title in ORDERS_2025:
        number += 1
        if number == 23:
            number = 25  # order-number-gap: 23 and 24 are missing
        rows.append((number, d(2025, month, day), title, rng.choice(RESPONSIBLE)))
    number = 0
    for month, day, title in ORDERS_2026:
        number += 1
        if title == "Окуучулардын тамактануусун уюштуруу жөнүндө":
            number -= 1  # order-number-duplicate: № 47 twice
        rows.append((number, d(2026, month, day), title, rng.choice(RESPONSIBLE)))
    # A few numbers written with the sign, as the book's clerk sometimes does.
    return [
        (f"№ {n}" if rng.random() < 0.12 else n, day, title, who) for n, day, title, who in rows
    ]


ASSOCIATION_HEADERS = (
    ("№", 5), ("Аталышы", 30), ("Билим берүү тармагы", 26), ("Жетекчиси", 34),
    ("Усулдук тема", 62), ("Мүчөлөрү", 10),
)  # fmt: skip
MEETING_HEADERS = (
    ("Орган", 30), ("Күнү", 13), ("Протокол №", 10), ("Күн тартиби", 62), ("Токтом", 44),
    ("Катышкандар", 12), ("Катчы", 18),
)  # fmt: skip
PLAN_HEADERS = (
    ("№", 5), ("Ээси", 34), ("Түрү", 12), ("Мезгил", 12), ("Мезгилдин башы", 13),
    ("Мезгилдин аягы", 13), ("Бекитилген же тапшырылган күн", 15), ("Бекиткен", 20),
    ("Эскертме", 30),
)  # fmt: skip
EVENT_HEADERS = (
    ("№", 5), ("Түрү", 26), ("Усулдук бирикме", 28), ("Мугалим", 34), ("Темасы", 50),
    ("Класс", 7), ("Пландалган күн", 13), ("Өткөрүлгөн күн", 13),
)  # fmt: skip
DOCUMENT_HEADERS = (
    ("№", 5), ("Усулдук бирикме", 28), ("Документтин түрү", 38), ("Окуу жылы", 18),
    ("Түзүлгөн күн", 13), ("Архивге өткөн күн", 13), ("Шилтеме", 60),
)  # fmt: skip
ORDER_HEADERS = (("Буйрук №", 10), ("Күнү", 13), ("Мазмуну", 72), ("Аткаруучу", 20))


def _table(sheet: Worksheet, headers: tuple, user: set[str], rows: list[list[object]],
           freeze: str) -> None:  # fmt: skip
    _header(sheet, 1, headers, user)
    _body(sheet, 2, rows)
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def _associations_sheet(sheet: Worksheet) -> None:
    rows = [
        [index, name, area, leader, theme,
         f"=COUNTIF('{TEACHERS_TAB}'!$H$3:$H$100,B{index + 1})"]
        for index, (name, area, leader, theme) in enumerate(ASSOCIATION_ROWS, start=1)
    ]  # fmt: skip
    _table(sheet, ASSOCIATION_HEADERS, {"№", "Мүчөлөрү"}, rows, "C2")


def _meetings_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        [m.body, builder.date_cell(m.day), m.protocol, m.agenda, m.decisions, m.attendees,
         m.secretary]
        for m in _meetings()
    ]  # fmt: skip
    _table(sheet, MEETING_HEADERS, {"Катчы"}, rows, "C2")


def _plans_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        [index, p.owner, p.kind, p.period, builder.date_cell(p.start), builder.date_cell(p.end),
         builder.date_cell(p.done), p.approver, p.note]
        for index, p in enumerate(_plans(), start=1)
    ]  # fmt: skip
    _table(sheet, PLAN_HEADERS, {"№", "Эскертме"}, rows, "C2")


def _events_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        [index, kind, body, teacher, topic, grade, builder.date_cell(planned),
         builder.date_cell(held)]
        for index, (kind, body, teacher, topic, grade, planned, held) in enumerate(
            EVENTS, start=1
        )
    ]  # fmt: skip
    _table(sheet, EVENT_HEADERS, {"№", "Класс"}, rows, "C2")


def _documents_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        [index, p.association, p.kind, p.year, builder.date_cell(p.created),
         builder.date_cell(p.archived), p.place]
        for index, p in enumerate(_documents(builder.rng), start=1)
    ]  # fmt: skip
    _table(sheet, DOCUMENT_HEADERS, {"№"}, rows, "C2")


def _orders_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        [number, builder.date_cell(day), title, who]
        for number, day, title, who in _orders(builder.rng)
    ]
    _table(sheet, ORDER_HEADERS, {"Аткаруучу"}, rows, "B2")


def workbook() -> Workbook:
    """The sample school, in memory."""
    builder = Builder()
    book = Workbook()
    teachers = book.active
    teachers.title = TEACHERS_TAB
    _teachers_sheet(teachers, builder.teacher_rows())
    _courses_sheet(book.create_sheet(COURSES_TAB), builder.courses(), builder)
    _associations_sheet(book.create_sheet(ASSOCIATIONS_TAB))
    _meetings_sheet(book.create_sheet(MEETINGS_TAB), builder)
    _plans_sheet(book.create_sheet(PLANS_TAB), builder)
    _events_sheet(book.create_sheet(EVENTS_TAB), builder)
    _documents_sheet(book.create_sheet(DOCUMENTS_TAB), builder)
    _orders_sheet(book.create_sheet(ORDERS_TAB), builder)
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
