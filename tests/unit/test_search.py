"""hamtui.search: the query language, fuzzy words, filters, ranking and the exercise page."""

from __future__ import annotations

import random
from typing import Any

import pytest

from hamtui.library import load_library
from hamtui.model.exercise import ExerciseBody
from hamtui.search import Hit, Query, Results, SearchIndex, parse_query


@pytest.fixture
def bundled() -> dict[str, ExerciseBody]:
    """The real bundled library (HAMTUI_HOME is a fresh tmp folder, see conftest)."""
    library = load_library()
    assert len(library) >= 30
    return library.exercises()


@pytest.fixture
def index(bundled: dict[str, ExerciseBody]) -> SearchIndex:
    return SearchIndex(bundled)


def body(name: str, **fields: Any) -> ExerciseBody:
    data: dict[str, Any] = {"name": name, "category": "strength", "mode": "reps", **fields}
    return ExerciseBody.model_validate(data)


def slugs(results: Results) -> list[str]:
    return [hit.slug for hit in results]


# --- free words ---------------------------------------------------------------------------


def test_typos_find_the_hamstring_stretches(
    index: SearchIndex, bundled: dict[str, ExerciseBody]
) -> None:
    hits = index.search("hamstrng strech")
    found = slugs(hits)
    named = [s for s, ex in bundled.items() if "hamstring stretch" in ex.name.casefold()]
    assert len(named) >= 4
    assert set(named) <= set(found)
    top = found[: len(named)]
    assert all(bundled[s].category.endswith("stretch") for s in top), top
    assert set(top) == set(named)
    assert hits[0].field == "name"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("swiss ball curl", "stability-ball-hamstring-curl"),
        ("lying hamstring curl", "prone-hamstring-curl"),
        ("kneeling squat", "kneeling-hip-thrust"),
        ("nordc", "nordic-hamstring-curl"),  # a typo
        ("nord", "nordic-hamstring-curl"),  # an unfinished word
        ("sciatic flossing", "sciatic-nerve-slider"),
    ],
)
def test_names_aliases_typos_and_unfinished_words_find_the_exercise(
    index: SearchIndex, query: str, slug: str
) -> None:
    assert slugs(index.search(query, limit=3))[0] == slug


def test_an_alias_shared_by_several_exercises_finds_them_all(
    index: SearchIndex,
) -> None:
    found = slugs(index.search("RDL"))
    assert {"romanian-deadlift", "single-leg-romanian-deadlift"} <= set(found)
    assert all(hit.field == "alias" for hit in index.search("RDL"))


def test_alias_hit_reports_the_alias_field(index: SearchIndex) -> None:
    hit = index.search("swiss ball curl")[0]
    assert hit.slug == "stability-ball-hamstring-curl"
    assert hit.field in {"name", "alias"}
    assert index.search("swiss")[0] == Hit("stability-ball-hamstring-curl", 2.8, "alias")


def test_every_word_must_match(index: SearchIndex) -> None:
    assert index.search("hamstring") != []
    assert list(index.search("hamstring qqqzzzx")) == []


def test_words_match_muscles_equipment_and_summary() -> None:
    index = SearchIndex(
        {
            "a": body("Alpha", primary_muscles=["calves"]),
            "b": body("Bravo", equipment=["foam roller"]),
            "c": body("Charlie", summary="Done slowly beside a sturdy kitchen table."),
        }
    )
    assert index.search("calves")[0] == Hit("a", 2.0, "muscles")
    assert index.search("roller")[0] == Hit("b", 2.0, "equipment")
    assert index.search("kitchen")[0] == Hit("c", 1.0, "summary")


def test_name_and_alias_hits_outrank_summary_only_hits() -> None:
    index = SearchIndex(
        {
            "aa-summary": body("Aardvark", summary="Slide a towel under the heel."),
            "bb-alias": body("Beetle", aliases=["towel slide"]),
            "zz-name": body("Towel Slide"),
            "cc-typo": body("Towl Hold"),
        }
    )
    hits = index.search("towel")
    assert slugs(hits) == ["zz-name", "bb-alias", "cc-typo", "aa-summary"]
    assert [hit.field for hit in hits] == ["name", "alias", "name", "summary"]
    assert hits[0].score > hits[1].score > hits[2].score > hits[3].score


