"""Writes change batch files the way the cadastral database exports them: per commune an
initial load (some with the commune's pre-2025 code, as old software still writes) and a later
batch that splits one parcel and merges two, from the generated population's land records."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hub.registry.population.generator import Geography, SourceRecord, generate_population

INITIAL_AT = "2025-03-01T09:30:00+07:00"
CHANGE_AT = "2025-08-01T09:30:00+07:00"
PURPOSES = ("ODT", "ONT", "CLN", "LUC", "ODT+CLN")


def write_batches(folder: Path, geography: Geography, persons: int, *, seed: int) -> list[Path]:
    """Write the batch files into ``folder``; return their paths."""
    rng = random.Random(f"land-records:{seed}")
    by_commune: defaultdict[str, list[SourceRecord]] = defaultdict(list)
    for view in generate_population(geography, persons, seed=seed):
        for record in view.records:
            if record.system == "land_records" and record.record.commune_code:
                by_commune[record.record.commune_code].append(record)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (commune, holders) in enumerate(sorted(by_commune.items())):
        parcels = [
            _parcel(rng, holder, sheet=1 + n // 50, number=1 + n % 50)
            for n, holder in enumerate(holders)
        ]
        initial = folder / f"{commune}-initial.xml"
        initial.write_text(
            _batch(f"{commune}-2025-{index:06d}", commune, INITIAL_AT, parcels), "utf-8"
        )
        written.append(initial)
        if len(holders) >= 3:
            change = folder / f"{commune}-change-1.xml"
            change.write_text(_changes(rng, commune, index, holders), "utf-8")
            written.append(change)
    return written


def _parcel(
    rng: random.Random, holder: SourceRecord, *, sheet: int, number: int, origin: str = ""
) -> str:
    person = holder.record
    born = holder.written_birth_date[-4:] if holder.written_birth_date else ""
    area = f"{rng.randint(400, 30000) / 10:.1f}"
    if rng.random() < 0.3:
        area = area.replace(".", ",")
    national = (
        "" if rng.random() < 0.5 else f"<MaDinhDanh>w3gv{rng.randrange(16**8):08x}</MaDinhDanh>"
    )
    return (
        f"<Thua><SoHieuToBanDo>{sheet}</SoHieuToBanDo><SoThuTuThua>{number}</SoThuTuThua>"
        f"<DienTich>{area}</DienTich><MucDichSuDung>{rng.choice(PURPOSES)}</MucDichSuDung>"
        f"{national}<SoGiayChungNhan>CS {rng.randint(100000, 999999)}</SoGiayChungNhan>"
        f"<NgayThayDoi>2025-02-{rng.randint(1, 28):02d}</NgayThayDoi>"
        f"<ChuSuDung><HoTen>{escape(person.full_name or '')}</HoTen>"
        f"<SoCCCD>{escape(person.citizen_id or '')}</SoCCCD><NamSinh>{born}</NamSinh></ChuSuDung>"
        f"{origin}</Thua>"
    )


def _changes(rng: random.Random, commune: str, index: int, holders: list[SourceRecord]) -> str:
    # Parcel 1-1 splits into 1-101 and 1-102; parcels 1-2 and 1-3 merge into 1-103.
    split = '<NguonGoc loai="TACH"><ThuaGoc soTo="1" soThua="1"/></NguonGoc>'
    merge = (
        '<NguonGoc loai="HOP"><ThuaGoc soTo="1" soThua="2"/><ThuaGoc soTo="1" soThua="3"/>'
        "</NguonGoc>"
    )
    body = [
        _parcel(rng, holders[0], sheet=1, number=101, origin=split),
        _parcel(rng, holders[0], sheet=1, number=102, origin=split),
        _parcel(rng, holders[1], sheet=1, number=103, origin=merge),
        '<ThuaXoa soTo="1" soThua="1" ngay="2025-07-28"/>',
        '<ThuaXoa soTo="1" soThua="2" ngay="2025-07-28"/>',
        '<ThuaXoa soTo="1" soThua="3" ngay="2025-07-28"/>',
    ]
    return _batch(f"{commune}-2025-{index + 500000:06d}", commune, CHANGE_AT, body)


def _batch(batch_id: str, commune: str, made_at: str, body: list[str]) -> str:
    attributes = (
        f"maGoi={quoteattr(batch_id)} maXa={quoteattr(commune)} ngayLap={quoteattr(made_at)}"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + f"<GoiThayDoi {attributes}>\n"
        + "\n".join(body)
        + "\n</GoiThayDoi>\n"
    )
