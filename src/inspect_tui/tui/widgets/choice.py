"""A row of radio buttons whose keyboard highlight starts on the button that is pressed.

Textual's RadioSet highlights its first button when mounted, whatever is pressed: with a
remembered choice (the export format) or a saved one (附件编号), enter would then pick the
first button instead of keeping the choice.
"""

from __future__ import annotations

from textual.widgets import RadioSet


class Choice(RadioSet):
    def on_mount(self) -> None:
        # After RadioSet's own mount handler (it runs after this one and moves the highlight).
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            # RadioSet keeps its highlight in `_selected` and offers no public way to set it.
            self._selected = self.pressed_index
