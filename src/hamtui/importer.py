"""Import the free-exercise-db format (github.com/yuhonas/free-exercise-db) into exercise files.

`convert_record` turns one JSON record into an `ExerciseBody`, or raises `RecordError` saying
what is wrong with it. `import_file` reads a whole `exercises.json`, gives every record a
collision-free slug, and writes `<slug>.toml` files that are byte-for-byte the same on every
run, so that importing twice writes nothing the second time. The mapping is documented in
docs/IMPORT.md; nothing of a record is dropped: what has no field of its own goes to tags, the
sources or the summary.

Why one long module: one mapping from the free-exercise-db fields to hamtui's, with the
tables that make it (categories, equipment, muscles).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamtui import workspace
from hamtui.errors import (
    ConflictError,
    HamtuiError,
    LoadError,
    Problem,
    did_you_mean,
    validation_problems,
)
from hamtui.files import dumps, read_bytes, sha256_bytes, write_atomic
from hamtui.model.common import NAME_MAX, SLUG_MAX, TEXT_MAX, is_slug
from hamtui.model.exercise import Dose, Exercise, ExerciseBody
from hamtui.text import one_line

SOURCE_NAME = "free-exercise-db"
SOURCE_CREDIT = "free-exercise-db (github.com/yuhonas/free-exercise-db, public domain)"
MAX_JSON_BYTES = 64 * 1024 * 1024
# A longer name could not be kept whole in the summary; such a record is reported instead.
LONG_NAME_MAX = 1500

# The id is kept whole in the tag `fedb-id:<id>`, and a tag is at most 120 characters.
ID_MAX = NAME_MAX - len("fedb-id:")
ID_RE = re.compile(r"^[0-9a-zA-Z_-]+$")

FORCES = ("static", "pull", "push")
LEVELS = ("beginner", "intermediate", "expert")
MECHANICS = ("isolation", "compound")
EQUIPMENT = (
    "medicine ball",
    "dumbbell",
    "body only",
    "bands",
    "kettlebells",
    "foam roll",
    "cable",
    "machine",
    "barbell",
    "exercise ball",
    "e-z curl bar",
    "other",
)
MUSCLES = (
    "abdominals",
    "abductors",
    "adductors",
    "biceps",
    "calves",
    "chest",
    "forearms",
    "glutes",
    "hamstrings",
    "lats",
    "lower back",
    "middle back",
    "neck",
    "quadriceps",
    "shoulders",
    "traps",
    "triceps",
)
CATEGORIES = (
    "powerlifting",
    "strength",
    "stretching",
    "cardio",
    "olympic weightlifting",
    "strongman",
    "plyometrics",
)
REQUIRED = (
    "id",
    "name",
    "level",
    "mechanic",
    "equipment",
    "primaryMuscles",
    "secondaryMuscles",
    "instructions",
    "category",
    "images",
)
KEYS = (*REQUIRED, "force")

CATEGORY_MAP = {
    "stretching": "static-stretch",
    "plyometrics": "plyometric",
    "strength": "strength",
    "powerlifting": "strength",
    "olympic weightlifting": "strength",
    "strongman": "strength",
    "cardio": "strength",
}
LEVEL_MAP = {"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"}

# Words of the summary: our own sentence built from the record's facts.
_KIND_WORDS = {
    "stretching": "stretch",
    "plyometrics": "plyometric exercise",
    "strength": "strength exercise",
    "powerlifting": "powerlifting exercise",
    "olympic weightlifting": "Olympic weightlifting exercise",
    "strongman": "strongman exercise",
    "cardio": "cardio exercise",
}
_EQUIPMENT_WORDS = {
    "medicine ball": "with a medicine ball",
    "dumbbell": "with a dumbbell",
    "body only": "with body weight only",
    "bands": "with bands",
    "kettlebells": "with kettlebells",
    "foam roll": "with a foam roll",
    "cable": "on a cable",
    "machine": "on a machine",
    "barbell": "with a barbell",
    "exercise ball": "with an exercise ball",
    "e-z curl bar": "with an E-Z curl bar",
    "other": "with other equipment",
}

# Positions named by one word (or phrase) of the name; "lying" alone is not enough to tell.
_POSITION_WORDS = (
    (re.compile(r"\bhalf[- ]kneeling\b"), "half-kneeling"),
    (re.compile(r"\bside[- ]lying\b|\bon your side\b"), "side-lying"),
    (re.compile(r"\bseated\b"), "seated"),
    (re.compile(r"(?<!half-)(?<!half )\bkneeling\b"), "kneeling"),
    (re.compile(r"\bstanding\b"), "standing"),
    (re.compile(r"\bprone\b"), "prone"),
    (re.compile(r"\bsupine\b"), "supine"),
)

REPS_DOSE = Dose(sets=3, reps=10, rest_s=60)
HOLD_DOSE = Dose(sets=2, reps=1, hold_s=30, rest_s=20)
WORK_DOSE = Dose(sets=1, reps=1, work_s=300, rest_s=0)  # cardio: continuous work by time


class RecordError(HamtuiError):
    """A record that cannot be imported; the text says what is wrong with it."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


