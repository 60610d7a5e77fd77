"""Former home of the dialogs and the error plumbing, now in `tui/errors.py` and one module
per dialog; these names stay importable from here until every branch has moved over."""

from ..errors import ErrorDialog, guarded, log_exception, report_unexpected
from .confirm import ConfirmDialog, TextPrompt
from .elements import ElementsDialog, ElementsResult
from .finding_editor import FindingEditor, FindingFields
from .override import OverrideDialog, OverrideResult

__all__ = [
    "ConfirmDialog",
    "ElementsDialog",
    "ElementsResult",
    "ErrorDialog",
    "FindingEditor",
    "FindingFields",
    "OverrideDialog",
    "OverrideResult",
    "TextPrompt",
    "guarded",
    "log_exception",
    "report_unexpected",
]
