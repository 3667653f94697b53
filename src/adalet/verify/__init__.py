"""Pure-Python checks that authenticate leaked records (no Django): cell parsing and ID number checks."""
