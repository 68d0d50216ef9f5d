"""The order and the ids of a step's reply options, as one attempt shows them.

Scenario files list a step's options in the author's order, and authors tend to write the
best reply first. Each attempt therefore shows them in its own order, derived from a secret
seed stored on the attempt (the same on every reload, different from one attempt to the
next), and the browser receives an opaque id per option that only the server can map back:
neither the position nor the value of a button says anything about the reply's quality.
"""

from __future__ import annotations

import hashlib
import random
import secrets

SEED_BITS = 62  # fits a signed 64-bit integer column on every database


def new_attempt_seed() -> int:
    return secrets.randbits(SEED_BITS)


def option_id(seed: int, step_key: str, index: int) -> str:
    """The id the browser gets for option `index` of a step: a keyed hash, meaningless
    without the attempt's seed."""
    digest = hashlib.blake2b(
        f"{step_key}\x1f{index}".encode(), key=seed.to_bytes(8, "big"), digest_size=6
    )
    return digest.hexdigest()


def option_order(seed: int, step_key: str, count: int) -> list[int]:
    """The file indices of a step's options in the order this attempt shows them."""
    order = list(range(count))
    random.Random(f"{seed}\x1f{step_key}").shuffle(order)
    return order


def shown_options(seed: int, step) -> list[dict]:
    """The step's options as the learner sees them: in the attempt's order, each with its
    opaque id and its text (and nothing else)."""
    return [
        {"id": option_id(seed, step.key, index), "text": step.options[index].text}
        for index in option_order(seed, step.key, len(step.options))
    ]


def option_index(seed: int, step, chosen_id: str) -> int | None:
    """The file index of the option the learner chose by its id, or None for an unknown id."""
    for index in range(len(step.options)):
        if secrets.compare_digest(option_id(seed, step.key, index), chosen_id or ""):
            return index
    return None
