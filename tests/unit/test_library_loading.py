"""Library folders: order and overrides, broken files skipped, and the cache."""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path

import pytest

from hamtui import library as lib
from hamtui import parallel
from hamtui.library import cache_file, load_library

TOML_TEST = Path(__file__).resolve().parents[3] / "shared" / "data" / "toml-test"


def exercise_text(name: str, **extra: str) -> str:
    lines = [
        'format = "hamtui-exercise/1"',
        f'name = "{name}"',
        'category = "strength"',
        'mode = "reps"',
    ]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def make_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_bundled_then_user_then_extra_with_overrides_said(
    tmp_path: Path, hamtui_home: Path
) -> None:
    make_folder(hamtui_home / "library", {"glute-bridge.toml": exercise_text("My bridge")})
    extra = make_folder(tmp_path / "extra", {"glute-bridge.toml": exercise_text("Extra bridge")})
    library = load_library([extra])
    assert library.get("glute-bridge") is not None
    assert library.entries["glute-bridge"].card.name == "Extra bridge"
    assert library.entries["glute-bridge"].origin == str(extra)
    overrides = [str(p) for p in library.problems if p.severity == "warning"]
    assert len(overrides) == 2
    assert "overrides exercise `glute-bridge`" in overrides[0]
    assert "nordic-hamstring-curl" in library  # the rest of the bundled library is there


def test_broken_file_is_reported_and_skipped(tmp_path: Path) -> None:
    extra = make_folder(
        tmp_path / "extra",
        {
            "good-one.toml": exercise_text("Good"),
            "broken.toml": 'format = "hamtui-exercise/1"\nname = = 1\n',
            "bad-sets.toml": exercise_text("Bad", defaults="{ sets = 0 }"),
            "Not A Slug.toml": exercise_text("Slugless"),
        },
    )
    library = load_library([extra])
    assert "good-one" in library
    assert "broken" not in library and "bad-sets" not in library
    messages = sorted(str(p) for p in library.problems)
    assert f"{extra / 'broken.toml'}:2:8: invalid value" in messages
    assert f"{extra / 'bad-sets.toml'}: defaults.sets: must be at least 1 (got 0)" in messages
    assert any("Not A Slug.toml: skipped" in m for m in messages)


def test_missing_extra_folder_is_reported(tmp_path: Path) -> None:
    library = load_library([tmp_path / "nowhere"])
    assert [p.message for p in library.problems] == ["library folder not found"]


