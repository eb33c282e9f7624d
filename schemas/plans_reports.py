"""The `plans_reports` register: tab «Пландар жана отчеттор» / «Планы и отчёты» (DOMAIN.md;
seed 000 §5.1, §5.3; seed 001 §5.2).

``owner`` is an association's name, «Методикалык кеңеш» or a teacher; a rule checks it
(``unknown-owner``) because it may name any of them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, model_validator

from sheets_sync.fields import Column, SheetDate, Text
from sheets_sync.register import Register

from .choices import PeriodChoice, PlanKindChoice
from .validators import ensure_order


class PlanOrReport(BaseModel):
    owner: Annotated[
        Text,
        Column("Ээси", "Чей", "Owner", ("Кимдики", "Ким түздү", "Чей план", "Владелец")),
    ]
    kind: Annotated[
        PlanKindChoice,
        Column("Түрү", "Вид", "Kind", ("Документтин түрү", "Вид документа", "Type")),
    ]
    period: Annotated[PeriodChoice | None, Column("Мезгил", "Период", "Period", ("Мезгили",))] = (
        None
    )
    period_start: Annotated[
        SheetDate | None,
        Column("Мезгилдин башы", "Начало периода", "Period start", ("Башталышы", "Начало")),
    ] = None
    period_end: Annotated[
        SheetDate | None,
        Column("Мезгилдин аягы", "Конец периода", "Period end", ("Аягы", "Аякташы", "Конец")),
    ] = None
    done_on: Annotated[
        SheetDate | None,
        Column(
            "Бекитилген же тапшырылган күн",
            "Дата утверждения или сдачи",
            "Approved or submitted on",
            (
                "Бекитилген күн",
                "Тапшырылган күн",
                "Бекитилди",
                "Тапшырылды",
                "Дата утверждения",
                "Дата сдачи",
                "Approved on",
                "Submitted on",
            ),
        ),
    ] = None
    approver: Annotated[
        Text | None,
        Column("Бекиткен", "Утвердил", "Approved by", ("Ким бекитти", "Кем утверждён")),
    ] = None

    @model_validator(mode="after")
    def _period_ends_after_start(self) -> PlanOrReport:
        ensure_order(self, "period_start", "period_end")
        return self


PLANS_REPORTS = Register(
    id="plans_reports",
    tabs=Column(
        "Пландар жана отчеттор",
        "Планы и отчёты",
        "Plans and reports",
        ("Пландар жана отчёттор", "Пландар", "Иш пландары", "Планы"),
    ),
    model=PlanOrReport,
)
