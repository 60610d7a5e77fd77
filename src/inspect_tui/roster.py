"""Roster CSV import and export, with errors that name the file, row and column.

Pure: bytes in, sites out (and back). No SQLite, no Textual. The caller reads the file, hands
the bytes to `parse_roster` and stores the sites only when no `RosterError` was raised, so a
bad file never touches the store.

Accepted input: the column names in `COLUMNS` (any case, spaces/underscores/hyphens ignored)
or their Chinese names in either script; comma-, tab- or semicolon-separated; UTF-8 (with or
without BOM), UTF-16/32 with BOM (Excel's "Unicode text", tab-separated), or GB18030 (Chinese
Excel's "CSV") when the result is plausible: no private-use characters and a recognised header
row. Anything else (Big5, UTF-16 without BOM, UTF-8 with a broken byte) is an error naming the
encodings tried, unless `encoding=` forces one. Text passes `validate` (the bundle's rules).
Row numbers are those Excel shows: the header is row 1.

Export writes UTF-8 with BOM and CRLF, escaping cells Excel would run as formulas with a
leading apostrophe, which `parse_roster` removes again.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import KNOWN_CODE_PATTERNS, Site, SiteKind, code_is_valid
from .validate import bad_character, too_long

COLUMNS: tuple[str, ...] = (
    "seq",
    "kind",
    "name",
    "short_name",
    "supervisor",
    "owner",
    "code",
    "url",
    "parent",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("kind", "name", "short_name")
OPTIONAL_COLUMNS: tuple[str, ...] = ("level",)  # read when present; exported when used

# Chinese header names, both scripts. English names are matched after `_english_key`.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "序號"),
    "kind": ("类型", "類型", "网站类型", "網站類型"),
    "name": ("全称", "全稱", "名称", "名稱", "网站名称", "網站名稱"),
    "short_name": ("简称", "簡稱"),
    "supervisor": ("主管单位", "主管單位"),
    "owner": (
        "所属单位",
        "所屬單位",
        "平台所属单位",
        "平臺所屬單位",
        "平台所属单位名称",
        "平臺所屬單位名稱",
    ),
    "code": ("网站标识码", "網站標識碼", "标识码", "標識碼"),
    "url": ("网址", "網址"),
    "parent": ("所属网站", "所屬網站"),
    "level": ("层级", "層級"),
}

KIND_ALIASES: dict[str, SiteKind] = {
    "门户网站": SiteKind.PORTAL,
    "門戶網站": SiteKind.PORTAL,
    "部门网站": SiteKind.DEPT,
    "部門網站": SiteKind.DEPT,
    "专项网站": SiteKind.SPECIAL,
    "專項網站": SiteKind.SPECIAL,
    "频道": SiteKind.CHANNEL,
    "頻道": SiteKind.CHANNEL,
    "栏目": SiteKind.CHANNEL,
    "欄目": SiteKind.CHANNEL,
    "网站频道": SiteKind.CHANNEL,
    "網站頻道": SiteKind.CHANNEL,
    "平台": SiteKind.PLATFORM,
    "平臺": SiteKind.PLATFORM,
    "网站平台": SiteKind.PLATFORM,
    "網站平臺": SiteKind.PLATFORM,
}

MAX_ERRORS = 50
MAX_SEQ = 999_999
DELIMITERS = (",", "\t", ";")
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_UNESCAPE_NEXT = (*FORMULA_TRIGGERS, "'")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SEQ_RE = re.compile(r"[0-9]+")
# `code_is_known_pattern` as one regex (its patterns are anchored, so the alternation matches
# exactly when one of them does): one search per code instead of up to four.
_KNOWN_CODE = re.compile("|".join(f"(?:{p.pattern})" for p in KNOWN_CODE_PATTERNS))
_KIND_CHOICES = ", ".join(k.value for k in SiteKind)
_KIND_CHOICES_ZH = "门户网站, 部门网站, 专项网站, 频道, 栏目, 平台"
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon"}


@dataclass(frozen=True)
class RosterIssue:
    """One problem in a roster file. `row` is Excel's row number (header = 1)."""

    source: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f', column "{self.column}"'
        return f"{where}: {self.message}"


