"""learnlog: a command-line journal for people teaching themselves a hard field."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("learnlog")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"
