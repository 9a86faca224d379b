"""The `roundtable` command: every Django management command, plus the project's own.

`roundtable migrate`, `roundtable runserver` and `roundtable createsuperuser` pass
straight through to Django. The project's commands are grouped by domain and take
a sub-command, e.g. `roundtable demo load` or `roundtable geography load --la E09000009`;
those are dispatched to the management command `<group>_<action>`.
"""

from __future__ import annotations

import os
import sys


def project_commands() -> dict[str, list[str]]:
    """The project's own commands, grouped: {"geography": ["load", "postcode"], …}.

    A management command named `<group>_<action>` in a `roundtable.*` app is
    offered as `roundtable <group> <action>`.
    """
    from django.core.management import get_commands

    groups: dict[str, list[str]] = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("roundtable.") and "_" in name:
            group, action = name.split("_", 1)
            # performance_import_values is offered as `roundtable performance import-values`.
            groups.setdefault(group, []).append(action.replace("_", "-"))
    return groups


def translate(argv: list[str], groups: dict[str, list[str]]) -> list[str]:
    """Map `group action args…` onto the management command `group_action args…`."""
    if len(argv) >= 2 and argv[1] in groups.get(argv[0], []):
        return [f"{argv[0]}_{argv[1].replace('-', '_')}", *argv[2:]]
    return argv


def usage(groups: dict[str, list[str]]) -> str:
    lines = ["Usage: roundtable COMMAND [options]", "", "Roundtable commands:"]
    for group, actions in groups.items():
        for action in actions:
            lines.append(f"  roundtable {group} {action}")
    lines += [
        "",
        "Add --help to any of them for its options.",
        "Every Django management command also works, e.g. 'roundtable migrate';",
        "'roundtable help' lists them all.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    groups = project_commands()
    if args in ([], ["--help"], ["-h"]):
        sys.stdout.write(usage(groups) + "\n")
        return
    if args[0] in groups and (len(args) == 1 or args[1] not in groups[args[0]]):
        sys.stderr.write(f"Unknown command: roundtable {' '.join(args[:2])}\n\n")
        sys.stderr.write(usage(groups) + "\n")
        raise SystemExit(2)
    execute_from_command_line(["roundtable", *translate(args, groups)])


if __name__ == "__main__":  # `python -m roundtable.cli …`, as the `roundtable` command
    main()
