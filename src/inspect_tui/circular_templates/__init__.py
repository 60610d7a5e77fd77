"""Bundled circular templates (TOML); see docs/templates.md."""
