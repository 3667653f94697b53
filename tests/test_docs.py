"""The README stays honest: every `adalet` subcommand it shows exists and documents its options."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
SHOWN = re.findall(r"^adalet ([a-z-]+)((?: [^#\n]*)?)", README, re.M)


def test_readme_shows_the_main_commands() -> None:
    assert {name for name, _ in SHOWN} >= {"ingest", "search", "audit", "demo-leak", "serve", "worker"}


def test_every_command_and_option_in_the_readme_exists() -> None:
    commands = get_commands()
    for name, rest in SHOWN:
        if name == "names":  # not a management command: see test_names_command_in_the_readme_runs
            continue
        module = name.replace("-", "_")
        assert module in commands, f"README shows `adalet {name}`, which does not exist"
        command = load_command_class(commands[module], module)
        parser = command.create_parser("adalet", module)
        known = set(parser._option_string_actions)
        for action in parser._actions:  # options of subcommands (audit verify --json)
            choices = getattr(action, "choices", None)
            for sub in choices if isinstance(choices, dict) else {}:
                if hasattr(choices[sub], "_option_string_actions"):
                    known |= set(choices[sub]._option_string_actions)
        for option in re.findall(r"(--[a-z-]+)", rest):
            assert option in known, f"README shows `adalet {name} {option}`, which the command does not accept"


def test_names_command_in_the_readme_runs() -> None:
    from adalet.names.cli import main

    for line in re.findall(r"^adalet names (.*?)\s*(?:#.*)?$", README, re.M):
        args = re.findall(r'"([^"]*)"|(\S+)', line.replace("[--json]", ""))
        assert main([quoted or bare for quoted, bare in args]) == 0, line
