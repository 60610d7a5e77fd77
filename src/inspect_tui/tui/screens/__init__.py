"""The app's screens and dialogs, one module each. A screen opens another through the app
(`tui.navigation`), never by importing it; their base classes are in `tui.base`."""
