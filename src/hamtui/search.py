"""Searching the exercise library: a query language and a fast, typo-tolerant index.

A query is free words and filters, in any order:

    hamstrng strech cat:stretch stage:early,mid equip:none

- Free words match fuzzily (typos, unfinished words) against the name, aliases, slug,
  category, position, muscles, equipment, tags and summary. Every word must match something.
  A hit in the name or an alias weighs most, then category/position/muscles/equipment/tags,
  then the summary.
- Filters `key:value` narrow the list: `cat:` `stage:` `pos:` `equip:` `mode:` `level:`
  `muscle:` `tag:`. Comma-separated values are alternatives (`stage:early,mid`); different
  keys must all hold. Short forms work: `cat:stretch` is every *-stretch category, `cat:ecc`
  is eccentric, `level:adv` is advanced, `pos:lying` is supine, prone or side-lying.
  `equip:none` is the exercises that need no equipment. Quotes group a value with spaces:
  `equip:"stability ball"`.
- An empty query lists every exercise, ordered by name then slug.

Parts of a query that cannot be understood become `Query.problems` (plain sentences) and are
left out of the search, so a screen can keep showing results while it shows the problem.

    index = library.search_index()            # or SearchIndex({slug: ExerciseBody})
    query = index.parse("hamstrng strech equip:none")
    hits = index.search(query, limit=None)    # Results: a lazy Sequence[Hit], best first
    len(hits), hits[:50]                      # the count; a screenful of Hit(slug, score, field)

How it is fast: the index keeps a vocabulary of every token with, per field, the exercises
that contain it. A query word is matched against the vocabulary once (exact, prefix, and
rapidfuzz edit distance for typos), and the exercises are then scored by merging those
posting lists with C-level dict and set operations, never by comparing the word against each
exercise.

Why one long module: the index, the query syntax and the ranking share the index's encoded
arrays, which is what makes a keystroke's search fast; splitting them would expose those
arrays between modules.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby, repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeAlias, overload

from hamtui.errors import did_you_mean
from hamtui.vocab import CATEGORIES, LEVELS, MODES, POSITIONS, STAGES

if TYPE_CHECKING:  # the index reads cards; the models load later (see hamtui.tui.app)
    pass

# ---------------------------------------------------------------------------------------------
# Fields and weights.

# Field codes: a higher code wins a tie between equal scores.
SUMMARY, TAG, EQUIPMENT, MUSCLE, POSITION, CATEGORY, ALIAS, NAME = range(1, 9)
FIELD_NAMES: dict[int, str] = {
    NAME: "name",
    ALIAS: "alias",
    CATEGORY: "category",
    POSITION: "position",
    MUSCLE: "muscles",
    EQUIPMENT: "equipment",
    TAG: "tags",
    SUMMARY: "summary",
}
# Points per field for a perfect match; a word scores weight x similarity (0..100).
WEIGHTS: dict[int, int] = {
    NAME: 30,
    ALIAS: 28,
    CATEGORY: 20,
    POSITION: 20,
    MUSCLE: 20,
    EQUIPMENT: 20,
    TAG: 15,
    SUMMARY: 10,
}
POINTS_PER_SCORE = 1000  # Hit.score = points / 1000, so an exact name word scores 3.0
_CODE_SPAN = 1024  # field codes are kept below the points, summed over at most MAX_WORDS
MAX_WORDS = 64
MAX_QUERY_CHARS = 2000

# ---------------------------------------------------------------------------------------------
# The query language.

_TOKEN = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_PART = re.compile(r'(?:[^\s"]*"[^"]*"?)+[^\s"]*|\S+')
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)

FILTER_KEYS: dict[str, str] = {
    "cat": "cat",
    "category": "cat",
    "stage": "stage",
    "stages": "stage",
    "pos": "pos",
    "position": "pos",
    "equip": "equip",
    "equipment": "equip",
    "mode": "mode",
    "level": "level",
    "muscle": "muscle",
    "muscles": "muscle",
    "tag": "tag",
    "tags": "tag",
}
FILTER_ORDER = ("cat", "stage", "pos", "equip", "mode", "level", "muscle", "tag")
OPEN_KEYS = frozenset({"equip", "muscle", "tag"})  # free words, checked against the library

CHOICES: dict[str, tuple[str, ...]] = {
    "cat": CATEGORIES,
    "stage": STAGES,
    "pos": POSITIONS,
    "mode": MODES,
    "level": LEVELS,
}
SHORT_FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "cat": {
        "stretch": ("static-stretch", "dynamic-stretch", "pnf-stretch"),
        "plyo": ("plyometric",),
    },
    "stage": {"rts": ("return-to-sport",)},
    "pos": {
        "lying": ("supine", "prone", "side-lying"),
        "back": ("supine",),
        "front": ("prone",),
        "stomach": ("prone",),
        "sitting": ("seated",),
        "side": ("side-lying",),
    },
    "mode": {"held": ("hold",), "rep": ("reps",), "counted": ("reps",), "work": ("timed",)},
    "level": {"easy": ("beginner",), "expert": ("advanced",), "hard": ("advanced",)},
}
EQUIP_NONE = "none"


@dataclass(frozen=True)
class Query:
    """A parsed query: free words, filters (key -> alternatives) and problems."""

    text: str = ""
    words: tuple[str, ...] = ()
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """No words and no filters: the query lists everything."""
        return not self.words and not self.filters

    @property
    def ok(self) -> bool:
        return not self.problems


def tokens(text: str) -> list[str]:
    """Lowercase word tokens of a text: letters and digits, split at anything else."""
    return _TOKEN.findall(text.casefold())


def normalize(value: str) -> str:
    """A free filter value or library word as compared: lowercase, `-`/`_` as spaces."""
    return " ".join(tokens(value))


def _unquote(text: str) -> str:
    return text.replace('"', "")


def _resolve_choice(key: str, value: str) -> tuple[tuple[str, ...], str | None]:
    """The values a closed filter value stands for, or () and a problem."""
    choices = CHOICES[key]
    if value in choices:
        return (value,), None
    short = SHORT_FORMS.get(key, {}).get(value)
    if short:
        return short, None
    parts = tuple(c for c in choices if value in c.split("-"))
    if parts:
        return parts, None
    prefixed = tuple(
        c for c in choices if c.startswith(value) or any(p.startswith(value) for p in c.split("-"))
    )
    if prefixed:
        return prefixed, None
    return (), _unknown_choice(key, value, choices)


def _unknown_choice(key: str, value: str, choices: Sequence[str]) -> str:
    # Suggest from whole values and their hyphenated parts ("strech" -> "stretch").
    candidates: dict[str, str] = {}
    for choice in choices:
        candidates.setdefault(choice, choice)
        for part in choice.split("-"):
            if len(part) > 2:
                candidates.setdefault(part, choice)
    for short, targets in SHORT_FORMS.get(key, {}).items():
        candidates.setdefault(short, targets[0])
    hint = did_you_mean(value, list(candidates))
    message = f"{key}: unknown value `{value}`"
    if hint:
        return f"{message}; did you mean `{candidates[hint]}`?"
    return f"{message}; use one of {' | '.join(choices)}"


def _unknown_key(key: str) -> str:
    hint = did_you_mean(key.casefold(), list(FILTER_KEYS))
    known = " ".join(f"{k}:" for k in FILTER_ORDER)
    message = f"unknown filter `{key}:`"
    if hint:
        message += f"; did you mean `{FILTER_KEYS[hint]}:`?"
    return f"{message} (filters are {known})"


class QueryPart(NamedTuple):
    """One part of a query text as the syntax splits it: where it is, and for a `key:value`
    part its key as typed (`raw_key`, "" for a word) and its value text."""

    start: int
    end: int
    text: str
    raw_key: str
    value: str

    @property
    def is_filter(self) -> bool:
        return bool(self.raw_key)

    @property
    def key(self) -> str | None:
        """The filter's key (`cat` for `category:`), None for a word or an unknown key."""
        return FILTER_KEYS.get(self.raw_key.casefold()) if self.raw_key else None

    def values(self) -> list[str]:
        """The comma-separated values as typed, quotes and extra spaces taken out."""
        cleaned = (" ".join(v.replace('"', "").split()) for v in self.value.split(","))
        return [v for v in cleaned if v]


