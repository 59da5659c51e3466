"""campaign: appeal letters, sanctions briefs and UN communications for political prisoners."""

__version__ = "0.1.0"
__all__ = ["__version__"]
