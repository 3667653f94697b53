"""Russian spellings of Chinese names (Palladius) meet their pinyin, characters and Wade-Giles; Kazakh, Kyrgyz and
Russian names are not given a Chinese reading. Names here are generated from the table's syllables or are the
examples the module's docstring states; the labelled sets measure the rest."""

from __future__ import annotations

import pytest

from adalet.names import compare, palladius
from adalet.names._data import load_table


def test_every_syllable_of_the_table_reads_back_to_itself() -> None:
    spelled = {}
    for pinyin, cyrillic in load_table("palladius.tsv"):
        spelled.setdefault(cyrillic, []).append(pinyin)
    for cyrillic, pinyins in spelled.items():
        assert palladius.read_word(cyrillic) == max(pinyins, key=len)


@pytest.mark.parametrize(("russian", "pinyin"), [
    ("Чжоу Эньлай", "Zhou Enlai"), ("Ван Хунин", "Wang Huning"), ("Чжао Лэцзи", "Zhao Leji"),
    ("Ма Чжунъин", "Ma Zhongying"), ("Цзян Цзинго", "Jiang Jingguo"), ("Сунь Чжэнцай", "Sun Zhengcai"),
])
def test_a_palladius_name_reads_as_its_pinyin(russian: str, pinyin: str) -> None:
    assert palladius.read(russian) == pinyin
    assert compare(russian, pinyin).score >= 0.9


def test_it_meets_characters_and_wade_giles() -> None:
    assert compare("Чжоу Эньлай", "周恩来").score >= 0.9
    assert compare("Чжоу Эньлай", "Chou En-lai").score >= 0.9


@pytest.mark.parametrize("name", ["Нурлан Маматов", "Алимжан Нурланович", "Мурат Насыров", "Қайрат Әбдірахманов"])
def test_central_asian_and_russian_names_get_no_chinese_reading(name: str) -> None:
    assert palladius.read(name) is None


def test_different_syllables_stay_different_people() -> None:
    assert compare("Ван Хунин", "Wang Hongwen").score < 0.7
    assert compare("Чжао Лэцзи", "Zhao Ziyang").score < 0.7