def query_parts(text: str) -> Iterator[QueryPart]:
    """The parts of a query (words, `key:value` filters, quoted values), in order: the one
    place that knows the syntax (the search and the library pane's filter chips use it)."""
    for found in _PART.finditer(text):
        part = found.group(0)
        match = _FILTER.match(part)
        raw_key, value = match.groups() if match is not None else ("", part)
        yield QueryPart(found.start(), found.end(), part, raw_key, value)


def parse_query(text: str) -> Query:
    """Split a query into free words and filters; problems for what is not understood.

    Closed filters (cat, stage, pos, mode, level) are checked here; open ones (equip, muscle,
    tag) name free words and are checked against a library by `SearchIndex.parse`.
    """
    problems: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        problems.append(
            f"the query is too long: only its first {MAX_QUERY_CHARS} characters are used"
        )
        text = text[:MAX_QUERY_CHARS]
    words: dict[str, None] = {}
    filters: dict[str, set[str]] = {}
    for part in query_parts(text):
        if not part.is_filter:
            for word in tokens(_unquote(part.text)):
                words.setdefault(word, None)
            continue
        raw_key, raw_value = part.raw_key, part.value
        key = part.key
        if key is None:
            problems.append(_unknown_key(raw_key))
            continue
        values = [v for v in (normalize(_unquote(v)) for v in raw_value.split(",")) if v]
        if not values:
            example = "equip:none" if key == "equip" else f"{key}:{CHOICES.get(key, ('…',))[0]}"
            problems.append(f"{key}: needs a value, like `{example}`")
            continue
        for value in values:
            if key in OPEN_KEYS:
                filters.setdefault(key, set()).add(value)
                continue
            resolved, problem = _resolve_choice(key, value.replace(" ", "-"))
            if problem:
                problems.append(problem)
            elif resolved:
                filters.setdefault(key, set()).update(resolved)
    word_list = tuple(words)
    if len(word_list) > MAX_WORDS:
        problems.append(f"too many words: only the first {MAX_WORDS} are used")
        word_list = word_list[:MAX_WORDS]
    return Query(
        text=text,
        words=word_list,
        filters={k: frozenset(filters[k]) for k in FILTER_ORDER if k in filters},
        problems=tuple(problems),
    )


