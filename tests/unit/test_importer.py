"""The free-exercise-db importer: mapping, slugs, idempotence, malformed records, filtering."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hamtui.files import load_exercise
from hamtui.importer import (
    KEYS,
    ImportFileError,
    ImportReport,
    RecordError,
    assign_slugs,
    convert_record,
    derive_position,
    import_file,
    render,
    slugify,
    split_text,
)
from hamtui.library import Library
from hamtui.model.common import NAME_MAX, SLUG_MAX, TEXT_MAX, is_slug
from hamtui.model.exercise import Exercise
from hamtui.validate import validate_paths

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "free-exercise-db" / "exercises.json"

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason="free-exercise-db data not present")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    into = tmp_path_factory.mktemp("imported") / "fedb"
    return into, import_file(DATA, into)


def record(**changes: Any) -> dict[str, Any]:
    """A valid record, changed by keyword (a value of ... removes the key)."""
    base: dict[str, Any] = {
        "id": "Test_Exercise",
        "name": "Test Exercise",
        "force": "pull",
        "level": "beginner",
        "mechanic": "compound",
        "equipment": "barbell",
        "primaryMuscles": ["hamstrings"],
        "secondaryMuscles": ["glutes", "lower back"],
        "instructions": ["Do the first thing.", "Do the second thing."],
        "category": "strength",
        "images": ["Test_Exercise/0.jpg", "Test_Exercise/1.jpg"],
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not ...}


# ---------------------------------------------------------------------------------------------
# The whole real file


def test_all_records_convert(records: list[dict[str, Any]]) -> None:
    assert len(records) == 873
    for rec in records:
        convert_record(rec)


def test_import_writes_every_record_as_a_valid_exercise(
    imported: tuple[Path, ImportReport],
) -> None:
    into, report = imported
    assert report.summary() == "873 records: 873 written, 0 unchanged, 0 skipped"
    assert report.ok and not report.problems()
    files = sorted(into.glob("*.toml"))
    assert len(files) == 873
    for path in files:
        load_exercise(path)
    result = validate_paths([into], Library())
    assert result.ok, [str(p) for p in result.problems[:5]]
    assert result.files == 873


def test_slugs_are_unique_slugs_named_after_the_id(
    imported: tuple[Path, ImportReport], records: list[dict[str, Any]]
) -> None:
    into, report = imported
    assert len(set(report.written)) == 873
    assert all(is_slug(slug) for slug in report.written)
    assert (into / "3-4-sit-up.toml").is_file()
    by_id = {r["id"]: r for r in records}
    for slug in report.written:
        exercise = load_exercise(into / f"{slug}.toml").model
        fedb_id = next(
            t.removeprefix("fedb-id:") for t in exercise.tags if t.startswith("fedb-id:")
        )
        assert by_id[fedb_id]["name"] == exercise.name
        assert slugify(fedb_id) == slug


def test_reimport_writes_nothing_and_gives_the_same_slugs(
    imported: tuple[Path, ImportReport],
) -> None:
    into, first = imported
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in into.iterdir()}
    second = import_file(DATA, into)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in into.iterdir()}
    assert second.written == [] and second.skipped == []
    assert second.unchanged == first.written
    assert second.summary() == "873 records: 0 written, 873 unchanged, 0 skipped"
    assert before == after


def test_output_is_deterministic(imported: tuple[Path, ImportReport], tmp_path: Path) -> None:
    into, _ = imported
    other = tmp_path / "other"
    import_file(DATA, other, "hamstrings")
    for path in other.iterdir():
        assert path.read_bytes() == (into / path.name).read_bytes()


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _scalars(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif value is not None:
        yield str(value)


def test_no_value_of_a_record_is_lost(
    imported: tuple[Path, ImportReport], records: list[dict[str, Any]]
) -> None:
    """Every non-null value of every field shows up somewhere in the written exercise."""
    into, _ = imported
    slugs = assign_slugs(r["id"] for r in records)
    for rec in records:
        exercise = load_exercise(into / f"{slugs[rec['id']]}.toml").model
        haystack = " " + _normal(" ".join(_strings(exercise.model_dump()))) + " "
        for key, value in rec.items():
            assert key in KEYS
            for text in _scalars(value):
                needle = _normal(text)
                if needle:
                    assert f" {needle} " in haystack, (rec["id"], key, text)


def test_facts_without_a_field_are_tags(records: list[dict[str, Any]]) -> None:
    """Not only in the summary's words: id, category, force and mechanic are tags to filter."""
    for rec in records:
        tags = convert_record(rec).tags
        assert tags[:2] == [f"fedb-id:{rec['id']}", f"fedb-category:{slugify(rec['category'])}"]
        for key in ("force", "mechanic"):
            assert (f"{key}:{rec[key]}" in tags) == (rec[key] is not None)


