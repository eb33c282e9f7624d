"""Who must act on a finding, as the summary tabs name them.

The teacher of a teacher's or course row; an association's leader for its rows, papers,
events and documents; the deputy director for the methodical council; the director for the
pedagogical council and the order book::

    actors = Actors(view)
    actors.acts(finding)       # «Токторова Э.Ж. (УБ жетекчиси)»
"""

from __future__ import annotations

from sheets_sync.findings import Finding
from sheets_sync.job import Overview
from sheets_sync.text import display
from sheets_sync.validation import Record

from .choices import Council, council_of


class Actors:
    """Who must act on a finding. Each register's rows are indexed by sheet row once, on
    first use, so listing every dated finding reads each register once."""

    def __init__(self, view: Overview) -> None:
        self.view = view
        self.rows: dict[str, dict[int, Record]] = {}

    def record(self, finding: Finding) -> Record | None:
        table = self.view.context.tables.get(finding.register)
        if table is None or finding.row is None:
            return None
        if finding.register not in self.rows:
            self.rows[finding.register] = {record.row: record for record in table.records}
        return self.rows[finding.register].get(finding.row)

    def acts(self, finding: Finding) -> str:
        """The person (or office) who must act: the teacher of a teacher's or course row, an
        association's leader for its rows, papers, events and documents, the deputy director
        for the methodical council, the director for the pedagogical council and orders."""
        ui, record = self.view.catalog.ui, self.record(finding)
        data = getattr(record, "raw", {}) if record is not None else {}
        register = finding.register
        if register in ("teachers", "pd_courses") and record is not None:
            name = display(data.get("full_name") if register == "teachers" else data.get("teacher"))
            return short_name(name) or ui("summary-role-deputy")
        if register == "orders":
            return ui("summary-role-director")
        if register == "meetings":
            body = data.get("body") if record is not None else None
            if body is None or council_of(body) is Council.METHODICAL:
                return ui("summary-role-deputy")
            if council_of(body) is Council.PEDAGOGICAL:
                return ui("summary-role-director")
            return self._leader(body) or display(body)
        if register == "plans_reports" and record is not None:
            owner = data.get("owner")
            if council_of(owner) is Council.METHODICAL:
                return ui("summary-role-deputy")
            return self._leader(owner) or display(owner)
        if register == "associations" and record is not None:
            return self._leader(data.get("name")) or display(data.get("name"))
        if register in ("events", "documents") and record is not None:
            teacher = display(data.get("teacher")) if register == "events" else ""
            leader = self._leader(data.get("association"))
            return short_name(teacher) or leader or ui("summary-role-deputy")
        return ui("summary-role-deputy")

    def _leader(self, association: object) -> str:
        """«Name (MA leader)» of the association ``association`` names, or ''."""
        found = self.view.context.resolve("associations", association)
        leader = display(getattr(found.data, "leader", None)) if found is not None else ""
        named = short_name(leader)
        return self.view.catalog.ui("summary-role-leader", name=named) if leader else ""


def short_name(name: str) -> str:
    """«Surname N.P.», as school papers list people: «Токторова Элмира Жумадиловна» ->
    «Токторова Э.Ж.». A name of one word, or one with digits or marks, stays as typed."""
    words = name.split()
    if len(words) < 2 or not all(word.replace("-", "").isalpha() for word in words):
        return name
    return words[0] + " " + "".join(f"{word[0]}." for word in words[1:])