# ---------------------------------------------------------------------------------------------
# The index.


class Hit(NamedTuple):
    """One exercise found: its slug, how well it matched, and the field that matched best.

    `score` adds up, per query word, field weight x similarity: an exact word of the name
    scores 3.0, of an alias 2.8, of the category, position, muscles or equipment 2.0, of the
    tags 1.5 and of the summary 1.0; typos and unfinished words score less. `field` is
    "name", "alias", "category", "position", "muscles", "equipment", "tags" or "summary"; it
    is "" when the query had no words (only filters, or nothing), and the score is then 0.
    """

    slug: str
    score: float
    field: str


_first = itemgetter(0)
TIGHT_WINDOW = 50  # hits whose equal scores are ordered by how tightly a name holds the query
LOOSE = 1 << 16  # no name or alias holds every query word


def _max_typos(length: int) -> int:
    if length >= 7:
        return 2
    if length >= 4:
        return 1
    return 0


def _stem(word: str) -> str:
    if word.endswith("ves") and len(word) > 4:
        return word[:-3] + "f"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


_PREFIX_LENGTHS = range(4, 13)
Ids: TypeAlias = "array[int]"  # exercise ids, ascending


def _typecode(size: int) -> str:
    """The array type for ids below `size`: 2 bytes each while they fit."""
    return "H" if size <= 1 << 16 else "i"


_LAST_CHAR = "\U0010ffff"
SUMMARY_PREFIX_MIN = 5


