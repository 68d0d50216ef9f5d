"""The judge's answer checked against its schema, in plain Python.

A judgement: {"criteria": [{"key", "points", "reason", "quote"}], "violations": [{"criterion",
"reason", "quote"}], "summary"}; coaching: {"criteria": [{"key", "points", "reason"}],
"tip"}. No other keys. Points are integers 0–JUDGE_SCALE; reasons are short and not empty; a
quote must be the learner's own words (compared without spaces, widths or case): one that
does not occur is dropped, never trusted. Problems are listed in Chinese for the follow-up
message that asks the model once more; they name only our own keys, never echo its text.
"""

from __future__ import annotations

import re
import unicodedata

JUDGE_SCALE = 5
MAX_REASON = 200
MAX_QUOTE = 200
MAX_SUMMARY = 600
MAX_TIP = 200
TIP_PREFIX = "可以这样说："

_ELLIPSIS = re.compile(r"…+|\.{3,}")
_QUOTE_MARKS = "\"'“”‘’「」『』《》"


def normalise(text: str) -> str:
    """For comparing quotes: NFKC (full-width as half-width), casefolded, no whitespace."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(text.split())


def quote_in(quote: str, replies: list[str]) -> str:
    """The quote (trimmed) when it occurs in one of the replies, else "". Parts cut with an
    ellipsis must each occur, in order, in the same reply."""
    quote = (quote or "").strip().strip(_QUOTE_MARKS).strip()
    parts = [normalise(part) for part in _ELLIPSIS.split(quote)]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    for reply in replies:
        flat, at = normalise(reply), 0
        for part in parts:
            at = flat.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            return quote
    return ""


def _points(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= JUDGE_SCALE else None


def _text(value, limit: int) -> str | None:
    """The stripped text when it is a non-empty string within the limit, else None."""
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        return None
    return value.strip()


def _items(answer: dict, field: str, errors: list[str], *, required: bool = True) -> list:
    value = answer.get(field, [] if not required else None)
    if not isinstance(value, list):
        errors.append(f"{field} 必须是数组")
        return []
    if any(not isinstance(item, dict) for item in value):
        errors.append(f"{field} 的每一项都必须是对象")
        return []
    return value


def _unknown_keys(item: dict, allowed: set[str], where: str, errors: list[str]) -> None:
    if set(item) - allowed:
        errors.append(f"{where} 只能有这些字段：{'、'.join(sorted(allowed))}")


def _scored_criteria(items, scenario, replies, errors, *, every: bool, quotes: bool) -> list:
    """[(key, name, points, reason, quote)] in rubric order."""
    names = {criterion.key: criterion.name for criterion in scenario.rubric}
    allowed = {"key", "name", "points", "reason"} | ({"quote"} if quotes else set())
    found: dict[str, tuple] = {}
    unknown = 0
    for item in items:
        key = item.get("key")
        if not isinstance(key, str) or key not in names:
            unknown += 1
            continue
        if key in found:
            errors.append(f"评分项 {key} 出现了不止一次")
            continue
        _unknown_keys(item, allowed, f"评分项 {key}", errors)
        points = _points(item.get("points"))
        if points is None:
            errors.append(f"评分项 {key} 的 points 必须是 0 到 {JUDGE_SCALE} 的整数")
        reason = _text(item.get("reason"), MAX_REASON)
        if reason is None:
            errors.append(f"评分项 {key} 的 reason 必须是不超过 {MAX_REASON} 字的非空文字")
        quote = item.get("quote", "")
        if not isinstance(quote, str):
            errors.append(f"评分项 {key} 的 quote 必须是文字")
            quote = ""
        found[key] = (key, names[key], points, reason or "", quote_in(quote[:MAX_QUOTE], replies))
    if unknown:
        errors.append(
            f"criteria 中有 {unknown} 项不是本场景的评分项（key 只能是：{'、'.join(names)}）"
        )
    missing = [key for key in names if key not in found]
    if every and missing:
        errors.append(f"缺少评分项：{'、'.join(missing)}")
    if not every and not found and not unknown:
        errors.append("criteria 至少要有一项")
    return [found[key] for key in names if key in found]


def check_judgement(answer: dict, scenario, replies: list[str]) -> tuple[dict | None, list]:
    """The judgement as plain values ({"criteria": [...], "violations": [...], "summary"})
    when the answer fits the schema, else None and the problems."""
    errors: list[str] = []
    _unknown_keys(answer, {"criteria", "violations", "summary"}, "JSON 对象", errors)
    criteria = _scored_criteria(
        _items(answer, "criteria", errors), scenario, replies, errors, every=True, quotes=True
    )
    critical = [c.key for c in scenario.rubric if c.critical]
    violations = []
    for item in _items(answer, "violations", errors, required=False):
        key = item.get("criterion")
        if key not in critical:
            allowed = "、".join(critical) if critical else "无（violations 必须为空）"
            errors.append(f"violations 只能记在关键项上（可用：{allowed}）")
            continue
        _unknown_keys(item, {"criterion", "reason", "quote"}, f"违规 {key}", errors)
        reason = _text(item.get("reason"), MAX_REASON)
        if reason is None:
            errors.append(f"违规 {key} 必须写明不超过 {MAX_REASON} 字的原因")
            continue
        quote = item.get("quote", "")
        quote = quote_in(quote[:MAX_QUOTE], replies) if isinstance(quote, str) else ""
        violations.append({"criterion": key, "reason": reason, "quote": quote})
    summary = answer.get("summary", "")
    if not isinstance(summary, str) or len(summary.strip()) > MAX_SUMMARY:
        errors.append(f"summary 必须是不超过 {MAX_SUMMARY} 字的文字")
        summary = ""
    if errors:
        return None, errors
    return {
        "criteria": [
            {"key": k, "name": n, "points": p, "reason": r, "quote": q}
            for k, n, p, r, q in criteria
        ],
        "violations": violations,
        "summary": summary.strip(),
    }, []


def check_coaching(answer: dict, scenario, reply: str) -> tuple[dict | None, list]:
    """The coaching ({"criteria": [{key, name, points, reason, quote}], "tip"}) when the
    answer fits the schema, else None and the problems."""
    errors: list[str] = []
    _unknown_keys(answer, {"criteria", "tip"}, "JSON 对象", errors)
    criteria = _scored_criteria(
        _items(answer, "criteria", errors), scenario, [reply], errors, every=False, quotes=True
    )
    tip = _text(answer.get("tip"), MAX_TIP)
    if tip is None:
        errors.append(f"tip 必须是不超过 {MAX_TIP} 字的非空文字")
    if errors:
        return None, errors
    if not tip.startswith(TIP_PREFIX):
        tip = TIP_PREFIX + tip.removeprefix("可以这样说:").strip()
    return {
        "criteria": [
            {"key": k, "name": n, "points": p, "reason": r, "quote": q}
            for k, n, p, r, q in criteria
        ],
        "tip": tip,
    }, []