def test_cache_is_used_and_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    extra = make_folder(
        tmp_path / "extra", {f"ex-{n}.toml": exercise_text(f"Exercise {n}") for n in range(20)}
    )
    first = load_library([extra])
    assert cache_file(extra).is_file()
    assert first.entries["ex-3"].card.name == "Exercise 3"

    # Same size, and the modification time put back: the change must still be seen.
    path = extra / "ex-3.toml"
    stat = path.stat()
    path.write_text(exercise_text("Exercise X"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = load_library([extra])
    assert second.entries["ex-3"].card.name == "Exercise X"
    assert second.entries["ex-3"].exercise.name == "Exercise X"

    (extra / "ex-4.toml").unlink()
    (extra / "ex-new.toml").write_text(exercise_text("New"), encoding="utf-8")
    third = load_library([extra])
    assert "ex-4" not in third and third.entries["ex-new"].exercise.name == "New"


def test_cached_load_reads_no_exercise_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = make_folder(
        tmp_path / "extra", {f"ex-{n}.toml": exercise_text(f"E{n}") for n in range(5)}
    )
    load_library([extra])
    parsed: list[Path] = []
    original = lib.FolderLoader._parse

    def spy(self: lib.FolderLoader, name: str, where: int | None):  # type: ignore[no-untyped-def]
        parsed.append(self.folder / name)
        return original(self, name, where)

    monkeypatch.setattr(lib.FolderLoader, "_parse", spy)
    again = load_library([extra])
    assert [p for p in parsed if p.parent == extra] == []
    assert again.entries["ex-2"].exercise.name == "E2"  # full data read when asked for

    # One file touched: that file alone is parsed again; the rest still come from the cache.
    os.utime(extra / "ex-1.toml", ns=(0, 0))
    third = load_library([extra])
    assert [p for p in parsed if p.parent == extra] == [extra / "ex-1.toml"]
    assert [third.entries[f"ex-{n}"].card.name for n in range(5)] == ["E0", "E1", "E2", "E3", "E4"]
    assert third.entries["ex-3"].exercise.name == "E3"


def test_only_regular_files_are_exercises(tmp_path: Path) -> None:
    extra = make_folder(tmp_path / "extra", {"one.toml": exercise_text("One")})
    (extra / "folder.toml").mkdir()
    (extra / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (extra / "linked.toml").symlink_to(extra / "one.toml")
    (extra / "looped.toml").symlink_to(extra / "looped.toml")
    os.mkfifo(extra / "pipe.toml")  # opening it for reading must not wait for a writer
    for _ in range(2):  # parsed, then from the cache
        library = load_library([extra])
        assert library.entries["linked"].exercise.name == "One"
        assert sorted(library.entries.keys() - load_library().entries.keys()) == [
            "linked",
            "one",
        ]
        assert library.problems == []


def test_cached_broken_files_are_still_reported(tmp_path: Path) -> None:
    extra = make_folder(tmp_path / "extra", {"broken.toml": "name = = 1\n"})
    first = [str(p) for p in load_library([extra]).problems]
    second = [str(p) for p in load_library([extra]).problems]
    assert first == second and first


def test_a_damaged_cache_is_ignored_and_written_again(tmp_path: Path) -> None:
    extra = make_folder(tmp_path / "extra", {"one.toml": exercise_text("One")})
    load_library([extra])
    good = cache_file(extra).read_bytes()
    for damaged in (
        b"not a cache",
        b"",
        good[: len(good) // 2],  # cut short
        good[:-1] + bytes([good[-1] ^ 1]),  # one bit changed: the checksum tells
        bytes(len(good)),  # zeros, as a crash can leave a file that was never synced
    ):
        cache_file(extra).write_bytes(damaged)
        library = load_library([extra])
        assert library.entries["one"].exercise.name == "One"
        assert library.problems == []
        assert cache_file(extra).read_bytes() == good


def test_a_cache_from_before_version_6_is_replaced_with_its_blob_file(tmp_path: Path) -> None:
    extra = make_folder(tmp_path / "extra", {"one.toml": exercise_text("One")})
    cache_file(extra).parent.mkdir(parents=True, exist_ok=True)
    cache_file(extra).write_bytes(b"an index of an older hamtui")
    blob = cache_file(extra).with_suffix(".blob")
    blob.write_bytes(b"hamtui-blob:0123\n" + exercise_text("One").encode())
    assert "one" in load_library([extra])
    assert not blob.exists()


def test_an_exercise_changed_after_the_load_is_read_as_it_is_now(tmp_path: Path) -> None:
    extra = make_folder(
        tmp_path / "extra", {"one.toml": exercise_text("One"), "two.toml": exercise_text("Two")}
    )
    load_library([extra])  # writes the cache
    for library in (load_library([extra], use_cache=False), load_library([extra])):
        (extra / "one.toml").write_text(exercise_text("One, edited"), encoding="utf-8")
        (extra / "two.toml").write_text('name = "Two"\nname = "again"\n', encoding="utf-8")
        assert library.get("one") is not None
        assert library.entries["one"].exercise.name == "One, edited"
        assert library.entries["one"].card.name == "One"  # the list shows what was loaded
        # Broken since the load: no exercise, and the problem kept for whoever shows it.
        assert library.get("two") is None
        assert [str(p) for p in library.unreadable["two"]] == [
            f"{extra / 'two.toml'}:2:15: cannot overwrite a value"
        ]
        (extra / "one.toml").write_text(exercise_text("One"), encoding="utf-8")
        (extra / "two.toml").write_text(exercise_text("Two"), encoding="utf-8")
        assert library.get("two") is not None and "two" not in library.unreadable  # mended


def _toml_test_files() -> list[Path]:
    if not TOML_TEST.is_dir():
        return []
    return sorted(TOML_TEST.rglob("*.toml"))


@pytest.mark.skipif(
    not TOML_TEST.is_dir(), reason="../shared/data/toml-test is not beside the repo"
)
def test_fast_parser_never_accepts_what_tomllib_rejects_or_reads_differently() -> None:
    """The library's compiled-parser path must agree with tomllib on every toml-test file:
    wherever it returns a result, tomllib reads the same document."""
    for path in _toml_test_files():
        data = path.read_bytes()
        text = data.removeprefix(b"\xef\xbb\xbf")
        # Make each document an exercise so the fast path runs to the end when it can.
        candidate = (
            b'format = "hamtui-exercise/1"\nname = "x"\ncategory = "strength"\nmode = "reps"\n'
        )
        for document in (data, candidate + text):
            fast = lib._fast_exercise(document)
            if fast is None:
                continue
            reference = tomllib.loads(document.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
            reference.pop("format")
            assert fast[1] == reference, path


def test_a_cold_load_shared_among_processes_gives_the_same_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"ex-{n:02}.toml": exercise_text(f"Exercise {n}") for n in range(40)}
    files["ex-07.toml"] = 'format = "hamtui-exercise/1"\nname = = 1\n'
    files["ex-31.toml"] = exercise_text("Bad", defaults="{ sets = 0 }")
    files["Not A Slug.toml"] = exercise_text("Slugless")
    extra = make_folder(tmp_path / "extra", files)
    os.mkfifo(extra / "ex-20-pipe.toml")

    def seen(library: lib.Library) -> tuple[object, ...]:
        return (
            [(entry.path, entry.card, entry.exercise) for entry in library],
            [str(p) for p in library.problems],
            library.summaries,
        )

    alone = seen(load_library([extra], use_cache=False))
    forked: list[int] = []
    split_map = lib.split_map

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["processes"] = 3
        results = split_map(*args, **kwargs)
        forked.append(len(results))
        return results

    monkeypatch.setattr(lib, "PARALLEL_MIN_SHARE", 5)
    monkeypatch.setattr(lib, "split_map", spy)
    shared = seen(load_library([extra]))  # no cache yet: every file parsed, in three shares
    assert 42 in forked  # the extra folder: 40 exercise files, the misnamed one and the pipe
    assert shared == alone
    assert "skipped: an exercise file name must be a slug" in " ".join(shared[1])  # type: ignore[arg-type]
    assert seen(load_library([extra])) == alone  # and from the cache it wrote


def test_a_shared_cold_load_from_a_worker_thread_gives_the_same_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the TUI, which loads the library in a worker thread while its own threads run."""
    extra = make_folder(
        tmp_path / "extra", {f"ex-{n:02}.toml": exercise_text(f"Exercise {n}") for n in range(30)}
    )
    alone = load_library([extra], use_cache=False)
    monkeypatch.setattr(lib, "PARALLEL_MIN_SHARE", 5)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 3)
    forks: list[int] = []
    fork = parallel._fork

    def counted(*args):  # type: ignore[no-untyped-def]
        child = fork(*args)
        forks.append(child[0] if child is not None else 0)
        return child

    monkeypatch.setattr(parallel, "_fork", counted)
    loaded: list[lib.Library] = []
    busy = threading.Event()

    def keep_busy() -> None:  # another thread holding and taking the GIL meanwhile
        while not busy.is_set():
            sum(range(1000))

    other = threading.Thread(target=keep_busy)
    worker = threading.Thread(target=lambda: loaded.append(load_library([extra])))
    other.start()
    worker.start()
    worker.join(timeout=60)
    busy.set()
    other.join()
    assert loaded, "the load did not finish"
    assert len(forks) == 4 and all(forks)  # two for the bundled folder, two for this one
    assert [e.card for e in loaded[0]] == [e.card for e in alone]
    assert loaded[0].summaries == alone.summaries
