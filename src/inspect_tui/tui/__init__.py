"""The keyboard-driven app: `tui.app.run_app` starts it; screens and widgets live below.

Everything here is the UI edge: it reads and writes through `inspect_tui.store.Store` and
derives what it shows from the model and checklist, never building circular text itself.
"""
