"""The method's rules (R1–R9) live here; views and commands call these functions."""
