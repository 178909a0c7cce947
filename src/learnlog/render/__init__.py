"""Rendering: Rich renderables for terminals and the JSON documents for scripts."""
