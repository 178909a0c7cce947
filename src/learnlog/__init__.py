"""learnlog: a command-line journal for people teaching themselves a hard field."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__`` from the installed metadata, read only when asked for (it costs ~40 ms)."""
    if name != "__version__":
        raise AttributeError(f"module 'learnlog' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("learnlog")
    except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
        return "0+unknown"
