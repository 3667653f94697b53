"""Record linkage (adalet.names.link): planted pairs across scripts are found, and nothing else is."""

from __future__ import annotations

import datetime
import random

from adalet.demo.names import person_name
from adalet.names import LinkRecord, LinkStats, analyse, blocking_keys, compare, compare_analysed, link, variants
from adalet.names.analysed import may_reach
from adalet.names.linkage import name_keys
from tests.names.test_pairs import load_pairs

D = datetime.date


def _people(n: int, seed: int) -> list[tuple[str, datetime.date]]:
    """*n* fictional people with distinct names and distinct birth dates."""
    rng = random.Random(seed)
    names: dict[str, None] = {}
    while len(names) < n:
        ethnicity = rng.choice(("汉族", "维吾尔族", "哈萨克族", "回族"))
        names[person_name(rng, ethnicity, rng.choice("男女"))] = None
    days = rng.sample(range(D(1940, 1, 1).toordinal(), D(2005, 1, 1).toordinal()), n)
    return [(name, D.fromordinal(day)) for name, day in zip(names, days)]


def test_planted_pairs_across_scripts_are_linked_and_nothing_else() -> None:
    rng = random.Random(7)
    people = _people(120, seed=3)
    left, right, truth = [], [], set()
    for i, (name, born) in enumerate(people):
        left.append(LinkRecord(f"L{i}", name, born))
        if i % 3 == 2:  # a third of the left records have no pair
            continue
        other = rng.choice(variants(name))  # pinyin, reversed, SURNAME, Given, Wade-Giles, Uyghur Latin, Arabic…
        right.append(LinkRecord(f"R{i}", other, born))
        truth.add((f"L{i}", f"R{i}"))
    strangers = _people(60, seed=99)  # right records without a pair: other names, other dates
    known = {n for n, _ in people}
    right += [LinkRecord(f"S{i}", n, d) for i, (n, d) in enumerate(strangers) if n not in known]
    rng.shuffle(right)

    stats = LinkStats()
    links = link(left, right, stats=stats)
    assert {(x.left, x.right) for x in links} == truth
    assert all(0.7 <= x.score <= 1.0 for x in links)
    assert stats.candidate_pairs < len(left) * len(right) / 20  # blocking: far from all pairs


def test_scripts_and_spellings_of_one_person() -> None:
    born = D(1961, 5, 4)
    left = [
        LinkRecord("chars", "艾尔肯·吐尼亚孜", born),
        LinkRecord("simplified", "陈全国", D(1955, 11, 1)),
        LinkRecord("latin", "Ilham Tohti", D(1969, 10, 25)),
    ]
    right = [
        LinkRecord("arabic", "ئەركىن تۇنىياز", born),
        LinkRecord("traditional", "陳全國", D(1955, 11, 1)),
        LinkRecord("characters", "伊力哈木·土赫提", D(1969, 10, 25)),
    ]
    got = {(x.left, x.right) for x in link(left, right)}
    assert got == {("chars", "arabic"), ("simplified", "traditional"), ("latin", "characters")}


def test_different_birth_years_are_never_linked() -> None:
    left = [LinkRecord("a", "艾尔肯·吐尼亚孜", D(1961, 5, 4)), LinkRecord("b", "陈全国", None, 1955)]
    right = [LinkRecord("x", "Erkin Tuniyaz", D(1962, 5, 4)), LinkRecord("y", "Chen Quanguo", None, 1956)]
    for tolerate in (False, True):
        stats = LinkStats()
        assert link(left, right, tolerate_date_mismatch=tolerate, stats=stats) == []
        assert stats.name_pairs == 0  # not even compared


def test_birth_dates_decide_between_namesakes() -> None:
    left = [LinkRecord("a", "王建国", D(1970, 3, 8))]
    right = [
        LinkRecord("other-day", "Wang Jianguo", D(1970, 9, 21)),
        LinkRecord("year-only", "WANG, Jianguo", None, 1970),
        LinkRecord("same-day", "Jianguo Wang", D(1970, 3, 8)),
    ]
    (only,) = link(left, right)
    assert only.right == "same-day"
    assert "same birth date 1970-03-08" in only.explanation
    assert "pinyin" in only.explanation  # compare's explanation comes along
    # without the equal date, the record with a year only is the best one; a different full date is no link
    assert [x.right for x in link(left, right[:2])] == ["year-only"]
    assert link(left, right[:1]) == []
    # tolerating date mismatches, the other day links, with a lower score
    (tolerated,) = link(left, right[:1], tolerate_date_mismatch=True)
    assert tolerated.score < only.score


def test_day_and_month_swapped_links_with_a_lower_score() -> None:
    left = [LinkRecord("a", "阿依古丽·买买提", D(1980, 4, 11))]
    (swapped,) = link(left, [LinkRecord("x", "Aygul Memet", D(1980, 11, 4))])
    (same,) = link(left, [LinkRecord("x", "Aygul Memet", D(1980, 4, 11))])
    assert swapped.score < same.score
    assert "swapped" in swapped.explanation


def test_records_without_dates_link_by_name_and_year() -> None:
    left = [LinkRecord("year", "古丽娜尔·叶尔兰", None, 1990), LinkRecord("nothing", "马丽")]
    right = [
        LinkRecord("x", "Gulnar Yerlan", D(1990, 6, 1)),
        LinkRecord("y", "Ma Li", D(1971, 2, 2)),
        LinkRecord("z", "Gulnar Yerlan", D(1991, 6, 1)),
    ]
    assert {(x.left, x.right) for x in link(left, right)} == {("year", "x"), ("nothing", "y")}


def test_one_to_one_by_default() -> None:
    born = D(1975, 1, 30)
    left = [LinkRecord("a", "周飞", born), LinkRecord("b", "周飛", born)]
    right = [LinkRecord("x", "Zhou Fei", born)]
    links = link(left, right)
    assert len(links) == 1 and links[0].right == "x"
    # the other way round: one left record, two right ones
    both = link(right, left, one_to_one=False)
    assert sorted(x.right for x in both) == ["a", "b"]
    assert len(link(right, left)) == 1


def test_greedy_assignment_gives_each_record_its_best_partner() -> None:
    born = D(1988, 7, 7)
    left = [LinkRecord("han", "李强", born), LinkRecord("latin", "Li Qiang", born)]
    right = [LinkRecord("chars", "李强", born), LinkRecord("pinyin", "LI, Qiang", born)]
    got = {(x.left, x.right) for x in link(left, right)}
    # 李强 = 李强 (1.0) is taken first; Li Qiang then gets LI, Qiang, not nothing
    assert got == {("han", "chars"), ("latin", "pinyin")}


def test_name_below_threshold_is_no_link_even_with_equal_dates() -> None:
    born = D(1960, 2, 2)
    assert compare("李强", "李蔷").score < 0.7
    assert link([LinkRecord("a", "李强", born)], [LinkRecord("x", "李蔷", born)]) == []
    assert link([LinkRecord("a", "Huo Liujun", born)], [LinkRecord("x", "Huo Liuqun", born)]) == []


def test_empty_and_garbage_names_give_no_link_and_no_error() -> None:
    born = D(1990, 1, 1)
    junk = ["", "   ", "12345", "???", "\x00\x01", "·", "-- , --", "😀😀", "ـــ"]
    left = [LinkRecord(f"l{i}", n, born) for i, n in enumerate(junk)] + [LinkRecord("real", "Erkin Tuniyaz", born)]
    right = [LinkRecord(f"r{i}", n, born) for i, n in enumerate(junk)] + [LinkRecord("real", "艾尔肯·吐尼亚孜", born)]
    assert [(x.left, x.right) for x in link(left, right)] == [("real", "real")]
    assert link([], right) == [] and link(left, []) == []


def test_compare_analysed_scores_like_compare() -> None:
    for a, b, _, _ in load_pairs():
        assert compare_analysed(analyse(a), analyse(b)) == compare(a, b), (a, b)
    assert compare_analysed(analyse(""), analyse("陈全国")).score == 0.0


def test_name_keys_extend_blocking_keys_and_join_true_pairs() -> None:
    for a, b, label, _ in load_pairs():
        assert blocking_keys(a) <= name_keys(a)
        if label:
            assert name_keys(a) & name_keys(b), (a, b)
    assert name_keys("周超") & name_keys("Chao Zhou")  # one-letter consonant keys: blocked on the whole part


def test_the_cheap_bound_never_rules_out_a_pair_that_reaches_the_threshold() -> None:
    pool = [a for a, _, _, _ in load_pairs()[:60]] + [b for _, b, _, _ in load_pairs()[:60]]
    for name, _ in _people(12, seed=5):
        pool += [name, *variants(name)]
    analysed = [analyse(x) for x in pool]
    ruled_out = 0
    for a in analysed:
        for b in analysed:
            score = compare_analysed(a, b).score
            for threshold in (0.5, 0.7, 0.9):
                if not may_reach(a, b, threshold):
                    ruled_out += 1
                    assert score < threshold, (a.raw, b.raw, score, threshold)
    assert ruled_out > len(pool) ** 2  # and it does rule out most pairs of different people
