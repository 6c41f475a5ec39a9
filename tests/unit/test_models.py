"""The models enforce docs/formats.md: enums, ranges, limits, the slug rule, and no unknown keys."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from hamtui.model import Exercise, Program, SessionRecord
from hamtui.model.common import is_slug


def program_doc(**top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "hamtui-program/1",
        "title": "Early rehab",
        "blocks": [
            {
                "name": "Activation",
                "items": [
                    {"exercise": "glute-bridge", "sets": 2, "reps": 10},
                    {"exercise": "seated-hamstring-set"},
                    {"exercise": "lean-away", "hold_s": 5},
                ],
            }
        ],
    }
    doc.update(top)
    return doc


def exercise_doc(**top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "hamtui-exercise/1",
        "name": "Glute bridge",
        "category": "strength",
        "mode": "reps",
        "defaults": {"sets": 2, "reps": 10},
        "cues": [{"text": "Brace lightly", "at": "start", "level": "info"}],
    }
    doc.update(top)
    return doc


def session_doc(**top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "hamtui-session/1",
        "program": "early-rehab.toml",
        "program_sha256": "a" * 64,
        "started": datetime(2026, 11, 20, 18, 2, 11, tzinfo=UTC),
        "status": "completed",
        "entries": [{"exercise": "glute-bridge", "block": 0, "item": 0, "pain": 2, "effort": 5}],
        "events": [
            {"at": datetime(2026, 11, 20, 18, 10, 3, tzinfo=UTC), "kind": "symptom", "detail": "x"}
        ],
    }
    doc.update(top)
    return doc


def errors_of(model: type[BaseModel], doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc)
    return [(tuple(e["loc"]), e["type"]) for e in info.value.errors()]


def with_item(**fields: Any) -> dict[str, Any]:
    doc = program_doc()
    doc["blocks"][0]["items"][2].update(fields)
    return doc


def test_the_baseline_documents_are_valid() -> None:
    # Every rejection below differs from one of these in exactly one place.
    assert Program.model_validate(program_doc()).item_count() == 3
    assert Exercise.model_validate(exercise_doc()).defaults.reps == 10
    assert SessionRecord.model_validate(session_doc()).entries[0].pain == 2


# --- program -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("sets", 0, 1),
        ("sets", 21, 20),
        ("reps", 0, 1),
        ("reps", 101, 100),
        ("hold_s", 0, 1),
        ("hold_s", 601, 600),
        ("rest_s", -1, 0),
        ("rest_s", 601, 600),
    ],
)
def test_item_dose_ranges(field: str, bad: int, good: int) -> None:
    loc = ("blocks", 0, "items", 2, field)
    assert [loc] == [e[0] for e in errors_of(Program, with_item(**{field: bad}))]
    item = Program.model_validate(with_item(**{field: good})).blocks[0].items[2]
    assert getattr(item, field) == good


@pytest.mark.parametrize("bad", [0, 15])
def test_sessions_per_week_is_1_to_14(bad: int) -> None:
    assert errors_of(Program, program_doc(sessions_per_week=bad)) == [
        (("sessions_per_week",), "greater_than_equal" if bad < 1 else "less_than_equal")
    ]
    assert Program.model_validate(program_doc(sessions_per_week=14)).sessions_per_week == 14
    assert Program.model_validate(program_doc(sessions_per_week=1)).sessions_per_week == 1


def test_title_is_required_non_empty_and_at_most_120_characters() -> None:
    assert Program.model_validate(program_doc(title="é" * 120)).title == "é" * 120
    assert errors_of(Program, program_doc(title="é" * 121)) == [(("title",), "string_too_long")]
    assert errors_of(Program, program_doc(title="")) == [(("title",), "string_too_short")]
    doc = program_doc()
    del doc["title"]
    assert errors_of(Program, doc) == [(("title",), "missing")]


def test_text_fields_are_at_most_2000_characters() -> None:
    assert Program.model_validate(program_doc(summary="x" * 2000)).summary == "x" * 2000
    assert errors_of(Program, program_doc(summary="x" * 2001)) == [
        (("summary",), "string_too_long")
    ]
    assert errors_of(Program, with_item(notes="n" * 2001)) == [
        (("blocks", 0, "items", 2, "notes"), "string_too_long")
    ]
    assert errors_of(Program, with_item(cues=["ok", "c" * 2001])) == [
        (("blocks", 0, "items", 2, "cues", 1), "string_too_long")
    ]


@pytest.mark.parametrize(
    "slug",
    [
        "Bad_Slug",
        "bad_slug",
        "UPPER",
        "-lead",
        "trail-",
        "double--hyphen",
        "sp ace",
        "",
        "a" * 65,
        "../etc/passwd",
        "dot.toml",
        "é",
    ],
)
def test_slug_rule_rejects(slug: str) -> None:
    assert not is_slug(slug)
    errors = errors_of(Program, with_item(exercise=slug))
    assert [e[0] for e in errors] == [("blocks", 0, "items", 2, "exercise")]


@pytest.mark.parametrize("slug", ["glute-bridge", "a", "a1-2b", "x" * 64, "90-90-hold"])
def test_slug_rule_accepts(slug: str) -> None:
    assert is_slug(slug)
    assert Program.model_validate(with_item(exercise=slug)).blocks[0].items[2].exercise == slug


def test_embedded_exercise_keys_must_be_slugs() -> None:
    body = {k: v for k, v in exercise_doc().items() if k != "format"}
    assert Program.model_validate(program_doc(exercises={"towel-slide": body})).exercises
    errors = errors_of(Program, program_doc(exercises={"Towel_Slide": body}))
    assert errors[0][0][:2] == ("exercises", "Towel_Slide")


def test_at_most_500_items_in_a_program() -> None:
    def blocks(n: int) -> list[dict[str, Any]]:
        # split over two blocks: the limit is per program, not per block
        items = [{"exercise": "glute-bridge"} for _ in range(n)]
        return [{"items": items[:250]}, {"items": items[250:]}]

    assert Program.model_validate(program_doc(blocks=blocks(500))).item_count() == 500
    with pytest.raises(ValidationError, match="at most 500 items"):
        Program.model_validate(program_doc(blocks=blocks(501)))


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("stage",), "erly"),
        (("blocks", 0, "items", 2, "side"), "eech"),
        (("blocks", 0, "items", 2, "tempo"), "3-1-1"),
        (("blocks", 0, "rounds"), 0),
        (("blocks", 0, "rounds"), 21),
        (("format",), "hamtui-program/2"),
    ],
)
def test_program_enums_and_patterns(path: tuple[Any, ...], bad: Any) -> None:
    doc = program_doc()
    holder: Any = doc
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = bad
    assert [e[0] for e in errors_of(Program, doc)] == [path]


def test_types_are_not_coerced() -> None:
    # "3" is not 3 and 2.0 is not 2: a file says what it means.
    assert errors_of(Program, with_item(sets="3"))[0][1] == "int_type"
    assert errors_of(Program, with_item(sets=2.0))[0][1] == "int_type"
    assert errors_of(Program, with_item(sets=True))[0][1] == "int_type"


@pytest.mark.parametrize(
    "where",
    ["top", "block", "item", "embedded"],
)
def test_unknown_keys_are_rejected_in_programs(where: str) -> None:
    body = {"name": "T", "category": "strength", "mode": "reps"}
    doc = program_doc(exercises={"towel-slide": body})
    target = {
        "top": doc,
        "block": doc["blocks"][0],
        "item": doc["blocks"][0]["items"][0],
        "embedded": doc["exercises"]["towel-slide"],
    }[where]
    target["hols_s"] = 5
    errors = errors_of(Program, doc)
    assert len(errors) == 1
    assert errors[0][0][-1] == "hols_s"
    assert errors[0][1] == "extra_forbidden"


def test_embedded_exercises_have_no_format_key() -> None:
    body = exercise_doc()  # still carries format
    assert errors_of(Program, program_doc(exercises={"x": body})) == [
        (("exercises", "x", "format"), "extra_forbidden")
    ]


# --- exercise ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("category", "stretching"),
        ("mode", "held"),
        ("position", "upside-down"),
        ("level", "expert"),
        ("stages", ["early", "later"]),
        ("progressions", ["Not A Slug"]),
        ("name", ""),
        ("name", "n" * 121),
        ("summary", "s" * 2001),
        ("steps", ["ok", "s" * 2001]),
        ("defaults", {"sets": 21}),
        ("defaults", {"side": "both-sides"}),
        ("defaults", {"hold_s": 0}),
        ("cues", [{"text": "x", "level": "danger"}]),
        ("cues", [{"text": "x", "at": "middle"}]),
        ("cues", [{"text": "x", "at": 3601}]),
        ("cues", [{"text": "x", "at": -1}]),
        ("cues", [{"text": "x", "at": True}]),
        ("cues", [{"text": ""}]),
        ("cues", [{"text": "x", "when": "start"}]),
        ("colour", "red"),
    ],
)
def test_exercise_rejects(key: str, bad: Any) -> None:
    errors = errors_of(Exercise, exercise_doc(**{key: bad}))
    assert len(errors) == 1
    assert errors[0][0][0] == key


@pytest.mark.parametrize("at", ["start", "halfway", "end", "every-rep", 0, 10, 3600])
def test_cue_at_accepts_every_kind(at: str | int) -> None:
    exercise = Exercise.model_validate(exercise_doc(cues=[{"text": "x", "at": at}]))
    assert exercise.cues[0].at == at


def test_exercise_requires_name_category_mode() -> None:
    for key in ("name", "category", "mode", "format"):
        doc = exercise_doc()
        del doc[key]
        assert errors_of(Exercise, doc) == [((key,), "missing")]


# --- session -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("pain", 11),
        ("pain", -1),
        ("effort", 11),
        ("block", -1),
        ("sets_done", -1),
        ("side", "up"),
        ("exercise", "Bad_Slug"),
        ("mood", "ok"),
    ],
)
def test_session_entry_rejects(field: str, bad: Any) -> None:
    doc = session_doc()
    doc["entries"][0][field] = bad
    assert [e[0] for e in errors_of(SessionRecord, doc)] == [("entries", 0, field)]


def test_session_pain_bounds_inclusive() -> None:
    for pain in (0, 10):
        doc = session_doc()
        doc["entries"][0]["pain"] = pain
        assert SessionRecord.model_validate(doc).entries[0].pain == pain


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("status", "done"),
        ("program_sha256", "abc"),
        ("program_sha256", "A" * 64),
        ("started", datetime(2026, 11, 20, 18, 2, 11)),  # no time zone
        ("program", "p" * 121),
        ("extra", 1),
    ],
)
def test_session_record_rejects(field: str, bad: Any) -> None:
    assert [e[0] for e in errors_of(SessionRecord, session_doc(**{field: bad}))] == [(field,)]


def test_session_event_kind_and_unknown_key() -> None:
    doc = session_doc()
    doc["events"][0]["kind"] = "nap"
    assert [e[0] for e in errors_of(SessionRecord, doc)] == [("events", 0, "kind")]
    doc = copy.deepcopy(session_doc())
    doc["events"][0]["severity"] = "high"
    assert errors_of(SessionRecord, doc) == [(("events", 0, "severity"), "extra_forbidden")]