def test_steps_keep_the_instructions_in_order(records: list[dict[str, Any]]) -> None:
    for rec in records:
        body = convert_record(rec)
        assert _normal(" ".join(body.steps)) == _normal(" ".join(rec["instructions"]))


def test_muscle_filter_keeps_primary_or_secondary(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    expected = [r for r in records if "hamstrings" in r["primaryMuscles"] + r["secondaryMuscles"]]
    report = import_file(DATA, tmp_path / "ham", "hamstrings")
    assert len(report.written) == len(expected) == len(list((tmp_path / "ham").iterdir()))
    assert report.filtered == 873 - len(expected)
    assert report.summary().endswith(f", {873 - len(expected)} without hamstrings")
    back = import_file(DATA, tmp_path / "back", "Lower-Back")
    assert len(back.written) == sum(
        "lower back" in r["primaryMuscles"] + r["secondaryMuscles"] for r in records
    )


def test_unknown_muscle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="did you mean `hamstrings`"):
        import_file(DATA, tmp_path / "x", "hamstring")
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------------------------------------
# Mapping of one record


def test_mapping_of_a_strength_record() -> None:
    body = convert_record(record())
    assert body.name == "Test Exercise"
    assert body.category == "strength" and body.mode == "reps"
    assert body.level == "beginner"
    assert body.equipment == ["barbell"]
    assert body.primary_muscles == ["hamstrings"]
    assert body.secondary_muscles == ["glutes", "lower-back"]
    assert body.steps == ["Do the first thing.", "Do the second thing."]
    assert body.tags == [
        "fedb-id:Test_Exercise",
        "fedb-category:strength",
        "force:pull",
        "mechanic:compound",
    ]
    assert body.sources[0].endswith('record "Test_Exercise"')
    assert body.sources[1] == "free-exercise-db images: Test_Exercise/0.jpg, Test_Exercise/1.jpg"
    assert body.summary == (
        "A compound pull strength exercise for the hamstrings, also working the glutes and "
        "lower back, with a barbell; imported from free-exercise-db."
    )
    assert (body.defaults.sets, body.defaults.reps, body.defaults.hold_s) == (3, 10, None)
    assert body.stages == [] and body.cues == [] and body.position is None


@pytest.mark.parametrize(
    ("category", "ours", "mode"),
    [
        ("stretching", "static-stretch", "hold"),
        ("plyometrics", "plyometric", "reps"),
        ("strength", "strength", "reps"),
        ("powerlifting", "strength", "reps"),
        ("olympic weightlifting", "strength", "reps"),
        ("strongman", "strength", "reps"),
        ("cardio", "strength", "timed"),
    ],
)
def test_categories(category: str, ours: str, mode: str) -> None:
    body = convert_record(record(category=category))
    assert (body.category, body.mode) == (ours, mode)
    assert f"fedb-category:{category.replace(' ', '-')}" in body.tags
    if mode == "hold":
        assert (body.defaults.sets, body.defaults.reps, body.defaults.hold_s) == (2, 1, 30)


def test_level_equipment_and_nulls() -> None:
    body = convert_record(record(level="expert", equipment="body only", force=None, mechanic=None))
    assert body.level == "advanced"
    assert body.equipment == []
    assert body.tags == [
        "fedb-id:Test_Exercise",
        "fedb-category:strength",
        "fedb-level:expert",
        "fedb-equipment:body-only",
    ]
    assert convert_record(record(equipment=None)).equipment == []
    assert convert_record(record(force=...)).tags[-1] == "mechanic:compound"


