"""The README is what people copy: its commands, accounts and settings must match the code."""

import re
from pathlib import Path

from proposals.config import ENVIRONMENT
from proposals.demo.data import DEMO_ACCOUNTS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_quick_start_holds_exactly_the_run_and_test_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_every_environment_variable_is_documented():
    for name in ENVIRONMENT:
        assert f"| `{name}` |" in README, name


def test_every_demo_account_and_password_is_documented():
    for account in DEMO_ACCOUNTS:
        assert f"| {account.email} | `{account.password}` |" in README, account.email
