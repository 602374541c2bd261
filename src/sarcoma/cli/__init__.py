"""The `sarcoma` command line."""