def test_long_instruction_is_split_not_dropped() -> None:
    sentence = "Keep the back flat and move slowly through the whole range. "
    text = sentence * 80  # about 4,800 characters
    body = convert_record(record(instructions=["Short first.", text, "", "  Last.  "]))
    assert all(len(step) <= TEXT_MAX for step in body.steps)
    assert body.steps[0] == "Short first." and body.steps[-1] == "Last."
    middle = body.steps[1:-1]
    assert len(middle) == 3
    assert all(step.endswith(".") for step in middle)
    assert " ".join(middle) == text.strip()


def test_split_text_without_sentences_or_spaces() -> None:
    words = "word " * 1000
    pieces = split_text(words, 2000)
    assert all(len(p) <= 2000 for p in pieces) and " ".join(pieces) == words.strip()
    solid = "x" * 4500
    assert split_text(solid, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]


def test_long_name_is_shortened_and_kept_whole_in_the_summary() -> None:
    name = "Very Long Exercise Name " * 8
    body = convert_record(record(name=name))
    assert len(body.name) <= NAME_MAX and body.name.endswith("…")
    assert f'Full name: "{name.strip()}".' in body.summary


@pytest.mark.parametrize(
    ("name", "position"),
    [
        ("Seated Band Hamstring Curl", "seated"),
        ("Standing Hamstring Stretch", "standing"),
        ("Kneeling Hip Flexor", "kneeling"),
        ("Half-Kneeling Hip Flexor", "half-kneeling"),
        ("Side Lying Groin Stretch", "side-lying"),
        ("On Your Side Quad Stretch", "side-lying"),
        ("Hip Circles (prone)", "prone"),
        ("Lying Leg Curls", None),
        ("Seated To Standing Drill", None),
        ("Romanian Deadlift", None),
    ],
)
def test_position_only_when_named(name: str, position: str | None) -> None:
    assert derive_position(name) == position


