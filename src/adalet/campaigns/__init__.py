"""Open letters and their signatories (issue 6): letters with deadlines in their own time zone, signatures
confirmed by email, organizations verified before they count, moderation, and the delivery package."""
