"""Roundtable: the open-source platform a local partnership runs on."""

__version__ = "0.1.0"
