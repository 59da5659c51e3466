"""The version of campaign (one place: the package, the build's input hashes and the CLI read it)."""

__version__ = "0.1.0"