class RosterError(ValueError):
    """A roster file cannot be imported. `issues` lists every problem found (up to 50)."""

    def __init__(self, issues: Sequence[RosterIssue]) -> None:
        self.issues: list[RosterIssue] = list(issues)
        super().__init__(self.issues)

    def __str__(self) -> str:
        return "\n".join(str(i) for i in self.issues)


@dataclass(frozen=True)
class RosterResult:
    sites: list[Site]
    warnings: list[RosterIssue] = field(default_factory=list)
    encoding: str = ""  # as read, for display: "UTF-8", "GB18030", "UTF-16", ...
    delimiter: str = ","


# -- import -----------------------------------------------------------------------------------


def parse_roster(data: bytes, source: str, *, encoding: str | None = None) -> RosterResult:
    """Parse and validate a roster file. Raises `RosterError` listing every problem found.

    `encoding` (any Python codec name: "big5", "gbk", "utf-16-le", …) forces one; by default
    it is detected without guessing wrong (see `_decode`). Sites come back sorted by seq (row
    order when there is no seq column). Warnings are capped at MAX_WARNINGS plus a count.
    """
    text, label = _decode(data, source) if encoding is None else _forced(data, source, encoding)
    parser = _Parser(source, label)
    sites = parser.parse(text)
    if parser.errors:
        raise RosterError(parser.reported_errors())
    return RosterResult(
        sites=sites,
        warnings=_capped(parser.by_row(parser.warnings), source),
        encoding=label,
        delimiter=parser.delimiter,
    )


MAX_WARNINGS = 50
SAVE_AS_UTF8 = 'in Excel use "Save As" → "CSV UTF-8 (comma delimited)"'
TRIED = "UTF-8, UTF-16/UTF-32 with a byte-order mark, GB18030"


def _capped(warnings: list[RosterIssue], source: str) -> list[RosterIssue]:
    """The first MAX_WARNINGS warnings and one line counting the rest (a 200k-row roster had
    12,086 warning lines)."""
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    more = len(warnings) - MAX_WARNINGS
    return [
        *warnings[:MAX_WARNINGS],
        RosterIssue(source, None, None, f"… and {more} more warnings"),
    ]


def _fail(source: str, message: str) -> RosterError:
    return RosterError([RosterIssue(source, None, None, message)])