class ImportFileError(HamtuiError):
    """The import as a whole cannot go on (unreadable file, not JSON, folder not writable)."""


class _Record(dict[str, Any]):
    """A JSON object that remembers keys it had twice (json keeps only the last one)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Record:
    record = _Record()
    record.duplicates = []
    for key, value in pairs:
        if key in record and key not in record.duplicates:
            record.duplicates.append(key)
        record[key] = value
    return record


# ---------------------------------------------------------------------------------------------
# Words


def describe_value(value: object) -> str:
    """A short, literal description of a JSON value, for `(got ...)`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + one_line(value, 40).replace('"', '\\"') + '"'
    if isinstance(value, int | float):
        return one_line(repr(value), 40)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__}"


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens, at most 64 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def muscle_word(muscle: str) -> str:
    """A free-exercise-db muscle as hamtui writes it: "lower back" -> "lower-back"."""
    return "-".join(muscle.lower().replace("-", " ").split())


def _tag_word(value: str) -> str:
    return "-".join(value.split())


def _article(word: str) -> str:
    return "An" if word[:1].lower() in "aeiou" else "A"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Text cut into pieces of at most `limit` characters: after a sentence if one ends in
    the second half of the piece, else at a space, else anywhere. Nothing but the whitespace
    at a cut is lost."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        ends = [m.end() for m in re.finditer(r"[.!?;:]\s", window)]
        cut = ends[-1] if ends and ends[-1] > limit // 2 else -1
        if cut < 0:
            space = window.rfind(" ")
            cut = space if space > 0 else limit
        piece, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        pieces.append(piece)
    if rest:
        pieces.append(rest)
    return pieces


def derive_position(name: str) -> str | None:
    """The position a name states in so many words, or None when it states none or several."""
    lowered = name.lower()
    found = {position for pattern, position in _POSITION_WORDS if pattern.search(lowered)}
    return found.pop() if len(found) == 1 else None


# ---------------------------------------------------------------------------------------------
# One record


def _check_choice(
    record: Mapping[str, Any], key: str, choices: Sequence[str], *, nullable: bool
) -> list[str]:
    if key not in record:
        return []
    value = record[key]
    if value is None and nullable:
        return []
    if isinstance(value, str) and value in choices:
        return []
    allowed = " | ".join(choices) + (" | null" if nullable else "")
    message = f"`{key}` must be one of {allowed} (got {describe_value(value)})"
    hint = did_you_mean(value, choices) if isinstance(value, str) else None
    return [f"{message}; did you mean `{hint}`?" if hint else message]


def _check_list(
    record: Mapping[str, Any], key: str, choices: Sequence[str] | None = None
) -> list[str]:
    if key not in record:
        return []
    value = record[key]
    if not isinstance(value, list):
        return [f"`{key}` must be an array (got {describe_value(value)})"]
    reasons = []
    for n, item in enumerate(value):
        if not isinstance(item, str):
            reasons.append(f"`{key}[{n}]` must be text (got {describe_value(item)})")
        elif choices is not None and item not in choices:
            message = (
                f"`{key}[{n}]` must be one of {' | '.join(choices)} (got {describe_value(item)})"
            )
            hint = did_you_mean(item, choices)
            reasons.append(f"{message}; did you mean `{hint}`?" if hint else message)
    return reasons