class Searchable(Protocol):
    """What the index reads of an exercise: an `ExerciseBody`, or a library `Card` (which
    has no tags; an exercise without a `tags` attribute counts as untagged)."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def category(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def position(self) -> str | None: ...
    @property
    def equipment(self) -> Sequence[str]: ...
    @property
    def primary_muscles(self) -> Sequence[str]: ...
    @property
    def secondary_muscles(self) -> Sequence[str]: ...
    @property
    def stages(self) -> Sequence[str]: ...
    @property
    def level(self) -> str: ...


class SearchIndex:
    """A search index over exercises (slug -> ExerciseBody or library Card); build once,
    search often. `Library.search_index()` builds one from the library's cards and summaries,
    without loading every exercise in full.

    `summaries` (slug -> summary) gives the summaries of exercises that have no `summary`
    attribute, such as cards; an exercise found in neither has no summary to search."""

    def __init__(
        self, exercises: Mapping[str, Searchable], summaries: Mapping[str, str] | None = None
    ) -> None:
        # By name, then slug (two stable sorts: no key tuple for each exercise).
        order = sorted(exercises)
        order.sort(key=lambda slug: exercises[slug].name.casefold())
        self._slugs: list[str] = order
        self._exercises: dict[str, Searchable] = {slug: exercises[slug] for slug in order}
        self._size = len(order)

        # Every list of exercises is an array of ids, ascending (2 or 4 bytes an id, where a
        # list or a set of ints takes 8 to 30): a 10,000-exercise library's index stays small.
        _ids = partial(array, _typecode(self._size))
        fields: dict[int, defaultdict[str, Ids]] = {
            code: defaultdict(_ids) for code in sorted(FIELD_NAMES, reverse=True)
        }
        closed: dict[str, defaultdict[str, Ids]] = {key: defaultdict(_ids) for key in CHOICES}
        opened: dict[str, defaultdict[str, Ids]] = {key: defaultdict(_ids) for key in OPEN_KEYS}
        no_equipment = _ids()
        known: dict[str, tuple[str, ...]] = {}  # tokens of the short texts, which repeat
        normal: dict[str, str] = {}

        for i, slug in enumerate(order):
            ex = exercises[slug]
            muscles = (*ex.primary_muscles, *ex.secondary_muscles)
            tags: Sequence[str] = getattr(ex, "tags", ())
            slug_words = " ".join(t for t in slug.split("-") if not t.isdigit())
            # Each token counts once per exercise, in its weightiest field: lighter fields
            # first, each overwritten by the weightier ones.
            summary = getattr(ex, "summary", None)
            if summary is None:
                summary = summaries.get(slug, "") if summaries is not None else ""
            best = dict.fromkeys(_TOKEN.findall(summary.casefold()), SUMMARY)
            for code, texts in (
                (TAG, tags),
                (EQUIPMENT, ex.equipment),
                (MUSCLE, muscles),
                (POSITION, (ex.position,) if ex.position else ()),
                (CATEGORY, (ex.category,)),
            ):
                for text in texts:
                    got = known.get(text)
                    if got is None:
                        got = known[text] = tuple(_TOKEN.findall(text.casefold()))
                    best.update(zip(got, repeat(code)))
            # Names, aliases and slugs are mostly one exercise's own: not remembered.
            for code, texts in ((ALIAS, (*ex.aliases, slug_words)), (NAME, (ex.name,))):
                for text in texts:
                    best.update(zip(_TOKEN.findall(text.casefold()), repeat(code)))
            for token, code in best.items():
                fields[code][token].append(i)

            closed["cat"][ex.category].append(i)
            closed["mode"][ex.mode].append(i)
            closed["level"][ex.level].append(i)
            for stage in dict.fromkeys(ex.stages):
                closed["stage"][stage].append(i)
            if ex.position is not None:
                closed["pos"][ex.position].append(i)
            for key, texts in (("muscle", muscles), ("equip", ex.equipment), ("tag", tags)):
                named: set[str] = set()
                for text in texts:
                    value = normal.get(text)
                    if value is None:
                        value = normal[text] = normalize(text)
                    named.add(value)
                for value in named:
                    opened[key][value].append(i)
            if not ex.equipment:
                no_equipment.append(i)

        for values in opened.values():
            values.pop("", None)
        postings: dict[str, list[tuple[int, Ids]]] = defaultdict(list)
        for code, posting in fields.items():  # weightiest field first
            for token, ids in posting.items():
                postings[token].append((code, ids))
        self._postings: dict[str, list[tuple[int, Ids]]] = dict(postings)
        self._vocab: list[str] = sorted(postings)
        self._by_length: dict[int, list[str]] = {}
        # Typos are looked for among words only: numbers match exactly or by their start.
        fuzzy_vocab = [token for token in self._vocab if not _DIGIT.search(token)]
        for token in fuzzy_vocab:
            self._by_length.setdefault(len(token), []).append(token)
        self._closed = {k: dict(d) for k, d in closed.items()}
        self._open = {k: dict(d) for k, d in opened.items()}
        self._no_equipment = no_equipment
        self._open_by_stem: dict[str, dict[str, set[str]]] = {}
        for key, items in self._open.items():
            by_stem: dict[str, set[str]] = defaultdict(set)
            for item in items:
                for word in item.split():
                    by_stem[_stem(word)].add(item)
            self._open_by_stem[key] = dict(by_stem)
        self._open_stems = {key: sorted(by_stem) for key, by_stem in self._open_by_stem.items()}
        self._open_cache: dict[tuple[str, str], frozenset[int]] = {}
        # Unique prefixes of each length, for typos inside an unfinished word ("strec").
        self._prefixes: dict[int, list[str]] = {
            n: sorted({t[:n] for t in fuzzy_vocab if len(t) > n}) for n in _PREFIX_LENGTHS
        }
        self._all_ids = range(self._size)
        self._word_cache: dict[str, list[tuple[str, int, bool]]] = {}

    # -- public -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def __contains__(self, slug: object) -> bool:
        return slug in self._exercises

    @property
    def slugs(self) -> list[str]:
        """Every slug, in the stable order of an empty query (name, then slug)."""
        return list(self._slugs)

    def exercise(self, slug: str) -> Searchable | None:
        """The exercise (or card) the index was built from."""
        return self._exercises.get(slug)

    def values(self, key: str) -> list[str]:
        """The values a filter key has in this library (for completion and hints)."""
        key = FILTER_KEYS.get(key, key)
        if key in self._closed:
            return [v for v in CHOICES[key] if v in self._closed[key]]
        if key in self._open:
            found = sorted(self._open[key])
            return [EQUIP_NONE, *found] if key == "equip" and self._no_equipment else found
        return []

    def clear_cache(self) -> None:
        """Forget the vocabulary matches remembered for recent words."""
        self._word_cache.clear()
        self._open_cache.clear()

    def parse(self, text: str) -> Query:
        """`parse_query`, plus a problem for each equip/muscle/tag value nothing in the
        library has; such values are left out of the query."""
        query = parse_query(text)
        problems = list(query.problems)
        filters: dict[str, frozenset[str]] = {}
        for key, values in query.filters.items():
            if key not in OPEN_KEYS:
                filters[key] = values
                continue
            kept = set()
            for value in sorted(values):
                if self._open_ids(key, value):
                    kept.add(value)
                else:
                    problems.append(self._unknown_open(key, value))
            if kept:
                filters[key] = frozenset(kept)
        if len(problems) == len(query.problems):
            return query
        return Query(query.text, query.words, filters, tuple(problems))

    def search(self, query: str | Query, limit: int | None = None) -> Results:
        """Exercises matching the query, best first: by score; equal scores by how tightly a
        name or alias holds the query (see `_tighten`), then by name, then slug.

        A text query is parsed with `parse`; parts with problems are left out. The answer
        is a sequence of `Hit`s made only when read, so a query that matches thousands of
        exercises costs little until its hits are shown; `len()` is the number of matches.
        """
        if isinstance(query, str):
            query = self.parse(query)
        cap = None if limit is None else max(limit, 0)
        allowed = self._filter(query.filters)
        if not query.words:
            ids = self._all_ids if allowed is None else sorted(allowed)
            return Results(self._slugs, ids[:cap], None, ())
        wide = None if cap is None else cap + TIGHT_WINDOW
        if len(query.words) == 1:
            ids, encoded = self._rank_one(query.words[0], allowed, wide)
            ids, encoded = self._tighten(ids, encoded, query.words, cap)
            return Results(self._slugs, ids, encoded, ())

        per_word = [self._word_scores(word) for word in query.words]
        smallest = per_word[0]
        for scores in per_word:
            if len(scores) < len(smallest):
                smallest = scores
        common = set(smallest)
        for scores in per_word:
            common.intersection_update(scores)
        if allowed is not None:
            common &= allowed
        cand = sorted(common)  # the stable order, kept by the stable sort below
        totals = map(per_word[0].__getitem__, cand)
        for scores in per_word[1:]:
            totals = map(add, totals, map(scores.__getitem__, cand))
        keyed = dict(zip(cand, totals, strict=True))
        cand.sort(key=keyed.__getitem__, reverse=True)
        cand = cand[:wide]
        ids, encoded = self._tighten(cand, list(map(keyed.__getitem__, cand)), query.words, cap)
        return Results(self._slugs, ids, encoded, per_word)

    # -- internals --------------------------------------------------------------------------

    def _tighten(
        self, ids: list[int], encoded: list[int], words: Sequence[str], cap: int | None
    ) -> tuple[list[int], list[int]]:
        """Among the first hits, equal scores go to the exercise whose name or one alias holds
        every query word with the fewest other words: `rdl` puts Romanian Deadlift (alias
        "RDL") before the single-leg deadlifts whose longer aliases also say RDL."""
        window = min(len(ids), TIGHT_WINDOW if cap is None else cap + TIGHT_WINDOW)
        if window > 1 and len(set(encoded[:window])) < window:
            exercises, slugs = self._exercises, self._slugs
            wanted = [w.casefold() for w in words]

            def tightness(i: int) -> int:
                ex = exercises[slugs[i]]
                best = LOOSE
                for text in (ex.name, *ex.aliases):
                    found = _TOKEN.findall(text.casefold())
                    if all(any(t.startswith(w) for t in found) for w in wanted):
                        best = min(best, len(found) - len(wanted))
                return best

            head = sorted(
                zip(ids[:window], encoded[:window], strict=True),
                key=lambda p: (-p[1], tightness(p[0])),
            )
            ids = [i for i, _ in head] + ids[window:]
            encoded = [e for _, e in head] + encoded[window:]
        return ids[:cap], encoded[:cap]

    def _rank_one(
        self, word: str, allowed: set[int] | None, cap: int | None
    ) -> tuple[list[int], list[int]]:
        """Ids and encoded scores for a one-word query, ranked.

        Layers of equal score are taken best first, each new id once, each layer in the
        stable order: set operations and small sorts instead of a key per exercise.
        """
        layers = self._layers(word)
        layers.sort(key=_first, reverse=True)
        ids: list[int] = []
        encoded: list[int] = []
        seen: set[int] = set()
        for value, group in groupby(layers, key=_first):
            found: set[int] = set()
            for _, posting in group:
                found.update(posting)
            if allowed is not None:
                found &= allowed
            found -= seen
            if not found:
                continue
            seen |= found
            ordered = sorted(found)
            ids += ordered
            encoded += repeat(value, len(ordered))
            if cap is not None and len(ids) >= cap:
                return ids[:cap], encoded[:cap]
        return ids, encoded

    def _filter(self, filters: Mapping[str, frozenset[str]]) -> set[int] | None:
        """The ids every filter allows, or None when there are no filters."""
        allowed: set[int] | None = None
        for key, values in filters.items():
            ids: set[int] = set()
            for value in values:
                if key in OPEN_KEYS:
                    ids |= self._open_ids(key, value)
                else:
                    ids.update(self._closed.get(key, {}).get(value, ()))
            allowed = ids if allowed is None else allowed & ids
            if not allowed:
                return set()
        return allowed

    def _open_ids(self, key: str, value: str) -> frozenset[int]:
        """Exercises whose equip/muscle/tag names `value`: each of its words begins a word
        of the same item, plurals aside (`ball` ~ `stability ball`, `calf` ~ `calves`)."""
        if key == "equip" and value == EQUIP_NONE:
            return frozenset(self._no_equipment)
        cached = self._open_cache.get((key, value))
        if cached is not None:
            return cached
        stems = self._open_stems.get(key, [])
        by_stem = self._open_by_stem.get(key, {})
        items: set[str] | None = None
        for word in value.split():
            stem = _stem(word)
            lo = bisect.bisect_left(stems, stem)
            hi = bisect.bisect_left(stems, stem + _LAST_CHAR, lo)
            found: set[str] = set()
            for match in stems[lo:hi]:
                found |= by_stem[match]
            items = found if items is None else items & found
            if not items:
                break
        ids: set[int] = set()
        for item in items or ():
            ids.update(self._open[key][item])
        result = frozenset(ids)
        if len(self._open_cache) >= 256:
            self._open_cache.clear()
        self._open_cache[(key, value)] = result
        return result

    def _unknown_open(self, key: str, value: str) -> str:
        known = self.values(key)
        what = {"equip": "uses", "muscle": "works", "tag": "is tagged"}[key]
        message = f"{key}: no exercise {what} `{value}`"
        hint = did_you_mean(value, known)
        return f"{message}; did you mean `{hint}`?" if hint else message

    def _vocab_matches(self, word: str) -> list[tuple[str, int, bool]]:
        """Vocabulary tokens a query word stands for: (token, similarity 1..100, whether
        the match counts in summaries). An unfinished word matches the start of summary
        words only from 5 letters on, so a short prefix does not match half the prose."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        best: dict[str, tuple[int, bool]] = {}
        n = len(word)
        in_summary = n >= SUMMARY_PREFIX_MIN

        def offer(token: str, similarity: float, summary: bool) -> None:
            sim = max(1, min(100, round(similarity)))
            old_sim, old_summary = best.get(token, (0, False))
            if sim > old_sim or (summary and not old_summary):
                best[token] = (max(sim, old_sim), summary or old_summary)

        if word in self._postings:
            offer(word, 100, True)
        vocab = self._vocab
        if n >= 1:  # an unfinished word: every token it begins
            lo = bisect.bisect_right(vocab, word)
            hi = bisect.bisect_left(vocab, word + _LAST_CHAR, lo)
            for token in vocab[lo:hi]:
                offer(token, 75 + 20 * n / len(token), in_summary)
        typos = 0 if _DIGIT.search(word) else _max_typos(n)
        if typos:
            # Imported here, at the first typo-tolerant search: not on the app's way to its
            # first paint (once imported this costs a dictionary lookup).
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            for length in range(max(1, n - typos), n + typos + 1):
                for token, distance, _ in process.extract(
                    word,
                    self._by_length.get(length, ()),
                    scorer=OSA.distance,
                    score_cutoff=typos,
                    limit=None,
                ):
                    if distance:
                        offer(token, 90 - 100 * distance / max(n, len(token)), True)
            prefixes = self._prefixes.get(n)
            if prefixes is not None:
                for prefix, distance, _ in process.extract(
                    word, prefixes, scorer=OSA.distance, score_cutoff=typos, limit=None
                ):
                    if not distance:
                        continue
                    lo = bisect.bisect_left(vocab, prefix)
                    hi = bisect.bisect_left(vocab, prefix + _LAST_CHAR, lo)
                    for token in vocab[lo:hi]:
                        offer(token, 65 + 15 * n / len(token) - 100 * distance / n, False)
        found = [(token, sim, summary) for token, (sim, summary) in sorted(best.items())]
        if len(self._word_cache) >= 256:
            self._word_cache.clear()
        self._word_cache[word] = found
        return found

    def _layers(self, word: str) -> list[tuple[int, Ids]]:
        """(encoded score, ids) for every (token, field) a word matches.

        encoded = points * span + field code, so a larger value is a better match.
        """
        layers: list[tuple[int, Ids]] = []
        postings = self._postings
        for token, sim, summary in self._vocab_matches(word):
            for code, ids in postings[token]:
                if code != SUMMARY or summary:
                    layers.append((WEIGHTS[code] * sim * _CODE_SPAN + code, ids))
        return layers

    def _word_scores(self, word: str) -> dict[int, int]:
        """id -> the encoded best score of one word in that exercise."""
        layers = self._layers(word)
        layers.sort(key=_first)
        scores: dict[int, int] = {}
        for encoded, ids in layers:  # ascending, so the best layer is written last
            scores.update(zip(ids, repeat(encoded)))
        return scores


