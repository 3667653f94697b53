from __future__ import annotations

import json

import pytest

from adalet.names.cli import main


def test_compare_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "陈全国", "CHEN, Quanguo"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1.00"
    assert "pinyin 'chen quanguo'" in out[1]


def test_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "Chen Quanguo", "Chen Mingguo", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["score"] < 0.7 and data["explanation"]


def test_variants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["variants", "艾尔肯·吐尼亚孜", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "han_transcribed" and "Erkin Tuniyaz" in data["variants"]
    assert main(["variants", "陳全國"]) == 0
    assert "Chen Quanguo" in capsys.readouterr().out


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "only-one"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("adalet names: error:")
    assert main([]) == 2
    assert main(["frobnicate"]) == 2


def test_bad_names_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "", "\x00"]) == 0
    assert capsys.readouterr().out.startswith("0.00")
