"""How a page says no: a signed-out visitor is sent to sign in and comes back; anyone else gets
the page's status with one sentence in their language, never a JSON problem document."""


class SignInRequired(Exception):
    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


class PageRefusal(Exception):
    """``sentence`` is an English msgid of a .po file, translated when the page is drawn."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


NOT_FOUND = "This page does not exist."
NOT_ALLOWED = "Your role may not open this page."
INVALID_ADDRESS = "This address is not valid. Please check the link."


def safe_next(url: str | None) -> str:
    """Where to go after a form: only a path of this site, never another site (open redirect)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
