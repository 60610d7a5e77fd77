"""Site search for the jump (ctrl+p, `/`): what an inspector types finds the site.

Pure: no Textual, SQLite or docx. Build one `SiteIndex` per round (per roster) and query it on
every keystroke:

    index = SiteIndex(sites)                # sites: any sequence with seq, name, short_name,
                                            # supervisor and code (e.g. model.Site)
    for match in index.search("环保", limit=20):
        match.site, match.index, match.field  # the site, its position in `sites`, why it matched

What matches, best first (ties keep roster order):

1. the list number (`16` → the site with seq 16), then an exact site code (`N000007775`);
2. the short name or full name exactly, then a short name starting with the query, containing
   it, then a full name and a supervisor containing it;
3. a site code containing the query (3 characters or more);
4. for a query of ASCII letters only: pinyin initials (`hbj` → 环保局) in the short name, then
   in the full name, then full pinyin (`huanbao`, starting at a syllable) likewise;
5. for a query of several words, sites where every word matches by any of the above (rank
   `MULTI_WORD_RANK` and up), after the sites matching the words run together.

Both sides are folded before comparing: NFKC (full-width digits and letters), case, whitespace
and control characters dropped, and Traditional → Simplified with OpenCC (`t2s`), so 环保 finds
區環保局 and 環保 finds 区环保局. An empty query returns the first `limit` sites in roster order
(field `ALL`). `search` never raises on any text.

Cost (2 shared cores under load, 84,094 synthetic census sites from benchmarks/synth.py):
building the index takes 0.3-0.6 s (one OpenCC call over all names at once; the first OpenCC
use loads its tables, 0.1 s). Pinyin tables are built on the first letters-only query, or by
`prepare_pinyin()` (e.g. from a worker thread once the round opens; a search racing it only
builds them twice), in 0.6-0.8 s. Readings come per character (each distinct character looked
up once in pypinyin's character table), not per phrase: pypinyin's phrase-aware conversion
costs 12 s at this size. So a polyphonic character takes its first listed reading; a second
table with each character's second reading catches the commonest misses (重庆 is found by `zq`
and `cq`, 长沙 by `zs` and `cs`); ü is typed v (绿化 → `lvhua`). A query then takes
milliseconds (a multi-word query of single common characters up to 0.1 s): each field is one
string searched with `str.find`.

For highlighting, `fold(text)` gives the folded form the query was compared with.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    import opencc

__all__ = ["MatchField", "SearchableSite", "SiteIndex", "SiteMatch", "fold"]


class SearchableSite(Protocol):
    """What the index reads from a site (`model.Site` has all of it)."""

    @property
    def seq(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def supervisor(self) -> str: ...
    @property
    def code(self) -> str: ...


S = TypeVar("S", bound=SearchableSite)


class MatchField(StrEnum):
    """Why a site matched, for the jump list to say or highlight."""

    ALL = "all"  # empty query
    SEQ = "seq"
    CODE = "code"
    SHORT_NAME = "short_name"
    NAME = "name"
    SUPERVISOR = "supervisor"
    INITIALS = "initials"
    PINYIN = "pinyin"


@dataclass(frozen=True, slots=True)
class SiteMatch(Generic[S]):
    site: S
    index: int  # position in the sequence the index was built from
    field: MatchField
    rank: int  # lower is better; matches come sorted by (rank, index)


# Dropped before comparing: whitespace, C0/C1 controls, zero-width and bidi marks, BOM and lone
# surrogates (the OpenCC C library takes UTF-8, which a lone surrogate cannot be).
_INVISIBLE = r"\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
_DROP = re.compile(rf"[\s\x00-\x1f{_INVISIBLE}]")
_DROP_KEEPING_SEP = re.compile(rf"[^\S\n]|[\x00-\x09\x0b-\x1f{_INVISIBLE}]")
_LETTERS = re.compile(r"[a-z]+")
_SEP = "\n"  # never left inside a cleaned value, so it separates values in a field's text


def _nfkc(text: str) -> str:
    # the check is several times faster than normalising text that is already normal
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _clean(text: str) -> str:
    return _DROP.sub("", _nfkc(_DROP.sub("", text)).casefold())


def _clean_all(values: Sequence[str]) -> list[str]:
    """`_clean` of each value, done on all of them at once (four C calls instead of four per
    value); falls back to one at a time when a value holds the separator."""
    joined = _SEP.join(values)
    if joined.count(_SEP) == len(values) - 1:
        cleaned = _DROP_KEEPING_SEP.sub("", _nfkc(_DROP_KEEPING_SEP.sub("", joined)).casefold())
        parts = cleaned.split(_SEP)
        if len(parts) == len(values):
            return parts
    return [_clean(v) for v in values]


@cache
def _t2s() -> opencc.OpenCC:
    import opencc  # imported on first use: loading its tables costs about 0.1 s

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def fold(text: str) -> str:
    """The comparable form of `text`: NFKC, case-folded, no whitespace, Simplified script."""
    cleaned = _clean(text)
    return _to_simplified(cleaned) if cleaned and not cleaned.isascii() else cleaned


class _Field:
    """One field of every site as a single string `\\nv0\\nv1…\\n`, searched with str.find."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = list(values)
        self.text = _SEP + _SEP.join(self.values) + _SEP
        # value k starts after the k+1 separators and the k values before it
        self.starts = (
            list(accumulate((len(v) + 1 for v in self.values[:-1]), initial=1))
            if self.values
            else []
        )

    def site_at(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def find(self, query: str) -> Generator[tuple[int, int], bool | None, None]:
        """(site index, offset in its value) for each site containing `query`, in order; the
        first occurrence per site, unless the caller sends the next start position back."""
        position = self.text.find(query)
        while position != -1:
            i = self.site_at(position)
            resume = yield i, position - self.starts[i]
            nxt = position + 1 if resume else self.starts[i + 1] if i + 1 < len(self.starts) else -1
            position = -1 if nxt == -1 else self.text.find(query, nxt)

    def prefixed(self, query: str) -> Iterator[int]:
        position = self.text.find(_SEP + query)
        while position != -1:
            i = self.site_at(position + 1)
            yield i
            position = self.text.find(_SEP + query, position + 1)


class _Pinyin:
    """Initials and full pinyin of the folded short and full names, per character."""

    def __init__(self, short: _Field, name: _Field) -> None:
        # pypinyin's character table only: its phrase tables cost 0.5 s to load and per-phrase
        # conversion 12 s at census size (see the module docstring).
        from pypinyin.pinyin_dict import pinyin_dict  # imported on first use

        chars = {c for c in set(short.text) | set(name.text) if not c.isascii()}
        first: dict[int, str] = {}
        second: dict[int, str] = {}
        for c in chars:
            readings = _toneless(pinyin_dict.get(ord(c), ""))
            if readings:  # punctuation and symbols keep themselves
                first[ord(c)] = readings[0]
                second[ord(c)] = readings[1] if len(readings) > 1 else readings[0]
        self.tables = (first, second)
        self.fields: dict[tuple[str, int, bool], _Field] = {}
        for label, source in (("short", short), ("name", name)):
            for n, table in enumerate(self.tables):
                initials = {k: r[0] for k, r in table.items()}
                self.fields[label, n, True] = _Field(_translate_all(source.values, initials))
                self.fields[label, n, False] = _Field(_translate_all(source.values, table))
        self.sources = {"short": short, "name": name}

    def syllable_start(self, label: str, table: int, site: int, offset: int) -> bool:
        """Does `offset` in the site's full pinyin fall at the start of a character's reading?"""
        readings = self.tables[table]
        position = 0
        for c in self.sources[label].values[site]:
            if position == offset:
                return True
            if position > offset:
                return False
            position += len(readings.get(ord(c), c))
        return False


class SiteIndex(Generic[S]):
    """Everything `search` compares, folded once for a roster."""

    def __init__(self, sites: Sequence[S]) -> None:
        self.sites = list(sites)
        self._seq: dict[int, list[int]] | None = None  # built on the first number typed
        self._code = _Field(_clean_all([s.code for s in self.sites]))
        # One OpenCC call for all names (per-call overhead dominates otherwise).
        columns = [_clean_all([getattr(s, attr) for s in self.sites]) for attr in _TEXT_FIELDS]
        joined = _to_simplified(_SEP.join(_SEP.join(col) for col in columns))
        parts = joined.split(_SEP) if self.sites else []
        n = len(self.sites)
        if len(parts) != n * len(_TEXT_FIELDS):  # OpenCC keeps separators; never trust blindly
            parts = [fold(v) for col in columns for v in col]
        self._short, self._name, self._supervisor = (
            _Field(parts[k * n : (k + 1) * n]) for k in range(len(_TEXT_FIELDS))
        )
        self._pinyin: _Pinyin | None = None

    def __len__(self) -> int:
        return len(self.sites)

    def prepare_pinyin(self) -> None:
        """Build the pinyin tables now instead of on the first letters-only query."""
        if self._pinyin is None:
            self._pinyin = _Pinyin(self._short, self._name)

    def search(self, query: str, limit: int = 50) -> list[SiteMatch[S]]:
        """The sites matching `query`, best first, at most `limit` of them."""
        if limit <= 0:
            return []
        q = fold(query)
        if not q:
            return [SiteMatch(s, i, MatchField.ALL, 0) for i, s in enumerate(self.sites[:limit])]
        found = self._ranked(q, limit)
        terms = [t for t in (fold(word) for word in query.split()) if t]
        if len(found) < limit and len(terms) > 1:
            # "大亚湾 环保": every word matches somewhere, after the query read as one word.
            # The longest word is likely the most selective: rank by it, test the others.
            terms.sort(key=len, reverse=True)
            for i, (rank, field) in self._ranked(terms[0], len(self.sites)).items():
                if i not in found and all(self._site_has(i, t) for t in terms[1:]):
                    found[i] = (MULTI_WORD_RANK + rank, field)
                    if len(found) >= limit:
                        break
        return [SiteMatch(self.sites[i], i, field, rank) for i, (rank, field) in found.items()]

    def _site_has(self, i: int, term: str) -> bool:
        """Does site `i` match `term` by any rule of `_candidates` (pinyin without the
        syllable-start test)?"""
        fields = (self._short, self._name, self._supervisor)
        if any(term in f.values[i] for f in fields):
            return True
        if len(term) >= 3 and term in self._code.values[i]:
            return True
        if term == self._code.values[i]:
            return True
        if term.isascii() and term.isdigit() and len(term) < 10:
            return self.sites[i].seq == int(term)
        if _LETTERS.fullmatch(term):
            self.prepare_pinyin()
            assert self._pinyin is not None
            return any(term in f.values[i] for f in self._pinyin.fields.values())
        return False

    def _ranked(self, q: str, limit: int) -> dict[int, tuple[int, MatchField]]:
        """Site index → (rank, field) of its best match, in (rank, index) order."""
        found: dict[int, tuple[int, MatchField]] = {}
        for rank, (field, indices) in enumerate(self._candidates(q)):
            for i in indices:
                if i not in found:
                    found[i] = (rank, field)
                    if len(found) >= limit:
                        return found
        return found

    def _candidates(self, q: str) -> Iterator[tuple[MatchField, Iterator[int]]]:
        """(field, site indices in roster order) per rank, best rank first."""
        if q.isascii() and q.isdigit() and len(q) < 10:
            yield MatchField.SEQ, iter(self._by_seq().get(int(q), []))
        yield MatchField.CODE, self._code.prefixed(q + _SEP)
        yield MatchField.SHORT_NAME, self._short.prefixed(q + _SEP)
        yield MatchField.NAME, self._name.prefixed(q + _SEP)
        yield MatchField.SHORT_NAME, self._short.prefixed(q)
        yield MatchField.SHORT_NAME, _first(self._short.find(q))
        yield MatchField.NAME, _first(self._name.find(q))
        yield MatchField.SUPERVISOR, _first(self._supervisor.find(q))
        if len(q) >= 3:
            yield MatchField.CODE, _first(self._code.find(q))
        if _LETTERS.fullmatch(q):
            self.prepare_pinyin()
            assert self._pinyin is not None
            for label in ("short", "name"):
                yield MatchField.INITIALS, self._initials(label, q)
            for label in ("short", "name"):
                yield MatchField.PINYIN, self._full_pinyin(label, q)

    def _by_seq(self) -> dict[int, list[int]]:
        if self._seq is None:
            self._seq = {}
            for i, site in enumerate(self.sites):
                self._seq.setdefault(site.seq, []).append(i)
        return self._seq

    def _initials(self, label: str, q: str) -> Iterator[int]:
        assert self._pinyin is not None
        hits: set[int] = set()
        for table in (0, 1):
            hits.update(_first(self._pinyin.fields[label, table, True].find(q)))
        return iter(sorted(hits))

    def _full_pinyin(self, label: str, q: str) -> Iterator[int]:
        assert self._pinyin is not None
        hits: set[int] = set()
        for table in (0, 1):
            finder = self._pinyin.fields[label, table, False].find(q)
            try:
                i, offset = next(finder)
                while True:
                    at_start = self._pinyin.syllable_start(label, table, i, offset)
                    if at_start:
                        hits.add(i)
                    # Not at a syllable start: look further in the same value.
                    i, offset = finder.send(not at_start)
            except StopIteration:
                pass
        return iter(sorted(hits))


_TEXT_FIELDS = ("short_name", "name", "supervisor")
MULTI_WORD_RANK = 100  # ranks of matches of every word (not of the query as one word) start here


def _toneless(readings: str) -> list[str]:
    """ "zhòng,chóng" → ["zhong", "chong"] (ü written v, as pinyin input methods do)."""
    out: list[str] = []
    for reading in readings.split(","):
        decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        if plain.isascii() and plain.isalpha() and plain not in out:
            out.append(plain)
    return out


def _translate_all(values: Sequence[str], table: dict[int, str]) -> list[str]:
    """`v.translate(table)` for each value, in one call (values hold no separator)."""
    return _SEP.join(values).translate(table).split(_SEP) if values else []


def _first(hits: Iterator[tuple[int, int]]) -> Iterator[int]:
    for i, _ in hits:
        yield i
