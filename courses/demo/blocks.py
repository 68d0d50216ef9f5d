"""Short constructors for lesson-body blocks in their stored (raw JSON) form."""


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def text(*paragraphs: str) -> dict:
    return {"type": "rich_text", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def points(*items: str, title: str = "") -> dict:
    return {"type": "key_points", "value": {"title": title, "points": list(items)}}


def script(situation: str, recommended: str, avoid: str = "", note: str = "") -> dict:
    return {
        "type": "reply_script",
        "value": {
            "situation": situation,
            "recommended": recommended,
            "avoid": avoid,
            "note": note,
        },
    }


def do_dont(do: list[str], dont: list[str], title: str = "") -> dict:
    return {"type": "do_dont", "value": {"title": title, "do_items": do, "dont_items": dont}}


def standard(metric: str, target: str, explanation: str = "") -> dict:
    return {
        "type": "service_standard",
        "value": {"metric": metric, "target": target, "explanation": explanation},
    }


def case(title: str, situation: str, action: str, outcome: str, lesson: str) -> dict:
    return {
        "type": "case_study",
        "value": {
            "title": title,
            "situation": situation,
            "action": action,
            "outcome": outcome,
            "lesson": lesson,
        },
    }


def checklist(*items: str, title: str = "") -> dict:
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}
