"""What the leak matrix checked, for the line it prints at the end of the run."""

from __future__ import annotations

from collections import Counter

counts: Counter[str] = Counter()
routes: set[str] = set()
roles: set[str] = set()
canaries: set[str] = set()
seen_by_allowed: set[str] = set()
notes: list[str] = []
expected_routes = 0  # set when the test module is collected


def summary() -> list[str]:
    """The lines `pytest_terminal_summary` prints; none when the matrix did not run."""
    if not routes:
        return []
    checks = counts["checks"]
    lines = [
        f"leak matrix: {len(routes)} routes x {len(roles)} roles x {len(canaries)} canaries"
        f" = {checks} checks ({counts['responses']} responses, {counts['emails']} emails)"
    ]
    unseen = sorted(canaries - seen_by_allowed)
    if unseen and len(routes) >= expected_routes:
        lines.append("leak matrix: canaries no allowed role was shown: " + ", ".join(unseen))
    lines.extend(f"leak matrix: {note}" for note in notes)
    return lines
