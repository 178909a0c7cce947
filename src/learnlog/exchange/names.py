"""The names of the file formats, light enough for the command line's start-up."""

from __future__ import annotations

from enum import StrEnum


class ImportFormat(StrEnum):
    """The files ``learnlog import`` reads."""

    LEARNLOG_JSON = "learnlog-json"
    JRNL_JSON = "jrnl-json"
    JRNL_TXT = "jrnl-txt"
    CSV = "csv"


class ExportFormat(StrEnum):
    """The files ``learnlog export`` writes."""

    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