def check_record(record: object) -> list[str]:
    """Everything wrong with a record against the free-exercise-db schema ([] when fine)."""
    if not isinstance(record, dict):
        return [f"must be an object {{...}} (got {describe_value(record)})"]
    reasons: list[str] = []
    duplicates = getattr(record, "duplicates", [])
    for key in duplicates:
        reasons.append(f"key `{one_line(key, 40)}` appears more than once")
    for key in record:
        if key not in KEYS:
            hint = did_you_mean(key, KEYS)
            message = f"unknown key `{one_line(str(key), 40)}`"
            reasons.append(f"{message}; did you mean `{hint}`?" if hint else message)
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        reasons.append("missing " + ", ".join(f"`{key}`" for key in missing))
    if "id" in record:
        value = record["id"]
        if not isinstance(value, str):
            reasons.append(f"`id` must be text (got {describe_value(value)})")
        elif len(value) > ID_MAX:
            reasons.append(f"`id` must be at most {ID_MAX} characters (it has {len(value)})")
        elif not ID_RE.fullmatch(value):
            reasons.append(
                f"`id` must be letters, digits, `_` and `-` only (got {describe_value(value)})"
            )
    if "name" in record:
        value = record["name"]
        if not isinstance(value, str):
            reasons.append(f"`name` must be text (got {describe_value(value)})")
        elif not value.strip():
            reasons.append("`name` must not be empty")
        elif len(value.strip()) > LONG_NAME_MAX:
            reasons.append(
                f"`name` is {len(value.strip())} characters; at most {LONG_NAME_MAX} can be kept"
            )
    reasons += _check_choice(record, "force", FORCES, nullable=True)
    reasons += _check_choice(record, "level", LEVELS, nullable=False)
    reasons += _check_choice(record, "mechanic", MECHANICS, nullable=True)
    reasons += _check_choice(record, "equipment", EQUIPMENT, nullable=True)
    reasons += _check_choice(record, "category", CATEGORIES, nullable=False)
    reasons += _check_list(record, "primaryMuscles", MUSCLES)
    reasons += _check_list(record, "secondaryMuscles", MUSCLES)
    reasons += _check_list(record, "instructions")
    reasons += _check_list(record, "images")
    return reasons


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _summary(record: Mapping[str, Any], name: str, long_name: bool) -> str:
    category: str = record["category"]
    descriptors = [record.get("mechanic"), record.get("force")]
    words = _unique(w for w in descriptors if isinstance(w, str))
    kind = _KIND_WORDS[category]
    if kind.startswith("stretch") and "static" in words:
        words.remove("static")
        kind = "static stretch"
    phrase = " ".join([*words, kind])
    sentence = f"{_article(phrase)} {phrase}"
    primary = _unique(record["primaryMuscles"])
    secondary = [m for m in _unique(record["secondaryMuscles"]) if m not in primary]
    if primary:
        sentence += f" for the {_join(primary)}"
    if secondary:
        sentence += f"{',' if primary else ''} also working the {_join(secondary)}"
    equipment = record["equipment"]
    if isinstance(equipment, str):
        sentence += f", {_EQUIPMENT_WORDS[equipment]}"
    sentence += f"; imported from {SOURCE_NAME}."
    if long_name:
        sentence += f' Full name: "{name}".'
    return sentence


def _sources(record_id: str, images: Sequence[str]) -> list[str]:
    sources = [f'{SOURCE_CREDIT}, record "{record_id}"']
    paths = [path.strip() for path in images if path.strip()]
    if paths:
        sources += split_text(f"{SOURCE_NAME} images: " + ", ".join(paths))
    return sources


def _tags(record: Mapping[str, Any]) -> list[str]:
    tags = [f"fedb-id:{record['id']}", f"fedb-category:{_tag_word(record['category'])}"]
    if LEVEL_MAP[record["level"]] != record["level"]:
        tags.append(f"fedb-level:{record['level']}")
    if record["equipment"] == "body only":
        tags.append("fedb-equipment:body-only")
    for key in ("force", "mechanic"):
        value = record.get(key)
        if isinstance(value, str):
            tags.append(f"{key}:{value}")
    return tags