# ---------------------------------------------------------------------------------------------
# Malformed records


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["not", "an", "object"], "must be an object"),
        (None, "must be an object {...} (got null)"),
        (record(id=...), "missing `id`"),
        (record(name=...), "missing `name`"),
        (record(name="   "), "`name` must not be empty"),
        (record(id=12), "`id` must be text (got 12)"),
        (record(id="has space"), "`id` must be letters, digits"),
        (record(id="x" * 200), "`id` must be at most"),
        (record(category="dance"), "`category` must be one of"),
        (record(level="Expert"), "did you mean `expert`?"),
        (record(force="twist"), "`force` must be one of static | pull | push | null"),
        (record(equipment=["barbell"]), "`equipment` must be one of"),
        (record(instructions="Do it."), "`instructions` must be an array"),
        (record(instructions=["ok", 3]), "`instructions[1]` must be text"),
        (record(primaryMuscles=["hamstring"]), "did you mean `hamstrings`?"),
        (record(images=None), "`images` must be an array (got null)"),
        (record(video="x.mp4"), "unknown key `video`"),
    ],
)
def test_malformed_record_is_refused(bad: object, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        convert_record(bad)
    assert message in str(caught.value)


def test_malformed_records_are_reported_and_the_rest_imported(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    good = records[:5]
    data = [
        good[0],
        "a string",
        {k: v for k, v in good[1].items() if k != "id"},
        {**good[2], "category": "dance"},
        {**good[3], "instructions": "not a list"},
        good[4],
        good[0],  # the same id again
    ]
    source = tmp_path / "mixed.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    report = import_file(source, tmp_path / "out")
    assert len(report.written) == 2 and not report.ok
    lines = [str(p) for p in report.problems()]
    assert [s.index for s in report.skipped] == [1, 2, 3, 4, 6]
    assert lines[0] == f'{source}: [1]: must be an object {{...}} (got "a string")'
    assert lines[1] == f"{source}: [2]: missing `id`"
    assert lines[2].startswith(f'{source}: [3] (id "{good[2]["id"]}"): `category` must be')
    assert "`instructions` must be an array" in lines[3]
    assert lines[4].endswith("the same id as record [0]")
    assert report.summary() == "7 records: 2 written, 0 unchanged, 5 skipped"


def test_a_key_given_twice_is_reported(tmp_path: Path) -> None:
    text = json.dumps([record()])[:-2] + ', "name": "Other"}]'
    source = tmp_path / "dup.json"
    source.write_text(text, encoding="utf-8")
    report = import_file(source, tmp_path / "out")
    assert report.written == []
    assert "key `name` appears more than once" in report.skipped[0].reason


# ---------------------------------------------------------------------------------------------
# Slugs


def test_slugify() -> None:
    assert slugify("3_4_Sit-Up") == "3-4-sit-up"
    assert slugify("__Weird--ID__") == "weird-id"
    long = slugify("A_" * 40 + "b")
    assert len(long) <= SLUG_MAX and is_slug(long)
    assert slugify("a" * 63 + "_b") == "a" * 63


def test_colliding_ids_get_numbered_slugs_in_any_order() -> None:
    ids = ["Foo_Bar", "foo-bar", "FOO-BAR", "foo-bar-2", "Other"]
    slugs = assign_slugs(ids)
    assert slugs == assign_slugs(reversed(ids))
    assert slugs["FOO-BAR"] == "foo-bar"  # the smallest id keeps the plain slug
    assert slugs["foo-bar-2"] == "foo-bar-2"  # a plain slug is never taken by a number
    assert sorted([slugs["Foo_Bar"], slugs["foo-bar"]]) == ["foo-bar-3", "foo-bar-4"]
    assert len(set(slugs.values())) == len(ids)
    long_ids = ["x" * 70, "X" * 70]
    long_slugs = assign_slugs(long_ids)
    assert long_slugs["X" * 70] == "x" * 64
    assert long_slugs["x" * 70] == "x" * 62 + "-2"
    assert assign_slugs(["___"]) == {"___": "exercise"}


def test_colliding_ids_import_to_separate_files(tmp_path: Path) -> None:
    source = tmp_path / "pair.json"
    source.write_text(json.dumps([record(id="Same_Name"), record(id="same-name")]), "utf-8")
    report = import_file(source, tmp_path / "out")
    assert sorted(report.written) == ["same-name", "same-name-2"]
    again = import_file(source, tmp_path / "out")
    assert sorted(again.unchanged) == ["same-name", "same-name-2"]
    assert load_exercise(tmp_path / "out" / "same-name-2.toml").model.tags[0] == "fedb-id:same-name"


# ---------------------------------------------------------------------------------------------
# Existing files, unreadable input


def test_an_edited_file_is_kept_unless_forced(tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps([record()]), "utf-8")
    into = tmp_path / "out"
    import_file(source, into)
    target = into / "test-exercise.toml"
    edited = target.read_bytes().replace(b"Test Exercise", b"My Exercise")
    target.write_bytes(edited)
    report = import_file(source, into)
    assert report.written == [] and len(report.skipped) == 1
    assert "exists with other content; not overwritten (--force" in report.skipped[0].reason
    assert target.read_bytes() == edited
    forced = import_file(source, into, force=True)
    assert forced.written == ["test-exercise"]
    assert target.read_bytes() == render(convert_record(record()))
    assert Exercise.model_validate(load_exercise(target).model.model_dump()).name == "Test Exercise"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[{"id": "a",\n  "name": }]', ":2:11: expecting value"),
        (b'{"id": "a"}', "must be a JSON array of exercise records (got an object)"),
        (b"\xff\xfe[]", "is not valid UTF-8"),
    ],
)
def test_unreadable_json(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        import_file(source, tmp_path / "out")
    assert str(caught.value).startswith(str(source))
    assert message in str(caught.value)


def test_missing_file_and_bad_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        import_file(tmp_path / "nope.json", tmp_path / "out")
    source = tmp_path / "one.json"
    source.write_text(json.dumps([record()]), "utf-8")
    (tmp_path / "plain").write_text("", "utf-8")
    with pytest.raises(ImportFileError, match="is not a folder"):
        import_file(source, tmp_path / "plain")


def test_bom_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "bom.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps([record()]).encode())
    assert import_file(source, tmp_path / "out").written == ["test-exercise"]