def _forced(data: bytes, source: str, encoding: str) -> tuple[str, str]:
    """`data` read as `encoding`, strictly: a wrong byte is an error naming where it is."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise _fail(source, f'unknown encoding "{encoding}"; e.g. utf-8, gb18030, big5') from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, …: not a text encoding
        raise _fail(source, f'"{encoding}" is not a text encoding; e.g. utf-8, gb18030, big5')
    label = info.name.upper()
    try:
        text = data.decode(info.name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _fail(
            source, f"not valid {label}: byte {exc.start} (line {line}) cannot be read in it"
        ) from None
    return text.removeprefix("\ufeff"), label


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Strict UTF-8 (BOM or not), UTF-16/32 with a BOM, then strict GB18030 only when the
    result is plausible; otherwise an error naming the encodings tried. Never a silent guess:
    a Big5 file or a UTF-8 file with one bad byte read as GB18030 gives mojibake names."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            name = label.removesuffix(" with BOM")
            try:
                return data[len(bom) :].decode(codec), label
            except UnicodeDecodeError as exc:
                raise _fail(
                    source,
                    f"the file starts with a {name} byte-order mark but is not valid "
                    f"{name} (byte {exc.start + len(bom)}); save it again as CSV UTF-8",
                ) from None
    if _looks_utf16(data):
        raise _fail(
            source,
            "the file looks like UTF-16 without a byte-order mark, which cannot be read "
            f"safely; {SAVE_AS_UTF8}, or give the encoding (utf-16-le or utf-16-be)",
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, first_bad) + 1
        raise _fail(
            source,
            f"the file is UTF-8 but byte {first_bad} (line {line}) is not valid UTF-8; "
            f"correct that cell, or {SAVE_AS_UTF8}",
        )
    try:
        # GB18030 encodes U+FEFF as 84 31 95 33; a file saved "with BOM" in it keeps one.
        text = data.decode("gb18030").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return text, "GB18030"
    hint = ""
    try:
        if _plausible(data.decode("big5")):
            hint = "; it reads as Big5 (Traditional Chinese Excel): give the encoding big5"
    except UnicodeDecodeError:
        pass
    raise _fail(
        source,
        f"could not read the file as UTF-8 or GB18030 (tried {TRIED}; GB18030 "
        f"{'gave no recognisable header row' if text is not None else 'failed'}){hint}; "
        f"{SAVE_AS_UTF8}",
    )


def _looks_utf16(data: bytes) -> bool:
    """Many NUL bytes at even or odd positions: UTF-16 text (ASCII letters in UTF-16 are
    valid UTF-8 with NULs between them, so this is checked first; a CSV has no NULs)."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    return max(zeros_even, zeros_odd) >= len(sample) // 8


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 multi-byte characters far outnumber the bad bytes: a UTF-8 file with a
    few broken bytes, not text in another encoding (GB18030 is almost never valid UTF-8)."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 8 * max(bad, 1)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _plausible(text: str) -> bool:
    """No private-use characters (GB18030's user areas: mojibake), and a header row whose
    cells name known columns under one of the delimiters."""
    if _PRIVATE_USE.search(text) is not None:
        return False
    first = next((line for line in text.removeprefix("\ufeff").splitlines() if line.strip()), "")
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if any(_column_for(c.strip()) is not None for c in cells):
            return True
    return False


def _english_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _build_header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in (*COLUMNS, *OPTIONAL_COLUMNS):
        index[_english_key(column)] = column
        for alias in COLUMN_ALIASES.get(column, ()):
            index[_english_key(alias)] = column
    return index


_HEADER_INDEX = _build_header_index()


def _column_for(header_cell: str) -> str | None:
    return _HEADER_INDEX.get(_english_key(header_cell))


def _kind_for(value: str) -> SiteKind | None:
    key = re.sub(r"\s+", "", value)
    try:
        return SiteKind(key.casefold())
    except ValueError:
        return KIND_ALIASES.get(key)


def _expected_columns() -> str:
    english = ", ".join(COLUMNS)
    chinese = ", ".join(COLUMN_ALIASES[c][0] for c in COLUMNS)
    return f"{english} (or in Chinese: {chinese})"


def _column_label(column: str) -> str:
    aliases = COLUMN_ALIASES[column]
    return f'"{column}" ({"/".join(aliases[:2])})'


def _clean(cell: str) -> str:
    """Strip whitespace (including U+3000) and the apostrophe `export_roster` adds."""
    value = cell.strip()
    if len(value) >= 2 and value[0] == "'" and value[1] in _UNESCAPE_NEXT:
        value = value[1:].strip()
    return value


# Forbidden characters and length limits are the bundle's too (validate.py): what the roster
# accepts, a bundle of its round accepts. `validate.bad_character` runs one regex search per
# value and only names the problem when there is one (756,846 cells of an 84,094-row roster).


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass
class _Row:
    row: int
    values: dict[str, str]
    bad: set[str]  # columns already reported for their characters


