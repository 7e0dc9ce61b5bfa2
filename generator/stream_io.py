"""Writing generator version 3: chunks streamed into one file per table, bad rows, manifest.

Rows are buffered per table and written in row groups of `ROW_GROUP` rows (Parquet) or
appended (CSV), so memory stays bounded by one chunk and the buffers, at any scale. The
buffer size changes neither the rows nor their order. The manifest (`_manifest.json` in
the output folder) records the generator version, seed, scale, format and through date:
`--append-day` reads it to generate one more day. With `jobs` > 1 the chunks are built
in worker processes and handed over as Arrow IPC files in /dev/shm (memory-mapped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from generator.config import GeneratorConfig
from generator.schema import TABLES
from generator.stream import GENERATOR_VERSION, chunks, reference_tables, schema
from generator.writer import table_path

MANIFEST = "_manifest.json"
ROW_GROUP = 500_000
# Text columns with (nearly) one value per row: written without a Parquet dictionary, which
# would only be built to be dropped. Statistics (min/max) are written for typed columns only:
# on text they cost a third of the write time and no reader here filters on them.
UNIQUE_TEXT = {
    "call_id",
    "lead_id",
    "deal_id",
    "account_id",
    "customer_id",
    "subscription_id",
    "subscription_item_id",
    "invoice_id",
    "contact_email",
    "contact_phone",
    "phone_number",
}


def _parquet_writer(path: Path, table: str) -> pq.ParquetWriter:
    target = schema(table, True)
    text = [f.name for f in target if f.type == pa.string()]
    return pq.ParquetWriter(
        path,
        target,
        use_dictionary=[name for name in text if name not in UNIQUE_TEXT],
        write_statistics=[f.name for f in target if f.type != pa.string()],
    )


@dataclass
class TableSink:
    """One output file, written in order as rows arrive."""

    path: Path
    table: str
    fmt: str
    rows: int = 0
    _buffer: list[pa.Table] = field(default_factory=list)
    _buffered: int = 0
    _writer: object = None

    def add(self, data: pa.Table) -> None:
        if data.num_rows == 0:
            return
        self._buffer.append(data)
        self._buffered += data.num_rows
        self.rows += data.num_rows
        if self._buffered >= ROW_GROUP:
            self.flush()

    def flush(self, final: bool = False) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.fmt == "parquet":
                self._writer = _parquet_writer(self.path, self.table)
            else:
                self._writer = pacsv.CSVWriter(
                    self.path,
                    schema(self.table, False),
                    write_options=pacsv.WriteOptions(quoting_style="needed"),
                )
        if self._buffer:
            data = pa.concat_tables(self._buffer)  # no copy: the writer takes the chunks
            # whole row groups of ROW_GROUP rows; the rest waits for more rows (or close)
            full = len(data) if final else len(data) // ROW_GROUP * ROW_GROUP
            if full:
                if self.fmt == "parquet":
                    self._writer.write_table(data.slice(0, full), row_group_size=ROW_GROUP)  # type: ignore[attr-defined]
                else:
                    self._writer.write_table(data.slice(0, full))  # type: ignore[attr-defined]
            self._buffer = [data.slice(full)] if full < len(data) else []
            self._buffered = len(data) - full

    def close(self) -> None:
        self.flush(final=True)
        self._writer.close()  # type: ignore[attr-defined]


def _as_text(value: object) -> str | None:
    """A value of a text or typed column as the contract's text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _text_row(data: pa.Table, row: int) -> dict[str, str | None]:
    return {name: _as_text(data.column(name)[row].as_py()) for name in data.column_names}


def _rows(rows: list[dict[str, str | None]], like: pa.Table) -> pa.Table:
    """Rows given as the contract's text, in the (text or typed) schema of `like`."""
    text = pa.schema([(f.name, pa.string()) for f in like.schema])
    return pa.Table.from_pylist(rows, schema=text).cast(like.schema)


def _replace(data: pa.Table, row: int, **changes: str | None) -> pa.Table:
    """One row of `data` with some values replaced (given as text)."""
    values = _text_row(data, row)
    values.update(changes)
    return _rows([values], data)


def _shift(value: str, **delta: float) -> str:
    ts = datetime.fromisoformat(value.replace("T", " ").removesuffix("Z").removesuffix("+00:00"))
    return (ts + timedelta(**delta)).strftime("%Y-%m-%d %H:%M:%S")


