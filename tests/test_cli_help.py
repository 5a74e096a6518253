"""Every command has --help with an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cabledb.cli import cli, command_names


@pytest.mark.parametrize("command", ["", *command_names()])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, command
