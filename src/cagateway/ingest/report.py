"""The rejects report of a batch: CSV (one line per problem) and JSON (one object per rejected row, raw).

Both are written from the staging table at the end of an import, so that an import resumed after a crash
reports the rows rejected before the crash as well. Rows are streamed: a huge reject list never sits whole in
memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.ingest.models import StagedRow

__all__ = ["REPORT_COLUMNS", "write_rejects"]

REPORT_COLUMNS = ("row", "source_record_id", "column", "value", "reason", "fix")


def _staged(session: Session, batch_id: int) -> Iterator[StagedRow]:
    stmt = (
        select(StagedRow)
        .where(StagedRow.last_batch_id == batch_id)
        .order_by(StagedRow.row_number, StagedRow.id)
        .execution_options(yield_per=1000)
    )
    yield from session.scalars(stmt)


def write_rejects(session: Session, batch_id: int, folder: Path, stem: str) -> tuple[Path, Path] | None:
    """Write ``<stem>.rejects.csv`` and ``.json`` into ``folder``; None when the batch rejected nothing."""
    if session.scalar(select(StagedRow.id).where(StagedRow.last_batch_id == batch_id).limit(1)) is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = folder / f"{stem}.rejects.csv", folder / f"{stem}.rejects.json"
    with (
        csv_path.open("w", newline="", encoding="utf-8") as csv_file,
        json_path.open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.DictWriter(csv_file, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        json_file.write(f'{{"batch_id": {batch_id}, "rows": [\n')
        for i, staged in enumerate(_staged(session, batch_id)):
            for problem in staged.problems:
                writer.writerow(
                    {k: problem.get(k) for k in REPORT_COLUMNS} | {"source_record_id": staged.source_record_id}
                )
            entry = {
                "row": staged.row_number,
                "source_record_id": staged.source_record_id,
                "problems": staged.problems,
                "raw": staged.raw,
            }
            json_file.write(("," if i else "") + json.dumps(entry, ensure_ascii=False) + "\n")
        json_file.write("]}\n")
    return csv_path, json_path
