"""Does a written reply copy a model answer the learner could have been shown?

Practice shows model replies (a step's good example after a written reply, the `better`
reply after a weak option, the debrief at the end); pasting one into an assessment must not
earn the points of a reply the learner wrote. Both texts are compared after the normalisation
the other checks use (NFKC, so full-width and half-width forms are the same; casefolded; no
spaces or punctuation), which works for Chinese and English alike.

The measure: the longest common run of characters is taken out of both texts, then the next
longest, and so on while a run has at least COPY_RUN characters (shorter runs are ordinary
shared words: 您好, 非常抱歉, order). copied = characters of the model answer found this way
/ its length. A reply copies the answer when copied ≥ COPY_SHARE and the answer has at least
MIN_ANSWER characters, so a reply that reorders the answer's sentences or changes a word or
two is still caught, while one that merely uses the same key phrases is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from roleplay.textcheck.phrases import normalise

COPY_RUN = 6
COPY_SHARE = 0.7
MIN_ANSWER = 12


@dataclass(frozen=True)
class CopyMatch:
    answer: str  # the model answer, as written in the scenario
    share: float  # of the model answer's characters found in the reply (0..1)
    passages: tuple[str, ...]  # the reply's copied passages, as the learner wrote them


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, where it came from in `text`."""
    chars, positions = [], []
    for position, char in enumerate(text):
        for kept in normalise(char):
            chars.append(kept)
            positions.append(position)
    return "".join(chars), positions


def _copied_runs(reply: str, answer: str) -> list[tuple[int, int]]:
    """(start in reply, length) of each run of at least COPY_RUN characters the two share,
    longest first, no character used twice."""
    reply_left, answer_left = list(reply), list(answer)
    runs = []
    while True:
        matcher = SequenceMatcher(None, reply_left, answer_left, autojunk=False)
        match = matcher.find_longest_match(0, len(reply_left), 0, len(answer_left))
        if match.size < COPY_RUN:
            return runs
        runs.append((match.a, match.size))
        # Used characters become placeholders that never match anything on the other side.
        reply_left[match.a : match.a + match.size] = [("r", i) for i in range(match.size)]
        answer_left[match.b : match.b + match.size] = [("a", i) for i in range(match.size)]


def copied_from(reply: str, answer: str) -> CopyMatch | None:
    """How much of `answer` the reply reproduces, when it is a copy; None otherwise."""
    reply_flat, positions = _normalised_with_positions(reply)
    answer_flat = normalise(answer)
    if len(answer_flat) < MIN_ANSWER or not reply_flat:
        return None
    runs = _copied_runs(reply_flat, answer_flat)
    share = sum(length for _start, length in runs) / len(answer_flat)
    if share < COPY_SHARE:
        return None
    passages = tuple(
        reply[positions[start] : positions[start + length - 1] + 1]
        for start, length in sorted(runs)
    )
    return CopyMatch(answer=answer, share=round(share, 2), passages=passages)


def copied_model_answer(reply: str, answers: Iterable[str]) -> CopyMatch | None:
    """The model answer the reply copies most of, if it copies one."""
    best = None
    for answer in dict.fromkeys(a for a in answers if a and a.strip()):
        match = copied_from(reply, answer)
        if match is not None and (best is None or match.share > best.share):
            best = match
    return best


def scenario_model_answers(scenario) -> list[str]:
    """Every model reply practice can show in a scenario: each written step's good examples,
    each option's better reply, each ending's debrief."""
    answers: list[str] = []
    for step in scenario.steps:
        if step.free_text is not None:
            answers.extend(step.free_text.good)
        answers.extend(option.better for option in step.options if option.better)
        if step.end is not None and step.end.debrief:
            answers.append(step.end.debrief)
    return list(dict.fromkeys(answers))
