"""What a downloaded file holds, told before any reader sees it, and its bytes as the readers need them.

A download is read as it arrives:
- a gzip file (`.gz`, told from its first bytes) is decompressed on the fly;
- a zip archive (the CITES site and FAO deliver zips) is opened and every delimited-text member in it (`.csv`,
  `.txt`, `.tsv`, `.tab`) is an input of its own, named `archive.zip:member.csv`; members of no known format
  are skipped when another member is read (FAO puts code lists beside the data), and noted;
- UTF-16 text with a byte-order mark (Excel's 'Unicode text') is transcoded to UTF-8 on the fly, so the
  streamed CITES reader reads it like any other file; UTF-8 (with or without BOM) and Windows-1252 are read
  as they are (see `common.decode`);
- lines that end in a bare carriage return (Excel for Mac's "CSV (Macintosh)") are read as lines.
A file that is not delimited text at all (an image, a PDF, an old .xls workbook, another archive, an HTML
error page a browser saved, a zip holding no CSV) is refused in one line that says what it looks like.

The checksum of an input is that of the file as given; for a zip member, that of the member (the file the
archive holds), since one archive holds several inputs.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from etl.problems import FileRejected

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")   # an archive, or an empty one
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HASH_BLOCK = 8 * 1024 * 1024
CR_PEEK = 64 * 1024
# First bytes of files that are not delimited text -> what they look like.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF", "a PDF document"), (b"RIFF", "a RIFF media file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook (or another Office 97-2003 file): open it "
                                          "and save it as CSV"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"), (b"\x7fELF", "a program (ELF executable)"), (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"PAR1", "a Parquet file"),
)
HTML_STARTS = (b"<!doctype html", b"<html", b"<!-- saved from url", b"<head", b"<body", b"<meta", b"<title")


def file_sha256(path: Path, member: str = "") -> tuple[str, int]:
    """Checksum and size of a file, or of one member of a zip archive."""
    hasher, size = hashlib.sha256(), 0
    with _raw(path, member) as f:
        while block := f.read(HASH_BLOCK):
            hasher.update(block)
            size += len(block)
    return hasher.hexdigest(), size


def is_zip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) in ZIP_MAGIC


def is_workbook(path: Path) -> bool:
    """An xlsx (or another Office Open XML) file: a zip holding `[Content_Types].xml`."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def members(path: Path) -> list[str]:
    """The inputs a file given on the command line holds: [''] for a file read as it is (plain, gzip or a
    workbook), or the delimited-text members of a zip archive. A zip with none is refused."""
    with reading(path.name):
        if not is_zip(path) or is_workbook(path):
            return [""]
        with zipfile.ZipFile(path) as archive:
            files = [i for i in archive.infolist() if not i.is_dir()]
    texts = [i.filename for i in files if i.filename.lower().endswith(TEXT_SUFFIXES)
             and not PurePosixPath(i.filename).name.startswith(("._", "."))]
    if not texts:
        held = ", ".join(PurePosixPath(i.filename).name for i in files[:8]) + (" …" if len(files) > 8 else "")
        raise FileRejected(path.name, 0, "", None,
                           f"a zip archive holding no CSV ({'it holds: ' + held if held else 'it is empty'})")
    return texts


def display_name(path: Path, member: str) -> str:
    """How reports and refs name an input: the file, or `archive.zip:member.csv` (no folder inside the archive)."""
    return f"{path.name}:{PurePosixPath(member).name}" if member else path.name


Stream = io.BufferedReader | zipfile.ZipExtFile | gzip.GzipFile   # binary streams that can peek


@contextmanager
def _raw(path: Path, member: str = "") -> Iterator[io.BufferedReader | zipfile.ZipExtFile]:
    """The bytes as stored: the file, or a zip member decompressed."""
    if member:
        with zipfile.ZipFile(path) as archive, archive.open(member) as f:
            assert isinstance(f, zipfile.ZipExtFile)
            yield f
    else:
        with path.open("rb") as f:
            yield f


@contextmanager
def open_data(path: Path, member: str = "", transcode: bool = True) -> Iterator[Stream]:
    """The delimited text of an input as bytes: gzip decompressed and, with `transcode`, UTF-16 turned into
    UTF-8 (its byte-order mark dropped)."""
    with _raw(path, member) as raw:
        stream: Stream = raw
        if stream.peek(2)[:2] == GZIP_MAGIC:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
        if transcode and stream.peek(2)[:2] in UTF16_BOMS:
            stream = io.BufferedReader(_Utf16ToUtf8(stream))
        if _cr_lines(stream.peek(CR_PEEK)[:CR_PEEK]):
            stream = io.BufferedReader(_CrToLf(stream))
        yield stream


