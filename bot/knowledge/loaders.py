"""Read knowledge-base files (Markdown, text, HTML, PDF) into ContentFile objects."""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from bot.knowledge.documents import KINDS, ContentFile, FaqEntry
from bot.language import detect_language

SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
SKIPPED_NAMES = {"readme.md", "sites.yaml", "names.yaml"}
_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
_FAQ_HEADING_RE = re.compile(r"^##\s+(.+?)\s*(?:\{#([\w.-]+)\})?\s*$", re.MULTILINE)
_LANG_SUFFIX_RE = re.compile(r"\.([a-z]{2})$")
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# The fields of the front matter (and of a PDF's sidecar file): knowledge_base/README.md.
FIELDS = (
    "title",
    "url",
    "lang",
    "published",
    "updated",
    "valid_until",
    "mission",
    "kind",
    "group",
    "tags",
)
_ONE_VALUE = ("title", "url", "lang", "group", "mission", "kind")


class LoadError(Exception):
    """A file that cannot be indexed, with the reason."""


def is_content_file(path: Path, root: Path) -> bool:
    """Return True for a file below `root` that holds content (not notes, not config)."""
    rel = path.relative_to(root) if path != root else PurePosixPath(path.name)
    if any(part.startswith((".", "_")) for part in rel.parts):
        return False
    if path.name.lower() in SKIPPED_NAMES and path.parent == root:
        return False
    return path.is_file() and path.suffix.lower() in SUPPORTED


def within(path: Path, folder: Path) -> bool:
    """Return True when `path` is `folder` or below it (both resolved)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def iter_content_files(root: Path, knowledge_dir: Path | None = None) -> Iterator[Path]:
    """Yield every indexable file below `root` (or `root` itself), in a stable order.

    A file named directly follows the same rules as one found in a folder, judged from
    `knowledge_dir` (the editors' README or the sites config is never content).
    """
    if root.is_file():
        path, base = root.resolve(), root.resolve().parent
        if knowledge_dir is not None and within(path, knowledge_dir):
            base = knowledge_dir.resolve()
        if is_content_file(path, base):
            yield root
        return
    for path in sorted(root.rglob("*")):
        if is_content_file(path, root):
            yield path


def sidecar(path: Path) -> Path:
    """Return where a PDF's fields live: `notice.pdf.yaml` next to `notice.pdf`."""
    return path.with_name(path.name + ".yaml")


def load_file(path: Path, source: str, data: bytes, fields: bytes | None = None) -> ContentFile:
    """Parse one file's bytes; raise LoadError with a reason when it cannot be used.

    A PDF has no front matter; `fields` is the text of its sidecar YAML file, if any.
    """
    suffix = path.suffix.lower()
    meta: dict[str, Any]
    if suffix == ".pdf":
        meta, body = _sidecar_fields(fields), _pdf_text(data)
    else:
        text = _decode(data)
        if suffix in {".html", ".htm"}:
            meta, body = _html(text)
        else:
            meta, body = _front_matter(text)
    if not body.strip():
        raise LoadError("no text content")
    return _build(path, source, meta, body)


def _sidecar_fields(fields: bytes | None) -> dict[str, Any]:
    if fields is None:
        return {}
    try:
        meta = yaml.load(_decode(fields), Loader=_FieldsLoader)
    except yaml.YAMLError as exc:
        raise LoadError(f"bad sidecar fields{_yaml_problem(exc)}") from exc
    except ValueError as exc:  # an impossible date inside a list
        raise LoadError(f"bad sidecar fields: {exc}") from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise LoadError("bad sidecar fields: expected key: value pairs")
    _known_fields(meta)
    return meta


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8") from exc


class _FieldsLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses a field given twice and names a field's bad value.

    Plain PyYAML keeps the last of two `valid_until:` lines without a word, and reports an
    impossible date such as 2025-02-30 without saying which field holds it.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys: set[object] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                continue  # PyYAML's own check below reports it
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    "while reading the fields",
                    node.start_mark,
                    f"{key} is given twice (keep one {key}: line)",
                    key_node.start_mark,
                )
            keys.add(key)
            try:
                self.construct_object(value_node, deep=True)
            except ValueError as exc:  # an impossible date
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key}: {exc}", value_node.start_mark
                ) from exc
        return super().construct_mapping(node, deep=deep)


