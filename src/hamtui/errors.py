"""Problems reported to users: `path:line:col: message` and `path: where: message`.

Nothing here raises a traceback at a user: every failure of a file becomes a `Problem`, and
every error meant for a user is a `HamtuiError` whose text is printed as it is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from hamtui.text import one_line
from hamtui.vocab import SLUG_PATTERN, WEIGHT_PATTERN

if TYPE_CHECKING:  # pydantic is imported where it is used: the app paints before it loads
    from pydantic import BaseModel, ValidationError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    path: str
    message: str
    where: str = ""
    line: int | None = None
    col: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        head = self.path
        if self.line is not None:
            head += f":{self.line}"
            if self.col is not None:
                head += f":{self.col}"
        prefix = "warning: " if self.severity == "warning" else ""
        where = f" {self.where}:" if self.where else ""
        return f"{head}:{where} {prefix}{self.message}"


class HamtuiError(Exception):
    """An error meant for the user; its text is the whole message."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            text = problems
        else:
            self.problems = list(problems)
            text = "\n".join(str(p) for p in self.problems)
        super().__init__(text)


class LoadError(HamtuiError):
    """A file could not be read, parsed or validated."""


class ConflictError(HamtuiError):
    """A save would overwrite something the user has not seen."""

    def __init__(self, path: str, reason: Literal["changed", "exists"]) -> None:
        self.path = path
        self.reason = reason
        if reason == "changed":
            text = (
                f"{path}: changed on disk since it was opened; "
                "reload it, overwrite it, or save under another name"
            )
        else:
            text = f"{path}: already exists; overwrite it, or save under another name"
        super().__init__(text)


# ---------------------------------------------------------------------------------------------
# Locations as a TOML author writes them.

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(part: str) -> str:
    if _BARE_KEY.match(part):
        return part
    return '"' + one_line(part).replace('"', '\\"') + '"'


def toml_location(loc: Sequence[int | str]) -> str:
    """('blocks', 0, 'items', 2, 'sets') -> 'blocks[0].items[2].sets'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "[key]":
            continue
        else:
            out += ("." if out else "") + _key(part)
    return out


# ---------------------------------------------------------------------------------------------
# pydantic errors in plain words.


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] around a single type."""
    if get_origin(annotation) is Union or type(annotation).__name__ == "UnionType":
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The model class that holds the table at `loc`, if there is one."""
    from pydantic import BaseModel

    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
            continue
        origin = get_origin(current)
        if origin is list and isinstance(part, int):
            current = get_args(current)[0]
        elif origin is dict and isinstance(part, str):
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def describe_value(value: Any) -> str:
    """A short, literal description of a value from a file, for `(got ...)`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + one_line(value, 40) + '"'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"the decimal {value!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__}"


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _pattern_message(pattern: str, value: Any) -> str:
    got = describe_value(value)
    if pattern == SLUG_PATTERN:
        return (
            "must be a slug: lowercase letters and digits joined by single hyphens, "
            f"like `glute-bridge` (got {got})"
        )
    if "[0-9]{1,2}-" in pattern:
        return f"must be four numbers of seconds like 3-1-1-0 (lower-pause-lift-pause) (got {got})"
    if pattern == WEIGHT_PATTERN:
        return f"must be a weight: a number, a space and kg or lb, like 2.5 kg (got {got})"
    if "[0-9a-f]{64}" in pattern:
        return f"must be 64 lowercase hexadecimal digits (got {got})"
    return f"must match {pattern} (got {got})"


def _message(err: Any, model: type[BaseModel]) -> str:
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    loc = err["loc"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        hint = None
        if holder is not None and isinstance(loc[-1], str):
            hint = did_you_mean(loc[-1], list(holder.model_fields))
        key = _key(str(loc[-1]))
        message = f"unknown key `{key}`"
        return f"{message}; did you mean `{hint}`?" if hint else message
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']} (got {describe_value(value)})"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']} (got {describe_value(value)})"
    if kind == "greater_than":
        return f"must be more than {ctx['gt']} (got {describe_value(value)})"
    if kind == "less_than":
        return f"must be less than {ctx['lt']} (got {describe_value(value)})"
    if kind == "string_too_short":
        return (
            "must not be empty"
            if ctx.get("min_length") == 1
            else (f"must be at least {ctx['min_length']} characters")
        )
    if kind == "string_too_long":
        size = len(value) if isinstance(value, str) else "more"
        return f"must be at most {ctx['max_length']} characters (it has {size})"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} entries"
    if kind == "too_short":
        return f"must have at least {ctx['min_length']} entries"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        got = describe_value(value)
        message = f"must be one of {' | '.join(choices)} (got {got})"
        if isinstance(value, str):
            hint = did_you_mean(value, choices)
            if hint:
                message += f"; did you mean `{hint}`?"
        return message
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"must be a whole number (got {describe_value(value)})"
    if kind == "string_type":
        return f"must be text in quotes (got {describe_value(value)})"
    if kind == "bool_type":
        return f"must be true or false (got {describe_value(value)})"
    if kind == "list_type":
        return f"must be an array [ ... ] (got {describe_value(value)})"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"must be a table (got {describe_value(value)})"
    if kind in {"timezone_aware", "datetime_type", "datetime_parsing"}:
        example = "2026-11-20T18:02:11Z"
        return f"must be a date-time with a time zone, like {example} (got {describe_value(value)})"
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "is not valid")))
    msg = str(err.get("msg", "is not valid"))
    return msg[:1].lower() + msg[1:]


def validation_problems(path: str, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Turn a pydantic ValidationError into problems located the way a TOML author thinks."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        where = toml_location(loc)
        message = _message(err, model)
        if loc and loc[-1] == "[key]":
            message = "this key " + message
        problems.append(Problem(path=path, where=where, message=message))
    return problems
