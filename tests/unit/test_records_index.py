"""The records' index: history read through it says exactly what the records say, whether the
index is fresh, stale, damaged or missing; finding unfinished sessions reads only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hamtui import records_index
from hamtui.files import dumps
from hamtui.history import load_history, program_adherence
from hamtui.model.session import Entry, SessionRecord
from hamtui.records_index import index_file, load_records
from hamtui.session.record import find_unfinished

T0 = datetime(2026, 11, 2, 18, tzinfo=UTC)


def save(folder: Path, n: int, *, sets: int = 1, status: str = "completed") -> Path:
    started = T0 + timedelta(days=n)
    record = SessionRecord.model_validate(
        {
            "format": "hamtui-session/1",
            "program": "plan.toml",
            "program_sha256": "0" * 64,
            "started": started,
            "finished": None if status == "in-progress" else started + timedelta(minutes=20),
            "status": status,
            "entries": [Entry(exercise="glute-bridge", block=0, item=0, sets_done=sets)],
        }
    )
    path = folder / f"{started:%Y%m%dT%H%M%SZ}-plan-{n:06x}.toml"
    path.write_text(dumps(record), encoding="utf-8")
    return path


def said(folder: Path) -> tuple[list[tuple[str, str, int]], list[str]]:
    """What history says: each session's file, status and sets; each problem."""
    history = load_history(folder)
    rows = [(row.path.name, row.status, row.sets_done) for row in history.sessions]
    return rows, [str(problem) for problem in history.problems]


@pytest.fixture
def folder(hamtui_home: Path) -> Path:
    sessions = hamtui_home / "sessions"
    sessions.mkdir()
    for n in range(12):
        save(sessions, n, sets=n % 3, status="in-progress" if n in (4, 9) else "completed")
    (sessions / "20261201T000000Z-broken-000000.toml").write_text("format = [", encoding="utf-8")
    return sessions


def test_history_through_the_index_says_what_the_records_say(folder: Path) -> None:
    first = said(folder)  # builds the index
    assert index_file(folder).is_file()
    assert said(folder) == first  # read from it
    assert len(first[0]) == 12 and len(first[1]) == 1
    assert "broken" in first[1][0]


def test_a_changed_record_is_read_again(folder: Path) -> None:
    said(folder)
    path = save(folder, 3, sets=7)  # rewritten since it was indexed
    rows, _ = said(folder)
    assert (path.name, "completed", 7) in rows


def test_a_damaged_or_foreign_index_is_rebuilt_and_changes_nothing(folder: Path) -> None:
    truth = said(folder)
    for damage in (b"garbage", b"", index_file(folder).read_bytes()[:-10]):
        index_file(folder).write_bytes(damage)
        assert said(folder) == truth
        assert records_index._read_index(folder)  # whole again
    # An entry whose stamp is not its file's (stale) is read again from the file.
    index = records_index._read_index(folder)
    name = sorted(index)[0]
    assert len(index[name]) > 3  # a record that loaded: its summary follows
    stale = (b"not a stamp", *index[name][1:])
    records_index._write_index(folder, {**index, name: stale}, {})
    assert said(folder) == truth


def whole(folder: Path) -> list[tuple[str, int, int]]:
    """Every session's whole record, as history's detail and CSV read it."""
    return [
        (row.path.name, len(row.record.entries), row.record.entries[0].sets_done)
        for row in load_history(folder).sessions
    ]


def test_whole_records_come_from_the_bodies_and_damaged_bodies_change_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_index.Bodies, "FROM_FILES", 0)  # every record from the bodies
    truth = whole(folder)
    assert records_index.bodies_file(folder).is_file()
    read: list[str] = []
    original = records_index.load

    def counting(path: Path, model: type[SessionRecord]) -> object:
        read.append(path.name)
        return original(path, model)

    monkeypatch.setattr(records_index, "load", counting)
    assert whole(folder) == truth
    assert read == []  # from the bodies, not the files
    # A body whose stamp is not its file's is not used: the file is read.
    bodies = records_index._read_bodies(folder)
    name = sorted(bodies)[0]
    bodies[name] = (b"not a stamp", bodies[name][1])
    records_index.save_cache(
        records_index.bodies_file(folder), (records_index.INDEX_VERSION, str(folder), bodies)
    )
    assert whole(folder) == truth
    assert read == [name]
    # Damaged or missing bodies: the same answers, and the next listing rebuilds both.
    for damage in (b"garbage", None):
        body_file = records_index.bodies_file(folder)
        if damage is None:
            body_file.unlink()
        else:
            body_file.write_bytes(damage)
        read.clear()
        assert whole(folder) == truth  # from the files
        assert len(read) == len(truth)
        assert whole(folder) == truth  # the index is rebuilt, the bodies with it
        read.clear()
        assert whole(folder) == truth
        assert read == []


