"""Every uploaded PDF is checked here, by its content (never its name), before anything stores it.

The GIA and other documents in the portal's lodging steps, the auditor's evaluation, Office staff's
uploads in admin, a public comment's optional PDF and the API's document upload all call
``checked_pdf``; a refusal is an ``UploadRefused`` with a message for the person uploading. Refused:

- a file larger than ``GREENHOUSE_MAX_DOCUMENT_BYTES`` (refused before it is read);
- anything not starting with ``%PDF-``, with data after its last ``%%EOF``, or with web page markup
  (``<html``, ``<script``, ``<!doctype``) in its first or last kilobyte: an HTML/PDF polyglot;
- a file whose structure pypdf cannot parse, or that is protected by a password;
- JavaScript anywhere (``/JS``, ``/JavaScript``: the catalog's Names, ``/OpenAction``, ``/AA``),
  ``/Launch`` actions, embedded or attached files (``/EmbeddedFiles``, ``/EF``, ``/FileAttachment``);
- more pages than ``GREENHOUSE_UPLOAD_MAX_PAGES`` or objects than ``GREENHOUSE_UPLOAD_MAX_OBJECTS``;
- a stream inflating beyond ``GREENHOUSE_UPLOAD_MAX_STREAM_BYTES``, or all streams together beyond
  ``GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES``: inflation is counted in chunks and stops at the cap, so a
  small file that would inflate to gigabytes costs at most the cap's work and one chunk of memory.

The limits are the system's choices, not the Bill's (greenhouse_office/settings/base.py).
"""

import io
import re
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf._configuration import apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Markup a browser would render if it sniffed the file as a web page.
_MARKUP = re.compile(rb"<\s*(?:html|script|!doctype)", re.IGNORECASE)
_EDGE = 1024  # bytes at each end searched for markup
_CHUNK = 64 * 1024  # inflated bytes held at once while counting
_FLATE = {"/FlateDecode", "/Fl"}
# Image codecs: their input is what is stored; pixels are not this module's concern.
_IMAGE = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
_NOT_A_PDF = "The file is not a PDF document (its content, not its name, is checked)."


class UploadRefused(ValueError):
    """An upload refused: ``code`` for programs, ``detail`` the refusal's summary, ``message`` for the
    field (what is wrong and what to do)."""

    def __init__(self, code: str, message: str, detail: str = "The PDF was refused."):
        super().__init__(message)
        self.code, self.message, self.detail = code, message, detail


def max_document_bytes() -> int:
    return settings.GREENHOUSE_MAX_DOCUMENT_BYTES


