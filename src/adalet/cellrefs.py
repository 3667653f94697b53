"""Spreadsheet cell references (A1 style), shared by the archive's readers and the records mapping."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """A -> 0, AA -> 26; letters as text or as the ASCII bytes of an XML attribute."""
    if isinstance(letters, str):
        letters = letters.upper().encode("ascii")
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1