def test_a_few_records_come_from_their_files_and_many_from_the_bodies(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = whole(folder)
    read = counting_reads(monkeypatch)
    history = load_history(folder)
    assert history.sessions[-1].record.entries  # one session's detail: its own file
    assert len(read) == 1
    read.clear()
    assert whole(folder) == truth  # all of them (a CSV): the first few, then the bodies
    assert len(read) == records_index.Bodies.FROM_FILES


def test_deleted_and_new_records_are_seen(folder: Path) -> None:
    rows, _ = said(folder)
    (folder / rows[0][0]).unlink()
    new = save(folder, 40, sets=2)
    after, _ = said(folder)
    assert rows[0][0] not in [r[0] for r in after]
    assert (new.name, "completed", 2) in after


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the record files parsed from now on."""
    read: list[str] = []
    original = records_index.load

    def counting(path: Path, model: type[SessionRecord]) -> object:
        read.append(path.name)
        return original(path, model)

    monkeypatch.setattr(records_index, "load", counting)
    return read


def test_finding_unfinished_sessions_reads_only_those(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said(folder)  # the index knows every record
    read = counting_reads(monkeypatch)
    unfinished = find_unfinished(folder)
    assert sorted(u.record.started.day for u in unfinished) == [6, 11]
    assert sorted(read) == sorted(u.path.name for u in unfinished)  # only those two
    read.clear()
    # The session of day 11 is now done, written in place (as another program might): the
    # quick way still reads each candidate, so it is not offered.
    save(folder, 9, sets=2)
    assert [u.record.started.day for u in find_unfinished(folder)] == [6]
    assert sorted(read) == sorted(u.path.name for u in unfinished)


def test_sessions_written_by_hamtui_keep_the_quick_way_and_others_are_seen(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamtui.session.record import SessionRecorder

    find_unfinished(folder)
    read = counting_reads(monkeypatch)
    recorder = SessionRecorder.create(Path("plan.toml"), "0" * 64, lambda: T0, folder=folder)
    assert recorder.path in [u.path for u in find_unfinished(folder)]
    assert read == []  # no full listing, and no record read until asked for
    recorder.record.status = "completed"
    recorder.write()
    found = find_unfinished(folder)
    assert recorder.path not in [u.path for u in found]
    assert read == []
    assert found[0].record.status == "in-progress"
    assert read == [found[0].path.name]  # read when asked for
    # A record put there by something else (copied in) is a name the index has not seen.
    copied = save(folder, 30, status="in-progress")
    assert copied in [u.path for u in find_unfinished(folder)]
    # A damaged list of unfinished records changes nothing either.
    records_index.open_file(folder).write_bytes(b"garbage")
    assert copied in [u.path for u in find_unfinished(folder)]
    assert records_index._read_open(folder) is not None  # rewritten


def test_adherence_is_the_same_through_the_index(folder: Path) -> None:
    today = (T0 + timedelta(days=14)).date()
    first = program_adherence(load_history(folder), weeks=3, today=today, tz=UTC)
    again = program_adherence(load_history(folder), weeks=3, today=today, tz=UTC)
    assert first == again and first


def test_history_lists_sessions_without_validating_their_records(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the index, the list, adherence and pain trends come from each record's summary;
    a whole record is validated only when something asks for it (a session's detail, CSV)."""
    monkeypatch.setattr(records_index.Bodies, "FROM_FILES", 0)  # whole records: the bodies
    truth = said(folder)
    validated: list[str] = []
    original = SessionRecord.model_validate_json

    def counting(text: str) -> SessionRecord:
        validated.append(text)
        return original(text)

    monkeypatch.setattr(SessionRecord, "model_validate_json", staticmethod(counting))
    history = load_history(folder)
    assert said(folder) == truth
    assert validated == []
    program_adherence(history, weeks=3, today=(T0 + timedelta(days=14)).date(), tz=UTC)
    assert validated == []  # the last run of each program is found from its summary too
    assert history.sessions[0].record.entries[0].sets_done == history.sessions[0].sets_done
    assert len(validated) == 1


def test_summaries_keep_times_and_their_offsets_exactly() -> None:
    from datetime import timezone

    from hamtui.records_index import RecordSummary

    for offset in (0, 330, -480):
        zone = timezone(timedelta(minutes=offset))
        started = datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=zone)
        summary = RecordSummary(
            started, None, "p.toml", "", "completed", 2, ("cramp",), (("glute-bridge", 3),)
        )
        again = RecordSummary.from_plain(summary.plain(), {})
        assert again == summary
        assert again.started.utcoffset() == started.utcoffset()


def test_load_records_filters_by_status(folder: Path) -> None:
    every, _ = load_records(folder)
    running, _ = load_records(folder, statuses=("in-progress",))
    assert len(every) == 12
    assert [r.status for _, r in running] == ["in-progress", "in-progress"]


def test_the_index_is_read_a_chunk_at_a_time_and_a_damaged_chunk_costs_only_its_records(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_index, "CHUNK", 4)
    truth = said(folder)  # 13 files: chunks of 4, 4, 4 and 1
    raw = records_index.load_cache(index_file(folder))
    assert len(raw[2]) == 4
    chunks = list(raw[2])
    chunks[1] = b"garbage"
    records_index.save_cache(index_file(folder), (raw[0], raw[1], chunks))
    read = counting_reads(monkeypatch)
    assert said(folder) == truth
    assert len(read) == 4  # the damaged chunk's records, read again from their files
    read.clear()
    assert said(folder) == truth
    assert read == []  # and written back whole
