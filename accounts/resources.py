"""django-import-export glue for the unit roster. The admin keeps its upload,
preview and confirm pages; the checking and writing are accounts.unit_import's,
the same code the `import_units` command runs."""

from __future__ import annotations

from collections import defaultdict

import tablib
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from import_export import fields, resources
from import_export.formats.base_formats import XLSX
from import_export.results import Error, InvalidRow, Result, RowResult

from . import unit_excel, unit_import
from .models import Unit

ROW_COLUMN = "Dòng"


class UnitXLSX(XLSX):
    """.xlsx read by accounts.unit_excel (content checks, Excel row numbers kept in
    a first "Dòng" column) and written with the import headers and a guide sheet."""

    def create_dataset(self, in_stream):
        sheet = unit_excel.read_sheet(in_stream)
        width = len(sheet.headers)
        dataset = tablib.Dataset(
            headers=[ROW_COLUMN, *[h if h is not None else "" for h in sheet.headers]]
        )
        for number, values in sheet.rows:
            padded = (list(values) + [None] * width)[:width]
            dataset.append([number, *padded])
        return dataset

    def export_data(self, dataset, **kwargs):
        return unit_excel.write_roster(dataset, unit_import.kind_labels())


def sheet_from_dataset(dataset: tablib.Dataset) -> unit_excel.Sheet:
    headers = list(dataset.headers or [])
    if headers and headers[0] == ROW_COLUMN:
        rows = [(int(r[0]), tuple(r[1:])) for r in dataset]
        return unit_excel.Sheet(headers=headers[1:], rows=rows)
    # A dataset from elsewhere: rows follow the header directly.
    return unit_excel.Sheet(
        headers=headers, rows=[(i, tuple(r)) for i, r in enumerate(dataset, 2)]
    )


class UnitResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="Mã đơn vị")
    name = fields.Field(attribute="name", column_name="Tên đơn vị")
    kind = fields.Field(attribute="kind", column_name="Loại")
    parent = fields.Field(attribute="parent__code", column_name="Mã đơn vị cấp trên")
    staff_count = fields.Field(attribute="staff_count", column_name="Tổng số CBCCVCLĐ")

    class Meta:
        model = Unit
        fields = ("code", "name", "kind", "parent", "staff_count")
        import_id_fields = ("code",)

    @classmethod
    def get_display_name(cls) -> str:
        return "Đơn vị"

    # --- export: the import's own columns, so an export imports back unchanged ---
    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        codes = None
        if queryset is not None:
            codes = set(queryset.values_list("code", flat=True))
        rows = [r for r in unit_import.roster_rows() if codes is None or r[0] in codes]
        return tablib.Dataset(*rows, headers=[c.header for c in unit_excel.COLUMNS])

    # --- import: one validation of the whole file, then all rows or none ---
    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        report = unit_import.import_sheet(sheet_from_dataset(dataset), dry_run=dry_run)
        result = Result()
        result.unit_report = report
        result.diff_headers = [c.header for c in unit_excel.COLUMNS]
        if report.errors:
            _add_errors(result, report, dataset)
            return result
        instances = {}
        if report.applied:
            instances = Unit.objects.in_bulk(
                [r.code for r in report.rows], field_name="code"
            )
        for planned in report.rows:
            row = RowResult()
            row.import_type = {
                "new": RowResult.IMPORT_TYPE_NEW,
                "update": RowResult.IMPORT_TYPE_UPDATE,
                "skip": RowResult.IMPORT_TYPE_SKIP,
            }[planned.action]
            row.diff = _diff(planned)
            row.object_repr = planned.name
            instance = instances.get(planned.code)
            if instance is not None:
                row.instance = instance
                row.object_id = instance.pk
            result.append_row_result(row)
            result.increment_row_result_total(row)
        result.total_rows = len(report.rows)
        return result


def _add_errors(result: Result, report, dataset) -> None:
    # Show each bad row's cells under the import's column headers.
    sheet = sheet_from_dataset(dataset)
    index = {unit_excel.header_key(h): i for i, h in enumerate(sheet.headers)}
    order = [index.get(c.key) for c in unit_excel.COLUMNS]
    values_by_row = {
        n: tuple(v[i] if i is not None and i < len(v) else None for i in order)
        for n, v in sheet.rows
    }
    values_by_row[1] = tuple(sheet.headers)
    by_row: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for error in report.errors:
        if error.row is None:
            result.append_base_error(Error(ValidationError(str(error))))
            continue
        by_row[error.row][error.column or "—"].append(error.message)
    for number in sorted(by_row):
        values = tuple("" if v is None else v for v in values_by_row.get(number, ()))
        result.invalid_rows.append(
            InvalidRow(
                number=number,
                validation_error=ValidationError(
                    {column: list(msgs) for column, msgs in by_row[number].items()}
                ),
                values=values,
            )
        )
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1


def _diff(planned) -> list:
    labels = dict(Unit.Kind.choices)
    new = [
        planned.code,
        planned.name,
        str(labels.get(planned.kind, planned.kind)),
        planned.parent_code or "",
        "" if planned.staff_count is None else planned.staff_count,
    ]
    if planned.before is None:
        return [format_html("{}", v) for v in new]
    before = planned.before
    old = [
        planned.code,
        before["name"],
        str(labels.get(before["kind"], before["kind"])),
        before["parent_code"] or "",
        "" if before["staff_count"] is None else before["staff_count"],
    ]
    changed = "<del>{}</del> <ins>{}</ins>"
    return [
        format_html("{}", n) if n == o else format_html(changed, o, n)
        for n, o in zip(new, old, strict=True)
    ]