def _cr_lines(head: bytes) -> bool:
    """Lines end in a bare carriage return: there is one, and no line feed at all."""
    return b"\r" in head and b"\n" not in head


def is_plain(path: Path, member: str = "") -> bool:
    """True when `open_data` hands back the file's own bytes (not compressed, not UTF-16): the streamed reader
    can checksum what it reads instead of reading the file twice."""
    if member:
        return False
    with path.open("rb") as f:
        head = f.read(CR_PEEK)
    return head[:2] != GZIP_MAGIC and head[:2] not in UTF16_BOMS and not _cr_lines(head)


def stored_bytes(path: Path, member: str = "") -> bytes:
    """The whole file as given (or the zip member as the archive holds it): what its checksum is of."""
    with reading(display_name(path, member)), _raw(path, member) as f:
        return f.read()


def unpack(name: str, data: bytes) -> bytes:
    """The delimited text of a small input read whole: gzip decompressed; not transcoded (`common.decode`
    reads UTF-16 itself)."""
    if data.startswith(GZIP_MAGIC):
        with reading(name):
            data = gzip.decompress(data)
    return data.replace(b"\r", b"\n") if _cr_lines(data[:CR_PEEK]) else data


def looks_like(head: bytes) -> str | None:
    """What the first bytes of a file that is not delimited text look like; None when they may be text."""
    if not head:
        return "an empty file"
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(ZIP_MAGIC):
        return "a zip archive"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(HTML_STARTS) or (text.startswith(b"<!doctype") and b"html" in text[:200]):
        return "an HTML page (a browser's error page?)"
    if text.startswith(b"<?xml"):
        return "an XML document (an Excel 2003 XML spreadsheet or an API response?)"
    if text.startswith(b"{\"") or text.startswith(b"[{"):
        return "a JSON document (an API response?)"
    if b"\x00" in head[:4096]:
        sample = head[:4096]
        if sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3:
            return "UTF-16 text without a byte-order mark (save it as CSV UTF-8, or as Unicode text)"
        return "binary data (it holds NUL bytes)"
    return None


def refuse_binary(name: str, head: bytes) -> None:
    what = looks_like(head)
    if what is not None:
        raise FileRejected(name, 0, "", None, f"looks like {what}, not a CSV" if what != "an empty file"
                           else "an empty file (no header, no rows): nothing to ingest")


@contextmanager
def reading(name: str) -> Iterator[None]:
    """Errors of reading a download (a damaged archive, a gzip stream cut short, a file that cannot be opened)
    as one-line file-level rejections instead of tracebacks."""
    try:
        yield
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise FileRejected(name, 0, "", None, f"a damaged zip archive (an incomplete download?): {exc}") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise FileRejected(name, 0, "", None, f"compressed data that ends early or is damaged (an incomplete "
                                              f"download?): {exc or type(exc).__name__}") from None
    except UnicodeError as exc:
        raise FileRejected(name, 0, "", None, f"text that cannot be decoded: {exc}") from None
    except NotImplementedError as exc:   # a zip compression method Python cannot read
        raise FileRejected(name, 0, "", None, f"an archive that cannot be read: {exc}") from None
    except OSError as exc:
        raise FileRejected(name, 0, "", None, f"a file that cannot be read: {exc.strerror or exc}") from None


class _CrToLf(io.RawIOBase):
    """Bare carriage returns read as line feeds (a file with no line feed at all)."""

    def __init__(self, stream: Stream | io.BufferedReader):
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.stream.read(len(view)).replace(b"\r", b"\n")
        view[:len(data)] = data
        return len(data)


class _Utf16ToUtf8(io.RawIOBase):
    """UTF-16 bytes (with a byte-order mark) read as UTF-8 bytes; undecodable units become U+FFFD."""

    def __init__(self, stream: Stream):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        while not self.pending and not self.done:
            data = self.stream.read(256 * 1024)
            self.done = not data
            self.pending = self.decoder.decode(data, final=self.done).encode("utf-8")
        n = min(len(view), len(self.pending))
        view[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n