class _Parser:
    def __init__(self, source: str, encoding: str = "") -> None:
        self.source = source
        self.encoding = encoding  # as read: named when the header is not recognised
        self.errors: list[RosterIssue] = []
        self.warnings: list[RosterIssue] = []
        self.delimiter = ","
        self.headers: dict[str, str] = {}  # canonical column -> header as written
        self.blank_columns: set[int] = set()  # indexes of header cells left empty
        self.header_width = 0
        self.written_header: list[str] = []

    # -- issues ---------------------------------------------------------------------------

    def error(self, row: int | None, column: str | None, message: str) -> None:
        shown = self.headers.get(column, column) if column else None
        self.errors.append(RosterIssue(self.source, row, shown, message))

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        shown = self.headers.get(column, column) if column else None
        self.warnings.append(RosterIssue(self.source, row, shown, message))

    def by_row(self, issues: list[RosterIssue]) -> list[RosterIssue]:
        """Sorted as a reader scans the file: by row, then by column from left to right."""
        order = {written: i for i, written in enumerate(self.written_header)}
        return sorted(issues, key=lambda i: (i.row or 0, order.get(i.column or "", -1)))

    def reported_errors(self) -> list[RosterIssue]:
        """The errors in row order, at most MAX_ERRORS of them plus a count of the rest."""
        errors = self.by_row(self.errors)
        if len(errors) <= MAX_ERRORS:
            return errors
        more = len(errors) - MAX_ERRORS
        return [
            *errors[:MAX_ERRORS],
            RosterIssue(self.source, None, None, f"… and {more} more problems not shown"),
        ]

    # -- reading --------------------------------------------------------------------------

    def parse(self, text: str) -> list[Site]:
        records = self._records(text)
        if records is None:
            return []
        header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
        if header_at is None:
            self.error(
                None, None, f"the file is empty; expected a header row: {_expected_columns()}"
            )
            return []
        header_row = header_at + 1
        positions = self._header(records[header_at], header_row)
        if positions is None:
            return []
        rows = self._rows(records[header_at + 1 :], header_row + 1, positions)
        if not rows and not self.errors:
            self.error(None, None, "no sites: the file has a header row but no rows below it")
        return self._sites(rows)

    def _records(self, text: str) -> list[list[str]] | None:
        text = text.removeprefix("\ufeff")
        self.delimiter = self._detect_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        records: list[list[str]] = []
        try:
            for record in reader:
                records.append(record)
        except csv.Error as exc:
            self.error(len(records) + 1, None, f"cannot be read as CSV: {exc}")
            return None
        return records

    def _detect_delimiter(self, text: str) -> str:
        """The delimiter under which the first row names the most known columns."""
        first = next((line for line in text.splitlines() if line.strip()), "")
        best, best_score = ",", -1
        for delimiter in DELIMITERS:
            try:
                cells = next(csv.reader([first], delimiter=delimiter), [])
            except csv.Error:
                continue
            score = sum(1 for c in cells if _column_for(c) is not None)
            if score == 0:
                score = -1 if delimiter not in first else 0
            if score > best_score:
                best, best_score = delimiter, score
        return best

    def _header(self, cells: list[str], row: int) -> dict[str, int] | None:
        """Map each known column to its index. None when the rows cannot be read at all.

        Unknown and repeated columns are errors, but the rows are still checked (ignoring
        those columns) so that one import attempt reports every problem.
        """
        positions: dict[str, int] = {}
        written_cells = [c.strip().removeprefix("\ufeff").strip() for c in cells]
        self.written_header = written_cells
        unknown: list[str] = []
        for index, written in enumerate(written_cells):
            if not written:
                self.blank_columns.add(index)
                continue
            column = _column_for(written)
            if column is None:
                unknown.append(written)
            elif column in positions:
                first = self.headers[column]
                same = (
                    "appears twice"
                    if first == written
                    else f'is the same column as "{first}" ({column})'
                )
                self.errors.append(
                    RosterIssue(self.source, row, written, f"{same}; keep only one of them")
                )
            else:
                positions[column] = index
                self.headers[column] = written
        self.header_width = len(cells)
        if not positions:
            sep = _DELIMITER_NAMES[self.delimiter]
            shown = [_quote(_shorten(c)) for c in written_cells if c]
            more = "…" if len(shown) > 4 else ""
            self.error(
                row,
                None,
                f"the first row is not a header row ({sep}-separated cells "
                f"{', '.join(shown[:4])}{more}, read as {self.encoding or 'text'}); "
                f"expected column names: {_expected_columns()}",
            )
            return None
        for written in unknown:
            self.errors.append(
                RosterIssue(
                    self.source,
                    row,
                    _shorten(written),
                    f"unknown column; expected columns: {_expected_columns()}",
                )
            )
        missing = [c for c in REQUIRED_COLUMNS if c not in positions]
        for column in missing:
            self.error(row, None, f"missing the required column {_column_label(column)}")
        return None if missing else positions

    def _rows(
        self, records: list[list[str]], first_row: int, positions: dict[str, int]
    ) -> list[_Row]:
        rows: list[_Row] = []
        columns = list(positions.items())
        for offset, record in enumerate(records):
            row = first_row + offset
            if not "".join(record).strip():  # every cell blank (one join: fast at 84k rows)
                continue
            stray = (
                [
                    i
                    for i, c in enumerate(record)
                    if (i >= self.header_width or i in self.blank_columns) and _clean(c)
                ]
                if len(record) > self.header_width or self.blank_columns
                else None
            )
            if stray:
                value = _quote(_shorten(_clean(record[stray[0]])))
                self.error(
                    row,
                    None,
                    f"has a value in column {_column_letter(stray[0])} ({value}), "
                    "which has no header; name the column or delete the value",
                )
            values: dict[str, str] = {}
            bad: set[str] = set()
            width = len(record)
            for column, index in columns:
                value = _clean(record[index]) if index < width else ""
                if column in ("code", "seq") and not value.isascii():  # ASCII is NFKC already
                    value = unicodedata.normalize("NFKC", value).strip()
                problem = bad_character(value) or (too_long(value, column) if value else None)
                if problem is not None:
                    self.error(row, column, problem)
                    bad.add(column)
                    value = ""
                values[column] = value
            rows.append(_Row(row, values, bad))
        return rows

    # -- validating -----------------------------------------------------------------------

    def _sites(self, rows: list[_Row]) -> list[Site]:
        seqs = self._seqs(rows)
        sites: list[tuple[int, int, Site]] = []
        codes: dict[str, int] = {}
        names: dict[str, int] = {}
        short_names: dict[str, int] = {}
        for order, (r, seq) in enumerate(zip(rows, seqs, strict=True)):
            v = r.values
            kind = self._kind(r)
            name, short_name = v.get("name", ""), v.get("short_name", "")
            if "name" in r.bad:
                pass
            elif not name:
                self.error(r.row, "name", "empty; every site needs its full name")
            elif name in names:
                self.error(
                    r.row, "name", f'"{_shorten(name)}" is also the name of row {names[name]}'
                )
            else:
                names[name] = r.row
            if "short_name" in r.bad:
                pass
            elif not short_name:
                self.error(r.row, "short_name", "empty; every site needs a short name")
            elif short_name in short_names:
                self.warn(
                    r.row,
                    "short_name",
                    f'"{_shorten(short_name)}" is also the short name of row '
                    f"{short_names[short_name]}; the circular will not tell them apart",
                )
            else:
                short_names[short_name] = r.row
            code = v.get("code", "")
            if code:
                if not code_is_valid(code):
                    self.error(
                        r.row,
                        "code",
                        f'"{_shorten(code)}" is not a site code; '
                        "expected 10 letters or digits (e.g. 4413900013)",
                    )
                else:
                    key = code.casefold()
                    if key in codes:
                        self.error(r.row, "code", f"{code} is also the code of row {codes[key]}")
                    else:
                        codes[key] = r.row
                    if _KNOWN_CODE.match(code) is None:
                        self.warn(
                            r.row,
                            "code",
                            f"{code} matches none of the known site-code formats "
                            "(10 digits, NNBM + 6 digits, bm + 8 digits, N + 9 digits); "
                            "check it against the site's footer",
                        )
            if kind is SiteKind.PLATFORM and not v.get("owner", ""):
                self.warn(
                    r.row,
                    "owner",
                    "a platform should name the unit it belongs to (所属单位)",
                )
            if kind is None or seq is None or not name or not short_name:
                continue
            site = Site(
                seq=seq,
                kind=kind,
                name=name,
                short_name=short_name,
                supervisor=v.get("supervisor", ""),
                owner=v.get("owner", ""),
                code=code,
                url=v.get("url", ""),
                parent=v.get("parent", ""),
                level=v.get("level", ""),
            )
            sites.append((seq, order, site))
        sites.sort(key=lambda t: (t[0], t[1]))
        return [s for _, _, s in sites]

    def _kind(self, r: _Row) -> SiteKind | None:
        value = r.values.get("kind", "")
        kind = _kind_for(value) if value else None
        if kind is None and "kind" not in r.bad:
            got = f'"{_shorten(value)}" is not a site kind' if value else "empty"
            self.error(
                r.row,
                "kind",
                f"{got}; expected one of {_KIND_CHOICES} (or {_KIND_CHOICES_ZH})",
            )
        return kind

    def _seqs(self, rows: list[_Row]) -> list[int | None]:
        if "seq" not in self.headers or not any(r.values.get("seq") for r in rows):
            return list(range(1, len(rows) + 1))
        seqs: list[int | None] = []
        seen: dict[int, int] = {}
        for r in rows:
            value = r.values.get("seq", "")
            seq: int | None = None
            if "seq" in r.bad:
                pass
            elif not value:
                self.error(r.row, "seq", "empty; number every row, or leave the whole column empty")
            elif not _SEQ_RE.fullmatch(value) or not 1 <= _bounded_int(value) <= MAX_SEQ:
                self.error(
                    r.row,
                    "seq",
                    f'"{_shorten(value)}" is not a sequence number; '
                    f"expected a whole number from 1 to {MAX_SEQ}",
                )
            else:
                seq = int(value)
                if seq in seen:
                    self.error(r.row, "seq", f"{seq} is also the number of row {seen[seq]}")
                else:
                    seen[seq] = r.row
            seqs.append(seq)
        return seqs


