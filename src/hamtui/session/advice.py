"""What a symptom check offers: the actions, in order, with the advised one first (no Textual).

Shared by the full-screen symptom check and the plain-text session, so both offer the same
choices in the same words.
"""

from __future__ import annotations

from collections.abc import Collection

from hamtui.model.safety import SYMPTOM_ACTIONS, Symptom, SymptomAction

ACTION_WORDS: dict[str, str] = {
    "continue": "Continue",
    "shorten-range": "Continue with a shorter range",
    "regress": "Swap to an easier exercise",
    "stop-exercise": "Skip this exercise",
    "end-session": "End the session",
}
# The same choices once made, as a summary tells them.
ACTION_DONE_WORDS: dict[str, str] = {
    "continue": "went on",
    "shorten-range": "went on with a shorter range",
    "regress": "swapped to an easier exercise",
    "stop-exercise": "skipped the exercise",
    "end-session": "ended the session",
}
ACTION_ORDER: tuple[SymptomAction, ...] = (
    "continue",
    "shorten-range",
    "regress",
    "stop-exercise",
    "end-session",
)


NO_EASIER = "No easier version of this exercise is in the library"


def allowed_actions(can_swap: bool) -> tuple[str, ...]:
    """The actions that apply now: changing the exercise needs an item in progress."""
    if can_swap:
        return SYMPTOM_ACTIONS
    return tuple(a for a in SYMPTOM_ACTIONS if a not in ("regress", "stop-exercise"))


def available_actions(
    symptom: Symptom, allowed: Collection[str], no_swap: str | None = None
) -> tuple[list[SymptomAction], str]:
    """The actions offered for a symptom, the advised one first, and a note when the advised
    action cannot be done here. A shorter range is offered only when advised (it is a way to
    continue). `no_swap`, when given, says why no easier exercise fits this symptom (then
    the swap is not offered)."""

    def can(action: SymptomAction) -> bool:
        if action == "shorten-range":
            return "continue" in allowed
        if action == "regress" and no_swap is not None:
            return False
        return action in allowed

    advised: SymptomAction | None = symptom.action
    note = ""
    if advised is not None and not can(advised):
        if "stop-exercise" not in allowed:
            note = "This exercise is already over: keep the advice in mind for the next ones."
            advised = None
        else:
            note = f"{no_swap or NO_EASIER}: skip it instead."
            advised = "stop-exercise"
    actions: list[SymptomAction] = [advised] if advised is not None else []
    for action in ACTION_ORDER:
        if action not in actions and action != "shorten-range" and can(action):
            actions.append(action)
    return actions, note
