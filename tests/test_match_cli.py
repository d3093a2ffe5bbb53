"""The ``hub match`` command on spreadsheet files, alone and against a registry database."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.registry.kinds.person import service
from hub.settings import get_settings

BOM = "\ufeff"
# Known duplicates: H1/H2 (diacritics stripped, old commune code, ISO vs dd/mm/yyyy), H3/H4
# (linked only through the crosswalk), H5/H6 (another commune: review); line 9 has a bad date.
PEOPLE = """ma,ho_ten,ngay_sinh,gioi_tinh,ma_xa,dia_chi
H1,Nguyễn Văn An,12/05/1990,Nam,26740,Số 12 đường Lê Lợi
H2,NGUYEN VAN AN,1990-05-12,1,26737,12 Le Loi
H3,Hoàng Văn Em,09/04/1988,M,26740,
H4,Hoang Van Em,9/4/1988,male,26737,
H5,Trần Thị Bình,03/07/1985,Nữ,26740,
H6,Tran Thi Binh,3/7/1985,2,00004,
H7,Phạm Thị Dung,20/11/1992,F,26737,
H8,Phạm Thị Dung,31/02/1992,F,26737,
"""
MAP = [
    "--map",
    "ho_ten=full_name",
    "--map",
    "ngay_sinh=birth_date",
    "--map",
    "gioi_tinh=sex",
    "--map",
    "ma_xa=commune_code",
    "--map",
    "dia_chi=street",
]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """The people file, UTF-8 with a byte-order mark."""
    path = tmp_path / "people.csv"
    path.write_text(BOM + PEOPLE, encoding="utf-8")
    return path


@pytest.fixture
def registry_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file database that the command reads through HUB_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    yield url
    get_settings.cache_clear()


def run_match(*arguments: str | Path) -> tuple[int, str, str]:
    """Run ``hub match`` and return its exit code, standard output and standard error."""
    result = CliRunner().invoke(app, ["match", *(str(a) for a in arguments)])
    return result.exit_code, result.stdout, result.stderr


def read_pairs(path: Path) -> list[list[str]]:
    """Return the rows of a pairs file, header first."""
    with path.open(encoding="utf-8", newline="") as opened:
        return list(csv.reader(opened))


def test_file_is_matched_within_itself(people: Path, tmp_path: Path) -> None:
    output = tmp_path / "pairs.csv"
    # Given the people file with known duplicates
    # When it is matched within itself
    code, _, stderr = run_match(people, "--id-column", "ma", *MAP, "--output", output)
    # Then the pairs are written best first with their decisions
    assert code == 0, stderr
    rows = read_pairs(output)
    assert rows[0] == ["left_id", "right_id", "score", "decision"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ("H1", "H2", "link"),
        ("H3", "H4", "link"),
        ("H5", "H6", "review"),
    ]
    scores = [r[2] for r in rows[1:]]
    assert all(len(score.split(".")[1]) == 4 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert 0.5 <= float(scores[2]) < 0.95
    # And the bad row is reported by its line and counted in the summary
    assert "line 9: birth date '31/02/1992' is not a date" in stderr
    assert "8 rows read, 1 skipped, 3 pairs written (link: 2, review: 1)" in stderr


def test_pairs_go_to_standard_output_with_a_tab_delimiter(tmp_path: Path) -> None:
    source = tmp_path / "people.tsv"
    source.write_text(PEOPLE.replace(",", "\t"), encoding="utf-8")
    # Given a tab-separated file without a BOM
    # When it is matched with the output on standard output
    code, stdout, stderr = run_match(
        source, "--id-column", "ma", *MAP, "--delimiter", "tab", "--output", "-"
    )
    # Then the pairs are printed
    assert code == 0, stderr
    assert stdout.splitlines()[0] == "left_id,right_id,score,decision"
    assert [line.split(",")[:2] for line in stdout.splitlines()[1:]] == [
        ["H1", "H2"],
        ["H3", "H4"],
        ["H5", "H6"],
    ]


def test_file_is_matched_against_the_registry(
    people: Path, tmp_path: Path, registry_url: str
) -> None:
    # Given a registry holding Nguyễn Văn An, whom the file holds twice
    async def create() -> str:
        database = Database.from_url(registry_url)
        try:
            async with database.transaction() as session:
                person = await service.ensure_person(
                    session,
                    citizen_id="079090001234",
                    full_name="Nguyễn Văn An",
                    birth_date=date(1990, 5, 12),
                    sex="MALE",
                    address_commune_code="26740",
                    address_street="12 Lê Lợi",
                )
                return person.id
        finally:
            await database.dispose()

    person_id = asyncio.run(create())
    output = tmp_path / "pairs.csv"
    # When the file is matched against the registry
    code, _, stderr = run_match(
        people, "--id-column", "ma", *MAP, "--against-registry", "--output", output
    )
    # Then both rows are linked to the registry person, and the file's own pairs are not written
    assert code == 0, stderr
    assert [(r[0], r[1], r[3]) for r in read_pairs(output)[1:]] == [
        ("H1", f"registry:{person_id}", "link"),
        ("H2", f"registry:{person_id}", "link"),
    ]
    assert "2 pairs written (link: 2, review: 0)" in stderr


def test_unmigrated_registry_is_reported(
    people: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database file without the registry's tables
    empty = tmp_path / "empty.db"
    empty.touch()
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{empty}")
    # When the file is matched against it
    code, _, stderr = run_match(
        people, "--id-column", "ma", *MAP, "--against-registry", "--output", tmp_path / "o"
    )
    # Then the command says what to do, in one line and without a traceback
    assert code == 1
    assert "error: the database has none of the hub's tables: run `hub db upgrade`" in stderr
    assert "Traceback" not in stderr


def test_missing_registry_file_is_reported_not_created(
    people: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database URL naming a file that does not exist
    missing = tmp_path / "missing.db"
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{missing}")
    # When the file is matched against it
    code, _, stderr = run_match(
        people, "--id-column", "ma", *MAP, "--against-registry", "--output", tmp_path / "o"
    )
    # Then the command names the missing file, and has not created it empty
    assert code == 1
    assert f"there is no database at {missing}" in stderr
    assert not missing.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--id-column", "ma", "--map", "ho_ten=nickname"], "unknown attribute 'nickname'"),
        (["--id-column", "ma", "--map", "ten=full_name"], "column 'ten' is not in the file"),
        (["--id-column", "id", "--map", "ho_ten=full_name"], "id column 'id' is not in the file"),
        (["--id-column", "gioi_tinh", "--map", "ho_ten=full_name"], "duplicate id 'F' on line 9"),
        (["--id-column", "ma", *MAP, "--upper", "0.4"], "lower <= upper"),
        (["--id-column", "ma", *MAP, "--encoding", "klingon"], "unknown encoding 'klingon'"),
    ],
)
def test_bad_input_exits_with_2(
    people: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "pairs.csv"
    # Given arguments that do not fit the file
    # When the command runs
    code, _, stderr = run_match(people, *arguments, "--output", output)
    # Then it exits with 2, naming the problem, and writes nothing
    assert code == 2
    assert message in stderr
    assert not output.exists()


def test_missing_file_exits_with_2(tmp_path: Path) -> None:
    # Given a file that does not exist, then the command exits with 2
    code, _, stderr = run_match(tmp_path / "nope.csv", "--id-column", "ma", *MAP, "--output", "-")
    assert code == 2
    assert "does not exist" in stderr


def test_unsupported_database_url_exits_with_2(
    people: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database URL of a dialect the hub does not speak
    monkeypatch.setenv("HUB_DATABASE_URL", "mysql://hub@localhost/hub")
    # When the file is matched against the registry
    code, _, stderr = run_match(
        people, "--id-column", "ma", *MAP, "--against-registry", "--output", tmp_path / "o"
    )
    # Then the setting is named
    assert code == 2
    assert "HUB_DATABASE_URL: unsupported database URL scheme 'mysql'" in stderr