def _bounded_int(digits: str) -> int:
    """int(digits), or MAX_SEQ + 1 when it has more digits than MAX_SEQ (no 4300-digit limit)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= len(str(MAX_SEQ)) else MAX_SEQ + 1


def _quote(value: str) -> str:
    return f'"{value}"'


def _column_letter(index: int) -> str:
    """Excel's column letter for a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


# -- export -----------------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows `value` as text, not as a formula.

    Also prefixes values that would otherwise lose an apostrophe on import (`'=x` → `''=x`).
    """
    if value.startswith(FORMULA_TRIGGERS) or (
        len(value) >= 2 and value[0] == "'" and value[1] in _UNESCAPE_NEXT
    ):
        return "'" + value
    return value


def export_roster(sites: Sequence[Site]) -> bytes:
    """The roster as CSV: UTF-8 with BOM, English header, CRLF, in seq order.

    Round-trips through `parse_roster` for sites that pass its validation.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    with_level = any(site.level for site in sites)  # older rosters export as they were
    writer.writerow((*COLUMNS, *OPTIONAL_COLUMNS) if with_level else COLUMNS)
    for site in sorted(sites, key=lambda s: s.seq):
        writer.writerow(
            [
                str(site.seq),
                SiteKind(site.kind).value,
                *(
                    escape_cell(v)
                    for v in (
                        site.name,
                        site.short_name,
                        site.supervisor,
                        site.owner,
                        site.code,
                        site.url,
                        site.parent,
                        *((site.level,) if with_level else ()),
                    )
                ),
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
