"""docs/architecture.md stays true to the code it describes, and code cites only what is in the
repo: a moved or renamed file, a renamed section, or a citation of the founders' notes (a file
outside the repo) fails here, all of them listed at once."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ARCHITECTURE = DOCS / "architecture.md"
SERVICES = sorted(p for p in (ROOT / "services").iterdir() if (p / "bootstrap.py").is_file())

#: Where code, tests, deployment files and docs live (the virtualenv and state folders do not).
CHECKED = ("services", "shared", "bitc", "tests", "contracts", "deploy", "bench", "tools", "docs")
CHECKED_FILES = ("README.md", "Makefile", "pyproject.toml", "Dockerfile", "docker-compose.yml")
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".json", ".txt", ".toml", ".sh", ".j2", ".mako"}

_IN_BACKTICKS = re.compile(r"`([^`\n]+)`")
#: A path without placeholders: names of letters, digits, `_`, `.`, `-`, joined by `/`.
_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)+/?")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
_CITATION = re.compile(r'docs/architecture\.md,\s*(?:#\s*)?"([^"]+)"')
_FOUNDERS_NOTES = re.compile(r"\bdesign\.md\b")


def _doc() -> str:
    return ARCHITECTURE.read_text(encoding="utf-8")


def named_paths(text: str) -> list[str]:
    return sorted({token for token in _IN_BACKTICKS.findall(text) if _PATH.fullmatch(token)})


def _exists(path: str) -> bool:
    """From the repo root, or inside a service for paths of the frame (``adapters/tables.py``)."""
    return any((base / path).exists() for base in (ROOT, *SERVICES))


def _anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    slugs = {_slug(heading) for heading in _HEADING.findall(text)}
    return slugs | set(re.findall(r'<a id="([^"]+)"', text))


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    plain = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower())
    return plain.replace(" ", "-")


def _checked_files() -> list[Path]:
    files = [ROOT / name for name in CHECKED_FILES if (ROOT / name).is_file()]
    for folder in CHECKED:
        files += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts
        ]
    return sorted(files)


def test_every_file_the_architecture_doc_names_exists():
    missing = [path for path in named_paths(_doc()) if not _exists(path)]

    assert not missing, "docs/architecture.md names files that do not exist:\n" + "\n".join(missing)


def test_the_architecture_doc_walks_a_booking_through_files_of_both_services():
    walk = _doc().split("## A booking, file by file", 1)[1].split("\n## ", 1)[0]
    files = named_paths(walk)

    assert any(path.startswith("services/booking/") for path in files)
    assert any(path.startswith("services/notifications/") for path in files)
    assert any(path.startswith("shared/messaging/") for path in files)


def test_every_link_of_the_architecture_doc_leads_to_a_page_and_heading_that_exist():
    broken = []
    for target in _LINK.findall(_doc()):
        if target.startswith(("http://", "https://")):
            continue
        page_name, _, anchor = target.partition("#")
        page = (DOCS / page_name) if page_name else ARCHITECTURE
        if not page.is_file() or (anchor and anchor not in _anchors(page)):
            broken.append(target)

    assert not broken, f"broken links in docs/architecture.md: {broken}"


def test_every_citation_of_the_architecture_doc_names_one_of_its_sections():
    sections = set(_HEADING.findall(_doc()))
    wrong = [
        f"{path.relative_to(ROOT)}: {name!r}"
        for path in _checked_files()
        for name in _CITATION.findall(path.read_text(encoding="utf-8", errors="replace"))
        if name not in sections
    ]

    assert not wrong, "citations of sections docs/architecture.md lacks:\n" + "\n".join(wrong)


def test_no_file_cites_the_founders_notes_outside_the_repo():
    citing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _checked_files()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        )
        if _FOUNDERS_NOTES.search(line)
    ]

    assert not citing, (
        "cite docs/ in the repo (e.g. docs/architecture.md) or say what is meant:\n"
        + "\n".join(citing)
    )
