"""The TOML text of hamtui files, written with tomlkit (no Textual).

`new_text` writes a model as a new file: docs/formats.md key order, defaults left out, tables
as `[table]` and `[[array]]` sections, long arrays one item per line, multi-line text as
multi-line strings, UTC times with `Z`.

`edited_text` writes a model over the text it was loaded from, changing only what changed: the
author's comments, blank lines, key order and string quoting stay wherever the content did not
change. A changed value keeps the comment at the end of its line. Arrays of tables (blocks,
items, cues) are matched entry by entry, so duplicating, moving or removing one item leaves the
comments of the others where they were, including a comment written above an entry's
`[[header]]`. If the edited text would not read back as exactly the model (a layout tomlkit
cannot edit in place), the new-file text is written instead: the content is never wrong.

(Just over 500 lines: the matching of entries is one piece with the writing it feeds.)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Item, Table, Whitespace

from hamtui.model.program import Program
from hamtui.model.session import SessionRecord

LINE_LENGTH = 100


# ---------------------------------------------------------------------------------------------
# The document of a model


def to_document(model: BaseModel) -> dict[str, Any]:
    """The TOML document of a model: docs/formats.md key order, defaults left out, stable order."""
    data = model.model_dump(mode="python", exclude_defaults=True)
    if "format" in data:
        data = {"format": data.pop("format"), **data}
    if isinstance(model, Program) and "exercises" in data:
        data["exercises"] = dict(sorted(data["exercises"].items()))
    if isinstance(model, SessionRecord):
        # A record always says where it stands, in docs/formats.md's place (after the times).
        full = model.model_dump(mode="python")
        data = {
            key: data[key] if key in data else full[key]
            for key in full
            if key in data or key == "status"
        }
    return data


def _full(model: BaseModel) -> dict[str, Any]:
    data = model.model_dump(mode="python")
    if isinstance(model, Program):
        data["exercises"] = dict(sorted(data["exercises"].items()))
    return data


# ---------------------------------------------------------------------------------------------
# New files


def new_text(model: BaseModel) -> str:
    """The text of a model written as a new file."""
    document = tomlkit.document()
    for key, value in to_document(model).items():
        _append(document, key, _item(value, width=len(key) + 3))
    return tomlkit.dumps(document).lstrip("\n")


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _is_table_like(value: Any) -> bool:
    return isinstance(value, dict) or _is_array_of_tables(value)


def _item(value: Any, *, width: int = 0) -> Item:
    """A tomlkit item for a plain value of a model dump."""
    if isinstance(value, dict):
        return _table(value)
    if _is_array_of_tables(value):
        aot = tomlkit.aot()
        for entry in value:
            aot.append(_table(entry))
        return aot
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(_item(entry) for entry in value)
        flat = array.as_string()
        if width + len(flat) > LINE_LENGTH or "\n" in flat:
            array.multiline(True)
        return array
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime) and value.utcoffset() == timedelta(0):
        written: Item = tomlkit.value(value.isoformat().removesuffix("+00:00") + "Z")
        return written
    plain: Item = tomlkit.item(value)
    return plain


def _table(data: dict[str, Any]) -> Table:
    # A table holding only tables (`[exercises.x]` under `exercises`) gets no header of its own.
    # Every header has a blank line above it.
    only_tables = bool(data) and all(_is_table_like(v) for v in data.values())
    table = tomlkit.table(is_super_table=only_tables)
    if not only_tables:
        table.trivia.indent = "\n"
    values = [(k, v) for k, v in data.items() if not _is_table_like(v)]
    tables = [(k, v) for k, v in data.items() if _is_table_like(v)]
    for key, value in values + tables:
        _append(table, key, _item(value, width=len(key) + 3))
    return table


def _append(container: Container | Table, key: str, item: Item) -> None:
    container.append(key, item)
    if isinstance(item, Table) and item.is_super_table():
        item.trivia.indent = ""  # tomlkit gives it a blank line; its first sub-table has one


def _string(value: str) -> Item:
    # Text with line breaks is written as a multi-line string whose first line starts below
    # the quotes; text with a carriage return stays escaped on one line (a multi-line string
    # would read it back as a plain line break).
    if "\n" not in value or "\r" in value:
        return tomlkit.string(value)
    string = tomlkit.string(value, multiline=True)
    body = string.as_string()[3:-3]
    return string if body.startswith("\n") else tomlkit.value(f'"""\n{body}"""')


# ---------------------------------------------------------------------------------------------
# Edited files


def edited_text(original: str, old: BaseModel, new: BaseModel) -> str:
    """The text of `new` written over `original`, the text `old` was loaded from."""
    old_full, new_full = _full(old), _full(new)
    if old_full == new_full:
        return original
    try:
        document = tomlkit.parse(original)
        merge = _Merge(_Seen.of(old_full), _Seen.of(new_full))
        merge.table(document, old_full, new_full, to_document(new))
        merge.place_moved()
        text = tomlkit.dumps(document)
        reread = type(new).model_validate(tomllib.loads(text))
    except Exception:  # any layout tomlkit cannot edit: write a new file
        return new_text(new)
    return text if reread == new else new_text(new)


@dataclass
class _Removed:
    """An entry of an array of tables that left its place: it may come back elsewhere."""

    value: Any
    aot: AoT
    table: Table
    lead: str
    used: bool = False


@dataclass
class _Added:
    """A new entry written where a moved entry may belong."""

    value: Any
    lean: Any
    aot: AoT
    table: Table
    placed: bool = False


@dataclass
class _Merge:
    """One edit of a parsed document. Entries removed from one array of tables and added,
    unchanged, to another (or elsewhere in the same one) are moved whole, with their comments."""

    old_seen: _Seen  # what the arrays of tables hold, before and after
    new_seen: _Seen
    removed: list[_Removed] = field(default_factory=list)
    added: list[_Added] = field(default_factory=list)

    def table(
        self,
        container: Container | Table,
        old: dict[str, Any],
        new: dict[str, Any],
        lean: dict[str, Any],
    ) -> None:
        """Make a parsed table hold `new`, touching only the keys whose value changed."""
        present = list(container.keys())
        for key in present:
            if key not in new:
                del container[key]
                continue
            if old.get(key) == new[key]:
                continue
            value, current = new[key], container[key]
            if value is None or (key not in lean and not _has_comment(current)):
                if isinstance(current, AoT):  # its entries may have moved elsewhere
                    lead = _take_leading(_body(container), current)
                    self.array_of_tables(current, lead, old.get(key) or [], [], [])
                del container[key]  # back to its default: left out, as in a new file
            elif isinstance(value, dict) and isinstance(current, Table):
                self.table(current, old.get(key) or {}, value, lean.get(key) or {})
            elif _is_array_of_tables(value) and isinstance(current, AoT):
                lead = _take_leading(_body(container), current)
                self.array_of_tables(current, lead, old.get(key) or [], value, lean.get(key) or [])
            else:
                container[key] = _item(lean.get(key, value), width=len(key) + 3)
        known = set(present)
        _add_missing(container, list(new), lean, present)
        for key in new:
            if key not in known and isinstance(container.get(key), AoT):
                self.added_array(container[key], new[key], lean[key])

    def array_of_tables(
        self, aot: AoT, lead: str, old: list[Any], new: list[Any], lean: list[Any]
    ) -> None:
        """Match old and new entries; keep the unchanged ones whole and edit the changed ones.

        The lines between two entries (blank lines and comments above a `[[header]]`) belong to
        the entry below them and move with it; `lead` is what was written above the first."""
        tables = list(aot.body)
        if len(tables) != len(old):
            raise ValueError("the file's entries do not match the model")
        trails = [_take_trailing(table) for table in tables]
        above = [lead + tables[0].trivia.indent if tables else lead, *trails[:-1]]
        last_trail = trails[-1] if trails else ""
        result: list[tuple[Table, str]] = []
        for i, j in _pairs(old, new, self.old_seen, self.new_seen):
            if j is None:
                assert i is not None
                self.removed.append(_Removed(old[i], aot, tables[i], above[i]))
            elif i is None:
                table = _table(lean[j])
                self.added.append(_Added(new[j], lean[j], aot, table))
                result.append((table, "\n"))
            else:
                if old[i] != new[j]:
                    self.table(tables[i], old[i], new[j], lean[j])
                result.append((tables[i], above[i]))
        for table, above_it in result:
            table.trivia.indent = above_it
        if result:
            _deepest_last(result[-1][0]).extend(_lines(last_trail))
        aot[:] = [table for table, _ in result]

    def added_array(self, aot: AoT, new: list[Any], lean: list[Any]) -> None:
        """Entries of a new array of tables may be moved ones too."""
        entries = zip(new, lean, aot.body, strict=True)
        self.added.extend(_Added(value, thin, aot, table) for value, thin, table in entries)

    def place_moved(self) -> None:
        """Put each removed entry that came back in place of its new copy: first those that
        came back unchanged (anywhere), then those edited and moved within their array.
        Merging an edited entry may remove and add inner entries: repeat until none is left."""
        while self._place_unchanged() | self._place_one_edited() or self._open_removed():
            pass

    def _open_removed(self) -> bool:
        """Offer the inner entries of removed entries (an item of a removed block may have
        moved to another block); the removed entries themselves are done with."""
        opened = False
        for removed in list(self.removed):
            if removed.used or not isinstance(removed.value, dict):
                continue
            removed.used = opened = True
            for key, value in removed.value.items():
                inner = removed.table.get(key)
                if _is_array_of_tables(value) and isinstance(inner, AoT):
                    lead = _take_leading(removed.table.value.body, inner)
                    self.array_of_tables(inner, lead, value, [], [])
        return opened

    def _place_unchanged(self) -> bool:
        placed = False
        for added in self.added:
            if added.placed:
                continue
            match = next((r for r in self.removed if not r.used and r.value == added.value), None)
            if match is not None:
                self._put_back(added, match)
                placed = True
        return placed

    def _place_one_edited(self) -> bool:
        for added in self.added:
            if added.placed or repr(added.value) in self.old_seen.entries:
                continue
            alike = [
                (_kinship(r.value, added.value), n)
                for n, r in enumerate(self.removed)
                if not r.used and repr(r.value) not in self.new_seen.entries
            ]
            # across arrays, only one of that name or notes; within one array, also one mostly
            # alike, unless the name or notes of either is found elsewhere
            alike = [
                (score, n)
                for score, n in alike
                if score >= _SAME_NAME
                or (
                    score > 0
                    and self.removed[n].aot is added.aot
                    and not self.new_seen.words_of(self.removed[n].value)
                    and not self.old_seen.words_of(added.value)
                )
            ]
            if alike:
                match = self.removed[max(alike)[1]]
                self.table(match.table, match.value, added.value, added.lean)
                self._put_back(added, match)
                return True
        return False

    def _put_back(self, added: _Added, match: _Removed) -> None:
        match.used = added.placed = True
        position = next(i for i, t in enumerate(added.aot.body) if t is added.table)
        match.table.trivia.indent = match.lead
        _deepest_last(match.table).extend(_lines(_take_trailing(added.table)))
        added.aot[position] = match.table


def _body(container: Container | Table) -> list[tuple[Any, Item]]:
    return container.value.body if isinstance(container, Table) else container.body


def _has_comment(item: Any) -> bool:
    return isinstance(item, Item) and bool(item.trivia.comment)


def _add_missing(
    container: Container | Table, order: list[str], lean: dict[str, Any], present: list[str]
) -> None:
    """Add the keys of `lean` the table lacks, each after the nearest key before it in `order`."""
    body = _body(container)
    inner = container.value if isinstance(container, Table) else container
    for key in order:
        if key not in lean or key in present:
            continue
        item = _item(lean[key], width=len(key) + 3)
        before = _position_after(body, order[: order.index(key)])
        if before is None or before >= len(body) or _is_table_like(lean[key]):
            container.append(key, item)
        else:
            inner._insert_at(before, key, item)
        present.append(key)


def _position_after(body: list[tuple[Any, Item]], earlier: list[str]) -> int | None:
    """The body index just after the last plain value whose key is in `earlier`."""
    found = None
    for index, (key, item) in enumerate(body):
        if key is not None and key.key in earlier and not isinstance(item, Table | AoT):
            found = index + 1
    return found


def _pairs(
    old: list[Any], new: list[Any], old_seen: _Seen, new_seen: _Seen
) -> list[tuple[int | None, int | None]]:
    """Old and new entries of an array of tables, paired: (i, j) the same entry, (i, None)
    removed, (None, j) added; in the new order, the removed ones last.

    Unchanged entries pair first (in order, then moved ones). The rest pair by `_kinship`,
    surest first (the same name or notes, then the most fields equal: an item whose dose
    changed, or whose exercise was swapped, is still that item), except entries found
    unchanged elsewhere in the document, or whose name or notes are found elsewhere unless
    this pairing is as sure: those moved, and `place_moved` puts them back."""
    old_text, new_text_ = [repr(v) for v in old], [repr(v) for v in new]
    partner: dict[int, int] = {}  # new index -> old index
    whole = SequenceMatcher(a=old_text, b=new_text_, autojunk=False)
    for block in whole.get_matching_blocks():
        partner.update({block.b + k: block.a + k for k in range(block.size)})
    free_old = [i for i in range(len(old)) if i not in partner.values()]
    waiting: dict[str, list[int]] = {}
    for i in free_old:
        waiting.setdefault(old_text[i], []).append(i)
    for j in range(len(new)):
        if j not in partner and waiting.get(new_text_[j]):
            partner[j] = waiting[new_text_[j]].pop(0)
    taken = set(partner.values())
    edited_old = [i for i in free_old if i not in taken and old_text[i] not in new_seen.entries]
    edited_new = [
        j for j in range(len(new)) if j not in partner and new_text_[j] not in old_seen.entries
    ]
    if len(edited_old) * len(edited_new) > _WEIGH_AT_MOST:
        partner.update(zip(edited_new, edited_old, strict=False))  # by position
    else:
        weighed = [
            (_kinship(old[i], new[j]), -abs(i - j), i, j) for i in edited_old for j in edited_new
        ]
        for kinship, _, i, j in sorted(weighed, reverse=True):
            if kinship < _SAME_NAME and (new_seen.words_of(old[i]) or old_seen.words_of(new[j])):
                continue  # their own words are elsewhere: that is where they belong
            if kinship > 0 and i not in taken and j not in partner:
                partner[j] = i
                taken.add(i)
    taken = set(partner.values())
    pairs: list[tuple[int | None, int | None]] = [(partner.get(j), j) for j in range(len(new))]
    return pairs + [(i, None) for i in range(len(old)) if i not in taken]


_WEIGH_AT_MOST = 40_000  # beyond this many pairs to weigh, edited entries pair by position


_SAME_NAME = 10.0
# The fields written in the author's own words: when one of them is equal and not empty, two
# entries are one entry edited (swapping an item's exercise keeps its notes and cues).
_OWN_WORDS = ("name", "notes", "text")


@dataclass
class _Seen:
    """What the arrays of tables of a document hold: each entry's text, and the name, notes
    and text fields of the entries."""

    entries: set[str] = field(default_factory=set)
    words: set[tuple[str, Any]] = field(default_factory=set)

    @classmethod
    def of(cls, document: dict[str, Any]) -> _Seen:
        seen = cls()
        seen._walk(document)
        return seen

    def _walk(self, value: Any) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                self._walk(inner)
        elif _is_array_of_tables(value):
            for entry in value:
                self.entries.add(repr(entry))
                self.words.update((k, entry[k]) for k in _OWN_WORDS if entry.get(k))
                self._walk(entry)

    def words_of(self, entry: Any) -> bool:
        """Whether an entry's name, notes or text is found here."""
        return isinstance(entry, dict) and any(
            entry.get(k) and (k, entry[k]) in self.words for k in _OWN_WORDS
        )