def largest_body_bytes() -> int:
    """The largest request body any page or API accepts: an upload or a form, plus the margin for the
    rest of a multipart body (the other fields, the part headers)."""
    return (
        max(max_document_bytes(), settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        + settings.GREENHOUSE_UPLOAD_BODY_MARGIN_BYTES
    )


def checked_pdf(upload) -> bytes:
    """The upload's content if it is a PDF this system accepts; UploadRefused otherwise."""
    limit = max_document_bytes()
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(
            "too_large", f"The file is larger than the limit of {filesizeformat(limit)}.", "File too large."
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(
            "too_large", f"The file is larger than the limit of {filesizeformat(limit)}.", "File too large."
        )
    check_pdf_bytes(content)
    return content


def check_pdf_bytes(content: bytes) -> None:
    """Raise UploadRefused unless ``content`` is a PDF without scripts, launches, attachments or bombs."""
    _check_envelope(content)
    reader = _parse(content)
    with _limits():
        _check_objects(reader)


def _check_envelope(content: bytes) -> None:
    end = content.rfind(b"%%EOF")
    if not content.startswith(b"%PDF-") or end == -1:
        raise UploadRefused("not_pdf", _NOT_A_PDF, "Not a PDF.")
    if _MARKUP.search(content[:_EDGE]) or _MARKUP.search(content[-_EDGE:]):
        raise UploadRefused(
            "polyglot",
            "The file has web page (HTML) content in it as well as a PDF; upload a plain PDF.",
            "Not a PDF.",
        )
    if content[end + 5 :].strip(b" \t\r\n\f\0"):
        raise UploadRefused(
            "polyglot",
            "The file has other data after the end of the PDF; save it again as a PDF and upload that.",
            "Not a PDF.",
        )


def _limits():
    """pypdf's own decoding caps (the xref and object streams it inflates to parse) set to ours."""
    cap = settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES
    return apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        jbig2_maximum_output_length=cap,
        maximum_declared_stream_length=max_document_bytes(),
        jbig2dec_binary=None,  # never run an external program on an upload
    )


def _unreadable() -> UploadRefused:
    return UploadRefused(
        "unreadable",
        "The file could not be read as a PDF (its structure is damaged); save it again as a PDF and "
        "upload that.",
        "Not a PDF.",
    )


def _parse(content: bytes) -> PdfReader:
    try:
        with _limits():
            reader = PdfReader(io.BytesIO(content), strict=False)
            encrypted = reader.is_encrypted
            root = None if encrypted else reader.trailer.get("/Root")
            catalog = root.get_object() if root is not None else None
    except LimitReachedError as error:
        raise _inflates_too_much() from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise _unreadable() from error
    if encrypted:
        raise UploadRefused(
            "encrypted", "The file is protected by a password; upload a copy without a password."
        )
    if not isinstance(catalog, DictionaryObject) or _value(catalog, "/Type") != "/Catalog":
        raise _unreadable()
    return reader


def _object_references(reader: PdfReader) -> list[IndirectObject]:
    """Every object the file's cross-reference lists: those stored directly first (streams among them),
    then those inside object streams (whose inflation is then already counted)."""
    direct = [IndirectObject(num, gen, reader) for gen, objects in reader.xref.items() for num in objects]
    packed = [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    return direct + packed


def _check_objects(reader: PdfReader) -> None:
    references = _object_references(reader)
    most = settings.GREENHOUSE_UPLOAD_MAX_OBJECTS
    if len(references) > most:
        raise UploadRefused(
            "objects",
            f"The file is too complex: it has {len(references):,} objects, and the most accepted is "
            f"{most:,}. Save it again as a smaller PDF, or split it.",
        )
    audit = _Audit()
    audit.visit(reader.trailer)
    for reference in references:
        try:
            value = reference.get_object()
        except LimitReachedError as error:
            raise _inflates_too_much() from error
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            raise _unreadable() from error
        audit.visit(value)
    try:
        declared = len(reader.pages)
    except LimitReachedError as error:
        raise _too_many_pages(audit.pages) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise _unreadable() from error
    pages = max(declared, audit.pages)
    if pages > settings.GREENHOUSE_UPLOAD_MAX_PAGES:
        raise _too_many_pages(pages)


def _too_many_pages(pages: int) -> UploadRefused:
    most = settings.GREENHOUSE_UPLOAD_MAX_PAGES
    return UploadRefused(
        "pages", f"The file has {pages:,} pages, and the most accepted is {most:,}; split it into parts."
    )


def _inflates_too_much() -> UploadRefused:
    stream = filesizeformat(settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES)
    total = filesizeformat(settings.GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES)
    return UploadRefused(
        "inflated",
        f"The file's content is too large once decompressed (at most {stream} in one part and {total} "
        "in all are accepted); save it again as a PDF and upload that.",
    )


_SCRIPT = UploadRefused("javascript", "The file has JavaScript in it; upload a PDF without scripts.")
_LAUNCH = UploadRefused(
    "launch", "The file has an action that starts another program; upload a PDF without it."
)
_EMBEDDED = UploadRefused(
    "embedded_file",
    "The file has other files embedded or attached in it; upload a PDF without attachments "
    "(each document can be uploaded as its own PDF).",
)


class _Audit:
    """Walks each object's dictionaries and arrays (not following references: every object is
    visited from the cross-reference), refusing what may run or carry other files, counting pages
    and inflated bytes."""

    def __init__(self):
        self.pages = 0
        self.inflated = 0

    def visit(self, value) -> None:
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, StreamObject):
                self._count_inflated(item)
            if isinstance(item, DictionaryObject):
                self._check_dictionary(item)
                stack.extend(v for v in item.values() if isinstance(v, DictionaryObject | ArrayObject))
            elif isinstance(item, ArrayObject):
                stack.extend(v for v in item if isinstance(v, DictionaryObject | ArrayObject))

    def _check_dictionary(self, item: DictionaryObject) -> None:
        if "/JS" in item or "/JavaScript" in item or _value(item, "/S") == "/JavaScript":
            raise _SCRIPT
        action = _value(item, "/S")
        if action == "/Launch":
            raise _LAUNCH
        if (
            "/EmbeddedFiles" in item
            or "/EF" in item
            or _value(item, "/Type") == "/EmbeddedFile"
            or _value(item, "/Subtype") == "/FileAttachment"
            or action == "/GoToE"
        ):
            raise _EMBEDDED
        if _value(item, "/Type") == "/Page":
            self.pages += 1

    def _count_inflated(self, stream: StreamObject) -> None:
        cap = settings.GREENHOUSE_UPLOAD_MAX_STREAM_BYTES
        size = decoded_size(stream, cap)
        self.inflated += size
        if size > cap or self.inflated > settings.GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES:
            raise _inflates_too_much()


def _value(item: DictionaryObject, key: str):
    """``item[key]`` with a reference followed (pypdf resolves on indexing), or None."""
    return item[key] if key in item else None


def _filters(stream: StreamObject) -> list[str]:
    value = _value(stream, "/Filter")
    if value is None:
        return []
    names = list(value) if isinstance(value, ArrayObject) else [value]
    return [
        str(name.get_object()) if isinstance(name, IndirectObject | NameObject) else str(name)
        for name in names
    ]


def decoded_size(stream: StreamObject, cap: int) -> int:
    """The stream's size once decoded, or more than ``cap`` if it is larger (counted up to the cap only)."""
    raw = stream._data  # the stored (encoded) bytes; pypdf decodes only when asked  # noqa: SLF001
    filters = _filters(stream)
    if filters and filters[-1] in _IMAGE:
        filters = filters[:-1]
    if not filters:
        return len(raw)
    if filters == ["/FlateDecode"] or filters == ["/Fl"]:
        return inflated_size(raw, cap)
    try:
        return len(stream.get_data())  # other filters: pypdf's decoders, under _limits()'s caps
    except LimitReachedError:
        return cap + 1
    except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError, zlib.error) as error:
        raise _unreadable() from error


def inflated_size(raw: bytes, cap: int) -> int:
    """How many bytes zlib ``raw`` inflates to, counted in chunks and stopping once past ``cap``
    (returns cap + 1 at most one chunk later): never more than a chunk in memory."""
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            total += len(out)
            if total > cap:
                return cap + 1
            pending = inflater.unconsumed_tail
            if not out and not pending:
                break
    except zlib.error:
        pass  # a damaged stream inflates no further than this; readers stop there too
    return total
