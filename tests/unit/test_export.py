"""Handouts: what they contain, and that text from files renders as typed (Markdown, HTML)."""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hamtui.exercise_page import avoid_text
from hamtui.export import (
    build_handout,
    format_for_path,
    handout_file_name,
    handout_html,
    handout_markdown,
    render_handout,
    write_handout,
)
from hamtui.export.markdown import md_inline, md_paragraph
from hamtui.files import load_program
from hamtui.library import Library, load_library
from hamtui.model.program import Program

REPO = Path(__file__).resolve().parents[2]

HOSTILE = r'''
format = "hamtui-program/1"
title = "[bold]*x*<script>alert(1)</script>"
author = "Coach _A_ & co"
summary = """# Not a heading
- not a list
1. not numbered"""
stage = "early"
sessions_per_week = 3
tags = ["rehab", "<b>tag</b>"]

[[blocks]]
name = "Warm `up` #1"

  [[blocks.items]]
  exercise = "seated-hamstring-set"
  sets = 2
  reps = 10
  hold_s = 5
  rest_s = 30
  side = "each"
  tempo = "3-1-1-0"
  notes = "Go | easy <img src=x onerror=alert(1)>"
  cues = ["[red]careful[/red]"]

[[blocks]]
name = "Circuit"
rounds = 3
rest_between_rounds_s = 60

  [[blocks.items]]
  exercise = "my-move"
  reps = 8

  [[blocks.items]]
  exercise = "ghost-exercise"
  reps = 5

[exercises.my-move]
name = "My *move*"
category = "strength"
mode = "reps"
summary = "Line one\nLine two"
equipment = ["band"]
steps = ["Step <one>", "Step two"]
red_flags = ["Sharp pain \u001b[2J"]
avoid_when = ["acute strain"]

  [[exercises.my-move.cues]]
  text = "Slow & steady"
  at = 10
  level = "stop"
'''


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True)


@pytest.fixture
def hostile() -> Program:
    return Program.model_validate(tomllib.loads(HOSTILE))


def bundled_programs() -> list[Path]:
    return sorted((REPO / "programs").glob("*.toml"))


# ---------------------------------------------------------------------------------------------
# Content


def test_handout_data(hostile: Program, library: Library) -> None:
    handout = build_handout(hostile, library)
    assert [b.name for b in handout.blocks] == ["Warm `up` #1", "Circuit"]
    first = handout.blocks[0].rows[0]
    assert (first.name, first.sets_reps, first.hold, first.rest, first.side, first.tempo) == (
        "Seated Hamstring Set",
        "2 × 10",
        "5 s",
        "30 s",
        "each side",
        "",  # held: the session runs holds, so the file's tempo is not used
    )
    assert first.dose == "2 × 10 · hold 5 s · rest 30 s · each side"  # held: no tempo
    circuit = handout.blocks[1]
    assert circuit.is_circuit and "3 rounds" in circuit.how and "60 s" in circuit.how
    # in a circuit the sets are the rounds (the engine does one set per round)
    assert [row.sets_reps for row in circuit.rows] == ["8 reps × 3 rounds", "5 reps × 3 rounds"]
    assert [e.slug for e in handout.exercises] == ["seated-hamstring-set", "my-move"]
    assert handout.unresolved == ("ghost-exercise",)
    assert not circuit.rows[1].resolved and circuit.rows[1].name == "ghost-exercise"
    my_move = handout.exercises[1]
    assert my_move.cues[0].when_first == "At 10 s" and my_move.cues[0].level == "stop"
    assert my_move.red_flags.items == ("Sharp pain \\x1b[2J",)  # spelled out
    assert handout.has_safety and handout.rules and handout.symptoms


