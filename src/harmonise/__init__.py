"""harmonise: check national cyber legislation against the HIPCAR model laws."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("harmonise")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