def convert_record(record: object) -> ExerciseBody:
    """One free-exercise-db record as an exercise (without its slug, see `assign_slugs`).

    Raises RecordError naming everything wrong with a record that does not fit the schema.
    """
    reasons = check_record(record)
    if reasons:
        raise RecordError(reasons)
    assert isinstance(record, dict)
    full_name = record["name"].strip()
    long_name = len(full_name) > NAME_MAX
    name = full_name[: NAME_MAX - 1].rstrip() + "…" if long_name else full_name
    category: str = record["category"]
    stretch = category == "stretching"
    cardio = category == "cardio"
    equipment = record["equipment"]
    steps = [piece for text in record["instructions"] for piece in split_text(text)]
    body: dict[str, Any] = {
        "name": name,
        "category": CATEGORY_MAP[category],
        "mode": "hold" if stretch else "timed" if cardio else "reps",
        "position": derive_position(full_name),
        "equipment": [] if equipment in (None, "body only") else [equipment],
        "primary_muscles": _unique(muscle_word(m) for m in record["primaryMuscles"]),
        "secondary_muscles": _unique(muscle_word(m) for m in record["secondaryMuscles"]),
        "stages": [],
        "level": LEVEL_MAP[record["level"]],
        "summary": _summary(record, full_name, long_name),
        "steps": steps,
        "sources": _sources(record["id"], record["images"]),
        "tags": _tags(record),
        "defaults": HOLD_DOSE if stretch else WORK_DOSE if cardio else REPS_DOSE,
        "cues": [],
    }
    try:
        return ExerciseBody.model_validate(body)
    except ValidationError as exc:  # a limit the checks above did not foresee
        problems = validation_problems("", exc, ExerciseBody)
        raise RecordError([f"{p.where}: {p.message}" for p in problems]) from None


# ---------------------------------------------------------------------------------------------
# Slugs


IMPORTED_SUFFIX = "-imported"
# File names a library folder keeps for itself: `safety.toml` holds its safety rules.
RESERVED_SLUGS = frozenset({"safety"})


def assign_slugs(ids: Iterable[str], reserved: Collection[str] = ()) -> dict[str, str]:
    """A collision-free slug for every id, the same for the same set of ids in any order.

    Ids whose slugs collide are sorted; the first keeps the plain slug and the others get
    -2, -3 ... (the first number not already taken), shortened so the slug stays within 64.
    A slug in `reserved` (the bundled library's, so an import never replaces a curated
    exercise) gets `-imported` instead.
    """
    unique = sorted(set(ids))
    base = {record_id: slugify(record_id) or "exercise" for record_id in unique}
    for record_id, slug in base.items():
        if slug in reserved:
            base[record_id] = slug[: SLUG_MAX - len(IMPORTED_SUFFIX)].rstrip("-") + IMPORTED_SUFFIX
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for record_id in unique:  # sorted, so the smallest id of a group claims the plain slug
        if base[record_id] not in taken:
            slugs[record_id] = base[record_id]
            taken.add(base[record_id])
    for record_id in unique:
        if record_id in slugs:
            continue
        number = 2
        while True:
            suffix = f"-{number}"
            candidate = base[record_id][: SLUG_MAX - len(suffix)].rstrip("-") + suffix
            if candidate not in taken:
                break
            number += 1
        slugs[record_id] = candidate
        taken.add(candidate)
    return slugs


# ---------------------------------------------------------------------------------------------
# A whole file


@dataclass(frozen=True)
class Skipped:
    """A record that was not written, and why."""

    index: int
    record_id: str | None
    reason: str

    def problem(self, path: str) -> Problem:
        where = f"[{self.index}]"
        if self.record_id is not None:
            where += f" (id {describe_value(self.record_id)})"
        return Problem(path, self.reason, where=where)


