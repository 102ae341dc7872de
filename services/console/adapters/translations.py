"""The console's translations: every ``translations/<lang>/<area>.po`` of a language merged into
one catalogue at start-up. Read straight from the .po files (no compile step), so an area's
helper adds a file and nothing else; a msgid two files translate differently is refused."""

import gettext
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


class MergedTranslations(gettext.NullTranslations):
    """gettext over a plain msgid -> msgstr table; an untranslated msgid stays English."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def load_language(language: str, folder: Path = TRANSLATIONS_DIR) -> MergedTranslations:
    messages: dict[str, str] = {}
    for path in sorted((folder / language).glob("*.po")):
        for msgid, msgstr in read_po_file(path).items():
            if messages.get(msgid, msgstr) != msgstr:
                raise ValueError(f"{path}: {msgid!r} is translated differently in another file")
            messages[msgid] = msgstr
    return MergedTranslations(messages)


def read_po_file(path: Path) -> dict[str, str]:
    """msgid -> msgstr of one .po file; fuzzy and empty translations count as missing."""
    with path.open("rb") as po:
        catalog = read_po(po, locale=path.parent.name)
    messages: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        # A plural message: its singular and plural msgids, each with its own form.
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, (forms[0], forms[-1])[: len(ids)], strict=True):
            if msgstr:
                messages[str(msgid)] = str(msgstr)
    return messages