def test_equal_scores_rank_by_the_tightest_name_then_name_then_slug() -> None:
    """A name that is just the query beats a longer one; then names, then slugs, in order."""
    index = SearchIndex(
        {
            "b-2": body("Bridge"),
            "b-1": body("Bridge"),
            "a": body("Ankle Bridge"),
            "c": body("Calf Bridge"),
        }
    )
    assert slugs(index.search("bridge")) == ["b-1", "b-2", "a", "c"]


# --- filters ------------------------------------------------------------------------------


def _expected(bundled: dict[str, ExerciseBody], keep: Any) -> list[str]:
    order = sorted(bundled, key=lambda s: (bundled[s].name.casefold(), s))
    return [s for s in order if keep(bundled[s])]


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("cat:static-stretch", lambda e: e.category == "static-stretch"),
        ("cat:stretch", lambda e: e.category.endswith("-stretch")),
        ("cat:ecc", lambda e: e.category == "eccentric"),
        ("category:isometric", lambda e: e.category == "isometric"),
        ("stage:early", lambda e: "early" in e.stages),
        ("stage:early,late", lambda e: "early" in e.stages or "late" in e.stages),
        ("stage:rts", lambda e: "return-to-sport" in e.stages),
        ("pos:supine", lambda e: e.position == "supine"),
        ("pos:lying", lambda e: e.position in {"supine", "prone", "side-lying"}),
        ("equip:none", lambda e: e.equipment == []),
        ("equip:wall", lambda e: "wall" in e.equipment),
        ("equip:ball", lambda e: "stability ball" in e.equipment),
        ('equip:"stability ball"', lambda e: "stability ball" in e.equipment),
        ("equip:stability-ball", lambda e: "stability ball" in e.equipment),
        ("equip:none,chair", lambda e: e.equipment == [] or "chair" in e.equipment),
        ("mode:hold", lambda e: e.mode == "hold"),
        ("mode:reps", lambda e: e.mode == "reps"),
        ("level:beginner", lambda e: e.level == "beginner"),
        ("level:adv", lambda e: e.level == "advanced"),
        ("muscle:glutes", lambda e: "glutes" in e.primary_muscles + e.secondary_muscles),
        ("muscle:calf", lambda e: "calves" in e.primary_muscles + e.secondary_muscles),
        ("muscle:lower-back", lambda e: "lower-back" in e.primary_muscles + e.secondary_muscles),
        ("CAT:Stretch", lambda e: e.category.endswith("-stretch")),
    ],
)
def test_each_filter_keeps_exactly_its_exercises_in_stable_order(
    index: SearchIndex, bundled: dict[str, ExerciseBody], query: str, keep: Any
) -> None:
    parsed = index.parse(query)
    assert parsed.problems == ()
    expected = _expected(bundled, keep)
    assert expected, f"no bundled exercise for {query}: the test needs one"
    hits = index.search(parsed)
    assert slugs(hits) == expected
    assert all(hit.score == 0.0 and hit.field == "" for hit in hits)


def test_filters_of_different_keys_all_hold(
    index: SearchIndex, bundled: dict[str, ExerciseBody]
) -> None:
    expected = _expected(
        bundled, lambda e: e.category == "eccentric" and e.equipment == [] and "late" in e.stages
    )
    assert expected
    assert slugs(index.search("cat:eccentric equip:none stage:late")) == expected