@dataclass
class ImportReport:
    path: Path
    into: Path
    muscle: str | None = None
    records: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    filtered: int = 0
    renamed: list[str] = field(default_factory=list)  # slugs given IMPORTED_SUFFIX

    @property
    def ok(self) -> bool:
        return not self.skipped

    def problems(self) -> list[Problem]:
        return [skipped.problem(str(self.path)) for skipped in self.skipped]

    def summary(self) -> str:
        noun = "record" if self.records == 1 else "records"
        text = (
            f"{self.records} {noun}: {len(self.written)} written, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )
        if self.muscle is not None:
            text += f", {self.filtered} without {self.muscle}"
        if self.renamed:
            count = len(self.renamed)
            text += (
                f"; {count} whose slug was taken (by a bundled exercise or a reserved name) got "
                f"the suffix {IMPORTED_SUFFIX} (--override lets bundled slugs be replaced)"
            )
        return text


def read_records(path: Path) -> list[Any]:
    """The records of a free-exercise-db JSON file (a top-level array), or ImportFileError."""
    shown = str(path)
    try:  # a regular file only (a pipe is refused, never waited on), inside the workspace
        data = read_bytes(path, limit=MAX_JSON_BYTES)
    except LoadError as exc:
        raise ImportFileError("; ".join(str(p) for p in exc.problems)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{shown}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        document = json.loads(text, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        raise ImportFileError(f"{shown}:{exc.lineno}:{exc.colno}: {message}") from None
    except RecursionError:
        raise ImportFileError(f"{shown}: is nested too deeply to read") from None
    if not isinstance(document, list):
        raise ImportFileError(
            f"{shown}: must be a JSON array of exercise records (got {describe_value(document)})"
        )
    return document


def normalize_muscle(muscle: str) -> str:
    """A --muscle word as the schema spells it ("lower-back" -> "lower back"), or
    ImportFileError with a hint."""
    word = " ".join(muscle.lower().replace("-", " ").split())
    if word not in MUSCLES:
        hint = did_you_mean(word, MUSCLES)
        message = f"--muscle: unknown muscle {describe_value(muscle)}"
        if hint:
            message += f"; did you mean `{hint}`?"
        raise ImportFileError(f"{message} (one of: {', '.join(MUSCLES)})")
    return word


def _has_muscle(record: Mapping[str, Any], muscle: str) -> bool | None:
    """Whether the primary or secondary muscles include `muscle`; None when unreadable."""
    lists = [record.get("primaryMuscles"), record.get("secondaryMuscles")]
    if not all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in lists):
        return None
    return any(muscle in value for value in lists if isinstance(value, list))


def _record_id(record: object) -> str | None:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return str(record["id"])
    return None


def import_file(
    path: Path,
    into: Path,
    muscle: str | None = None,
    *,
    force: bool = False,
    reserved: Collection[str] = (),
) -> ImportReport:
    """Import every record of a free-exercise-db JSON file into `into` as `<slug>.toml`.

    A record that does not fit the schema is skipped and reported; so is one whose file exists
    with other content (unless `force`). A file that already holds exactly what would be
    written is left alone. Raises ImportFileError when the file cannot be read or the folder
    cannot be made or written.
    """
    wanted = normalize_muscle(muscle) if muscle is not None else None
    records = read_records(path)
    report = ImportReport(path=path, into=into, muscle=wanted, records=len(records))

    ids = [_record_id(record) for record in records]
    first_index: dict[str, int] = {}
    for index, record_id in enumerate(ids):
        if record_id is not None:
            first_index.setdefault(record_id, index)
    slugs = assign_slugs(first_index, {*reserved, *RESERVED_SLUGS})
    report.renamed = sorted(slug for slug in slugs.values() if slug.endswith(IMPORTED_SUFFIX))

    if into.exists() and not into.is_dir():
        raise ImportFileError(f"{into}: is not a folder")
    try:
        workspace.make_folder(into)
    except OSError as exc:
        raise ImportFileError(f"{into}: cannot make the folder: {exc.strerror or exc}") from None

    for index, record in enumerate(records):
        record_id = ids[index]
        if wanted is not None and isinstance(record, dict) and _has_muscle(record, wanted) is False:
            report.filtered += 1
            continue
        if record_id is not None and first_index[record_id] != index:
            reason = f"the same id as record [{first_index[record_id]}]"
            report.skipped.append(Skipped(index, record_id, reason))
            continue
        try:
            body = convert_record(record)
        except RecordError as exc:
            report.skipped.append(Skipped(index, record_id, str(exc)))
            continue
        assert record_id is not None
        slug = slugs[record_id]
        assert is_slug(slug)
        outcome = _write(into / f"{slug}.toml", body, force=force)
        if outcome == "written":
            report.written.append(slug)
        elif outcome == "unchanged":
            report.unchanged.append(slug)
        else:
            report.skipped.append(Skipped(index, record_id, outcome))
    return report


def render(body: ExerciseBody) -> bytes:
    """The bytes of the exercise file of an imported exercise."""
    return dumps(Exercise.from_body(body)).encode("utf-8")


def _write(target: Path, body: ExerciseBody, *, force: bool) -> str:
    """Write one exercise file: "written", "unchanged", or why it was not written."""
    data = render(body)
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        current = None
    except IsADirectoryError:
        return f"{target} is a folder; not overwritten"
    except OSError as exc:
        raise ImportFileError(f"{target}: cannot read it: {exc.strerror or exc}") from None
    if current == data:
        return "unchanged"
    if current is not None and not force:
        return f"{target} exists with other content; not overwritten (--force overwrites it)"
    try:
        write_atomic(
            target,
            data,
            expected_sha256=None if current is None else sha256_bytes(current),
            force=False,
        )
    except ConflictError:
        return f"{target} changed while importing; not overwritten"
    except HamtuiError as exc:
        raise ImportFileError(str(exc)) from None
    return "written"
