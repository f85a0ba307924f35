"""Every catalogued message carries its code and formats with its placeholders."""

from __future__ import annotations

import string

import pytest

from parley.errors import Errors, Warnings


def _codes(catalogue):
    return [name for name in vars(catalogue) if name[:1] in "EW" and name[1:].isdigit()]


@pytest.mark.parametrize("catalogue", [Errors, Warnings])
def test_messages_carry_their_code(catalogue):
    codes = _codes(catalogue)
    assert codes, "the catalogue is empty"
    for code in codes:
        message = getattr(catalogue, code)
        assert message.startswith(f"[{code}] "), code


@pytest.mark.parametrize("code", _codes(Errors))
def test_error_messages_format(code):
    message = getattr(Errors, code)
    fields = {name for _, name, _, _ in string.Formatter().parse(message) if name}
    values = {name.split(".")[0].split("[")[0]: 1 for name in fields}
    assert message.format(**values)  # placeholders are well-formed