def test_filters_combine_with_words(index: SearchIndex, bundled: dict[str, ExerciseBody]) -> None:
    hits = slugs(index.search("hamstring stretch cat:static-stretch equip:mat"))
    assert hits
    for slug in hits:
        assert bundled[slug].category == "static-stretch"
        assert "mat" in bundled[slug].equipment
    words_only = slugs(index.search("hamstring stretch"))
    assert set(hits) < set(words_only)
    assert "leg-swings" in words_only and "leg-swings" not in hits
    assert slugs(index.search("curl equip:none")) == [
        s for s in slugs(index.search("curl")) if bundled[s].equipment == []
    ]


def test_tag_filter() -> None:
    index = SearchIndex(
        {
            "a": body("Alpha", tags=["rehab", "runner"]),
            "b": body("Bravo", tags=["fedb-category:cardio"]),
            "c": body("Charlie"),
        }
    )
    assert slugs(index.search("tag:runner")) == ["a"]
    assert slugs(index.search("tag:fedb-category:cardio")) == ["b"]
    assert index.parse("tag:nope").problems == ("tag: no exercise is tagged `nope`",)


# --- the query language and its problems -------------------------------------------------


def test_parse_query_words_filters_and_alternatives() -> None:
    query = parse_query('Hamstring  hamstring "swiss ball" stage:early,mid, level:beg cat:plyo')
    assert query.words == ("hamstring", "swiss", "ball")
    assert query.filters == {
        "cat": frozenset({"plyometric"}),
        "stage": frozenset({"early", "mid"}),
        "level": frozenset({"beginner"}),
    }
    assert query.problems == ()
    assert not query.empty
    assert parse_query("   ").empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("cat:strech", "cat: unknown value `strech`; did you mean `static-stretch`?"),
        ("stage:erly", "stage: unknown value `erly`; did you mean `early`?"),
        ("level:expart", "level: unknown value `expart`; did you mean `advanced`?"),
        ("pos:prne", "pos: unknown value `prne`; did you mean `prone`?"),
        (
            "mode:xyz",
            "mode: unknown value `xyz`; use one of hold | reps | timed",
        ),
        (
            "catgory:stretch",
            "unknown filter `catgory:`; did you mean `cat:`? "
            "(filters are cat: stage: pos: equip: mode: level: muscle: tag:)",
        ),
        ("stage:", "stage: needs a value, like `stage:early`"),
        ("equip:", "equip: needs a value, like `equip:none`"),
    ],
)
def test_bad_filters_give_helpful_problems(text: str, problem: str) -> None:
    assert parse_query(text).problems == (problem,)


def test_unknown_equipment_and_muscle_are_problems_of_the_library(
    index: SearchIndex,
) -> None:
    assert parse_query("equip:kettlbell").problems == ()  # no library to check against
    query = index.parse("equip:kettlbell muscle:hamstrngs")
    assert query.problems == (
        "equip: no exercise uses `kettlbell`; did you mean `kettlebell`?",
        "muscle: no exercise works `hamstrngs`; did you mean `hamstrings`?",
    )
    assert query.filters == {}


def test_a_part_with_a_problem_is_left_out_of_the_search(
    index: SearchIndex,
) -> None:
    assert index.search("nordic cat:strech") == index.search("nordic")
    assert len(index.search("cat:strech")) == len(index)


def test_numbers_and_punctuation_in_queries() -> None:
    index = SearchIndex({"a": body("90/90 Hip Switch"), "b": body("Hip Hinge")})
    assert slugs(index.search("90")) == ["a"]
    assert slugs(index.search("hip")) == ["b", "a"]  # equal scores: the shorter name first
    assert slugs(index.search("9")) == ["a"]
    assert slugs(index.search("80")) == []  # numbers are never typos of each other
    assert index.search("!!! ,,,") == index.search("")


# --- empty query, limits, the result sequence --------------------------------------------


def test_empty_query_lists_everything_in_a_stable_order(
    bundled: dict[str, ExerciseBody],
) -> None:
    expected = sorted(bundled, key=lambda s: (bundled[s].name.casefold(), s))
    shuffled = list(bundled.items())
    random.Random(7).shuffle(shuffled)
    for exercises in (bundled, dict(shuffled)):
        index = SearchIndex(exercises)
        assert slugs(index.search("")) == expected
        assert index.slugs == expected
        assert slugs(index.search(Query())) == expected