class _FrontMatter(YAMLHandler):
    """Front matter between two lines of exactly `---`, read with `_FieldsLoader`."""

    FM_BOUNDARY = re.compile(r"^---[ \t\r]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_FieldsLoader)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """Return ` at line L, column C: problem` for a YAML error (lines of the whole file)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return f": {str(exc).splitlines()[0]}"
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.problem_mark is None:
        return f": {problem}"
    line, column = exc.problem_mark.line + 1, exc.problem_mark.column + 1
    return f" at line {line}, column {column}: {problem}"


def _known_fields(meta: dict[Any, Any]) -> None:
    """Refuse a field the bot does not know: a misspelt `valid-until` would be ignored."""
    for key in meta:
        if str(key) in FIELDS:
            continue
        close = difflib.get_close_matches(str(key).lower(), FIELDS, n=1)
        hint = f"did you mean {close[0]}?" if close else f"known fields: {', '.join(FIELDS)}"
        raise LoadError(f"unknown field {str(key)!r} ({hint})")


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    handler, text = _FrontMatter(), text.lstrip("\ufeff")
    if not handler.detect(text):
        return {}, text  # no front matter (a first line of `----` is a Markdown rule)
    if len(handler.FM_BOUNDARY.findall(text)) < 2:
        raise LoadError("bad front matter: no closing '---' line")
    # The block starts at the end of the first `---` line, so its lines count as the file's.
    block, body = handler.split(text)
    try:
        meta = handler.load(block)
    except yaml.YAMLError as exc:
        raise LoadError(f"bad front matter{_yaml_problem(exc)}") from exc
    except ValueError as exc:  # an impossible date inside a list
        raise LoadError(f"bad front matter: {exc}") from exc
    if meta is None:
        return {}, body.strip()
    if not isinstance(meta, dict):
        raise LoadError("bad front matter: expected key: value pairs")
    _known_fields(meta)
    return meta, body.strip()


def _html(text: str) -> tuple[dict[str, Any], str]:
    """Extract an HTML page's main text; front matter before `<html>` sets its fields.

    Elements a reader never sees (`hidden`, `aria-hidden`, `display: none`) are dropped
    first: text hidden in a page is not official content a visitor could check.
    """
    import trafilatura

    meta: dict[str, Any] = {}
    if text.lstrip("\ufeff").startswith("---"):
        meta, text = _front_matter(text)
    text = _visible(text)
    body = trafilatura.extract(text, output_format="markdown", include_links=False) or ""
    info = trafilatura.extract_metadata(text)
    if info is not None:
        for key, value in (("title", info.title), ("url", info.url), ("published", info.date)):
            if value:
                meta.setdefault(key, value)
    lang = re.search(r"<html[^>]*\slang=[\"']?([A-Za-z-]+)", text, re.IGNORECASE)
    if lang:
        meta.setdefault("lang", lang.group(1))
    return meta, body


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Elements a browser never renders: a template's content, the text shown only without
# JavaScript (a visitor's browser runs it), and a dialog that is not open.
_NEVER_SHOWN = {"template", "noscript"}


def _visible(html: str) -> str:
    """Return the page without the elements a browser would not show.

    A page that cannot be parsed is refused rather than indexed unfiltered: its hidden
    text (a prompt injection, a staff draft) would otherwise reach the answers.
    """
    import lxml.html
    from lxml.etree import LxmlError

    if not html.strip():
        return html
    try:
        # Bytes, so that an `<?xml ... encoding=...?>` declaration is allowed (the text
        # was decoded as UTF-8 already, whatever the declaration says).
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (LxmlError, ValueError) as exc:
        raise LoadError(f"cannot be read as HTML: {exc}") from exc
    hidden = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and (
            el.tag.lower() in _NEVER_SHOWN
            or (el.tag.lower() == "dialog" and el.get("open") is None)
            or el.get("hidden") is not None
            or el.get("aria-hidden", "").lower() == "true"
            or _HIDDEN_STYLE.search(el.get("style", ""))
        )
    ]
    for el in hidden:
        el.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except LimitReachedError as exc:  # a damaged file that refers to itself, say
        reason = str(exc).partition("\n")[0]
        raise LoadError(
            f"unreadable PDF: damaged or too complex to read safely ({reason})"
        ) from exc
    except RecursionError as exc:
        raise LoadError("unreadable PDF: damaged, its objects nest without end") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"unreadable PDF: {exc}") from exc


