"""The review's search strategy: boolean queries as reviewers write them, compiled to SQL.

    ("inter-school" OR "school-to-school" OR "professional learning network*")
        AND (leader* OR "social capital") NOT title:erratum

AND, OR, NOT (AND binds tighter than OR; two terms side by side mean AND), parentheses,
"quoted phrases", * truncation, and field tags: title:, abstract:, keywords:, all: (the default),
or PubMed style suffixes [ti], [ab], [kw], [tiab]. The result is a WHERE clause with every user
word passed as a ? parameter (a regular expression matched case-insensitively on word boundaries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = {
    "title": ("title",),
    "ti": ("title",),
    "abstract": ("abstract",),
    "ab": ("abstract",),
    "keywords": ("keywords",),
    "kw": ("keywords",),
    "tiab": ("title", "abstract"),
    "all": ("title", "abstract", "keywords"),
    "tw": ("title", "abstract", "keywords"),
}
_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<phrase>"[^"]*"?)|'
    r'(?P<word>[^\s()"]+))'
)


_TAG_AFTER = re.compile(r"\[([A-Za-z]+)\]")


class QueryError(ValueError):
    """A malformed search strategy; says what is wrong and at which character."""

    def __init__(self, query: str, position: int, message: str) -> None:
        pointer = f"\n    {query}\n    {' ' * position}^"
        super().__init__(f"search strategy, at character {position + 1}: {message}{pointer}")
        self.position = position


@dataclass
class Token:
    kind: str  # lp, rp, and, or, not, term
    text: str
    position: int
    fields: tuple[str, ...] | None = None


def tokenize(query: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    pending_fields: tuple[str, ...] | None = None
    while position < len(query):
        match = _TOKEN.match(query, position)
        if not match or match.end() == position:
            break
        start = match.start(match.lastgroup)
        position = match.end()
        kind = match.lastgroup
        text = match.group(kind)
        if kind == "phrase":
            if len(text) < 2 or not text.endswith('"'):
                raise QueryError(query, start, "a quoted phrase is not closed")
            if not text[1:-1].strip():
                raise QueryError(query, start, "an empty phrase")
            fields = pending_fields
            # A field tag right after the closing quote: '"school networks"[ti]'.
            if tagged := _TAG_AFTER.match(query, position):
                name = tagged.group(1).lower()
                if name not in FIELDS:
                    raise QueryError(query, position, f"unknown field tag '[{tagged.group(1)}]'")
                fields, position = FIELDS[name], tagged.end()
            tokens.append(Token("term", text[1:-1], start, fields))
            pending_fields = None
            continue
        if kind == "word":
            upper = text.upper()
            if upper in ("AND", "OR", "NOT") and pending_fields is None:
                tokens.append(Token(upper.lower(), text, start))
                continue
            tag = re.match(r"^([A-Za-z]+):(.*)$", text)
            if tag:
                name = tag.group(1).lower()
                if name not in FIELDS:
                    raise QueryError(
                        query,
                        start,
                        f"unknown field tag '{tag.group(1)}:' (use title:, abstract:, keywords:, all:)",
                    )
                rest = tag.group(2)
                if rest:
                    tokens.append(Token("term", rest, start, FIELDS[name]))
                else:
                    pending_fields = FIELDS[name]
                continue
            suffix = re.match(r"^(.*)\[([A-Za-z]+)\]$", text)
            fields = pending_fields
            if suffix:
                name = suffix.group(2).lower()
                if name not in FIELDS:
                    raise QueryError(query, start, f"unknown field tag '[{suffix.group(2)}]'")
                text, fields = suffix.group(1), FIELDS[name]
            if suffix and not text:
                raise QueryError(query, start, f"a field tag '{suffix.group(0)}' goes right after its term")
            if not text.strip("*"):
                raise QueryError(query, start, "a lone '*' is not a term")
            if "*" in text.rstrip("*"):
                raise QueryError(query, start, "'*' truncation only at the end of a word")
            tokens.append(Token("term", text, start, fields))
            pending_fields = None
            continue
        if pending_fields is not None and kind == "lp":
            tokens.append(Token("lp", text, start, pending_fields))
            pending_fields = None
            continue
        tokens.append(Token(kind, text, start))
    if pending_fields is not None:
        raise QueryError(query, len(query), "a field tag with nothing after it")
    if query[position:].strip():
        raise QueryError(query, position, "cannot read this")
    return tokens


class _Parser:
    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query, self.tokens, self.i = query, tokens, 0
        self.params: list[str] = []

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def fail(self, message: str, token: Token | None = None) -> QueryError:
        where = token.position if token else len(self.query)
        return QueryError(self.query, where, message)

    def parse(self) -> str:
        if not self.tokens:
            raise self.fail("the search strategy is empty")
        sql = self.or_(None)
        if self.peek() is not None:
            token = self.peek()
            raise self.fail("unbalanced ')'" if token.kind == "rp" else f"unexpected {token.text!r}", token)
        return sql

    def or_(self, fields) -> str:
        parts = [self.and_(fields)]
        while (token := self.peek()) is not None and token.kind == "or":
            self.i += 1
            parts.append(self.and_(fields, after=token))
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def and_(self, fields, after: Token | None = None) -> str:
        parts = [self.not_(fields, after)]
        while (token := self.peek()) is not None and token.kind in ("and", "not", "term", "lp"):
            # "a AND b"; "a NOT b" means a AND NOT b; "a b" (implicit AND).
            if token.kind == "and":
                self.i += 1
            parts.append(self.not_(fields, token))
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def not_(self, fields, after: Token | None) -> str:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.i += 1
            return f"(NOT {self.not_(fields, token)})"
        return self.primary(fields, after)

    def primary(self, fields, after: Token | None) -> str:
        token = self.peek()
        if token is None:
            what = f"after {after.text!r}" if after else "here"
            raise self.fail(f"expected a term or '(' {what}")
        if token.kind == "lp":
            self.i += 1
            inner = self.or_(token.fields or fields)
            closing = self.peek()
            if closing is None or closing.kind != "rp":
                raise self.fail("'(' is never closed", token)
            self.i += 1
            return inner
        if token.kind == "term":
            self.i += 1
            return self.term(token, token.fields or fields or FIELDS["all"])
        if token.kind == "rp":
            raise self.fail("unbalanced ')' (or nothing inside the brackets)", token)
        raise self.fail(f"expected a term, found {token.text!r}", token)

    def term(self, token: Token, fields: tuple[str, ...]) -> str:
        words = token.text.lower().split()
        # Hyphens match a hyphen, a space or nothing: inter-school = inter school = interschool.
        pattern = r"\s+".join(
            re.escape(w.rstrip("*")).replace(r"\-", r"[-\s]?") + (r"\w*" if w.endswith("*") else r"\b")
            for w in words
        )
        # One positional parameter per use, so the clause composes with other ? conditions.
        self.params.extend([r"\b" + pattern] * len(fields))
        checks = [f"regexp_matches(coalesce({field}, ''), ?, 'i')" for field in fields]
        return checks[0] if len(checks) == 1 else "(" + " OR ".join(checks) + ")"


@dataclass(frozen=True)
class CompiledQuery:
    text: str
    where: str
    params: tuple[str, ...]


def compile_query(query: str) -> CompiledQuery:
    """WHERE-clause SQL over columns title, abstract, keywords (keywords as one string), with
    positional ? parameters in `params` order."""
    parser = _Parser(query, tokenize(query))
    where = parser.parse()
    return CompiledQuery(query, where, tuple(parser.params))
