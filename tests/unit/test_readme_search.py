"""Every search the README shows returns what the README says it does, ranked as it says.

Names and aliases that hold the query exactly come first: `rdl` is the Romanian deadlift
(alias "RDL"), not the fast single-leg deadlift whose longer alias also holds "RDL".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hamtui.library import load_library

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
INDEX = load_library(bundled_only=True, use_cache=False).search_index()


def slugs(query: str, limit: int = 3) -> list[str]:
    return [hit.slug for hit in INDEX.search(query, limit=limit)]


def test_the_readme_examples_find_what_they_say() -> None:
    for example in ("`hamstrng strech`", "`cat:eccentric stage:late nordic`", "`rdl`"):
        assert example in README, example
    found = slugs("hamstrng strech", limit=5)
    assert found and all("stretch" in slug for slug in found)
    assert slugs("cat:eccentric stage:late nordic") == ["nordic-hamstring-curl", "lean-away"]
    assert slugs("rdl")[0] == "romanian-deadlift"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("rdl", "romanian-deadlift"),
        ("nordic", "nordic-hamstring-curl"),
        ("rdl single", "single-leg-romanian-deadlift"),
        ("single leg rdl", "single-leg-romanian-deadlift"),
        ("glute bridge", "glute-bridge"),
    ],
)
def test_exact_name_and_alias_hits_come_first(query: str, first: str) -> None:
    assert slugs(query)[0] == first
    assert slugs(query, limit=1) == [first]  # a limit cuts after the ranking, not before