def _build(path: Path, source: str, meta: dict[str, Any], body: str) -> ContentFile:
    for key in _ONE_VALUE:
        if isinstance(meta.get(key), list | dict):
            raise LoadError(f"{key}: expected one value, not a list")
        if isinstance(meta.get(key), bool):  # `lang: no` is false in YAML, not Norwegian
            raise LoadError(
                f"{key}: YAML reads this value as {str(meta[key]).lower()}: "
                f'put it in quotes, such as {key}: "no"'
            )
    if meta.get("lang") is not None and not _LANG_RE.match(str(meta["lang"])):
        raise LoadError(f"lang: {meta['lang']!r} is not a language code such as en or zh-Hans")
    kind = str(meta.get("kind") or "article").lower()
    if kind not in KINDS:
        raise LoadError(f"unknown kind {kind!r} (use one of {', '.join(sorted(KINDS))})")
    heading = _HEADING_RE.search(body)
    title = str(meta.get("title") or (heading.group(1) if heading else path.stem)).strip()
    suffix_lang = _LANG_SUFFIX_RE.search(path.stem)
    lang = str(meta.get("lang") or (suffix_lang.group(1) if suffix_lang else "") or "")
    lang = lang.split("-")[0].lower() or detect_language(body) or "en"
    stem = _LANG_SUFFIX_RE.sub("", PurePosixPath(source).with_suffix("").as_posix())
    content = ContentFile(
        source=source,
        title=title,
        url=str(meta.get("url") or f"/kb/{source}"),
        lang=lang,
        kind=kind,
        group=str(meta.get("group") or stem),
        text=body.strip(),
        mission=str(meta.get("mission") or ""),
        published=_date(meta, "published"),
        updated=_date(meta, "updated"),
        valid_until=_date(meta, "valid_until"),
        tags=_tags(meta.get("tags")),
    )
    if kind == "faq":
        content.faq = parse_faq(body)
        if not content.faq:
            raise LoadError("FAQ file without any '## question' entry")
        ids = [entry.id for entry in content.faq]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise LoadError(f"FAQ ids used twice: {', '.join(twice)} (each {{#id}} once)")
    return content


def parse_faq(body: str) -> list[FaqEntry]:
    """Split an FAQ body into its `## question {#id}` entries."""
    matches = list(_FAQ_HEADING_RE.finditer(body))
    entries: list[FaqEntry] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        answer = body[match.end() : end].strip()
        if answer:
            entry_id = match.group(2) or f"q{i + 1}"
            entries.append(FaqEntry(id=entry_id, question=match.group(1).strip(), answer=answer))
    return entries


def _date(meta: dict[str, Any], key: str) -> date | None:
    value = meta.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # The whole value: "2025-12-31 or until replaced" must not pass as 2025-12-31.
    try:
        return datetime.fromisoformat(str(value).strip()).date()
    except ValueError as exc:
        raise LoadError(f"{key}: {value!r} is not a YYYY-MM-DD date") from exc


def _tags(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, Iterable):
        return [str(t).strip() for t in value if str(t).strip()]
    raise LoadError("tags: expected a list")
