"""The package's version, from its installed metadata (a layer-0 module: anything may read it)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("axissim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
