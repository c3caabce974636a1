"""Rows to CSV or XLSX, in constant memory.

CSV is UTF-8 with a BOM (so spreadsheet programs read Korean) and is yielded a
chunk at a time. XLSX goes through openpyxl's write-only workbook, which keeps
rows on disk, into a temporary file that is then yielded a chunk at a time.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

BOM = "\ufeff"
ROWS_PER_CHUNK = 200
FILE_CHUNK_BYTES = 64 * 1024
# A text cell starting with one of these would be run as a formula by spreadsheet
# programs; it is quoted. (+ and - begin too many real answers, like "-3x", to touch.)
_FORMULA_STARTS = ("=", "@")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        pending += 1
        if pending >= ROWS_PER_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_chunks(sheet_name: str, header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even "=1+1"
            cells.append(cell)
        sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk
