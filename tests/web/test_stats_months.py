"""Detentions per month of admission on the statistics page: every month from the first admission to the last, an
SVG column and a table row each, counts below MIN_SHOWN suppressed (and a second one when one alone would be
derivable from the total), read from the published records only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from adalet.archive.models import Collection, Item
from adalet.people.models import Detention
from adalet.people.statistics import MIN_SHOWN, MonthCount, detention_statistics, months_shown

JAN, FEB, MAR, APR = (dt.date(2018, m, 1) for m in (1, 2, 3, 4))


def test_months_are_filled_and_small_counts_suppressed() -> None:
    months, undated = months_shown({JAN: 12, MAR: 3, APR: 7}, 0)
    # March alone hidden would be held - 12 - 0 - 7: April (the smallest shown) is hidden with it
    assert months == [MonthCount(JAN, 12), MonthCount(FEB, 0), MonthCount(MAR, None), MonthCount(APR, None)]
    assert undated == 0
    months, undated = months_shown({JAN: 12, MAR: 3, APR: 1}, 2)
    assert [m.count for m in months] == [12, 0, None, None] and undated is None  # three hidden: none derivable
    months, undated = months_shown({JAN: 6, FEB: 9}, 4)
    assert [m.count for m in months] == [None, 9] and undated is None  # the undated four hidden, and January with them
    assert months_shown({JAN: MIN_SHOWN, FEB: MIN_SHOWN}, 0)[0] == [MonthCount(JAN, MIN_SHOWN), MonthCount(FEB, MIN_SHOWN)]
    assert months_shown({}, 3) == ([], None)
    across = months_shown({dt.date(2017, 11, 1): 5, dt.date(2018, 2, 1): 5}, 0)[0]
    assert [m.month for m in across] == [dt.date(2017, 11, 1), dt.date(2017, 12, 1), JAN, FEB]
    mistyped = months_shown({dt.date(1900, 1, 1): 6, JAN: 7}, 0)[0]  # a placeholder year: no 1,417 empty months
    assert [m.month for m in mistyped] == [dt.date(1900, 1, 1), JAN]


@pytest.mark.django_db
def test_the_page_shows_each_month_with_small_counts_hidden(client: Client, published: Collection) -> None:
    stats = detention_statistics(published.pk)
    assert sum(stats.by_month.values()) + stats.undated == stats.held > 0
    months, _undated = months_shown(stats.by_month, stats.undated)
    text = client.get(f"/collections/{published.name}/statistics/").content.decode()
    table = re.search(r'<section class="chart months".*?</section>', text, re.S).group(0)
    rows = re.findall(r'<time datetime="(\d{4}-\d\d)">[^<]+</time></th><td>([^<]+)</td>', table)
    assert [month for month, _ in rows] == [m.month.strftime("%Y-%m") for m in months]
    for (_month, shown), month in zip(rows, months, strict=True):
        if month.count is None:
            assert shown == f"fewer than {MIN_SHOWN}"
        else:
            assert shown == str(month.count) and (month.count == 0 or month.count >= MIN_SHOWN)
    assert not any(0 < (stats.by_month.get(m.month) or 0) < MIN_SHOWN and m.count is not None for m in months)
    drawn = table.count('<rect class="column"') + table.count('<rect class="suppressed"')
    assert drawn == sum(1 for m in months if m.count != 0)
    assert "style=" not in table and "<script" not in table


@pytest.mark.django_db
def test_withheld_records_are_not_counted_and_the_chart_speaks_uyghur(client: Client, published: Collection) -> None:
    client.post("/i18n/setlang/", {"language": "ug", "next": "/"})
    text = client.get(f"/collections/{published.name}/statistics/").content.decode()
    assert 'dir="rtl"' in text and "قوبۇل قىلىنغان ئاي بويىچە تۇتۇپ تۇرۇشلار" in text and '<svg class="months"' in text
    before = detention_statistics(published.pk)
    held = Detention.objects.filter(person__collection=published, detained=True, admitted__isnull=False)
    item_id = held.values_list("source__item_id", flat=True).first()
    Item.objects.filter(pk=item_id).update(withheld=True)  # arrived after publication: not counted until published
    after = detention_statistics(published.pk)
    assert sum(after.by_month.values()) == sum(before.by_month.values()) - held.filter(source__item_id=item_id).count()
