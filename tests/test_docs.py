"""Docs change with the code: every command and every setting has its entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "src" / "roundtable" / "settings.py"


def setting_names() -> set[str]:
    return set(re.findall(r'env_\w+\("([A-Z_]+)"', SETTINGS.read_text()))


@pytest.mark.django_db
def test_every_project_command_is_in_the_cli_guide():
    from roundtable.cli import project_commands

    guide = (ROOT / "docs" / "cli.md").read_text()
    missing = [
        f"roundtable {group} {action}"
        for group, actions in project_commands().items()
        for action in actions
        if f"roundtable {group} {action}" not in guide
    ]
    assert missing == []


def test_every_setting_is_in_the_readme_and_env_example():
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    names = setting_names()
    assert "DATABASE_URL" in names
    assert [n for n in sorted(names) if f"`{n}`" not in readme] == []
    assert [n for n in sorted(names) if f"{n}=" not in example] == []


def test_readme_starts_with_the_two_commands():
    first_lines = (ROOT / "README.md").read_text().splitlines()[:6]
    assert any(line.startswith("make demo") for line in first_lines)
    assert any(line.startswith("make test") for line in first_lines)


def test_every_domain_has_a_docs_page():
    apps = [
        path.parent.name
        for path in (ROOT / "src" / "roundtable").glob("*/apps.py")
        if path.parent.name not in {"core", "demo"}
    ]
    assert "meetings" in apps
    for page in (*apps, "api", "cli", "deployment"):
        assert (ROOT / "docs" / f"{page}.md").exists(), page
