"""Finding erased personal data in the free text staff typed (history notes, audit actors and
reasons), in whatever form the API itself would have accepted it.

A phone number is found by reading every phone-like run of the text with the same parser the
API stores contact numbers with, so each form it accepts (0813-2441-8160, +62 813 2441 8160,
62813…) is matched by construction; e-mail addresses are matched in any letter case.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from services.tenancy.domain.contact import InvalidPhoneNumber, normalise_phone

#: What erased personal data reads as in free text.
ERASED_TEXT = "[erased]"

# Digits with the separators normalise_phone ignores, optionally led by "(" and a "+".
_PHONE_RUN = re.compile(r"\(?(?:\+[\s\-().]*)?\d[\d\s\-().]*")
_DIGIT_GROUP = re.compile(r"\d+")
# No form normalise_phone accepts has more digits than E.164's 15 (local ones have fewer).
_MOST_DIGITS = 15


@dataclass(frozen=True)
class ErasedTraces:
    #: Names, matched as typed.
    names: frozenset[str]
    #: E-mail addresses, matched in any letter case.
    emails: frozenset[str]
    #: Phone numbers in E.164.
    phones: frozenset[str]

    @classmethod
    def of(
        cls, *, names: Iterable[str], emails: Iterable[str], phones: Iterable[str | None]
    ) -> "ErasedTraces":
        return cls(
            names=frozenset(n for n in names if n),
            emails=frozenset(e for e in emails if e),
            phones=frozenset(p for p in phones if p),
        )

    def scrub(self, text: str) -> str:
        """``text`` with every trace replaced by ERASED_TEXT."""
        literals = sorted(self.names | self.emails, key=len, reverse=True)
        if literals:
            # Longest first: a full name goes before a shorter trace inside it could split it.
            text = re.sub("|".join(map(self._pattern, literals)), ERASED_TEXT, text)
        if self.phones:
            text = _PHONE_RUN.sub(lambda run: self._scrub_phones(run.group()), text)
        return text

    def _pattern(self, literal: str) -> str:
        return f"(?i:{re.escape(literal)})" if literal in self.emails else re.escape(literal)

    def _scrub_phones(self, run: str) -> str:
        kept, done = [], 0
        for start, end in _phone_spans(run, self.phones):
            kept += [run[done:start], ERASED_TEXT]
            done = end
        return "".join(kept) + run[done:]


def _phone_spans(run: str, phones: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Spans of ``run`` (whole digit groups) that parse as one of ``phones``, left to right."""
    groups = [(m.start(), m.end()) for m in _DIGIT_GROUP.finditer(run)]
    position = 0
    while position < len(groups):
        found = _phone_from(run, groups, position, phones)
        if found is None:
            position += 1
            continue
        start, end, position = found
        yield start, end


def _phone_from(
    run: str, groups: list[tuple[int, int]], first: int, phones: frozenset[str]
) -> tuple[int, int, int] | None:
    """(start, end, next group) of the number beginning at group ``first``, if one of ours."""
    # The run's leading "(+" belongs to its first group: +44… is not 44….
    start = 0 if first == 0 else groups[first][0]
    digits = 0
    for last in range(first, len(groups)):
        digits += groups[last][1] - groups[last][0]
        if digits > _MOST_DIGITS:
            return None
        try:
            if normalise_phone(run[start : groups[last][1]]) in phones:
                return start, groups[last][1], last + 1
        except InvalidPhoneNumber:
            continue
    return None
