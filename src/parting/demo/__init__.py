"""The demo story: a realistic account to try Parting with."""
