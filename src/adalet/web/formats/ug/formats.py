"""Uyghur: a 24-hour clock as Django's own TIME_FORMAT for ug ("G:i"), never a.m./p.m."""

DATETIME_FORMAT = "j F Y G:i"
