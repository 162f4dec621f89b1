"""Internkontroll: internal-control audits in municipal social services."""


def __getattr__(name: str) -> str:
    """``__version__``, looked up only when asked for (importlib.metadata takes 50 ms to load,
    which every start of the program would pay)."""
    if name != "__version__":
        raise AttributeError(f"module 'internkontroll' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("internkontroll")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"
