"""Verification of a leak: forensic checks (pure functions in checks/, cells.py, idnumbers.py), runs, findings and sign-off."""
