"""The `orders` register: tab «Буйруктар» / «Приказы» (DOMAIN.md; seed 001 §2.7: the deputy
director keeps the school's book of orders). Numbers restart every calendar year."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from sheets_sync.fields import Column, SheetDate, Text
from sheets_sync.register import Register


class Order(BaseModel):
    number: Annotated[
        Text,
        Column(
            "Буйрук №",
            "№ приказа",
            "Order №",
            ("Буйруктун №", "Буйруктун номери", "Приказ №", "Номер приказа", "№", "Номер"),
        ),
    ]
    date: Annotated[
        SheetDate,
        Column("Күнү", "Дата", "Date", ("Буйруктун күнү", "Дата приказа", "Order date")),
    ]
    title: Annotated[
        Text,
        Column(
            "Мазмуну",
            "Содержание",
            "Title",
            ("Буйруктун мазмуну", "Аталышы", "Содержание приказа", "Заголовок", "Content"),
        ),
    ]


ORDERS = Register(
    id="orders",
    tabs=Column(
        "Буйруктар",
        "Приказы",
        "Orders",
        ("Буйруктар китеби", "Буйруктардын китеби", "Книга приказов", "Book of orders"),
    ),
    model=Order,
)
