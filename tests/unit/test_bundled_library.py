"""The bundled library (library/*.toml) and example programs load without a single problem."""

from __future__ import annotations

import itertools
import tomllib

import pytest

from hamtui import resources
from hamtui.files import dumps, load_exercise
from hamtui.library import Library, load_library
from hamtui.model import Exercise
from hamtui.validate import validate_paths


def test_bundled_library_loads_without_problems() -> None:
    library = load_library(bundled_only=True)
    files = sorted(resources.bundled_library_dir().glob("*.toml"))
    assert [str(p) for p in library.problems] == []
    assert len(library) == len(files) - 1  # every file but safety.toml is an exercise
    assert library.safety is not None
    assert [str(p) for p in library.broken_links()] == []


def test_every_bundled_exercise_survives_a_save() -> None:
    for path in sorted(resources.bundled_library_dir().glob("*.toml")):
        if path.name == "safety.toml":
            continue
        exercise = load_exercise(path).model
        assert isinstance(exercise, Exercise)
        text = dumps(exercise)
        assert Exercise.model_validate(tomllib.loads(text)) == exercise, path


def test_example_programs_validate_against_the_bundled_library() -> None:
    programs = sorted(resources.bundled_programs_dir().glob("*.toml"))
    assert programs
    library: Library = load_library(bundled_only=True)
    report = validate_paths(programs, library)
    assert [str(p) for p in report.problems] == []


REQUIRED_SLUGS = (  # noqa: SIM905 (one readable block of slugs)
    "leg-up-hamstring-stretch supine-strap-hamstring-stretch "
    "standing-elevated-hamstring-stretch standing-dynamic-hamstring-stretch "
    "contract-relax-wall-stretch doorway-hamstring-stretch straight-knee-calf-stretch "
    "leg-swings sciatic-nerve-slider seated-hamstring-set legs-up-the-wall-isometric "
    "single-leg-balance glute-bridge stability-ball-hamstring-curl "
    "single-leg-wall-hip-thrust running-man prone-hamstring-curl standing-hip-extension "
    "kneeling-hip-thrust lean-away nordic-hamstring-curl standing-good-morning "
    "wide-stance-good-morning seated-good-morning single-leg-good-morning "
    "hamstring-pails-rails romanian-deadlift single-leg-romanian-deadlift standing-arabesque "
    "fast-single-leg-deadlift eccentric-step-down slow-reverse-lunge plyometric-split-lunge "
    "pogo-hops kettlebell-swing "
).split()


@pytest.fixture(scope="module")
def bundled() -> Library:
    return load_library(bundled_only=True, use_cache=False)


def test_every_exercise_the_seeds_describe_is_there(bundled: Library) -> None:
    assert sorted(set(REQUIRED_SLUGS) - set(bundled.entries)) == []


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_exercise_is_complete(bundled: Library, slug: str) -> None:
    exercise = bundled.get(slug)
    assert exercise is not None
    assert exercise.summary
    assert len(exercise.steps) >= 3
    assert exercise.tips and exercise.mistakes and exercise.stages and exercise.sources
    assert any(cue.at == "start" for cue in exercise.cues)
    if exercise.mode == "hold":
        assert any(cue.at == "halfway" for cue in exercise.cues)
        assert exercise.defaults.hold_s is not None


@pytest.mark.parametrize(
    ("alias", "slug"),
    [
        ("swiss ball curl", "stability-ball-hamstring-curl"),
        ("bridge with leg curl", "stability-ball-hamstring-curl"),
        ("lying hamstring curl", "prone-hamstring-curl"),
        ("kneeling squat", "kneeling-hip-thrust"),
    ],
)
def test_merged_names_are_aliases(bundled: Library, alias: str, slug: str) -> None:
    exercise = bundled.get(slug)
    assert exercise is not None
    assert alias in [a.lower() for a in exercise.aliases]


def test_ladders_run_both_ways(bundled: Library) -> None:
    one_way = []
    for entry in bundled:
        for up in entry.exercise.progressions:
            target = bundled.get(up)
            if target is None or entry.slug not in target.regressions:
                one_way.append(f"{entry.slug} -> {up}")
        for down in entry.exercise.regressions:
            target = bundled.get(down)
            if target is None or entry.slug not in target.progressions:
                one_way.append(f"{entry.slug} <- {down}")
    assert one_way == []


@pytest.mark.parametrize(
    "ladder",
    [
        ["seated-hamstring-set", "glute-bridge", "stability-ball-hamstring-curl"],
        ["lean-away", "nordic-hamstring-curl"],
        ["romanian-deadlift", "single-leg-romanian-deadlift", "fast-single-leg-deadlift"],
    ],
)
def test_named_ladders(bundled: Library, ladder: list[str]) -> None:
    for lower, higher in itertools.pairwise(ladder):
        exercise = bundled.get(lower)
        assert exercise is not None
        assert higher in exercise.progressions


def test_safety_rules_cover_the_required_symptoms(bundled: Library) -> None:
    assert bundled.safety is not None
    ids = {symptom.id for symptom in bundled.safety.symptoms}
    required = {
        "neural-tension",
        "behind-knee-pull",
        "low-back-takeover",
        "sharp-pain-or-pop",
        "cramp",
        "sit-bone-pain",
        "lasting-over-24h",
    }
    assert required <= ids
    neural = bundled.safety.symptom("neural-tension")
    assert neural is not None and neural.adjustments  # which joint positions to change
    pop = bundled.safety.symptom("sharp-pain-or-pop")
    assert pop is not None and pop.action == "end-session" and pop.see_professional
    rules = {rule.id for rule in bundled.safety.rules}
    assert {"no-bouncing"} <= rules
    assert bundled.safety.general.static_hold_s == 30


def test_no_text_a_user_reads_talks_about_our_source_notes() -> None:
    """Exercise tips once said "the seeds" (our name for the source documents)."""
    from hamtui import resources

    folders = [resources.bundled_library_dir(), resources.bundled_programs_dir()]
    for folder in folders:
        for path in folder.rglob("*.toml"):
            assert "seed" not in path.read_text(encoding="utf-8").lower(), path