def _kinship(a: Any, b: Any) -> float:
    """How surely two entries are one entry edited: 0 when they are not; above `_SAME_NAME`
    when they share a name, notes or text, plus the share of fields equal; else that share,
    when it is more than half."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return 1.0 if a == b else 0.0
    keys = a.keys() | b.keys()
    share = sum(a.get(k) == b.get(k) for k in keys) / len(keys) if keys else 1.0
    if any(a.get(k) and a.get(k) == b.get(k) for k in _OWN_WORDS):
        return _SAME_NAME + share
    return share if share > 0.5 else 0.0


def _deepest_last(table: Table) -> list[tuple[Any, Item]]:
    """The body that holds the last lines written under a table (its last sub-table's, if any)."""
    body = table.value.body
    keyed = [item for key, item in body if key is not None]
    if keyed and isinstance(keyed[-1], AoT) and keyed[-1].body:
        return _deepest_last(keyed[-1].body[-1])
    if keyed and isinstance(keyed[-1], Table):
        return _deepest_last(keyed[-1])
    return body


def _take_leading(body: list[tuple[Any, Item]], aot: AoT) -> str:
    """Blank the blank lines and comments written just above an array of tables (they belong
    to its first entry); their text. Blanked, not removed: the body's index stays valid."""
    end = next(i for i, (_, item) in enumerate(body) if item is aot)
    start = end
    while start > 0 and body[start - 1][0] is None:
        if not isinstance(body[start - 1][1], Whitespace | Comment):
            break
        start -= 1
    text = "".join(item.as_string() for _, item in body[start:end])
    for index in range(start, end):
        body[index] = (None, Whitespace(""))
    return text


def _take_trailing(table: Table) -> str:
    """Remove the blank lines and comments after a table's last value; their text."""
    body = _deepest_last(table)
    taken: list[Item] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace | Comment):
        taken.append(body.pop()[1])
    return "".join(item.as_string() for item in reversed(taken))


def _lines(text: str) -> list[tuple[None, Item]]:
    """Blank lines and comments as body entries (parsed back from their text)."""
    if not text:
        return []
    parsed = tomlkit.parse(text)
    return [(None, item) for key, item in parsed.body if key is None]
