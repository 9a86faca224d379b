"""What the leak matrix checked, for the line it prints at the end of the run.

Its tests run in more than one test process when the suite does (pytest-xdist: the
searches, the slowest routes, are a file of their own); each process hands its tally
over (`state`) to the one that prints, which adds them up (`merge`)."""

from __future__ import annotations

from collections import Counter

counts: Counter[str] = Counter()
routes: set[str] = set()
roles: set[str] = set()
canaries: set[str] = set()
# The canaries some role may see (the others, like a suppressed value, no role may),
# and those an allowed role was shown: a canary of the first set missing from the
# second proves nothing, since no page showed it at all.
allowed_to_some: set[str] = set()
seen_by_allowed: set[str] = set()
notes: list[str] = []
expected_routes = 0  # set when the test module is collected


def state() -> dict:
    """This process's tally, as plain data a test process can hand over."""
    return {
        "counts": dict(counts),
        "routes": sorted(routes),
        "roles": sorted(roles),
        "canaries": sorted(canaries),
        "allowed_to_some": sorted(allowed_to_some),
        "seen_by_allowed": sorted(seen_by_allowed),
        "notes": list(notes),
        "expected_routes": expected_routes,
    }


def merge(other: dict) -> None:
    """Add another process's tally (`state`) to this one."""
    global expected_routes  # noqa: PLW0603 - the module is the tally
    counts.update(other["counts"])
    routes.update(other["routes"])
    roles.update(other["roles"])
    canaries.update(other["canaries"])
    allowed_to_some.update(other["allowed_to_some"])
    seen_by_allowed.update(other["seen_by_allowed"])
    notes.extend(n for n in other["notes"] if n not in notes)
    expected_routes = max(expected_routes, other["expected_routes"])


def summary() -> list[str]:
    """The lines `pytest_terminal_summary` prints; none when the matrix did not run."""
    if not routes:
        return []
    checks = counts["checks"]
    lines = [
        f"leak matrix: {len(routes)} routes x {len(roles)} roles x {len(canaries)} canaries"
        f" = {checks} checks ({counts['responses']} responses, {counts['emails']} emails)"
    ]
    unseen = sorted(allowed_to_some - seen_by_allowed)
    if unseen and len(routes) >= expected_routes:
        lines.append("leak matrix: canaries no allowed role was shown: " + ", ".join(unseen))
    lines.extend(f"leak matrix: {note}" for note in notes)
    return lines
