"""Writes HR exports the way old installations do: one file per agency, title rows first,
XLSX and CSV, the CSVs in UTF-8 (with a BOM), Windows-1258, VNI and TCVN3, agency codes in
either form, dates as dd/mm/yyyy, from the generated population's cadre records."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from openpyxl import Workbook

from hub.adapters.cadre_management.legacy_encodings import (
    encode_tcvn3,
    encode_vni,
    encode_windows_1258,
)
from hub.registry.population.generator import Geography, generate_population

COLUMNS = (
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số sổ BHXH", "Mã cơ quan",
    "Tên cơ quan", "Chức vụ", "Mã ngạch", "Ngày bổ nhiệm", "Ngày kết thúc", "Mã nhân sự",
)  # fmt: skip
# (file, encoding, agency code as that installation writes it, agency name)
AGENCIES = (
    ("so-tnmt.xlsx", "xlsx", "H01.05", "Văn phòng Đăng ký đất đai Hà Nội"),
    ("cuc-qldd.csv", "utf-8-sig", "000.00.18.G12", "Cục Quản lý đất đai"),
    ("cqdt.csv", "windows-1258", "G01.08", "Cơ quan Cảnh sát điều tra"),
    ("so-noi-vu.csv", "vni", "000.00.05.H01", "Sở Nội vụ"),
    ("ubnd-phuong.csv", "tcvn3", "H01.05", "Văn phòng Đăng ký đất đai Hà Nội"),
)
POSITIONS = (
    ("Chuyên viên", "01.003"),
    ("Chuyên viên chính", "01.002"),
    ("Phó Trưởng phòng", "01.002"),
)
_ENCODERS = {"windows-1258": encode_windows_1258, "vni": encode_vni, "tcvn3": encode_tcvn3}


def write_exports(folder: Path, geography: Geography, persons: int, *, seed: int) -> list[Path]:
    """Write one export per agency into ``folder``; return their paths."""
    rng = random.Random(f"cadre-management:{seed}")
    rows: list[list[list[str]]] = [[] for _ in AGENCIES]
    for index, view in enumerate(generate_population(geography, persons, seed=seed)):
        for seen in view.records:
            if seen.system != "cadre_management":
                continue
            slot = index % len(AGENCIES)
            _, _, code, name = AGENCIES[slot]
            record = seen.record
            citizen = record.citizen_id or ""
            if citizen and rng.random() < 0.05:
                citizen = citizen[3:]  # an old 9-digit ID card number
            position, rank = rng.choice(POSITIONS)
            rows[slot].append([
                str(len(rows[slot]) + 1), record.full_name or "", seen.written_birth_date or "",
                _sex(rng, record.sex), citizen, record.social_insurance_number or "", code, name,
                position, rank, f"01/{rng.randint(1, 12):02d}/{rng.randint(2010, 2024)}", "",
                f"NS{seed:02d}{index:06d}",
            ])  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for (file_name, encoding, _, name), body in zip(AGENCIES, rows, strict=True):
        path = folder / file_name
        titles = [["DANH SÁCH CÁN BỘ, CÔNG CHỨC"], [name], ["Ngày xuất: 01/08/2025"], []]
        if encoding == "xlsx":
            book = Workbook()
            sheet = book.active
            assert sheet is not None
            for line in [*titles, list(COLUMNS), *body]:
                sheet.append(line)
            book.save(path)
        else:
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=";" if encoding == "vni" else ",").writerows(
                [*titles, list(COLUMNS), *body]
            )
            text = buffer.getvalue()
            encoder = _ENCODERS.get(encoding)
            path.write_bytes(encoder(text) if encoder else text.encode(encoding))
        written.append(path)
    return written


def _sex(rng: random.Random, sex: str | None) -> str:
    if sex is None:
        return ""
    if sex == "Nữ":
        return rng.choice(("Nữ", "Nữ", "NỮ", "Nu"))
    return sex