class Results(Sequence[Hit]):
    """Hits in rank order; a `Hit` is made when it is read (index, slice, iteration)."""

    __slots__ = ("_encoded", "_ids", "_per_word", "_slugs")

    def __init__(
        self,
        slugs: Sequence[str],
        ids: Sequence[int],
        encoded: Sequence[int] | None,
        per_word: Sequence[Mapping[int, int]],
    ) -> None:
        self._slugs = slugs
        self._ids = ids
        self._encoded = encoded
        self._per_word = per_word

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self._hit(i) for i in range(*index.indices(len(self._ids)))]
        if index < 0:
            index += len(self._ids)
        if not 0 <= index < len(self._ids):
            raise IndexError("search result index out of range")
        return self._hit(index)

    def __iter__(self) -> Iterator[Hit]:
        return map(self._hit, range(len(self._ids)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Results: {len(self)} hits>"

    def slugs(self) -> list[str]:
        """The slugs of every hit, in rank order (without making Hit objects)."""
        return list(map(self._slugs.__getitem__, self._ids))

    def _hit(self, position: int) -> Hit:
        i = self._ids[position]
        if self._encoded is None:
            return Hit(self._slugs[i], 0.0, "")
        total = self._encoded[position]
        best = max((scores[i] for scores in self._per_word), default=total)
        return Hit(
            self._slugs[i],
            total // _CODE_SPAN / POINTS_PER_SCORE,
            FIELD_NAMES[best % _CODE_SPAN],
        )
