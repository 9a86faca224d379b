"""Apps depend one way: the import-linter contracts in pyproject.toml hold.

`make lint` and `.ci/run` run `lint-imports` too; running it here means `make test`
catches a lower app importing a higher one (say, core importing partnership).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH makes the tool read this checkout's source, not an installed copy.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_apps_depend_one_way():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_catches_a_lower_app_importing_a_higher_one(tmp_path):
    """The same contract with its layers upside down must fail: proof it sees the
    project's real imports rather than passing on an empty graph."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = config["contracts"][0]
    upside_down = [layer for layer in reversed(contract["layers"]) if "(" not in layer]
    lines = [
        "[tool.importlinter]",
        'root_packages = ["roundtable"]',
        "exclude_type_checking_imports = true",
        "[[tool.importlinter.contracts]]",
        'name = "Upside down"',
        'type = "layers"',
        'containers = ["roundtable"]',
        "layers = [" + ", ".join(f'"{layer}"' for layer in upside_down) + "]",
        "ignore_imports = [" + ", ".join(f'"{i}"' for i in contract["ignore_imports"]) + "]",
    ]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    result = lint_imports("--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "roundtable.core is not allowed to import" not in result.stdout
    assert "is not allowed to import roundtable.core" in result.stdout
