"""The documentation keeps up with the code: every command has help and is in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli.reference import cli_reference, command_paths

REPO = Path(__file__).resolve().parents[1]
COMMANDS = [path for path, _ in command_paths() if path]


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help(path):
    command = dict((tuple(p), c) for p, c in command_paths())[tuple(path)]
    assert (command.help or command.short_help or "").strip(), f"parley {' '.join(path)} has no help text"


def test_cli_reference_is_current():
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written.strip() == cli_reference().strip(), "docs/cli.md is stale: run python -m parley.cli.reference > docs/cli.md"


@pytest.mark.parametrize("name", sorted({path[0] for path in COMMANDS}))
def test_readme_or_docs_show_every_command(name):
    docs = (REPO / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md") if p.name != "cli.md"
    )
    assert f"parley {name}" in docs, f"no page in README.md or docs/ shows 'parley {name}'"


def test_architecture_names_every_stage_folder():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    stages = [p.name for p in (REPO / "parley").iterdir() if p.is_dir() and not p.name.startswith("__")]
    missing = [name for name in stages if f"{name}/" not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}"
