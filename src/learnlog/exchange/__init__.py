"""Moving journal data in and out: formats and their parsers."""