class Mess:
    """Bad rows (as in version 1, see generator/mess.py), each injected into the first chunk
    that holds a row to copy. Injected ids carry an `X`: no generated id looks like them."""

    def __init__(self) -> None:
        self.done: set[str] = set()

    def __call__(self, table: str, data: pa.Table) -> pa.Table:
        fixed = table == "crm__deal_stage_history"  # needs no row to copy: in the first chunk
        if table in self.done or (data.num_rows == 0 and not fixed):
            return data
        inject = getattr(self, "_" + table.split("__", 1)[1], None)
        if inject is None:
            return data
        self.done.add(table)
        return pa.concat_tables([data, *inject(data)])

    def _leads(self, d: pa.Table) -> list[pa.Table]:
        status = "working" if _text_row(d, 0)["status"] != "working" else "new"
        return [
            _replace(d, 0, status=status),
            _replace(d, 0, lead_id="LX000001", channel="telepathy"),
            _replace(
                d,
                0,
                lead_id="LX000002",
                status="disqualified",
                disqualified_reason="test",
                company_name="Test Company (do not call)",
                converted_at=None,
                account_id=None,
            ),
            _replace(d, 0, lead_id=None, company_name="Nameless Key Co"),
        ]

    def _deals(self, d: pa.Table) -> list[pa.Table]:
        created = str(_text_row(d, 0)["created_at"])
        return [
            _replace(d, 0, amount="99999.00", currency="USD"),
            _replace(d, 0, deal_id="DX000001", amount="1000.00", currency="XYZ"),
            _replace(d, 0, deal_id="DX000002", amount="-1500.00", currency="USD"),
            _replace(
                d,
                0,
                deal_id="DX000003",
                stage="closed_lost",
                lost_reason="price",
                closed_at=_shift(created, days=-5),
            ),
            _replace(d, 0, deal_id="DX000004", stage="on_hold", closed_at=None),
        ]

    def _deal_stage_history(self, d: pa.Table) -> list[pa.Table]:
        row = {"deal_id": "DX999999", "stage": "proposal", "entered_at": "2024-01-01 10:00:00"}
        return [_rows([row], d)]

    def _customers(self, d: pa.Table) -> list[pa.Table]:
        return [_replace(d, 0, created_at=_shift(str(_text_row(d, 0)["created_at"]), days=-1))]

    def _subscription_items(self, d: pa.Table) -> list[pa.Table]:
        start = str(_text_row(d, 0)["valid_from"])
        return [
            _replace(
                d,
                0,
                subscription_item_id="SIX000001",
                quantity="-5",
                valid_from=_shift(start, days=1),
                valid_to=_shift(start, days=20),
            ),
            _replace(
                d,
                0,
                subscription_item_id="SIX000002",
                valid_from=_shift(start, days=2),
                valid_to=_shift(start, days=9),
            ),
        ]

    def _calls(self, d: pa.Table) -> list[pa.Table]:
        talk = int(str(_text_row(d, 0)["talk_seconds"])) + 42
        return [
            _replace(d, 0, call_id="CALLX0000001", started_at="2024-02-30 09:15:00"),
            _replace(
                d, 0, call_id="CALLX0000002", status="dropped", talk_seconds="0", wait_seconds=None
            ),
            _replace(d, 0, call_id="CALLX0000003", lead_id="LX999999"),
            _replace(d, 0, talk_seconds=str(talk), status="answered", wait_seconds="7"),
        ]

    def _call_scores(self, d: pa.Table) -> list[pa.Table]:
        at = _shift(str(_text_row(d, 0)["scored_at"]), days=1)
        return [_replace(d, 0, scored_at=at, overall_score="150.0")]

    def _competitor_prices(self, d: pa.Table) -> list[pa.Table]:
        return [_replace(d, 0, price="999.00")]


def write_stream(
    cfg: GeneratorConfig,
    out: Path,
    fmt: str = "parquet",
    flat: bool = False,
    through: date | None = None,
    jobs: int = 1,
) -> dict[str, tuple[Path, int]]:
    """Generate version 3 through `through` (default: the end of the range) into `out`."""
    through = through or cfg.end
    if through < cfg.start:
        raise ValueError(f"--through-date {through} is before the first day {cfg.start}")
    sinks = {t: TableSink(table_path(out, t, fmt, flat), t, fmt) for t in TABLES}
    mess = Mess() if cfg.mess else None
    typed = fmt == "parquet"
    for table, data in reference_tables(cfg, through, typed).items():
        sinks[table].add(mess(table, data) if mess else data)
    for _, tables in chunks(cfg, through, jobs, typed):
        for table, data in tables.items():
            sinks[table].add(mess(table, data) if mess else data)
    for sink in sinks.values():
        sink.close()
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": cfg.seed,
        "scale": cfg.scale,
        "mess": cfg.mess,
        "format": fmt,
        "flat": flat,
        "first_date": cfg.start.isoformat(),
        "through_date": through.isoformat(),
        "rows": {t: s.rows for t, s in sinks.items()},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {t: (s.path, s.rows) for t, s in sinks.items()}


def read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: --append-day needs a folder written by version 3"
        )
    return json.loads(path.read_text(encoding="utf-8"))
