from __future__ import annotations

import pytest

from roundtable.cli import main, project_commands, translate


@pytest.mark.django_db
def test_project_commands_are_grouped_by_domain():
    groups = project_commands()
    assert "load" in groups["demo"]
    assert "load" in groups["geography"]


def test_translate_maps_group_and_action_to_the_management_command():
    groups = {"geography": ["load"]}
    assert translate(["geography", "load", "--la", "E09000009"], groups) == [
        "geography_load",
        "--la",
        "E09000009",
    ]
    assert translate(["migrate", "--plan"], groups) == ["migrate", "--plan"]


def test_hyphenated_actions_map_to_underscored_commands():
    groups = {"performance": ["import-values"]}
    assert translate(["performance", "import-values", "f.csv"], groups) == [
        "performance_import_values",
        "f.csv",
    ]


def test_no_arguments_prints_the_project_commands(capsys):
    main([])
    out = capsys.readouterr().out
    assert "roundtable demo load" in out
    assert "roundtable migrate" in out


def test_an_unknown_action_is_an_error_with_the_list(capsys):
    with pytest.raises(SystemExit) as excinfo:
        main(["geography", "explode"])
    assert excinfo.value.code == 2
    assert "Unknown command: roundtable geography explode" in capsys.readouterr().err


def test_django_commands_pass_through(capsys):
    main(["check", "--fail-level", "ERROR"])
    captured = capsys.readouterr()
    assert "System check identified" in captured.out + captured.err


@pytest.mark.parametrize("module", ["roundtable", "roundtable.cli"])
def test_python_dash_m_runs_the_roundtable_command(module):
    """`python -m roundtable --help` (and `-m roundtable.cli`) print the project's
    commands, as `roundtable --help` does; `-m roundtable.cli` printed nothing."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[3]
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", module, "--help"],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "roundtable lis import" in result.stdout
