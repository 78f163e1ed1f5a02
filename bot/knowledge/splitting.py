"""Cut content files into citable chunks along headings and sentence boundaries."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from bot.knowledge.documents import ContentFile

# Paragraphs, lines, then sentence ends in Latin, CJK, Arabic and Thai (Thai marks
# sentences with a space), then words; never inside a word unless unavoidable.
SEPARATORS = ["\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "؟ ", "; ", "；", " ", ""]
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
# Bump when chunking changes: every file is then re-indexed by the next sync.
SPLITTER_VERSION = 1


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