@pytest.mark.parametrize("path", bundled_programs(), ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bundled_program_handouts_hold_everything(path: Path, fmt: str, library: Library) -> None:
    program = load_program(path).model
    text = render_handout(program, library, "md" if fmt == "md" else "html")
    esc = md_inline if fmt == "md" else _html_text
    assert esc(program.title) in text
    for n, block in enumerate(program.blocks, 1):
        assert f"{n}. {esc(block.name)}" in text
    for slug in program.referenced_slugs():
        exercise = library.resolve(program, slug)
        assert exercise is not None
        assert esc(exercise.name) in text
        for step in exercise.steps:
            assert esc(step) in text, step
        for cue in exercise.cues:
            assert esc(cue.text) in text, cue.text
        for flag in exercise.red_flags:
            assert esc(flag) in text, flag
        rules = library.safety
        conditions = {c.id: c for c in rules.conditions} if rules is not None else {}
        for avoid in exercise.avoid_when:
            said = avoid_text(avoid, conditions)
            assert esc(said) in text, said
    assert library.safety is not None
    for rule in library.safety.rules:
        assert esc(rule.text) in text, rule.id
    for symptom in library.safety.symptoms:
        assert esc(symptom.label) in text, symptom.id


def _html_text(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def test_markdown_dose_table_rows(hostile: Program, library: Library) -> None:
    md = handout_markdown(hostile, library)
    assert "| Exercise | Sets × reps | Hold | Rest | Side | Tempo | Notes |" in md
    assert (
        "| Seated Hamstring Set | 2 × 10 | 5 s | 30 s | each side | – | "
        "Go \\| easy \\<img src=x onerror=alert(1)\\> · Cue: \\[red\\]careful\\[/red\\] |"
    ) in md
    assert "| My \\*move\\* | 8 reps × 3 rounds | – | – | both | – | – |" in md
    assert "| `ghost-exercise` (not in the library) | 5 reps × 3 rounds |" in md
    assert "### Not found in the library" in md and "- `ghost-exercise`" in md
    assert "- At 10 s (stop): Slow \\& steady" in md
    assert "**Red flags: stop and get it checked**" in md and "- Sharp pain \\\\x1b\\[2J" in md
    assert "**Avoid when**" in md and "- acute strain" in md
    assert "1. Step \\<one\\>" in md and "2. Step two" in md
    assert "- **Stage:** early" in md and "- **Sessions per week:** 3" in md
    assert "\x1b" not in md


def test_markdown_escapes_render_as_typed(hostile: Program, library: Library) -> None:
    md = handout_markdown(hostile, library)
    assert md.startswith("# \\[bold\\]\\*x\\*\\<script\\>alert(1)\\</script\\>\n")
    assert "By Coach \\_A\\_ \\& co" in md
    assert "\\# Not a heading\\\n\\- not a list\\\n1\\. not numbered" in md
    assert "### 1. Warm \\`up\\` \\#1" in md

    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html and "<img" not in html
    assert "<h1>[bold]*x*&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<p>By Coach _A_ &amp; co</p>" in html
    assert "# Not a heading<br />\n- not a list<br />\n1. not numbered" in html
    assert "<h3>1. Warm `up` #1</h3>" in html
    assert "<td>Go | easy &lt;img src=x onerror=alert(1)&gt; · Cue: [red]careful[/red]</td>" in html
    assert html.count("<em>") == 1 and "<em>Made with hamtui" in html  # only our own


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*x*", "\\*x\\*"),
        ("a_b", "a\\_b"),
        ("# head", "\\# head"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("> quote", "\\> quote"),
        ("`code`", "\\`code\\`"),
        ("a\\b", "a\\\\b"),
        ("x | y", "x \\| y"),
        ("&amp;", "\\&amp;"),
        ("two\nlines", "two lines"),
        ("plain words, 2 × 10 (each) - fine", "plain words, 2 × 10 (each) - fine"),
    ],
)
def test_md_inline(text: str, expected: str) -> None:
    assert md_inline(text) == expected


def test_md_paragraph_keeps_breaks() -> None:
    assert md_paragraph("one\ntwo\n\n- three") == "one\\\ntwo\n\n\\- three"


# ---------------------------------------------------------------------------------------------
# HTML


VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.errors: list[str] = []
        self.data: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]
        if tag == "style":
            self._in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.data.append(data)


def check_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.errors == []
    assert checker.stack == [], "unclosed tags"
    assert not {"script", "link", "iframe", "img", "object", "embed"} & set(checker.tags)
    for tag, name, value in checker.attrs:
        assert name != "src", tag
        assert not name.startswith("on"), (tag, name)
        if name == "href":
            assert value is not None and value.startswith("#"), value
    assert "url(" not in checker.style and "@import" not in checker.style
    assert "@media print" in checker.style
    return checker


def test_html_is_self_contained_and_balanced(hostile: Program, library: Library) -> None:
    text = handout_html(hostile, library)
    assert text.startswith("<!DOCTYPE html>\n")
    checker = check_html(text)
    for tag in ("html", "head", "body", "main", "table", "thead", "tbody", "h1", "h2", "ol"):
        assert tag in checker.tags
    shown = "".join(checker.data)
    assert "[bold]*x*<script>alert(1)</script>" in shown  # as typed, once unescaped
    assert "Go | easy <img src=x onerror=alert(1)>" in shown
    assert "Cue: [red]careful[/red]" in shown


def test_html_escapes_text(hostile: Program, library: Library) -> None:
    text = handout_html(hostile, library)
    assert "<h1>[bold]*x*&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in text
    assert "<title>[bold]*x*&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<dd>rehab, &lt;b&gt;tag&lt;/b&gt;</dd>" in text
    assert "Slow &amp; steady" in text
    assert "Sharp pain \\x1b[2J" in text and "\x1b" not in text
    assert '<td class="num">2 × 10</td><td class="num">5 s</td><td class="num">30 s</td>' in text
    assert '<a href="#exercise-seated-hamstring-set">Seated Hamstring Set</a>' in text
    assert 'id="exercise-my-move"' in text
    assert "<code>ghost-exercise</code> (not in the library)" in text


@pytest.mark.parametrize("path", bundled_programs(), ids=lambda p: p.stem)
def test_bundled_html_well_formed(path: Path, library: Library) -> None:
    check_html(handout_html(load_program(path).model, library))


# ---------------------------------------------------------------------------------------------
# Edge cases and files


def test_empty_program_and_no_safety() -> None:
    program = Program.model_validate({"format": "hamtui-program/1", "title": "Empty"})
    bare = Library()
    md = handout_markdown(program, bare)
    assert "_This program has no blocks yet._" in md
    assert "has no safety rules" in md
    html = handout_html(program, bare)
    check_html(html)
    assert "has no safety rules" in html


def test_empty_block_and_unnamed_block(library: Library) -> None:
    program = Program.model_validate(
        {"format": "hamtui-program/1", "title": "T", "blocks": [{"items": []}]}
    )
    assert "### 1. Block 1" in handout_markdown(program, library)
    check_html(handout_html(program, library))


def test_write_handout_and_names(tmp_path: Path, hostile: Program, library: Library) -> None:
    target = tmp_path / "out.html"
    text = write_handout(hostile, library, "html", target)
    assert target.read_text(encoding="utf-8") == text
    assert handout_file_name(Path("x/early-rehab.toml"), "html") == "early-rehab.html"
    assert format_for_path(Path("a.MD")) == "md"
    assert format_for_path(Path("a.htm")) == "html"
    assert format_for_path(Path("a.txt")) is None
