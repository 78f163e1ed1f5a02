"""Cut content files into citable chunks along headings and sentence boundaries."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from bot.knowledge.documents import ContentFile
from bot.text import chunk_body, split_sentences

# Paragraphs, lines, then sentence ends in Latin, CJK, Arabic and Thai (Thai marks
# sentences with a space), then words; never inside a word unless unavoidable.
SEPARATORS = ["\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "؟ ", "; ", "；", " ", ""]
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
# Bump when chunking changes: every file is then re-indexed by the next sync.
SPLITTER_VERSION = 2


def chunk_file(content: ContentFile, chunk_size: int, overlap: int) -> list[Document]:
    """Return the chunks of one file, each with the file's metadata for citations."""
    base = content.base_metadata()
    if content.kind == "faq":
        return [
            Document(
                page_content=f"{entry.question}\n\n{entry.answer}",
                metadata={
                    **base,
                    "heading": entry.question,
                    "section": entry.question,
                    "cgroup": f"{content.group}#{entry.id}",
                    "faq_id": entry.id,
                    "chunk": i,
                },
            )
            for i, entry in enumerate(content.faq)
        ]
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )
    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(content.text)
    chunks: list[Document] = []
    for s_idx, section in enumerate(sections):
        names = [str(section.metadata[k]) for k in ("h2", "h3") if k in section.metadata]
        heading = " › ".join([content.title, *names]) if names else content.title
        for piece in splitter.split_text(section.page_content):
            chunks.append(
                Document(
                    page_content=f"{heading}\n\n{piece}",
                    metadata={
                        **base,
                        "heading": heading,
                        "section": names[-1] if names else "",
                        "cgroup": f"{content.group}#s{s_idx}",
                        "chunk": len(chunks),
                    },
                )
            )
    return chunks


def parent_key(metadata: dict[str, object]) -> str:
    """Return the key that links a chunk and its sentence windows."""
    return f"{metadata.get('source', '')}#{metadata.get('chunk', 0)}"


def sentence_windows(chunks: list[Document], size: int = 2) -> list[Document]:
    """Return every run of `size` consecutive sentences of each chunk, as extra vectors.

    A long chunk's vector averages all it says; a question about one detail matches the
    window that states it far better, across languages too. Windows point to their
    chunk (`parent`), which remains the unit that is cited and answered from; `win` is
    the window's first sentence in the chunk body, so the answer can start there.
    """
    windows: list[Document] = []
    for chunk in chunks:
        heading = str(chunk.metadata.get("heading", ""))
        sentences = split_sentences(chunk_body(chunk.page_content, heading))
        key = parent_key(chunk.metadata)
        for i in range(max(1, len(sentences) - size + 1)):
            text = " ".join(sentences[i : i + size])
            if not text:
                continue
            windows.append(
                Document(
                    page_content=f"{heading}: {text}" if heading else text,
                    metadata={**chunk.metadata, "unit": "window", "parent": key, "win": i},
                )
            )
    return windows