def test_limit_and_the_results_sequence(index: SearchIndex) -> None:
    everything = index.search("hamstring")
    assert len(everything) > 10
    first = index.search("hamstring", limit=5)
    assert len(first) == 5
    assert list(first) == everything[:5]
    assert first[-1] == everything[4]
    assert first[1:3] == [everything[1], everything[2]]
    assert isinstance(first[0], Hit)
    with pytest.raises(IndexError):
        first[5]
    assert first.slugs() == [hit.slug for hit in everything[:5]]
    assert len(index.search("", limit=3)) == 3
    assert len(index.search("cat:stretch", limit=2)) == 2
    assert len(index.search("hamstring curl", limit=1)) == 1
    assert list(index.search("hamstring", limit=0)) == []


def test_multi_word_scores_add_up() -> None:
    index = SearchIndex({"a": body("Towel Slide", summary="A gentle curl.")})
    hit = index.search("towel curl")[0]
    assert hit == Hit("a", 4.0, "name")


def test_a_large_index_agrees_with_brute_force() -> None:
    rng = random.Random(3)
    words = ["bridge", "curl", "hinge", "lunge", "reach", "swing", "press", "hold"]
    muscles = ["hamstrings", "glutes", "calves", "core"]
    exercises = {
        f"ex-{n}": body(
            f"{rng.choice(words).title()} {rng.choice(words).title()} {n}",
            category=rng.choice(["strength", "eccentric", "static-stretch"]),
            equipment=rng.sample(["band", "mat", "step"], rng.randint(0, 2)),
            primary_muscles=rng.sample(muscles, 1),
            stages=rng.sample(["early", "mid", "late"], rng.randint(1, 2)),
        )
        for n in range(2000)
    }
    index = SearchIndex(exercises)
    for word in words:
        found = set(index.search(word).slugs())
        expected = {s for s, e in exercises.items() if word in e.name.casefold().split()}
        assert found == expected, word
        both = index.search(f"{word} equip:band stage:early")
        assert set(both.slugs()) == {
            s
            for s in expected
            if "band" in exercises[s].equipment and "early" in exercises[s].stages
        }
        scores = [hit.score for hit in both]
        assert scores == sorted(scores, reverse=True)


def test_index_from_library_cards_matches_the_full_exercises(
    bundled: dict[str, ExerciseBody],
) -> None:
    library = load_library()
    by_cards = library.search_index()
    assert library.summaries == {}  # let go: the index has their words
    again = library.search_index()  # the summaries now come from the exercises themselves
    by_bodies = SearchIndex(bundled)
    # "hamstrings stretch" finds summary words: the cards' summaries were searched too.
    queries = ("hamstrng strech", "", "cat:ecc equip:none", "swiss ball curl", "slowly lower")
    for query in queries:
        assert by_cards.search(query) == by_bodies.search(query)
        assert again.search(query) == by_bodies.search(query)
    assert any(hit.field == "summary" for hit in by_cards.search("slowly lower"))


def test_the_query_syntax_splits_words_filters_and_quoted_values_in_one_place() -> None:
    from hamtui.search import query_parts
    from hamtui.tui.widgets.library_pane import filter_parts

    text = 'nordic category:eccentric equip:"foam roller",none "hip hinge" bogus:x'
    parts = list(query_parts(text))
    assert [(p.text, p.key) for p in parts] == [
        ("nordic", None),
        ("category:eccentric", "cat"),
        ('equip:"foam roller",none', "equip"),
        ('"hip hinge"', None),
        ("bogus:x", None),
    ]
    assert parts[2].values() == ["foam roller", "none"]
    assert all(text[p.start : p.end] == p.text for p in parts)
    # the library pane's chips are the filter parts the search understood, where they stand
    chips = filter_parts(text)
    assert [(c.start, c.end) for c in chips] == [(p.start, p.end) for p in parts[1:3]]
