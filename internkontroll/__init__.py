"""Internkontroll: internal-control audits in municipal social services."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("internkontroll")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
