"""JSON request bodies within bounds: every API's JSON parser (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``).

DRF's JSONParser reads the whole body and hands it to ``json.load``, which recurses once per level
of nesting: a body of a few thousand ``[`` is a RecursionError (a 500). This parser refuses, with a
400 naming the limit, a body larger than ``bounds.MAX_JSON_BYTES`` (from its Content-Length before
reading it, and again by what it reads) or nested deeper than ``bounds.MAX_JSON_DEPTH``, which it
counts without recursing before the JSON is decoded. Bodies above Django's
DATA_UPLOAD_MAX_MEMORY_SIZE are refused by Django itself (greenhouse_office.api.errors answers them).
"""

import codecs
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

from greenhouse_office import bounds

# A JSON string, or an escape outside one (only an unterminated string leaves any): removed before
# counting. Possessive, and escapes consumed, so an unterminated string is scanned once (linear time).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"|\\.', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def too_large_message(limit: int = bounds.MAX_JSON_BYTES) -> str:
    size = f"{limit // 2**20:,} MB" if limit % 2**20 == 0 else f"{limit // 1024:,} KB"
    return f"The request body is larger than {size}, the most this API accepts."


def too_deep_message() -> str:
    return f"The JSON is nested more than {bounds.MAX_JSON_DEPTH} levels deep, the most this API accepts."


def json_depth_exceeds(text: str, limit: int = bounds.MAX_JSON_DEPTH) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays or objects inside one another (strings aside)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(brackets) <= limit:
        return False
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSONParser, refusing oversized and deeply nested bodies with a 400 that names the limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = get_encoding(parser_context)
        request = parser_context.get("request")
        meta = getattr(request, "META", {})
        try:
            declared = int(meta.get("CONTENT_LENGTH") or 0)
        except (TypeError, ValueError):
            declared = 0
        if declared > bounds.MAX_JSON_BYTES:
            raise ParseError(too_large_message())
        body = stream.read(bounds.MAX_JSON_BYTES + 1)
        if len(body) > bounds.MAX_JSON_BYTES:
            raise ParseError(too_large_message())
        try:
            text = codecs.decode(body, encoding)
        except (UnicodeError, LookupError) as error:
            raise ParseError(f"JSON parse error - the body is not valid {encoding} text.") from error
        if json_depth_exceeds(text):
            raise ParseError(too_deep_message())
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError as error:  # not reached within the depth limit; never a 500
            raise ParseError(too_deep_message()) from error
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error
