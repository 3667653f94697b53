"""Verification of a leak: forensic checks (pure functions in checks/ and idnumbers.py, on cells as adalet.people.cells
parses them), runs, findings and sign-off."""
