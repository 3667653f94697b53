"""Verification runs, their findings, and reviewers' sign-offs (kept by finding key, so they outlive reruns)."""

from __future__ import annotations

from django.db import models


class VerificationRun(models.Model):
    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    actor = models.CharField(max_length=200)
    as_of = models.DateField(help_text="The archive's latest date, after which no recorded date can be.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    summary = models.JSONField(default=dict)


class FindingRecord(models.Model):
    run = models.ForeignKey(VerificationRun, on_delete=models.CASCADE, related_name="findings")
    key = models.CharField(max_length=16, db_index=True)
    check_name = models.CharField(max_length=50)
    severity = models.CharField(max_length=10)
    item = models.TextField(help_text="The item's locator.")
    sheet = models.CharField(max_length=300, blank=True)
    row = models.PositiveIntegerField(null=True)
    id_number = models.CharField(max_length=32, blank=True)
    message = models.TextField()
    evidence = models.JSONField(default=dict)


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "the problem is real"
    DISMISSED = "dismissed", "not a problem (explained in the note)"
    NOTED = "noted", "seen; no decision yet"


class SignOff(models.Model):
    """A reviewer's decision on a finding; the latest per key counts. Each is also on the custody log."""

    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=16, db_index=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reviewer = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    custody_seq = models.BigIntegerField(null=True)
