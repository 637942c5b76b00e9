"""Stage 1: each record's fields in the comparable form the later stages use."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice, takewhile

from thresher import latex
from thresher.identifiers import DBLP_HOMONYM, normalise_doi

# A tag, or a named element whose attributes run long (MathML's namespace: "<mml:math
# xmlns:mml=...>"); not "<5 years>" read as a tag for its length alone.
_HTML = re.compile(
    r"""<[^>]{1,40}>|</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:"[^"<>]{0,300}"|'[^'<>]{0,300}'))+\s*/?>"""
)
# Markup inside a word: "<sup>99m</sup>Tc" = "99mTc", MathML's "<mml:mi>R</mml:mi><mml:mn>2</mml:mn>" = "R2".
_INLINE = re.compile(r"</?(?:sup|sub|inf|i|b|em|strong|span)\b[^<>]{0,40}>|</?mml:\w+\b[^<>]{0,300}>", re.I)
# LaTeX as a BibTeX field has it: a braced command or accent ("{\\"u}", "\\'{e}", "\\emph{...}"), not
# a backslash before a quotation mark or between two words ("The \\"flipped\\" classroom",
# "Parents\\Guardians").
_LATEX = re.compile(r"\{\\|\\[A-Za-z]+\{|\\['\"`^~=.]\{")
# An entity whole, with its semicolon (a second unescape must not read "&eth" in "Law&ethics").
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_BRACKETED_LANGUAGE = re.compile(
    r"\[(?:in\s+)?(?:chinese|japanese|german|french|spanish|russian|italian|portuguese|polish|"
    r"korean|dutch|czech|turkish|hungarian|danish|swedish|norwegian|persian|hebrew|arabic|"
    r"croatian|serbian|greek|finnish|slovak|slovenian|romanian|bulgarian|ukrainian|lithuanian|"
    r"[a-z]+ with english abstract)\]",
    re.I,
)
# A citation's year (or status) before the title: "(1991) Instance-based ...", "(in press).".
_CITED_STATUS = r"^\s*\((?:((?:1[89]|20)\d\d)[a-z]?|in press)\)"
# Notes that databases append to titles: "[Erratum appears in ...]", "(vol 142, pg 310, 2003)",
# "(New England Journal of Medicine (2009) 360 (542-544))", "... N Engl J Med. 2009;360(5):544-6".
_TITLE_NOTES = re.compile(
    # Every note starts at a space, one of [(.:;- or the title's start: elsewhere, fail at once.
    r"(?:^|(?=[\s\[(.:;\-]))(?:"
    r"\s*\[(?:erratum|comment|retraction|see|published|corrected)[^\]]*\]?\s*$"
    r"|\s*\((?:vol|volume)\s+\d+[^()]*\)\s*$"
    r"|\s*\((?:retraction|withdrawal|expression\s+of\s+concern)\s+(?:of|for|to)\s+(?:vol|volume)\b[^()]*\)?\s*$"
    # Web of Science's mark on a retracted article: "X (Retracted article. See vol. 18, pg. 88, 2020)".
    r"|\s*\((?:retracted|withdrawn)\s+article\b[^()]*\)?\s*$"
    r"|\s*\([^()]*\(\d{4}\)[^()]*\([^()]*\)\s*\)\s*$"
    r"|\.{2,}\s*.{0,80}?\b(?:1[89]|20)\d{2}\b[^;]{0,20};\s*\d+\s*\(\d+\)\s*:\s*[\d-]+\s*\.?\s*$"
    # A note the export cut off: "... syndrome (Proceeding of the National Academy of (Januar".
    r"|\s+\([^()]{15,}(?:\([^()]*)?$"
    r"|\s*\[\d+\]\s*$|\s*\(multiple letters\)"
    r"|\s*\[(?:review|abstract|editorial|letter|see comments?|comment)(?:\s+no\.?\s*:?\s*[\w-]+)?\]\s*"
    r"|\s*\[\d+\s+refs?\]\s*"
    r"|\s*\((?:provisional|structured) abstract\)\s*$"
    # What a citation or a catalogue adds to a thesis's title: "(Doctoral dissertation,
    # University of Oslo)", "[Master's thesis]", "[Electronic resource]".
    r"|\s*[(\[](?:doctoral|master'?s|ph\.?\s?d\.?|ed\.?\s?d\.?|unpublished)\s+(?:dissertation|thesis)[^()\[\]]*[)\]]\s*$"
    r"|\s*\[electronic resource\]"
    # What Google Scholar puts before a title: "[HTML] ...", "[PDF] ...", "[CITATION][C] ...".
    r"|^\s*(?:\[(?:html|pdf|citation|book|doc|c|b|h)\]\s*)+"
    # And what a page saved from ResearchGate carries: "(PDF) ... | Request PDF"; or from a
    # publisher's page: "... | Taylor & Francis Online", "... - ScienceDirect", "... | SpringerLink",
    # "... | IEEE Journals & Magazine | IEEE Xplore", "Full article: ..." (Taylor & Francis's).
    r"|^\s*\(pdf\)\s*|\s*\|\s*(?:request pdf|researchgate)\s*$"
    r"|(?:\s+[|\-\u2013\u2014]\s+(?-i:Taylor\s*(?:&|and)\s*Francis\s+Online|ScienceDirect|SpringerLink"
    r"|Emerald\s+(?:Insight|Publishing)|Wiley\s+Online\s+Library|SAGE\s+Journals|IEEE\s+Conference\s+Publication"
    r"|IEEE\s+Journals\s*&\s*Magazine|IEEE\s+Xplore|JSTOR|ERIC|Semantic\s+Scholar|MDPI|Frontiers|PubMed))+\s*$"
    r"|\s+\|\s+(?-i:Proceedings\s+of\s+the\s).*$"
    r"|^\s*(?:full\s+article\s*:|(?-i:Frontiers|SciELO|ERIC\s+-\s+[EJD]{2}\d+)\s+[|\-\u2013]"
    r"|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4})\s+\|\s+(?-i:Free\s+Full-Text)\s+\|)\s*"
    # ProQuest's number for a thesis, as a reference list gives it: "... [Doctoral dissertation,
    # X]. ProQuest Dissertations Publishing (10837456)", "ProQuest Dissertations Publishing, 2019.
    # 10837456.", "(Order No. 3456789)", "(Publication No. 28148373) [Doctoral dissertation, X]".
    r"|\s*(?:[.,]\s*)?proquest\s+(?:dissertations?(?:\s+(?:and|&)\s+theses)?(?:\s+(?:global|publishing|database))*"
    r"|llc|information\s+(?:and|&)\s+learning)[\s.,]*(?:\(\d{5,}\)|(?:(?:19|20)\d\d[\s.,]+)?\d{5,})?[\s.,]*$"
    r"|\s*(?:[.,]\s*)?\((?:order|publication|umi)\s+no\.?\s*[\w-]+\)"
    # What a conference programme adds to a title: "(Panel)", "(tutorial session)", "(Experience
    # Paper)", "Tutorial: ...", "... - Book Review".
    r"|\s*\((?:panel|tutorial|demonstration|experience|industrial|invited|keynote)[^()]{0,30}\)"
    r"|^\s*(?:tutorial|panel)\s*:\s*|\s*[-:]\s*(?:panel|book review)\s*$"
    r"|" + _CITED_STATUS + r"[\s.:,]*"
    # The same notes without their brackets, as some exports print them.
    r"|(?<=\S)[\s.;:\[(]+(?:erratum|corrigendum|correction|comment) (?:appears|in)\b.*$"
    # The venue a citation parser ran into the title: "... a critical review. In: ECIS 2023",
    # ". In Proceedings of ..." (not "... In search of", a subtitle).
    r"|(?<=\S)[.,]\s+(?-i:In)(?::\s*|\s+(?:proc\.|proceedings\b)).*$"
    r")",
    re.I,
)
# Titles that say there is none, folded ("Untitled.", "(Untitled)", PubMed's "[Not Available].").
_NO_TITLE = frozenset({"untitled", "not available", "no title", "no title available", "title not available"})
# What a PDF's first page prints before the title, which a tool extracting metadata from it may
# take for the title ("ARTICLE INFO", "a b s t r a c t"): no title (the DOI it read beside it may
# be right). Not "Editorial", "Introduction", "Abstract", "Highlights" or "Keywords", which can
# be items' titles.
_NO_TITLE |= {
    "article info", "a r t i c l e i n f o", "articleinfo", "a b s t r a c t",
    "article history", "original article", "original research", "original research article",
    "original paper", "research article", "research paper", "review article", "full length article",
    "contents lists available at sciencedirect", "contents lists available at", "journal homepage",
    "check for updates", "graphical abstract",
}  # fmt: skip
# And what can be an item's title too, but beside a DOI is a PDF's front matter.
_NO_TITLE_BESIDE_A_DOI = frozenset({"abstract", "highlights", "keywords"})
MISSING = {
    "", "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "unknown", "[no title]", "untitled",
    "[untitled]", "no title", "[no title available]", "title not available",
}  # fmt: skip
_NON_WORD = re.compile(r"[^\w\s]|_")
# The same for ASCII text, byte by byte (twice as fast as the pattern): punctuation and "_" to spaces.
_ASCII_NON_WORD = bytes(c if (chr(c).isalnum() or chr(c).isspace()) and c != 95 else 32 for c in range(256))
_DIGITS = re.compile(r"\d+")
# An electronic article number: a letter other than S (supplement) before the digits.
_ELOCATOR = re.compile(r"^\s*[A-RT-Za-rt-z]\d")
# Printed pages after "p" with no space, as ERIC's citations give them ("v31 n3 p1011-1023").
_P_PAGES = re.compile(r"^\s*pp?\d+(?:\s*[-\u2013\u2014]\s*(?:pp?)?\d+)?\s*$")  # not a poster's "P12"
# Article numbers that stand where pages would: "12:1-12:20" (ACM), "Article 12", "Art. 12",
# "Art. no. 103125" (Scopus), "Paper 12": not printed pages, so not compared with printed pages.
_ARTICLE_NUMBER = re.compile(
    r"^\s*(?:\d+:\d+|(?:article|art|paper|no|number)\b\.?\s*(?:(?:no|number)\b\.?\s*)?\d)", re.I
)
# The number of pages of a book or thesis: "215 p.", "xii, 215 pp", "215 pages".
_EXTENT = re.compile(r"^\s*(?:[ivxlc]+\s*,\s*)?\d+\s*(?:p|pp|pages|s|leaves)\.?\s*$", re.I)
# "10 000", "1 500 000": one number written with thin spaces.
_TITLE_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")
_THOUSANDS = re.compile(r"\b(\d{1,3})((?: \d{3})+)\b")
_NUMBER_HINT = re.compile(r"\d|\b[ivxl]+\b")  # a digit, or a word that may be a roman numeral
# Name suffixes that some databases put in the family name and others drop.
_LETTER = re.compile(r"[^\W\d_]")
_NAME_SUFFIX = re.compile(r"\s+(?:jr|sr|ii|iii|iv)$")
_PAGE = re.compile(r"^[A-Za-z]*(\d+)[A-Za-z]*(?:(\s*[-\u2013\u2014]+\s*|\s+)[A-Za-z]*(\d+)[A-Za-z]*)?")
# What citation-style records put before the pages: "pp. 212-219", "pages 37-66", "(p. 806".
_PAGE_WORD = re.compile(r"^[\s(\[]*(?:pages?|pgs?|pp|p)(?:\s*\.\s*|\s+)", re.I)
# The same word after something else in the field ("2, pp. 524-532", "2) (pp. 524-532)").
_PAGES_AFTER = re.compile(r"[\s(\[,;:](?:pages|pp|pgs)\.?\s*(?=\d+\s*[-\u2013\u2014]+\s*\d)", re.I)
# Footnote marks after a title ("... in rural schools 1", "... schools*"), as PDF extraction and
# some catalogues leave them; a number after a word that numbers things ("Part 1") is kept.
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z]{3})\s*(?:[*\u2020\u2021\u00a7]+|\s[1-9])\s*$", re.I)
_NUMBERING_WORDS = {
    "part", "phase", "study", "studies", "trial", "volume", "vol", "no", "number", "chapter",
    "section", "experiment", "wave", "type", "grade", "year", "years", "edition", "series", "stage",
    "level", "class", "arm", "issue", "report", "paper", "day", "days", "week", "weeks", "month",
    "months", "cohort", "round", "session", "module", "unit", "step", "version", "release",
    "generation", "book", "act", "article", "figure", "table", "appendix", "supplement", "group",
    "item", "lesson", "semester", "term", "cycle", "dose", "visit", "gen", "covid", "sars", "cov",
}  # fmt: skip

# Notices about a publication, named at the start of their title: "Erratum: ...", "Correction
# to: ...", "Author Correction: ..." (Springer Nature's), "Corrections to “...”" (IEEE's, the
# title in quotes), "Retraction note to ...", "Editorial expression of concern: ...". Journals
# that publish in Spanish, Portuguese, French, German or
# Italian name theirs in their language: "Fe de erratas: ...", "Retratação: ...", "Erratum à :
# ..." (or "a:" without its accent; not "Addendum A:"), "Berichtigung zu: ..."; "Corrección:",
# "Correção:" and "Korrektur:" only before a colon
# ("Correção automática de redações" is a study of marking essays).
_NOTICE = re.compile(
    r"^\W*(?P<what>(?:(?:authors?|publishers?)(?:'|\u2019)?s?\s+)?(?:errat(?:um|a)|corrigend(?:um|a)|correction)"
    r"|corrections(?=\s+to\s*[\"'\u201c\u2018])"
    r"|addendum|(?:statement\s+of\s+)?retraction(?:\s+(?:note|notice|statement))?|withdrawal"
    r"|(?:editorial\s+)?expression\s+of\s+concern"
    r"|fe\s+de\s+(?:erratas?|errores)|errata\s+corrige|berichtigung|rectificatif"
    r"|(?:nota\s+de\s+)?(?:retrata[cç][aã]o|retracta[cç][aã]o|retractaci[oó]n|retracci[oó]n)"
    r"|r[eé]tractation|ritrattazione"
    r"|(?:correcci[oó]n(?:\s+de\s+errores(?:\s+en)?)?|corre[cç][aã]o|korrektur)(?=\s*:))"
    r"\b\s*(?:[:.\-\u2013\u2014\[(\"'\u201c\u2018]|(?:to|on|regarding|notice)\b|(?P<of>of)\s*(?=[\"'\u201c\u2018])|(?:zu[mr]?|à|aux?|del?|al|d[oa]|e[nm])\s*[:.\-\u2013\u2014]|(?-i:a)\s*:|a\s+:|$)"
    r"\W*(?:(?:to|for|on|regarding|of)\b\W*)?",
    re.I,
)
# (PsycINFO's notice names its article in quotes after "of": 'Retraction of "X"', the quotes
# closing at the title's end, perhaps before a citation; not "Correction of errors in ...", nor
# 'Correction of "errors" in student essays'.)
_QUOTED_TO_THE_END = re.compile(r"[\"'\u201d\u2019]\s*(?:\[[^\]]*\]|\([^)]*\))?\s*\.?\s*$")
# Web of Science's retraction notice: the article's title, then "(Retraction of Vol 39, Pg 801,
# 2019)" (cut short in some exports).
_RETRACTION_NOTE = re.compile(r"\((?:retraction|withdrawal)\s+of\s+vol", re.I)
# Web of Science's correction: the article's title and a citation of it in its own form ("X (vol
# 36, pg 66, 2020)", "X (vol 36, 66, 2020)", "X (vol 12, art no 345, 2019)", "X (vol 8, 2019)"):
# "vol" without a full stop, then only a page or article number; not a book's or proceedings'
# volume in its title ("... (Vol. 2, 2019)", "(Vol 5, No 2, 2019)").
_CORRECTION_NOTE = re.compile(
    r"\(vol (?P<volume>\d+), (?P<page>(?:(?:pg|art no) )?[a-z]?\d+, )?(?:19|20)\d\d\)\s*\.?\s*$", re.I
)
# The notice's kind, by its word: a retraction in any of those languages, else an erratum.
_RETRACTION_WORD = re.compile(r"r[eé]?tra(?:ct|t|cc)|ritratt|withdraw", re.I)
# A record marked retracted or withdrawn: "RETRACTED: ..." (Elsevier's in Scopus), "RETRACTED
# ARTICLE: ..." (Springer's), "Notice of Retraction: ..." (IEEE's), "WITHDRAWN: ..." (Cochrane's).
# Most are the article itself under its own DOI, marked; some publishers title the notice so
# ("Retracted: ..." under a DOI of its own): which one, the pair says (decide.py).
# The mark ends in a colon, a full stop or a spaced dash ("Withdrawn-rejected children" is a
# title); "Notice of Retraction" may run straight into a title that starts with a capital.
_MARKED_RETRACTED = re.compile(
    r"^\W*(?:(?i:retracted|withdrawn)(?:\s+(?i:article))?\s*(?:[:.\u2013\u2014]|\s-)"
    r"|(?i:notice\s+of\s+retraction)\b"
    r"(?:\s*(?:[:.\u2013\u2014]|\s-)(?:\s*(?i:to|for|of|on)\b)?|\s+(?i:to|for|of|on)\b|\s+(?=[A-Z])))"
    r"\W*(?=\w)"
)
# A reply or comment says so: "Reply to ...", "Comment on ...", "Response to the letter ...",
# "Response to Smith's critique", "... - Authors' reply". Not a study of a response ("Serologic
# response to HPV", "Response to intervention in early reading").
_REPLY = re.compile(
    r"^(?:reply|in reply|author'?s'? reply|authors'? response)\b"
    r"|^(?:comment|commentary|letter)s?\s*(?:to|on|about|regarding|re)\b"
    r"|^responses?\s+(?:to|on)\s+(?:\w+\s+){0,6}?(?:letter|comments?|commentary|critique|criticism"
    r"|editorial|article|paper|reviewers?|readers?|authors?|correspondence|rejoinder)\b"
    r"|^responses?\s+to\s+\w+\s+(?:s|et al)\b"
    r"|\b(?:reply to|comment on|(?<!editor s )(?<!editors )(?<!editor )comments on|letter to the editor)\b"
    r"|\bresponse to (?:the\s+)?(?:letter|comment|commentary|critique|editorial)\b"
    r"|\b(?:reply|author reply|authors reply)$"
)
# "Re: Smith et al." (a reply), not "RE-tree" or "Re-designing".
_RE_COLON = re.compile(r"^\s*re\s*:", re.I)
_REPLY_HINT = re.compile(r"^re |repl|respon|comment|letter")
_TALK_HINT = re.compile(r"webinar|podcast|keynote|slides|video")
_ABSTRACT_VENUE = re.compile(
    r"\b(abstracts?|supplement|suppl|meeting|congress|conference|proceedings|symposium)\b"
)
# "Video" alone is a topic ("video-assisted surgery", "video feedback for student teachers"), not
# what the record is.
# A talk says it is one ("Keynote address", "Webinar: ...", "... (podcast)", "presentation
# slides"); a study of webinars or podcasts ("Podcasts in higher education") is not one, nor one
# of video lectures ("Video lecture engagement in MOOCs"): a video says so before a colon or in
# brackets ("Video lecture: ...", "... [video recording]").
_TALK = re.compile(
    r"\b(?:keynote (?:address|speech|lecture|talk)|presentation slides|webinar recording|podcast episode)\b"
)
_TALKING = r"(?:webinar|podcast|keynote|video(?: (?:presentation|recording|lecture))?)"
_TALK_MARK = re.compile(
    rf"^\s*[\[(]?\s*{_TALKING}(?:\s*[\]):]|\s+-\s)|[\[(]\s*{_TALKING}\s*[\])]\s*$",
    re.I,
)
# A title that says it is an abstract: "... (demo abstract)", "Poster: ...", "[Abstract] ...".
# Where an untyped citation (Google Scholar's) says a paper was given, not published: "Annual
# Meeting of the American Educational Research Association", "Paper presented at the annual
# convention of ...": a conference paper, as ERIC lists it, of the work a journal prints later.
_PRESENTED_AT = re.compile(
    r"\s*(?:(?:a\s+)?paper\s+presented\s+at\s+|presented\s+at\s+)(?:the\s+)?"
    r"|\s*(?:the\s+)?(?:\d+\w*\s+)?annual\s+(?:meeting|convention)\s+of\b",
    re.I,
)
# The meetings of research associations that print no proceedings (education's and the social
# sciences' annual meetings): a paper given there and placed nowhere else (no volume, pages or
# DOI) is a talk's paper, a companion report of the article it becomes, like ERIC's meeting
# papers. By the meeting's acronym with its year or a meeting's word ("ECER 2021", "AERA 2018
# Annual Meeting", "(BERA 2017)", "SRCD Biennial Meeting"), or its name with a meeting's word;
# not the association's journals or reports ("AERA Open", "Journal of Research in Science
# Teaching, NARST", "BERA Annual Review", "Annual Report of the British Educational Research
# Association").
_MEETING_WORDS = r"(?:conference|meeting|convention|biennial|congress|symposium)"
_UNPRINTED_MEETING = re.compile(
    r"\b(?:AERA|BERA|ECER|EERA|EARLI|SREE|NARST|CIES|ASHE|SRCD|NCME|UCEA|AAAL)\b"
    rf"(?=[\s,'\u2019-]*(?:(?:19|20)?\d\d\b|(?i:{_MEETING_WORDS})))"
    r"|(?i:\beuropean\s+conference\s+on\s+educational\s+research\b)"
    rf"|(?i:\b{_MEETING_WORDS}\b.*\b(?:american|british)\s+educational\s+research\s+association\b"
    r"|\b(?:american|british)\s+educational\s+research\s+association\b.*\b"
    rf"{_MEETING_WORDS}\b)"
)
# AIS's one-page talk abstracts ("AMCIS 2020 TREOs": Technology, Research, Education, Opinion).
_TREO = re.compile(r"\bTREOs?\b")
_ABSTRACT_TITLE = re.compile(r"\b(?:demo|poster|meeting|conference|extended) abstract\b")
# A title marked as an abstract or poster before it: "Poster 112: ...", "[Abstract] ...",
# "Abstract: ..."; not "Abstract reasoning in ..." or "Poster presentations as assessment".
_ABSTRACT_MARK = re.compile(
    r"^\s*[\[(]?\s*(?:poster|abstract)(?:\s*(?:no\.?\s*)?[a-z]?\d+)?\s*[\]):.\-]", re.I
)
# The same marks before a title, to be cut from it: "Poster: ...", "[Abstract] ...", "Work in
# Progress: ...".
_ABSTRACT_LEAD = re.compile(
    r"^\s*[\[(]?\s*(?:poster|abstract|(?:research|work)[\s-]+in[\s-]+progress)"
    r"(?:\s*(?:no\.?\s*)?[a-z]?\d+)?\s*[\]):.\u2013\u2014-]\s*",
    re.I,
)
# An early short report of a study its title marks so, set apart before or after the title:
# "...: Research in Progress", "... (Research-in-Progress Paper)", "Work in Progress: ...", "... -
# a work-in-progress report", "... (Short Paper)"; the completed paper comes later, under the title
# without the mark. (On the title as written; not "Research in progress monitoring ...", "Short
# paper prototypes ...", nor a title's own phrase, "The European Union: A Work in Progress".)
_IN_PROGRESS = re.compile(
    r"[:.\u2013\u2014-]\s*(?:a\s+)?research[\s-]+in[\s-]+progress(?:\s+(?:paper|report|study))?\s*\.?\s*$"
    r"|[:.\u2013\u2014-]\s*(?:a\s+)?(?:research|work)[\s-]+in[\s-]+progress\s+(?:paper|report)\s*\.?\s*$"
    r"|[\[(]\s*(?:a\s+)?(?:(?:research|work)[\s-]+in[\s-]+progress(?:\s+(?:paper|report|study))?|short\s+paper)"
    r"\s*[\])]\s*\.?\s*$"
    r"|^\s*[\[(]?\s*(?:research|work)[\s-]+in[\s-]+progress\s*[\]):\u2013\u2014-]\s*\S",
    re.I,
)
# Or its venue does: a conference's track of such papers ("ECIS 2021 Research-in-Progress
# Papers", "... Work-in-Progress Track"). (On the folded venue; not a book's title, "Teaching as
# Work in Progress: Essays ...".)
_IN_PROGRESS_VENUE = re.compile(
    r"\b(?:research|work) in progress (?:papers?|track|session|posters?)\b"
    # ... or a meeting's, named after its year ("WI2019 Research-in-Progress"; not a journal's
    # name, "Education Research in Progress"); and the AIS meetings' one-page TREOs.
    r"|(?:19|20)\d\d\b.*\b(?:research|work) in progress$|\btreos?\b"
)
# (A data title has one of these words: the long pattern only where one is.)
_DATA_WORDS = re.compile("data|code|software|supplementary|supporting|figure|table|replication")
_OSF_VERSION = re.compile(r"_v\d+$")
_DATA_TITLE = re.compile(
    r"^\W*(?:the\s+)?(?:(?:data(?:\s*set)?s?|(?:source\s+)?code|software|(?:data|materials)\s+and\s+code)"
    r"\s*(?:for|from|of|to\s+accompany|underlying)\s*:"  # "Data for: ...", not "Data for a better world"
    r"|(?:replication\s+(?:data|files|materials|package)|supplementary\s+(?:materials?|data|information|files?)"
    r"|supporting\s+(?:information|data))\s*(?:for|from|of|to\s+accompany)\s*[:\"'\u201c]"
    r"|replication\s+(?:data|files|materials|package)\s+for\b"
    r"|(?:figure|table)\s+[a-z]?\d+\s*(?:for|from)\s*:|data\s*set\s*:)"
    r"|\[\s*(?:data\s*set|dataset|software|data)\s*\]\s*$|\(\s*(?:data\s*set|dataset)\s*\)\s*$"
    r"|\s[-\u2013:]\s*(?:replication\s+data|source\s+code|data\s*set|dataset|data\s+and\s+code)\s*$"
    r"|\((?:data\s+and\s+code|replication\s+data|source\s+code)\)\s*$",
    re.I,
)
# Dissertation Abstracts prints a dissertation's abstract a year or so after the degree (an
# abstract of the thesis); ProQuest's Dissertations & Theses holds the thesis itself. EndNote's
# Thesis type puts the degree ("Ph.D.", "Ed.D.", "M.A.") where a volume goes.
_THESIS_ABSTRACTS = re.compile(r"\b(dissertation abstracts?|diss abstr|masters abstracts?)\b")
# ProQuest's thesis database; or ProQuest LLC as the publisher, as ERIC lists the dissertations
# it holds (the type often "report").
_THESIS_VENUE = re.compile(
    r"\bdissertations?( and| &)? theses\b|^proquest (?:llc|dissertations? publishing)\b"
    # A university repository's series of them ("Electronic Theses and Dissertations", "Theses
    # and Dissertations--Education", "Walden Dissertations and Doctoral Studies").
    r"|\btheses (?:and|&) dissertations\b|\bdissertations and doctoral studies\b"
)
_DEGREES = frozenset({
    "phd", "edd", "ded", "psyd", "drph", "dphil", "dsc", "dnp", "ma", "ms", "msc", "med", "mphil", "mres",
    "mba", "mfa",
})  # fmt: skip
_DEGREE_WORDS = re.compile(r"\b(?:doctoral|doctorate|doctor of \w+|masters?|thesis|dissertation)\b")
_PREPRINT_VENUE = re.compile(
    r"\b(arxiv|biorxiv|medrxiv|ssrn|social science research network|research square|preprints org"
    r"|psyarxiv|edarxiv|socarxiv|techrxiv|chemrxiv|engrxiv|eartharxiv|osf preprints|authorea"
    r"|jmir preprints)\b"
)
# A preprint server's DOI says what the record is, also where the venue does not (a reference
# manager's or a search engine's record with only the DOI): arXiv, PsyArXiv, EdArXiv, SocArXiv,
# OSF Preprints, SSRN, Research Square, Preprints.org, TechRxiv, Authorea, JMIR Preprints, and bioRxiv and
# medRxiv (their DOIs are dates or six digits and more; Cold Spring Harbor's journals share 10.1101).
_PREPRINT_DOI = re.compile(
    r"10\.(?:48550/arxiv\.|31234/|35542/|31235/|31219/|2139/ssrn\.|21203/rs\.|20944/preprints"
    r"|36227/techrxiv\.|22541/au\.|2196/preprints\.|1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})"
)
_PROTOCOL = re.compile(
    # "PROTOCOL: ..."; "...: protocol for a cluster randomised trial", "...: study protocol of a ...".
    r"^\W*protocol\s*(?::|[\-\u2013\u2014]\s)"
    r"|(?:^|[:\-\u2013\u2014.]\s*)(?:an?\s+)?(?:study\s+|trial\s+|review\s+|research\s+)?protocol\s+(?:for|of)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:review|trial|study|evaluation|meta-analysis)"
    # "...: a systematic review and meta-analysis protocol", "...: the PEER study protocol".
    r"|[:\-\u2013\u2014.]\s*(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,5}?"
    r"(?:study|trial|review|meta-analysis|evaluation)\s+protocol\s*$"
    # "...: Protocol", "... [Protocol]", "... (protocol)"; "...: design and protocol of a ...".
    r"|[:.\-\u2013\u2014\[(]\s*(?:an?\s+)?protocol\s*[\])]?\s*$"
    r"|\b(?:design|rationale)\s+and\s+protocol\b"
    r"|\b(?:systematic|scoping|rapid|umbrella|realist)\s+review\s+protocol\b",
    re.I,
)
# A series of working papers or technical reports: what its records are is a report of the work.
# A venue that names a series of reports, briefs or papers ("NCEE Evaluation Report", "RAND
# Research Reports", "Policy Brief", "Occasional Paper Series"): its numbered items are reports.
_SERIES_WORDS = re.compile(r"\b(?:reports?|briefs?|papers?|series|occasional|monographs?)\b")
_REPORT_VENUE = re.compile(
    r"\b(working papers?|edworkingpapers?|discussion papers?|technical reports?|tech reps?)\b"
    r"|^national bureau of economic research$"  # NBER's working papers, under the bureau's name
)
# Words that name a journal's regular sections rather than a piece of work: a title made of them
# alone ("Editorial", "Editor's Notes", "Chair's Message", "Book Review Column", "News") recurs
# issue after issue, by the same editor.
SECTION_WORDS = {
    "editorial", "editorials", "editor", "editors", "editor s", "guest", "notes", "note", "message",
    "messages", "chair", "chairs", "chair s", "vice", "president", "president s", "treasurer",
    "treasurer s", "secretary", "column", "columns", "book", "books", "review", "reviews", "news",
    "newsletter", "announcement", "announcements", "preface", "foreword", "introduction",
    "letter", "letters", "from", "the", "to", "of", "and", "in", "this", "issue", "reports", "report",
    "forum", "calendar", "events", "obituary", "memoriam", "contents", "table", "index", "digest",
    "highlights", "update", "updates", "comments", "commentary", "correspondence", "interview",
    "profile", "profiles", "corner", "s", "welcome", "acknowledgment", "acknowledgments",
    "acknowledgement", "reviewers", "referees", "abstracts", "title", "front", "matter", "cover",
    "articles", "special", "section", "introductory", "remarks", "summary",
}  # fmt: skip


@lru_cache(maxsize=65_536)
def is_section_title(folded: str) -> bool:
    """'editor s notes', 'book review column', 'guest editorial': a section, not a work."""
    words = folded.split()
    if len(words) > 1 and (words[0].isdigit() and len(words[0]) <= 2 or words[0] in ("i", "ii", "iii", "iv")):
        words = words[1:]  # a PDF's numbered heading read as a title ("1 Introduction", "I. INTRODUCTION")
    return 0 < len(words) <= 6 and all(w in SECTION_WORDS for w in words)


# What introduces a special issue's or a conference track's papers, each year or issue anew:
# "Introduction to the minitrack on ...", "Guest editorial: special issue on ...".
_INTRODUCING = frozenset({"introduction", "editorial", "preface", "foreword"})
_GATHERINGS = frozenset({"minitrack", "track", "symposium", "special", "issue", "section"})


@lru_cache(maxsize=65_536)
def introduces_a_section(folded: str) -> bool:
    """'introduction to the minitrack on digital government': the words before "on" name a
    section's introduction (a topic's issue or track recurs, and so does its introduction)."""
    head, on, _ = folded.partition(" on ")
    words = head.split()
    return (
        bool(on)
        and bool(_INTRODUCING.intersection(words))
        and bool(_GATHERINGS.intersection(words))
        and all(w in SECTION_WORDS or w in _GATHERINGS for w in words)
    )


# Kinds of record whose members are linked reports of a study, not copies of its publication.
NOTICE_KINDS = frozenset({"erratum", "retraction", "concern"})
# A conference abstract, a preprint, a technical report or working paper, a thesis: reports of
# the work by its authors, besides the paper that publishes it. (A study's or a review's
# protocol is a publication of its own: review teams screen it apart, and so it stays.)
COMPANION_KINDS = frozenset({"abstract", "preprint", "report", "thesis"})
# Words that are not authors: "et al.", and what PDF extraction reads from a page header.
NOT_AUTHORS = {
    "et al", "al", "others", "anonymous", "anon", "et", "unknown", "no authorship indicated", "vol",
    "volume", "issue", "page", "pages", "pp", "journal", "editorial", "editor", "editors", "doi",
    "downloaded", "copyright", "reproduced", "abstract", "article", "research article", "original article",
    "review", "letter", "correspondence", "contents", "isbn", "issn", "http", "www",
    # What a PDF's first page puts where a name goes, read as a name by metadata extractors.
    "introduction", "keywords", "key words", "university", "ais electronic library aisel",
    "ais electronic library", "aisel", "sciencedirect", "open access", "highlights", "background",
    # What a database writes where a record has no author (Scopus, and others).
    "no author name available", "no author", "no authors", "no authors listed", "author unknown",
    "not available", "n a",
    # A masthead's roles, read as a name from an issue's front matter.
    "editor in chief", "editors in chief", "guest editor", "guest editors", "managing editor",
    "editorial board", "editorial team", "editorial office", "associate editors",
}  # fmt: skip
# The same, where a line of the page starts so: "Received: 12 March 2020; Accepted: ...",
# "Article history: ...", "Corresponding author: ...", AIS eLibrary's cover page ("Follow this and
# additional works at: ...", "Recommended Citation ...").
_NOT_AUTHOR_LINE = re.compile(
    r"^(?:received|accepted|revised|available online|published online|article (?:history|info|information)"
    r"|corresponding author|follow this and additional works|recommended citation"
    r"|copyright\b(?!\s+(?:agency|clearance|licensing|office|board|council|tribunal|society|alliance)\b)"
    r"|downloaded from"
    r"|this (?:paper|article) is (?:brought|available))\b"
    # A PDF's affiliation line a reader turned round at its "of" ("of Computer Science,
    # Department"): no family name starts with "of".
    r"|^of\b"
)
# An affiliation line read as a name among the people ("School of Education", "Department of
# Information Systems, ..."): not an author where people are named beside it. (Alone, it may be
# the organisation that wrote a report: "Institute of Education Sciences".)
_AFFILIATION = re.compile(
    r"^(?:school|department|dept|faculty|institute|college|centre|center|division|laboratory)"
    r" (?:of|for)\b"
)
# An e-mail address a PDF's author line gives beside (or for) a name.
_EMAIL = re.compile(r"\s*[(<\[]?(?:(?i:e-?mail)\s*:?\s*|(?i:mailto):)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)>\]]?")

JOURNAL_WORDS = {
    "journal": "j", "international": "int", "american": "am", "british": "br", "european": "eur",
    "research": "res", "review": "rev", "reviews": "rev", "medicine": "med", "medical": "med",
    "clinical": "clin", "science": "sci", "sciences": "sci", "education": "educ",
    "educational": "educ", "psychology": "psychol", "society": "soc", "social": "soc",
    "annals": "ann", "archives": "arch", "proceedings": "proc", "national": "natl", "academy": "acad",
    "health": "health", "public": "public", "management": "manag", "information": "inf",
    "systems": "syst", "technology": "technol", "studies": "stud", "quarterly": "q",
    "bulletin": "bull", "letters": "lett", "transactions": "trans", "magazine": "mag",
    "communications": "commun", "computing": "comput", "computer": "comput", "engineering": "eng",
    "applied": "appl", "physics": "phys", "chemistry": "chem", "biology": "biol",
    "conference": "conf", "symposium": "symp", "workshop": "worksh",
    # The same words in other languages, abbreviated alike (ISO 4): "Ann Fr Anesth Reanim" is
    # "Annales Francaises d'Anesthesie et de Reanimation", "Rev Bras Educ" "Revista Brasileira".
    "annales": "ann", "revue": "rev", "revista": "rev", "archivos": "arch", "archiv": "arch",
    # Web of Science's own abbreviations (J9): "MIS QUART", "IEEE T ENG MANAGE", "SIGMOD REC",
    # "ANNU REV ...".
    "quart": "q", "t": "trans", "rec": "record", "records": "record", "annu": "annual",
}  # fmt: skip
JOURNAL_STOP = {"the", "of", "and", "for", "in", "on", "a", "an", "&", "de", "la", "und", "fur", "at", "to"}
# Dropped from venue names: publishers' and societies' prefixes and a conference's own words
# ("Proceedings of the 22nd International Conference on Very Large Data Bases" = "VLDB").
VENUE_NOISE = {
    "acm", "ieee", "proc", "int", "intl", "conf", "symp", "worksh", "annual", "meeting", "congress",
    "th", "st", "nd", "rd", "joint", "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth",
}  # fmt: skip
# Words an acronym may leave out: a conference's own words, and "Advances in" before a series of
# proceedings' name ("NIPS" for "Advances in Neural Information Processing Systems").
CUT = "@cut"  # a venue key whose name was cut short ("Government Information …")
HEAD_CUT = "@h"  # a venue key whose name's start was cut ("… of Inclusive Education")
ACRONYM_SKIPS = VENUE_NOISE | {"advances", "adv"}
# A venue that names itself a journal (or transactions, letters, magazine...): "VLDB" and "VLDB J"
# are a conference and a journal, and "Circulation" and "Circulation Journal" two journals.
JOURNAL_MARKERS = {
    "j",
    "trans",
    "lett",
    "mag",
    "q",
    "bull",
    "rev",
    "ann",
    "arch",
    "record",
    "newsletter",
    "notices",
}
# A venue that names itself a conference: its key ends in CONFERENCE, so that "SIGMOD Conference"
# and "SIGMOD Record" (a conference and a periodical) are told apart.
CONFERENCE_WORDS = {"conf", "symp", "worksh", "meeting", "congress", "colloquium"}
CONFERENCE = "@conf"
SERIES = "@series"  # the key's last word for a book series of proceedings ("Lecture Notes in ...")
ACRONYM = "@="  # the key's last word: the full name's words an acronym is made of, dotted


@dataclass(slots=True)
class Normalised:
    record_id: int
    doi: str | None
    title: str  # lower case, accents folded, no markup, punctuation or footnote marks
    title_key: str  # the first 25 letters and digits of the subject title, spaces removed
    title_tail: str  # the last 25, spaces removed (catches differing prefixes)
    title_numbers: str  # the numbers in the title, in order ("2 3" for "Phase 2 ... 3 arms")
    authors: str  # every author as "family, initials", ';'-joined, in the record's order
    first_author: str  # family name of the first author
    year: int | None
    start_page: str | None
    end_page: str | None
    volume: str | None
    issue: str | None
    journal: str  # the venue: abbreviation-aware words, publishers' and conference words dropped
    kind: str  # article, erratum, retraction, concern, reply, abstract, preprint, report, thesis,
    # protocol, talk
    eloc: bool = False  # the page is an article number (e12724, 12:1-12:20), not a printed page
    subject: str = ""  # a notice's title without "Erratum:" and the like (else the title)
    given: str = ""  # every author's given names, ';'-joined like `authors` (swapped names)
    title_cut: bool = False  # the title ends in "..." or "…": cut short (Google Scholar's long titles)
    marked_retracted: bool = False  # "RETRACTED: ...", "WITHDRAWN: ...": the title without the mark
    acronyms: str = ""  # the title's words written as acronyms ("iot moocs b2b"), where its case says
    # A database's own number for its record (ERIC's "EJ1234567", a Scopus EID, a Web of Science
    # UT, a PsycINFO AN), where the record's id is one: read from the store, not the record.
    accession: str | None = None
    # Its ISBNs by the nine digits an ISBN-10 and its ISBN-13 share, space-joined: read from the
    # store, not the record.
    isbn: str | None = None
    record_type: str | None = None  # the type its source gives it ("book", "chapter", ...)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# An accent a PDF's text put after a space ("Scha \u0308fer"), as it stands in the raw text; and
# the spacing accents a LaTeX PDF's text has beside their letter ("Mu\u00a8ller", "Garc\u00b4\u0131a",
# "Sa\u02dco Paulo", "P\u00b4erez"): dropped. Not an acute used as an apostrophe: before a capital
# or a consonant ("O\u00b4Brien", "Children\u00b4s"), or after an elided article ("l\u00b4enseignement",
# "d\u00b4une", "dell\u00b4educazione").
_SPACED_ACCENT = re.compile("\\s+([\u0300-\u036f])")
_SPACING_ACCENT = re.compile(
    "[\u00a8\u00b8\u02c6-\u02dd]|\u00b4(?=\u0131)"
    "|(?<=[^\\W\\d_])(?<!\\b[dlcjnst])(?<!\\bqu)(?<!\\b[Dd]ell)(?<!\\b[Nn]ell)(?<!\\b[Ss]ull)(?<!\\b[Dd]all)(?<!\\b[Ss]ant)"
    "(?<!\\b[Qq]uell)(?<!\\b[Qq]uest)\u00b4(?=[aeiouy])"
)
_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "œ": "oe", "ı": "i"})
# Characters that mark where a word may break or join, not a break: a soft hyphen, zero-width
# spaces and joiners, a byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


# Mojibake: UTF-8 read as Windows-1252 (or Latin-1) somewhere before the export, "EducaÃ§Ã£o"
# for "Educação", "â€™" for "’". A lead character (Â-ô) followed by as many of the
# characters the continuation bytes read as as its byte needs; each run is read back as UTF-8.
_CP1252_BYTES = {bytes([b]).decode("cp1252", "ignore") or chr(b): b for b in range(0x80, 0xC0)}
_CONTINUATION = "[" + "".join(sorted(_CP1252_BYTES)) + "]"
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4]" + _CONTINUATION)
_MOJIBAKE = re.compile(
    f"(?:[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}|[\u00f0-\u00f4]{_CONTINUATION}{{3}})+"
)


def _read_back(match: re.Match, clean_elsewhere: bool) -> str:
    run = match.group()
    try:
        text = bytes(_CP1252_BYTES.get(c, ord(c)) for c in run).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return run
    if len(text) > 1 or len(run) > 2:
        return text  # two letters or more, or a three-byte character ("â€™" for "’"): no text has these
    return text if clean_elsewhere and _one_letter_garbled(match, text) else run


def _one_letter_garbled(match: re.Match, letter: str) -> bool:
    """Two characters alone read back as one accented letter only where they sit in a word as
    that letter would, in a text with no other character beyond ASCII: "CafÃ©", "Ã–ztÃ¼rk"; not
    "400 Å³" (ångströms), "CAFÉ’S", "A IRMÃ”:" (a capital before a quotation mark)."""
    if not (letter.isalpha() and "\u00c0" <= letter <= "\u017f"):
        return False
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not (before.isalpha() or after.isalpha()):
        return False
    second = match.group()[1]
    if (second == "\u00a0" or second >= "\u2000") and not after.isalpha():
        return False  # a quotation mark, a dash or a space after a word, as written
    # In a word, in the word's case ("M\u00c3\u00bcller"); a word's first letter either way.
    return not before.isalpha() or (after if after.isalpha() else before).isupper() == letter.isupper()


def _join_accents(text: str) -> str:
    """Mojibake read back as the UTF-8 it was (see _MOJIBAKE); a PDF's accents beside or after
    their letter put with it (see _SPACED_ACCENT)."""
    for _ in range(2):  # twice: text read wrongly twice ("\u00c3\u0192\u00c2\u00a9" for "\u00e9")
        if not _MOJIBAKE_HINT.search(text):
            break
        text = _MOJIBAKE.sub(partial(_read_back, clean_elsewhere=_MOJIBAKE.sub("", text).isascii()), text)
    return _SPACING_ACCENT.sub("", _SPACED_ACCENT.sub(r"\1", text))


def fold(text: str | None) -> str:
    """Lower case, accents folded, HTML and language tags removed, punctuation to spaces. (An
    accent a PDF's text put after a space, "Scha \u0308fer", goes with the space.)"""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
        if "&" in text:  # escaped twice: "&amp;#39;"
            text = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    if "<" in text:
        text = _HTML.sub(" ", _INLINE.sub("", text))
    if "[" in text:
        text = _BRACKETED_LANGUAGE.sub(" ", text)
    if "\\" in text and _LATEX.search(text):
        text = latex.decode(text) or ""  # a BibTeX field that came by another way: "Gr{\\"u}ber"
    if not text.isascii():
        text = _join_accents(text).translate(_INVISIBLE)
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_LIGATURES)
        if not text.isascii():
            return " ".join(_NON_WORD.sub(" ", text).split())
    return " ".join(text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split())


def pages(value: str | None) -> tuple[str | None, str | None]:
    """'221-6' -> ('221', '226'); 'S123-S130' -> ('123', '130'); 'e0123' -> ('123', None);
    '524 532' (the dash lost) -> ('524', '532')."""
    if not value:
        return None, None
    match = _PAGE.match(_PAGE_WORD.sub("", value.strip(), count=1))
    if (match is None or match.group(2) is None) and (inner := _PAGES_AFTER.search(value)):
        match = _PAGE.match(value[inner.end() :])  # "2, pp. 524-532": the volume before the pages
    if not match:
        return None, None
    start, dash, end = match.group(1).lstrip("0") or "0", match.group(2), match.group(3)
    if end is not None and not dash.strip() and (len(end) != len(start) or int(end) <= int(start)):
        end = None  # a range whose dash was lost in a PDF's text ("524 532"), not "12 3"
    if end is not None:
        end = end.lstrip("0") or "0"
        if len(end) < len(start):  # 221-6 means 221-226
            end = start[: len(start) - len(end)] + end
    return start, end


# Words that make a name a group's ("The Paradise Team", "Fox Development Team", "National
# Council of Teachers of English"): compared whole, as a family name without initials.
GROUP_WORDS = frozenset({
    "team", "group", "consortium", "collaboration", "collaborative", "committee", "investigators",
    "association", "society", "organization", "organisation", "institute", "university", "council",
    "network", "corporation", "corp", "inc", "ltd", "project", "department", "ministry", "agency",
    "commission", "foundation", "federation", "alliance", "taskforce", "bureau", "dept", "univ", "assn",
    "assoc",
})  # fmt: skip
# Words that are also family names ("Jane Board", "Ann Center"): a group's only in a longer name.
GROUP_WORDS_IN_LONG_NAMES = frozenset({
    "center", "centre", "office", "board", "staff", "panel", "company", "laboratory", "academy",
    "clearinghouse", "observatory", "coalition", "partnership", "secretariat", "directorate", "initiative",
    "programme", "authority", "trust", "forum", "service",
})  # fmt: skip
_COUNTRIES_SHORT = (  # the longest first
    ("u s a", "united states"), ("u s", "united states"), ("usa", "united states"), ("us", "united states"),
    ("u k", "united kingdom"), ("uk", "united kingdom"),
)  # fmt: skip


def country_spelled_out(name: str) -> str:
    """A government body's folded name with its country's abbreviation spelled out ("u s
    department of education" -> "united states department of education")."""
    for short, full in _COUNTRIES_SHORT:
        if name.startswith(short + " "):
            return full + name[len(short) :]
    return name


_COMPANY_SUFFIXES = frozenset({"inc", "ltd", "llc", "plc", "gmbh"})
# What exports put before a group's name: ACM's "CORPORATE", an article.
_GROUP_PREFIX = ("corporate", "the")


# The little words a group's acronym leaves out ("Organisation for Economic Co-operation and
# Development": OECD).
_ACRONYM_GAPS = frozenset(
    {"for", "of", "and", "the", "on", "in", "at", "de", "des", "du", "la", "le", "et", "y"}
)


def group_acronym(name: str) -> str:
    """'organisation for economic cooperation and development' -> 'oecd'."""
    return "".join(word[0] for word in name.split() if word not in _ACRONYM_GAPS)


def is_group_name(words: list[str]) -> bool:
    """Folded words of a name that is a group's, not a person's (in the plural too: "American
    Institutes for Research", "National Academies")."""
    singular = [_singular(word) for word in words]
    return bool(GROUP_WORDS.intersection(words) or GROUP_WORDS.intersection(singular)) or (
        len(words) >= 3 and bool(GROUP_WORDS_IN_LONG_NAMES.intersection(singular))
    )


def _group_before_comma(name: str) -> bool:
    before, _, after = name.partition(",")
    # (Most names have one word before the comma and initials after it: looked at no further.)
    if " " in before.strip() and is_group_name(fold(before).split()):
        return True
    return len(after) <= 8 and fold(after) in _COMPANY_SUFFIXES


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


# The marks a PDF's text leaves after an author's name, pointing to affiliations and notes:
# "Ana Lee a,*", "Ana Lee 1,2", "Lee1", "Ana Lee†"; DBLP's number for one of several people of
# one name ("Wei Wang 0001"). A lower-case letter is a mark only after a written-out name without
# a comma ("Lee, a" gives an initial).
_NOTE_MARKS = re.compile(r"(?:(?<=[a-z])\d{1,4}|[\s,]+\d{1,4}(?![\w.])|[\s,]*[*\u2020\u2021\u00a7#]+)+\s*$")
_LETTER_MARKS = re.compile(
    r"\s+[a-h](?![\w.])(?:[\s,]+(?:[a-h]|\d{1,2})(?![\w.])|[\s,]*[*\u2020\u2021\u00a7#]+)*\s*$"
)


_FAMILY_MARKS = re.compile(r"(?:(?<=[a-z])[1-9]|\s+[1-9]\d?(?![\w.])|[\s,]*[*\u2020\u2021\u00a7#]+)+\s*$")
_GIVEN_MARKS = re.compile(r"(?:(?<=[A-Za-z.])\d{1,2}(?:,\d{1,2})*|[\s,]*[*\u2020\u2021\u00a7#]+)\s*$")
_MARK_ONLY = re.compile(r"\s*(?:\d{1,2}|[a-h]|[*\u2020\u2021\u00a7#]+)\s*")


def _without_marks(name: str) -> str:
    letters = _LETTER_MARKS.search(name)
    if letters and (rest := name[: letters.start()]) and "," not in rest and rest != rest.lower():
        return rest
    notes = _NOTE_MARKS.search(name)
    return name[: notes.start()] if notes and notes.start() > 0 else name


@lru_cache(maxsize=262_144)  # names and journals repeat across records: fold each once
def author_name(name: str) -> tuple[str, str, str]:
    """'García-López, Ana M.' -> ('garcia lopez', 'am', 'ana m'): family, initials, given."""
    if "\\" in name and _LATEX.search(name):
        name = latex.decode(name) or ""  # "Gr{\\"u}ber, Hans"
    if not name.isascii():
        name = _join_accents(name)  # "Scha \u0308fer", "Mu\u00a8ller"
    if " 0" in name:
        name = DBLP_HOMONYM.sub("", name)  # "Huang 0006, Fang"
    if "@" in name:
        name = _EMAIL.sub(" ", name).strip()  # "Ana Lee (ana.lee@uni.edu)"
    # (A mark ends in a digit, a symbol, or a letter a-h after a space or a comma, perhaps
    # followed by spaces.)
    if name and (
        name[-1].isdigit()
        or name[-1] in "*\u2020\u2021\u00a7#,"
        or (name[-1] in "abcdefgh" or name[-1].isspace())
        and name[-2:-1] in (" ", ",")
    ):
        name = _without_marks(name)
    # A group's name with a comma in it ("Education Development Center, Inc.", "University of
    # Michigan, Ann Arbor", "Westat, Inc.") is no family name with given names.
    if " " in name.strip() and ("," not in name or _group_before_comma(name)):
        words = fold(name).split()
        if is_group_name(words):
            # One word however hyphenated ("Co-operation"), for its acronym ("OECD").
            words = fold(name.replace("-", "")).split()
            while len(words) > 2 and words[0] in _GROUP_PREFIX:
                words = words[1:]
            while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
                words = words[:-1]
            if len(words) >= 4 and words[-1] == group_acronym(" ".join(words[:-1])):
                words = words[:-1]  # its own acronym after its name: "... Education Board (SREB)"
            return country_spelled_out(" ".join(words)), "", ""
    if "," in name:
        family, _, given = name.partition(",")
        if _MARK_ONLY.fullmatch(family) and len(given.split()) >= 2:
            # "1, Da-Eun Lee", "b, Joanne Carver": a reader took a PDF's "Da-Eun Lee 1" for a
            # name in the order given-family and its affiliation mark for the family name.
            return author_name(given.strip())
        if family and (family[-1].isdigit() or family[-1] in "*\u2020\u2021\u00a7#"):
            family = _FAMILY_MARKS.sub("", family)  # "Choi2, Sung-Min", "Lee 1, Da-Eun"
        if given and (given[-1].isdigit() or given[-1] in "*\u2020\u2021\u00a7#"):
            given = _GIVEN_MARKS.sub("", given)  # "Smith, J.1", "Smith, Jane*"
    else:
        parts = name.split()
        if len(parts) > 2 and fold(parts[-1]) in ("jr", "sr", "ii", "iii", "iv"):
            parts = parts[:-1]  # "Smith TJ Jr", "John A. Smith III"
        # "Smith JA" (initials last) or "Jane A. Smith" (family last); "ZHANG Wei", "NGUYEN Thi
        # Lan": the family name first, in capitals (as some journals print a name's family).
        if len(parts) > 1 and parts[-1].replace(".", "").isupper() and len(parts[-1].replace(".", "")) <= 3:
            family, given = " ".join(parts[:-1]), parts[-1]
        elif (
            len(parts) > 1
            and not name.isupper()
            and len(
                "".join(capitals := list(takewhile(lambda part: part.isalpha() and part.isupper(), parts)))
            )
            >= 4
        ):
            family, given = " ".join(capitals), " ".join(parts[len(capitals) :])  # "GARCÍA LÓPEZ Ana"
        else:
            family, given = (parts[-1] if parts else ""), " ".join(parts[:-1])
    family = _NAME_SUFFIX.sub("", fold(family))
    given_folded = _NAME_SUFFIX.sub("", fold(given))
    if given_folded in ("jr", "sr", "ii", "iii", "iv"):
        given_folded = ""
    compact = given.strip().replace(".", "").replace(" ", "").replace("-", "")
    if compact.isupper() and len(compact) <= 3:
        initials = given_folded.replace(" ", "")  # "JA", "J. A." -> "ja"
        given_folded = " ".join(initials)
    else:
        initials = "".join(w[0] for w in given_folded.split())
    return family, initials, given_folded


def author_key(name: str) -> tuple[str, str]:
    """'García-López, Ana M.' -> ('garcia lopez', 'garcia lopez am')."""
    family, initials, _ = author_name(name)
    return family, f"{family} {initials}".strip()


@lru_cache(maxsize=262_144)
def _is_listed_author(name: str | None) -> bool:
    return bool(_given(name)) and is_author(name)


@lru_cache(maxsize=262_144)
def is_author(name: str) -> bool:
    """Not 'et al.', not a page-header word read as a name, not an e-mail address, not empty."""
    if "@" in name:
        name = _EMAIL.sub(" ", name)
    folded = fold(name)
    if "," in name:  # (or turned round by a reader: "Article, Original")
        family, _, given = name.partition(",")
        if fold(f"{given} {family}") in NOT_AUTHORS:
            return False
    return (
        bool(folded)
        and folded not in NOT_AUTHORS
        and _LETTER.search(folded) is not None
        and not _NOT_AUTHOR_LINE.match(folded)
    )


@lru_cache(maxsize=65_536)
def _fold_venue(value: str | None) -> str:
    return fold(value)  # venues repeat across records: folded once each


EVENT_YEAR, EVENT_NUMBER = "@y", "@n"  # a meeting's year and number in a venue key
SERIES_VOLUME = "@v"  # a volume of proceedings or of a book in series, named in the venue
# "Advances in ... Systems (volume 2)", "... Systems II", "... Approach, Vol. 3": the volume a
# citation writes into the venue's name, which a database gives in its volume field. Read from
# the name as written: a roman numeral in capitals, from II on ("I" is a word, "Xi'an" a city).
_SERIES_VOLUME = re.compile(
    r"\b(?:(?i:vol(?:ume)?|v)\.?\s*(\d{1,3})|(?i:vol(?:ume)?)\.?\s*([IVXLivxl]{1,6})|([IVXL]{2,6}))\b"
)
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_LETTERS = frozenset("ivxl")


def _roman(numeral: str) -> int | None:
    """'XXIV' -> 24; None for what is no well-formed numeral ('IIV', 'VX')."""
    numeral = numeral.upper()
    values = [_ROMAN_DIGITS[c] for c in numeral]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if _to_roman(total) == numeral else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _series_volumes(value: str) -> tuple[str, set[int]]:
    """The venue's name without the volume it names, and that volume (as a number)."""
    volumes: set[int] = set()

    def take(match: re.Match) -> str:
        number, after_word, alone = match.groups()
        read = int(number) if number else _roman(after_word or alone)
        if read is None or read < (2 if alone else 1):
            return match.group(0)
        volumes.add(read)
        return " "

    return _SERIES_VOLUME.sub(take, value), volumes


_VENUE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# A meeting's number stands before the meeting ("40th International Conference", "44th Annual
# Scientific Meeting"), not in a date ("December 13th") or a theme ("the 21st century").
_VENUE_ORDINAL = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\b(?:\s+\w+){0,4}?\s+(?:conference|conf|congress|meeting|symposium|symp"
    r"|workshop|colloquium|convention|summit)\b"
)
# Book series that publish many conferences' proceedings, which Scopus and Web of Science give as
# the source where DBLP, ACM or Google Scholar give the conference ("Lecture Notes in Business
# Information Processing" against "BPM 2020 Workshops").
_BOOK_SERIES = re.compile(
    r"^(?:lecture notes in|lect notes|communications in computer and information science"
    r"|commun comput inf sci|ifip advances in|ifip adv|advances in intelligent systems and computing"
    r"|adv intell syst comput|ceur workshop proceedings|ceur ws|studies in computational intelligence"
    r"|stud comput intell|smart innovation systems and technologies"
    r"|acm international conference proceeding series|acm int conf proc ser"
    r"|aip conference proceedings|aip conf proc|journal of physics conference series|j phys conf ser"
    r"|iop conference series|iop conf ser|proceedings of spie|proc spie"
    r"|advances in social science education and humanities research|adv soc sci educ humanit res)\b"
)
# A meeting's papers as a digital library names the collection ("ECIS 2020 Research Papers",
# "ECIS 2021 Research-in-Progress Papers", "ACIS 2019 Tracks", "ICIS 2021 Panels"): its proceedings.
_PAPER_COLLECTION = re.compile(
    r"^([a-z][a-z ]{1,30}? (?:19|20)\d\d)(?: [a-z]+){0,4} (?:papers|tracks?|panels)$"
)


# ERIC's sources for what authors and grantees send it, not where it was published (the
# journal, if any, is named elsewhere in the record): no venue.
_NOT_A_VENUE = frozenset({
    "grantee submission", "online submission", "eric", "google scholar", "scopus", "web of science", "jstor",
    "ebscohost", "ebsco", "pubmed", "researchgate", "semantic scholar",
    # Digital libraries a search engine names where a paper's copy sits (the AIS's, the ACM's,
    # IEEE's): not which conference or journal (not "The Electronic Library", a journal).
    "ais electronic library aisel", "ais electronic library", "aisel", "acm digital library",
    "ieee xplore", "ieee xplore digital library", "sciencedirect", "springerlink", "wiley online library",
})  # fmt: skip
# Where a journal is published, added to tell it from another of its name: Scopus's "Sustainability
# (Switzerland)", Web of Science's "SUSTAINABILITY-BASEL", "INFORM MANAGE-AMSTER". Kept as a mark of
# the place, so that one side's mark agrees with the other's name alone and two places differ
# ("Sustainability (United States)" is another journal).
_PUBLISHED_IN = re.compile(
    r"\s*(?:\((?P<named>switzerland|netherlands|united kingdom|uk|united states|usa|germany|basel|amsterdam"
    r"|oxford|london|new york|ny|singapore)\)|-(?P<short>basel|amster(?:dam)?|dordr(?:echt)?|oxf(?:ord)?"
    r"|lond(?:on)?|berl(?:in)?|heidelb(?:erg)?|ny))\s*$",
    re.I,
)
_PLACE_CODES = {
    "switzerland": "ch", "basel": "ch", "netherlands": "nl", "amsterdam": "nl", "amster": "nl", "dordr": "nl",
    "dordrecht": "nl", "united kingdom": "uk", "uk": "uk", "london": "uk", "lond": "uk", "oxford": "uk",
    "oxf": "uk", "united states": "us", "usa": "us", "new york": "us", "ny": "us", "germany": "de",
    "berlin": "de", "berl": "de", "heidelberg": "de", "heidelb": "de", "singapore": "sg",
}  # fmt: skip
PUBLISHED_IN = "@p"  # a venue key's mark of where the journal is published
# A publisher's name alone where the venue goes, as Google Scholar often gives it ("Taylor &
# Francis", "SAGE Publications Sage CA: Los Angeles, CA", "Springer"): no journal's name.
_PUBLISHER_ONLY = re.compile(
    r"^(?:taylor (?:and )?francis|elsevier|springer(?: verlag)?|wiley(?: blackwell)?|sage|emerald|mdpi"
    r"|igi global|informa|routledge|hindawi|inderscience)"
    r"(?: (?:group|publishing|publishers|publications|limited|ltd|inc|llc|sa|ag|gmbh|co|online|library"
    r"|uk|science|sage|ca|los|angeles|london|new|york|ny|berlin|heidelberg|cham|singapore|bv|nature"
    r"|switzerland|and|business|media|insight))*$"
)
# A journal whose full name is its name and a subtitle that says it is a journal, as journals in
# Spanish, Portuguese and other languages are named ("Comunicar: Revista Científica de
# Comunicación y Educación", "Pixel-Bit. Revista de Medios y Educación"), and Google Scholar or
# Scopus name it by its name alone: the name is the key. Not an abbreviated word before a full
# stop ("Int. Journal of ...").
_JOURNAL_SUBTITLE = re.compile(
    r"^(?P<name>[^\W\d][^:.;]{2,48}?)\s*(?P<stop>[:.])\s+"
    r"(?=(?:(?:an?|the)\s+)?(?:international\s+)?"
    r"(?:revista|revue|rivista|zeitschrift|jurnal|dergisi|journal|tijdschrift|czasopismo)(?:\s+\S|\s*$))",
    re.I,
)
_ABBREVIATED = frozenset(
    "int intl natl nat amer eur br educ res sci soc technol proc trans rev psychol comput inf inform manag"
    " stud assoc acad univ inst adv appl".split()
)


def _journal_name(value: str) -> str:
    """A journal's name without a subtitle that says it is a journal."""
    match = _JOURNAL_SUBTITLE.match(value)
    if match is None:
        return value
    name = match.group("name")
    if match.group("stop") == ".":
        # After a full stop, only another language's word for journal: "Aust. Journal of ..." is
        # an abbreviation's stop.
        last = name.split()[-1].lower() if name.split() else ""
        after = value[match.end() :].split(None, 1)[0].lower()
        if len(last) < 3 or last in _ABBREVIATED or after in ("journal", "an", "a", "the", "international"):
            return value
    return name


# A repository that holds a copy, named where the venue goes (Google Scholar's, a CRIS's or a
# harvest's record of an accepted manuscript): "ePrints Soton", "UCL Discovery", "Pure - Lancaster
# University", "University of Southampton Institutional Repository", a university alone. No
# journal's name (not "Journal of ... University", "... Repository Management Review"); and not
# Zenodo, figshare or OSF, which hold a study's data under its title as often as a copy of it.
_REPOSITORY = re.compile(
    r"^(?!.*\b(?:journal|review|proceedings|conference|quarterly|bulletin|annals|transactions|letters)\b)"
    r"(?:.*\beprints?\b.*|.*\brepositor(?:y|io|i|ium)\b.*"
    r"|pure(?: [-\u2013] .*| portal)?|ucl discovery|.*\bresearch (?:online|portal|explorer|output)s?\b.*"
    r"|.*\bpublications explorer\b.*|(?:the )?university of \w+(?: \w+)?|\w+(?: \w+)? university"
    r"|digital ?commons\b.*|scholarworks\b.*|escholarship\b.*|hal\b.*|dspace\b.*"
    # (Aggregators of copies, as OpenAlex and Lens name a copy's source; not Zenodo or figshare,
    # which hold a study's data under its title as often as a copy.)
    r"|core|europe pmc\b.*|pubmed central\b.*)$"
)
# A web address in a venue (AIS eLibrary's recommended citation: "AMCIS 2021 Proceedings. 12.
# https://aisel.aisnet.org/..."), or a venue that is only a site's name ("books.google.com").
_WEB_ADDRESS = re.compile(
    r"\b(?:https?://|www\.)\S*|^\s*[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io)\s*$", re.I
)


# A report's page count after its publisher, as EBSCO's citation of an ERIC document gives it
# ("National Rural Education Center. 2022. 72 pp.").
_PAGE_COUNT = re.compile(r"\b\d+\s*pp?\b\.?", re.IGNORECASE)
# A catalogue's inverted name: "Research in Science Teaching, Journal of" for "Journal of Research
# in Science Teaching", "Education, IEEE Transactions on", "Science Teaching, Journal of Research
# in" (read the right way round, since names in another order are two journals).
_INVERTED_HEAD = re.compile(
    r"^(?P<name>[^,]+),\s*(?P<head>(?:the\s+)?(?:[\w&.-]+\s+){0,3}?"
    r"(?:journal|review|annals|bulletin|archives|transactions|quarterly|letters|magazine)"
    r"(?:\s+[\w&-]+){0,3}?\s+(?:of|on|in|for)(?:\s+the)?)\s*\.?$",
    re.IGNORECASE,
)


# The words that say a venue is a meeting's, each with the shortest start of it a name cut short
# inside it ("Confere…", "Procee...") is read as: not a start that other words share ("Proc…" may
# be "Processing", "Conf…" "Conflict").
_VENUE_KIND_WORDS = {"conference": 6, "proceedings": 6, "symposium": 5, "workshop": 6, "congress": 6}
_CUT_LAST_WORD = re.compile(r"\b([A-Za-z]+)(?:\.\.\.|\u2026)$")


@lru_cache(maxsize=65_536)
def journal_key(value: str | None) -> str:
    """The venue as abbreviation-aware words: 'Proceedings of the 22nd International Conference on
    Very Large Data Bases' -> 'very large data bases'; 'ACM Trans. Database Syst.' -> 'trans
    database syst'; 'The VLDB Journal' -> 'vldb j'."""
    if not value:
        return ""
    if value[-1:] in ".\u2026" and (partial := _CUT_LAST_WORD.search(value)):
        # Cut in the middle of a word that says what the venue is ("... European Confere…"):
        # the word whole, so that the name says a conference as the whole name does.
        start = partial.group(1).lower()
        whole = next(
            (
                w
                for w, shortest in _VENUE_KIND_WORDS.items()
                if len(start) >= shortest and w[: len(start)] == start != w
            ),
            None,
        )
        if whole:
            value = value[: partial.start(1)] + whole + value[partial.end(1) :]
    if "," in value and (inverted := _INVERTED_HEAD.match(value)):
        value = f"{inverted.group('head')} {inverted.group('name')}"
    if "'" in value or "\u2019" in value:
        value = _CONTRACTED.sub(r"\1l", value)  # "Int'l Conf." as "Intl Conf."
    # A workshop at a conference ("DDO@ECIS 2016") is the workshop's meeting: named by it, the
    # host's name left out (the workshop's full name, "Workshop on Data-Driven Organizations",
    # is the acronym's; the host conference is another venue).
    at_meeting = "@" in value and bool(_AT_MEETING.search(value))
    if at_meeting:
        value = _AT_MEETING.sub("", value)
    if "www" in value or "://" in value or "." in value and _WEB_ADDRESS.search(value):
        value = _WEB_ADDRESS.sub(" ", value)
    if any(c.isdigit() for c in value):
        value = _unglue_year(_PAGE_COUNT.sub(" ", value))
    value, volumes = _series_volumes(value)
    if ":" in value or ". " in value:
        value = _journal_name(value)
    place = None
    if published := _PUBLISHED_IN.search(value):
        place = _PLACE_CODES[(published.group("named") or published.group("short")).lower()]
        value = value[: published.start()]
    folded = fold(value)
    if folded in _NOT_A_VENUE or _PUBLISHER_ONLY.match(folded) or _REPOSITORY.match(folded):
        return ""
    if folded.endswith(("papers", "tracks", "track", "panels")):
        folded = _PAPER_COLLECTION.sub(r"\1 proceedings", folded)
    if _BOOK_SERIES.match(folded):
        # A series of proceedings names no conference (each conference's volume has its own), but
        # it is proceedings, not a journal; and it is itself: two series are two venues.
        words = _venue_words(fold(_BRACKETED.sub(" ", value)))  # not "(including subseries ...)"
        return " ".join(
            [w for w in words if w not in VENUE_NOISE and not any(c.isdigit() for c in w)] + [SERIES]
        )
    words = _venue_words(folded)
    kept = [w for w in words if w not in VENUE_NOISE and not any(c.isdigit() for c in w)]
    if kept and CONFERENCE_WORDS & set(words):
        kept.append(CONFERENCE)
    # The acronym the venue goes by, made from every word but "Proceedings", numbers and
    # publishers ("International Conference on Information Systems" -> "icis"), and not from a
    # place, date or editor in brackets ("Advances in ... Systems II (Denver, 1989)").
    named = _named(words)
    if "(" in value and len(outside := _named(_venue_words(fold(_BRACKETED.sub(" ", value))))) >= 3:
        named = outside
    if len(named) >= 3:
        kept.append(ACRONYM + ".".join(named))
    # Or from the name before a place or the acronym after a comma ("Fortieth International
    # Conference on ..., Munich 2019").
    name, comma, after = value.partition(",")
    if comma and CONFERENCE_WORDS & set(words) and _PLACE_OR_ACRONYM.match(after):
        if 3 <= len(before := _named(_venue_words(fold(name)))) < len(named):
            kept.append(ACRONYM + ".".join(before))
    # Which meeting of a conference, where the name says: its year ("ICIS 2019 Proceedings") or
    # its number ("40th International Conference ..."). Two years or two numbers are two
    # meetings. Not in a journal's name ("Journal of Physics: Conference Series 1940").
    # (A workshop at a conference is a meeting too: "DDO@ECIS 2021".)
    conference = CONFERENCE in kept or "proc" in words or len(kept) == 1 or at_meeting
    if conference and not JOURNAL_MARKERS.intersection(words) and "series" not in words:
        for mark, pattern in ((EVENT_YEAR, _VENUE_YEAR), (EVENT_NUMBER, _VENUE_ORDINAL)):
            found = set(pattern.findall(folded))
            if len(found) == 1:
                kept.append(mark + found.pop().lstrip("0"))
    if len(volumes) == 1 and kept:
        kept.append(SERIES_VOLUME + str(volumes.pop()))
    if place and kept:
        kept.append(PUBLISHED_IN + place)
    if kept and value.rstrip().endswith(("...", "\u2026")):
        kept.append(CUT)  # Google Scholar's name cut short: "Government Information …"
    if kept and value.lstrip().startswith(("...", "\u2026")):
        kept.append(HEAD_CUT)  # or its start cut: "… of Inclusive Education"
    return " ".join(kept)


_BRACKETED = re.compile(r"\([^()]*\)")
_CONTRACTED = re.compile(r"\b(int|nat)['\u2019]l\b", re.I)
_AT_MEETING = re.compile(r"(?<=[A-Za-z0-9])@[A-Z][A-Za-z0-9-]*")
# A meeting's year glued to its acronym ("EDULEARN19", "ICIS2019", "CHI'19"): the acronym, then
# the year in full, so that the acronym is a word of the name and the year marks the meeting.
# Only an acronym in capitals and a year a meeting could have ("PME40" is the 40th meeting,
# "Vol12" a volume), and only where the name gives no year of its own.
_GLUED_YEAR = re.compile(r"\b([A-Z]{3,})(?:\s?['\u2019])?((?:19|20)\d{2}|[0-3]\d|[7-9]\d)\b")


def _unglue_year(value: str) -> str:
    if _VENUE_YEAR.search(value):
        return value

    def spell(match: re.Match) -> str:
        letters, year = match.group(1), match.group(2)
        if len(year) == 2:
            year = ("20" if year < "70" else "19") + year
        return f"{letters} {year}"

    return _GLUED_YEAR.sub(spell, value)


def _venue_words(folded: str) -> list[str]:
    return [JOURNAL_WORDS.get(w, w) for w in folded.split() if w not in JOURNAL_STOP]


# Which meeting, spelled out ("Proceedings of the Fortieth International Conference on ...",
# "Forty-Third International Conference on ..."): no letter of the acronym.
_SPELLED_ORDINALS = frozenset({
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
    "twenty", "thirty", "forty", "fifty", "sixty",
})  # fmt: skip


# What follows a conference's name after a comma that is no part of it: a place with the year,
# or the acronym ("Munich 2019", "ICIS 2019"); not more of the name ("Logistics and Supply Chain").
_PLACE_OR_ACRONYM = re.compile(r"^(?![^,]*\b(?:and|&)\b)\s*(?:[^,]*\b(?:19|20)\d\d\b|[A-Z]{3,}\b)")


def _named(words: list[str]) -> list[str]:
    return [
        w
        for w in words
        if w not in ("proc", "acm", "ieee") and w not in _SPELLED_ORDINALS and not any(c.isdigit() for c in w)
    ]


@lru_cache(maxsize=65_536)
def _venue_parts(key: str) -> tuple[tuple[bool, bool], list[list[str]], list[str], bool, dict[str, str]]:
    """A venue key read once: (journal?, conference?), the words of the full name its acronym
    is made from, its plain words, whether a journal's word is among them, and which meeting
    ({'@y': year, '@n': number, '@p': place}, where the name says)."""
    words = key.split()
    named = [w[len(ACRONYM) :].split(".") for w in words if w.startswith(ACRONYM)]
    plain = [w for w in words if not w.startswith("@")]
    journal = bool(JOURNAL_MARKERS.intersection(words))
    meeting = {
        w[:2]: w[2:]
        for w in words
        if w[:2] in (EVENT_YEAR, EVENT_NUMBER, SERIES_VOLUME) and w[2:].isdigit() or w[:2] == PUBLISHED_IN
    }
    return (journal, CONFERENCE in words), named, plain, bool(JOURNAL_MARKERS.intersection(plain)), meeting


def _uncut(key: str) -> str:
    return " ".join(w for w in key.split() if w not in (CUT, HEAD_CUT))


def _cut_within(a: str, b: str) -> int:
    """A venue's name cut short ("government inf" of "Government Information …") against
    another it does not otherwise agree with: 1 where its words start the other's, each word
    the other's or an abbreviation or a start of it (the last perhaps cut mid-word), and neither
    says which meeting, volume or kind of venue it is; else 0."""
    all_a, all_b = a.split(), b.split()
    if any(
        w.startswith("@") and w not in (CUT, HEAD_CUT) and not w.startswith(ACRONYM) for w in all_a + all_b
    ):
        return 0
    words_a = [w for w in all_a if not w.startswith("@")]
    words_b = [w for w in all_b if not w.startswith("@")]
    if HEAD_CUT in all_a or HEAD_CUT in all_b:
        # Its start cut: its words end the other's ("… of Educational Technology").
        words_a, words_b = words_a[::-1], words_b[::-1]
    cut_a, cut_b = CUT in all_a or HEAD_CUT in all_a, CUT in all_b or HEAD_CUT in all_b
    if cut_a and (not cut_b or len(words_a) <= len(words_b)):
        short, long_ = words_a, words_b
    else:
        short, long_ = words_b, words_a
    if not short or len(short) > len(long_):
        return 0
    return int(all(x.startswith(y) or y.startswith(x) for x, y in zip(short, long_, strict=False)))


def _conference_like(key: str) -> bool:
    words = key.split()
    return bool(
        {CONFERENCE, "proc", "worksh", "workshop", "workshops"}.intersection(words)
        or any(w[:2] in (EVENT_YEAR, EVENT_NUMBER) for w in words)
        or len([w for w in words if not w.startswith("@")]) == 1
    )


def _abbreviates(token: str, words: list[str], journal: bool) -> bool:
    """Whether `token` is made of the starts of three or more of the words, in order, only a
    conference's own words ('annual', 'international') left out: 'amcis' of americas conf inf
    syst, 'hicss' of annual hawaii int conf system sci; not 'acis' of pacific asia conf inf syst.
    With `journal`, a journal's word must be among them: 'bmj' is the British Medical Journal,
    'vldb' is not the VLDB Journal."""

    if len(token) < 3 or len(words) > 12 or token[0] not in {w[0] for w in words}:
        return False
    tried: dict[tuple[int, int, int, bool], bool] = {}  # each place in the token and word once

    def rest(i: int, j: int, pieces: int, marked: bool) -> bool:
        if i == len(token):
            return pieces >= 3 and (marked or not journal) and all(w in ACRONYM_SKIPS for w in words[j:])
        key = (i, j, min(pieces, 3), marked)
        if key in tried:
            return tried[key]
        tried[key] = False
        for k in range(j, len(words)):
            word = words[k]
            mark = marked or word in JOURNAL_MARKERS
            for length in range(min(len(word), len(token) - i) if word[0] == token[i] else 0, 0, -1):
                if word[:length] == token[i : i + length] and rest(i + length, k + 1, key[2] + 1, mark):
                    tried[key] = True
                    return True
            if word not in ACRONYM_SKIPS:  # only a conference's own words may be left out
                break
        return False

    return rest(0, 0, 0, False)


@lru_cache(maxsize=262_144)
def venues_compatible(a: str, b: str) -> int:
    """How two venue keys agree: 2 the same venue written alike or abbreviated word by word
    ('j clin oncol' / 'j clinical oncology'), 1 one name within the other or an acronym of it
    ('sigmod record' / 'sigmod record acm'; 'vldb' / 'very large data bases'), 0 different
    venues (a journal and a conference of the same name are different: 'vldb' / 'vldb j')."""
    if not a or not b:
        return 1
    if a == b:
        return 2
    if HEAD_CUT in a.split() or HEAD_CUT in b.split():
        # (A name's end says no more than that the other may be it: "… Conference on Information
        # Systems" is ICIS's end, and ECIS's, and AMCIS's.)
        return min(venues_compatible(_uncut(a), _uncut(b)), 1) or _cut_within(a, b)
    if CUT in a or CUT in b:
        whole = venues_compatible(_uncut(a), _uncut(b))
        return whole or _cut_within(a, b)
    # A series of proceedings ("Lecture Notes in ...") goes with a conference, not a journal;
    # two series are compared by their names.
    series_a, series_b = a.endswith(SERIES), b.endswith(SERIES)
    if series_a != series_b:
        return int(_conference_like(b if series_a else a))
    if series_a:
        a, b = a.removesuffix(SERIES).strip(), b.removesuffix(SERIES).strip()
        if not a or not b or a == b:
            return 2 if a == b else 1
    kinds_a, named_a, wa, journal_a, meeting_a = _venue_parts(a)
    kinds_b, named_b, wb, journal_b, meeting_b = _venue_parts(b)
    # Two meetings of one series ("ICIS 2018" / "ICIS 2019 Proceedings"), or two volumes of one
    # series of proceedings ("Advances in ... Systems II" / "(volume 3)"), are two venues.
    if any(meeting_b.get(mark, value) != value for mark, value in meeting_a.items()):
        return 0
    # A journal and a conference are two venues, whatever their names share; a name with both
    # marks (a journal's conference supplement) goes with either.
    if {kinds_a, kinds_b} == {(True, False), (False, True)}:
        return 0
    if not wa or not wb:
        return 1
    # Alike, or a conference's name in another order ("ITiCSE 2019 - ... Education" / "...
    # Education, ITiCSE"); not two journals' ("Educational Research Review" / "Review of
    # Educational Research").
    if wa == wb or (len(wa) == len(wb) and sorted(wa) == sorted(wb) and not (journal_a and journal_b)):
        return 2
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    # An acronym ("vldb", "bmj", "icis", "amcis"), perhaps written in pieces ("mis q").
    token = short[0] if len(short) == 1 else "".join(short) if all(len(w) <= 3 for w in short) else ""
    if len(token) >= 3:
        content = [w for w in long_ if w not in JOURNAL_MARKERS]
        if token in ("".join(w[0] for w in content), "".join(w[0] for w in long_)) or any(
            _abbreviates(token, named, journal_a != journal_b) for named in named_a + named_b
        ):
            return 1
    # The same full name, whatever else either adds (a place, a meeting's ordinal, the acronym).
    if any(named in named_b for named in named_a):
        return 1
    if journal_a != journal_b:
        return 0
    if len(wa) == len(wb) and all(p.startswith(q) or q.startswith(p) for p, q in zip(wa, wb, strict=True)):
        return 2
    # The shorter name's words, in order, within the longer's (each perhaps abbreviated).
    position = 0
    for word in short:
        while position < len(long_) and not (
            long_[position].startswith(word) or word.startswith(long_[position])
        ):
            position += 1
        if position == len(long_):
            return 0
        position += 1
    return 1


def retraction_mark(title: str) -> tuple[bool, str]:
    """(whether the title is marked retracted or withdrawn, the title without the mark)."""
    match = _MARKED_RETRACTED.match(title)
    return (True, title[match.end() :]) if match else (False, title)


def notice_subject(title: str | None) -> tuple[str | None, str | None]:
    """('erratum' / 'retraction' / 'concern' or None, the title of what the notice is about)."""
    if not title:
        return None, title
    match = _NOTICE.match(title)
    if not match or (match.group("of") and not _QUOTED_TO_THE_END.search(title, match.end())):
        return None, title
    what = match.group("what").lower()
    kind = "concern" if "concern" in what else "retraction" if _RETRACTION_WORD.search(what) else "erratum"
    # (PubMed ends every title with a full stop, after the citation's bracket too.)
    subject = title[match.end() :].rstrip(" .")
    return kind, _without_citation(subject).strip(" \"'[]()\u201c\u201d\u2018\u2019")


# A citation's year in brackets ("185 (2022) 104512"), a Vancouver year ("2022;185:104512"), or
# a DOI: not "(N = 1,204, 2019)" or "(TIMSS 2011, 2015, 2019)" in a title.
_CITATION_FORM = re.compile(r"\((?:19|20)\d\d\)|\b(?:19|20)\d\d\s*;\s*\d|\b10\.\d{4,}/")


def _without_citation(subject: str) -> str:
    """A notice's subject without the citation of the article after it: 'Corrigendum to "X"
    [Journal 185 (2022) 104512]', 'Erratum: X (Journal, (2022), 185, (104512), doi)': a last
    bracket with three numbers or more in a citation's form."""
    subject = subject.strip()
    if subject[-1:] not in ")]":
        return subject
    depth = 0
    for i in range(len(subject) - 1, 0, -1):  # the bracket that opens the last group
        depth += subject[i] in ")]"
        depth -= subject[i] in "(["
        if depth == 0:
            group = subject[i:]
            cited = len(_DIGITS.findall(group)) >= 3 and _CITATION_FORM.search(group)
            return subject[:i] if cited else subject
    return subject


def is_degree(volume: str | None) -> bool:
    """'Ph.D.', 'Ed.D.', 'M.A.', 'Doctoral dissertation': a thesis's degree where a volume goes."""
    if not volume or any(c.isdigit() for c in volume):
        return False
    if re.sub(r"[.\s'’]", "", volume.lower()) in _DEGREES:
        return True
    words = fold(volume)
    return bool(_DEGREE_WORDS.search(words)) and "consortium" not in words


# A university's name, in the languages theses are written in ("Universidad de Granada",
# "Universidade de Lisboa", "Uniwersytet Warszawski"; "College", "School" and "Institute" name
# journals too: "Teachers College Record", "Journal of School Health").
SCHOOL = re.compile(r"\b(?:universi\w*|uniwersytet\w*|polytechnic|politecnic[oa]|\w*hochschule)\b")
# ... but not a journal, a press or a publisher a university keeps ("Revista de la Universidad
# ...", "Oxford University Press", "Editorial Universidad de Granada"), as venue keys write them
# ("rev", "j", "ann").
_NOT_SCHOOL = re.compile(
    r"\b(?:journal|j|revista|rev|review|press|editorial|proceedings|proc|bulletin|bull|cuadernos|anais|"
    r"annals|ann|studies|stud|quarterly|zeitschrift|teaching|conf)\b"
)


def is_school(venue: str) -> bool:
    """A university's name (folded), as a thesis or a citation of it gives its place."""
    return bool(SCHOOL.search(venue)) and not _NOT_SCHOOL.search(venue)


_UNIVERSITY_UNIT = re.compile(
    r"\b(?:cent(?:er|re)s?|institutes?|consortium|laborator(?:y|ies)|lab|programs?|programmes?|projects?"
    r"|initiatives?|networks?|partnerships?|offices?|working|papers?|reports?|series|policy|brief)\b"
)


def kind_of(
    title: str,
    record_type: str | None,
    journal: str,
    notice: str | None = None,
    degree: bool = False,
    raw_title: str = "",
    raw_venue: str = "",
    doi: str | None = None,
    placed: bool = False,
    in_volume: bool = False,
) -> str:
    """What a record is (article, abstract, notice, report, ...), from its type, title and venue.
    `placed`: it gives a volume or pages; `in_volume`: a volume."""
    if notice:
        return notice
    if record_type in NOTICE_KINDS:  # "erratum", "retraction", "concern"
        return record_type
    # Each pattern only where one of its words is there at all (most titles have none).
    if (
        (_REPLY_HINT.search(title) and _REPLY.search(title))
        or (raw_title and _RE_COLON.match(raw_title))
        or (record_type == "letter" and title.startswith(("re ", "reply")))
    ):
        return "reply"
    if (
        record_type == "conference-abstract"
        # (Typed a conference paper too, where nothing places it in proceedings: ERIC's paper
        # given at an association's annual meeting, typed CONF by EBSCO and ProQuest.)
        or (
            (record_type is None or record_type == "conference" and not placed and not doi)
            and raw_venue
            and _PRESENTED_AT.match(raw_venue)
        )
        or ("TREO" in raw_venue and _TREO.search(raw_venue))
        or (
            record_type in (None, "conference")
            and not placed
            and not doi
            and _UNPRINTED_MEETING.search(raw_venue) is not None
            and "proc" not in journal  # (printed after all: "Proceedings of the ...")
        )
        or ("abstract" in title or "poster" in title)
        and (_ABSTRACT_TITLE.search(title) or bool(raw_title and _ABSTRACT_MARK.match(raw_title)))
        or record_type != "article"
        and ("progress" in title or "short paper" in title)
        and _IN_PROGRESS.search(raw_title) is not None
        or record_type not in ("book", "chapter")  # (OpenAlex types a proceedings paper "article")
        and ("progress" in journal or "treo" in journal)
        and _IN_PROGRESS_VENUE.search(journal) is not None
    ):
        return "abstract"
    if (
        record_type == "presentation"
        or _TALK_HINT.search(title)
        and (_TALK.search(title) or bool(raw_title and _TALK_MARK.search(raw_title)))
    ):
        return "talk"
    # Data or code deposited for a study (Zenodo's, figshare's, Mendeley Data's, Dataverse's
    # records), typed so or titled so: "Dataset for: ...", "Replication data for: ...", "Figure 2
    # from: ...", "... [dataset]". Another work than the study's article.
    if record_type in ("dataset", "software") or (
        raw_title and _DATA_WORDS.search(title) and _DATA_TITLE.search(raw_title)
    ):
        return "data"
    # A study's or a review's protocol says so ("PROTOCOL: ...", "...: study protocol for a
    # randomised trial", "... a systematic review protocol"); not a study of a protocol. It is
    # another publication than the study's results, under nearly the same title.
    if "protocol" in title and _PROTOCOL.search(raw_title or title):
        return "protocol"
    # DBLP's name for arXiv is "CoRR" (in capitals, "CORR" is an orthopaedics journal).
    if (
        record_type == "preprint"
        or _PREPRINT_VENUE.search(journal)
        or raw_venue.startswith("CoRR")
        or (doi and _PREPRINT_DOI.match(doi))
    ):
        return "preprint"
    # A dissertation's entry in Dissertation Abstracts is an abstract of it, whatever the export
    # calls it ("Dissertation", "Journal Article"); the thesis itself has its type, its degree in
    # the volume field or ProQuest's thesis database as the venue.
    if journal and _THESIS_ABSTRACTS.search(journal):
        return "abstract"
    if record_type == "thesis" or degree or (journal and _THESIS_VENUE.search(journal)):
        return "thesis"
    if record_type == "report":
        # A journal's section that its name calls a report ("Brief Report", "Case Report", "Panel
        # Report"), in a volume of the journal, is one of its articles; a series' report is not.
        if in_volume and journal and not _REPORT_VENUE.search(journal) and not _SERIES_WORDS.search(journal):
            return "article"
        return record_type
    # (A journal of working papers is a journal: where the export says so, it is an article.)
    if journal and record_type != "article" and _REPORT_VENUE.search(journal):
        return "report"
    if record_type == "conference" and _ABSTRACT_VENUE.search(journal) and "abstract" in journal:
        return "abstract"
    # Google Scholar's row of a thesis: untyped, placed nowhere, its venue the university (not
    # a research centre there, whose reports Scholar lists so too).
    if (
        record_type is None
        and not placed
        and not doi
        and journal
        and is_school(journal)
        and not _UNIVERSITY_UNIT.search(journal)
    ):
        return "thesis"
    return "article"


def _given(value: str | None) -> str | None:
    """None for the ways exports say 'nothing here' (R's NA, 'N/A', 'null', ...)."""
    if value is None:
        return None
    value = str(value).strip()
    return None if value.lower() in MISSING else value


_VOLUME_WORD = re.compile(r"^(?:volume|vol|v)(\d\w*)$")


def _number_like(value: str | None) -> str | None:
    """A volume worth comparing: its first token after "Vol.", if it has a digit ('(Jul)',
    'Ph.D.' do not)."""
    tokens = fold(value).split() if value else []
    if len(tokens) > 1 and tokens[0] in ("vol", "volume", "v"):  # "Vol. 6", "volume 12"
        tokens = tokens[1:]
    token = tokens[0] if tokens else None
    if token and (glued := _VOLUME_WORD.match(token)):  # "volume2", "vol2"
        token = glued.group(1)
    return token if token and any(c.isdigit() for c in token) else None


def _issue(value: str | None) -> str | None:
    """An issue's number ("Suppl. 3", "S3" and "3" alike: databases disagree on marking
    supplements); an article number some exports put in the issue field ("e70933") is not one."""
    token = (fold(value).split() or [None])[0] if value else None
    if token is None or _ELOCATOR.match(token) and len(token) > 3 and not token.startswith("s"):
        return None
    digits = _DIGITS.search(fold(value))
    if digits is None and token in ("suppl", "supplement", "s", "sup"):
        return None  # a supplement, not which one
    return str(int(digits.group(0))) if digits else token


def _volume(value: str | None) -> str | None:
    """A volume worth comparing; a fragment cut from "16 (Suppl. 1)" ("1)") is not one."""
    if value and value.count(")") > value.count("("):
        return None
    return _number_like(value)


# Every note above has a bracket, two dots or one of these words: titles without any (most of
# them) skip the long pattern. (Looked for in the title in lower case: a case-insensitive
# pattern takes ten times as long.)
_NOTE_HINTS = (
    "[", "(", "..", "erratum", "corrigendum", "correction", "comment", "tutorial", "panel", "book review",
    "proquest", "|", " - ", " \u2013 ", " \u2014 ", "full article", " in:", " in proc",
)  # fmt: skip
_NOTE_HINT = re.compile("|".join(map(re.escape, _NOTE_HINTS)), re.I)
_NOTE_HINT_LOWER = re.compile("|".join(map(re.escape, _NOTE_HINTS)))  # (on a title in lower case)
_LEADING_YEAR = re.compile(_CITED_STATUS)
# A thesis's title as a citation gives it: "... (Doctoral dissertation, University of Oslo)".
_THESIS_NOTE = re.compile(
    r"[(\[](?:doctoral|master'?s|ph\.?\s?d\.?|ed\.?\s?d\.?)\s+(?:dissertation|thesis)", re.I
)


def strip_title_notes(title: str | None) -> str | None:
    if not title:
        return title
    if title.endswith(" on JSTOR") and title.count(" ") > 4:
        title = title[: -len(" on JSTOR")]  # a JSTOR page's title; not "Research on JSTOR"
    if title.isascii():
        lowered = title.lower()
        if not _NOTE_HINT_LOWER.search(lowered):
            return title
    elif not _NOTE_HINT.search(title):  # (its case folding: "TUTORİAL" has "tutorial")
        return title
    while True:  # a note can hide another ("... [see comments] [erratum ...]")
        title, removed = _TITLE_NOTES.subn("", title)
        title = title.strip()
        if not removed:
            return title


# A book review as Taylor & Francis and Scopus title it: the reviewed book's whole citation after
# its title ("X, by A. Author, London, Bloomsbury, 2021, 248 pp., £85 (hardback), ISBN 978-...";
# "X. A. Author, London: Bloomsbury, 2021, 248 pp."; "X (Bloomsbury, 2021, 248 pp.)"); other
# databases give the book's title alone, or with its authors. The review is compared by the
# book's title: the citation after it is cut, from its authors ("by"), else from the first
# sentence or bracket after the title that a year follows. Its mark is an extent ("248 pp.",
# "pp. xii + 248") or an ISBN; not a price ("The $100 laptop"), nor "a 3 pp decline".
_IMPRINT_MARK = re.compile(r"\bisbn\b|\b\d+\s*pp\.?(?=\s*[,.;)]|\s*$)|\bpp\.\s*(?:[xvi]+\s*\+\s*)?\d", re.I)
_IMPRINT_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_REVIEWED_BY = re.compile(r"[,.]\s+(?:(?i:edited\s+)?by|By)\s+(?=\S)")
# (Not the stop of "U.S." before "South", nor of "St. Louis", "Dr.", "2nd ed.", "Vol. II", nor
# one before a number, "No. 5".)
_SENTENCE_OR_BRACKET = re.compile(
    r"(?<!\.\w)(?<!\bst)(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bvs)(?<!\bed)(?<!\bvol)\.\s(?!\d)|\s\(", re.I
)


# A review titled by the book's reference in the ABNT style of Brazilian and other journals (as
# SciELO gives it): "FAMILY NAME, Given. Title: subtitle. Place: Publisher, 2021. 312 p.".
# (Each given name a capital's word or an initial: "ROJAS VALENZUELA, Carmen.", "FREIRE, P. R.
# N."; not an organisation's report, "UNESCO, Global education monitoring report.")
_REFERENCE_TITLE = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de'\- ]+, "
    r"(?:[A-Z\u00c0-\u00de](?:[a-z\u00df-\u00ff'\-]+|\.)[ ]?){1,4}(?:\.\s|;\s|(?<=\.)\s))+"
    r"\s*(?P<title>.{8,}?)\.\s+"
    r"[^.:]{2,60}:\s*[^,]{2,80},\s*(?:1[5-9]|20)\d\d\.(?:\s*\d+\s*p\.?)?\s*$"
)


def strip_book_imprint(title: str) -> str:
    """A book review's title without the reviewed book's authors and imprint after it."""
    if title[:2].isupper() and (reference := _REFERENCE_TITLE.match(title)):
        return reference.group("title")
    if "pp" not in title and "sbn" not in title and "SBN" not in title:
        return title
    mark = _IMPRINT_MARK.search(title)
    if mark is None:
        return title
    head = title[: mark.start()]
    by = _REVIEWED_BY.search(head, 12)
    starts = [by.start()] if by else [m.start() for m in _SENTENCE_OR_BRACKET.finditer(head, 12)]
    for cut in starts:
        if _IMPRINT_YEAR.search(title, cut):
            return title[:cut].rstrip(" ,.:;")
    return title


# A PDF's running header read into the title before it (by extractors that take the first
# lines of a page): an APA manuscript's "Running head: SHORT TITLE 1", a journal's "Journal of
# ..., Vol. 32(2) Spring 2021", an ACM paper's "ICSE-SEET '18, May 27-June 3, 2018, Gothenburg,
# Sweden". Its numbers are not the title's.
_PAGE_HEADER = re.compile(
    # (A running head's last page number before a title in small letters; before a title in
    # capitals, its first.)
    r"^(?:running head\s*:(?-i:[^a-z]{1,50})\s\d{1,3}\s+(?=(?-i:[A-Z][a-z]))"
    r"|running head\s*:(?-i:[^a-z]{1,50}?)\s\d{1,3}\s+(?=(?-i:[A-Z]))"
    r"|(?:[^:]{5,120}?,\s*vol(?:ume)?\.?\s*\d+\s*(?:\(\d+\)|,?\s*(?:no|issue)\.?\s*\d+)?,?\s*"
    r"(?:(?:spring|summer|fall|autumn|winter|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
    r"\(?(?:19|20)\d\d\)?(?!\s*edition)"
    r"|[A-Z][A-Za-z-]+\s?['\u2019]\d\d,\s+[A-Z][a-z]+\.?\s+\d{1,2}[^,]{0,30},\s+(?:19|20)\d\d,"
    r"\s+(?:[A-Z][\w.]*,\s+){1,2}[A-Z][\w.]*)\s+(?=(?-i:[A-Z])))",
    re.I,
)


_DIGIT = re.compile(r"\d")


def strip_page_header(title: str) -> str:
    """A title without a page's running header before it."""
    if _DIGIT.search(title, 0, 160) is None:  # (every header has a number)
        return title
    match = _PAGE_HEADER.match(title)
    return title[match.end() :] if match and len(title) - match.end() >= 12 else title


def strip_footnote_mark(folded: str, original: str) -> str:
    """'teacher networks in rural schools 1' -> '... schools' when the original ended in a mark
    after a word that does not number things ('Part 1' keeps its number)."""
    match = _FOOTNOTE_MARK.search(original.rstrip(" .")[-12:])
    if not match:
        return folded
    words = folded.split()
    mark = match.group(0).strip()
    if mark.isdigit():
        if len(words) < 4 or words[-1] != mark or words[-2] in _NUMBERING_WORDS:
            return folded
        return " ".join(words[:-1])
    return folded  # '*', '†': punctuation, already gone from the folded title


_RESPONSIBILITY = re.compile(r"\s*(?i:edited\s+|compiled\s+)?(?i:by)\s+(?:[A-Z][\w.'-]*\s+)+[A-Z]")


def strip_responsibility(title: str, authors: list[str] | None) -> str:
    """A library catalogue's title with its statement of responsibility (MARC's 245 $c) after
    " / ": "Sensemaking in ERP go-lives : a practice perspective / Maria Lindqvist." The part
    after the last " / " goes where it is one: "by" (or "edited by") and a name, or one of the
    record's authors named in full, a given name or initial before the family name, and no
    digits ("Teacher / student ratios" by An, "Black / White gaps" by White keep their words)."""
    head, _, tail = title.rpartition(" / ")
    if not head.strip() or len(tail) > 160 or any(c.isdigit() for c in tail):
        return title
    if _RESPONSIBILITY.match(tail):
        return head
    words = fold(tail).split()
    for author in authors or ():
        family, initials, _ = author_name(author)
        parts = family.split()
        if not parts or not initials or parts[0] not in words:
            continue
        before = words[: words.index(parts[0])]
        if before and before[0][:1] == initials[:1] and set(parts) <= set(words):
            return head
    return title


# A trademark's sign, as a publisher prints it or ERIC writes it ("[R]", "[TM]").
# (Not the last of the three characters UTF-8's right quote reads as in Windows-1252: "â€™".)
# (After a word, not a letter standing alone: "the A[R] receptor".)
_TRADEMARK = re.compile(r"(?<=\w\w)\[(?:R|TM|SM)\]|\s*(?<!\u00e2\u20ac)[\u00ae\u2122\u2120]")


# A word a PDF's text broke at the end of a line ("Curric- ulum"): a hyphen after a lower-case
# letter, a space, then the rest of the word in lower case. Not a hyphen left hanging before
# "and", "or", "to" ("pre- and post-test", "Lehr- und Lernprozesse", "short- to long-term").
_LINE_BREAK_HYPHEN = re.compile(
    r"(?<=[a-z])- (?!(?:and|or|to|nor|but|as|through|vs|versus|und|oder|bis|zu|bzw|sowie|et|ou|y|e|o|en|"
    r"of|och|og)\b)(?=[a-z])"
)


# A title that says only where in a journal the item is, as a PDF's header gives it ("Volume 48 Paper
# 4", "Article No. 7", "Paper 3"). (A name that is such words, "Article 19", goes to a person:
# compared as a title, two records of "Paper 3" by one author would be one work.)
_PLACE_ONLY = re.compile(
    r"^\s*(?:vol(?:ume)?\.?\s*\d+\s*[,:;]?\s*(?:(?:no|issue)\.?\s*\d+\s*[,:;]?\s*)?)?"
    r"(?:paper|article|art\.)\s*(?:no\.?\s*)?\d+\s*$",
    re.I,
)


# What a PDF's page foot says, read as the title: the journal's ISSNs, a copyright line.
_FOOTER = re.compile(
    r"^\W*(?:e-?issn|p-?issn|issn)\b\W*\d{4}-?\d{3}[\dxX]|^\s*(?:\u00a9|\(c\)\s*(?:19|20)\d\d)", re.I
)


def _names_its_venue(title: str, venue: str) -> bool:
    """The title is the record's own venue's name (a PDF's running header read as the title),
    perhaps with the year, volume or "Research Article" after it, as the header gives them."""
    venue_folded = _fold_venue(venue)
    folded = fold(title)
    # (Most titles do not start with the venue's first word: looked at no further.)
    if len(title) > 160 or not venue_folded or folded.split(" ", 1)[0] != venue_folded.split(" ", 1)[0]:
        return False
    headed = _HEADER_TAIL_HINT.search(folded) is not None
    named = _PAGE_HEADER_TAIL.sub("", title) if headed else title
    if fold(named) == venue_folded:
        return True
    # The venue as a PDF's header gives it, "... Volume 35 Article 12", against its bare name.
    if _HEADER_TAIL_HINT.search(venue_folded) and fold(named) == fold(_PLACE_TAIL.sub("", venue)):
        return True
    # By the venue's key (its words abbreviated, its little words dropped) only where the title
    # says where in it the item is: "Computers in education" is a title in Computers & Education.
    return headed and _bare_key(named) == _bare_key(venue) != ""


def _bare_key(venue: str) -> str:
    """A venue's key without the volume, article or paper its name may give ("... Volume 35
    Article 12", as a PDF's header gives the venue)."""
    return " ".join(w for w in journal_key(venue).split() if w[:1] != "@" and w not in _PLACE_WORDS)


_PLACE_WORDS = frozenset({"article", "paper", "vol", "volume", "no", "issue", "pp"})
_PLACE_TAIL = re.compile(r"[\s,.:;-]*(?:vol(?:ume)?\.?|article|paper|no\.?|issue)\s*\d.*$", re.I)


_HEADER_TAIL_HINT = re.compile(r"\d|\barticle\b|\bpaper\b|\bresearch\b")


# What a running header puts after the journal's name: "2016, Vol 20, Research Article".
_PAGE_HEADER_TAIL = re.compile(
    r"[\s,.:;-]*(?:(?:19|20)\d\d|vol(?:ume)?\.?\s*\d+|no\.?\s*\d+|issue\s*\d+|\(\d+\)|"
    r"research\s+(?:article|paper)|original\s+(?:article|research)|[\s,.:;-])*$",
    re.I,
)


def normalise(
    record_id: int,
    title: str | None,
    authors: list[str] | None,
    year: int | None,
    doi: str | None,
    container: str | None,
    volume: str | None,
    issue: str | None,
    page_range: str | None,
    record_type: str | None,
    max_authors: int = 12,
) -> Normalised:
    title, container, volume, issue, page_range, doi = (
        _given(v) for v in (title, container, volume, issue, page_range, doi)
    )
    if container and _FOOTER.match(container):
        container = None  # a PDF's page foot read as the venue: "ISSN 1436-4522 (online) ..."
    # The first max_authors that are authors (a consortium's hundreds are not all read).
    authors = list(islice((a for a in (authors or []) if _is_listed_author(a)), max_authors))
    if len(authors) > 1:
        lines = [_AFFILIATION.match(fold(a)) is not None for a in authors]
        if any(lines) and not all(lines):
            authors = [a for a, line in zip(authors, lines, strict=True) if not line]
    if year is None and title and (cited := _LEADING_YEAR.match(title)) and cited.group(1):
        year = int(cited.group(1))  # "(1991) Instance-based ...": the year the citation gives
    if (
        title
        and len(title) <= 48
        and (fold(title) in _NO_TITLE or doi and fold(title) in _NO_TITLE_BESIDE_A_DOI)
    ):
        title = None  # "Untitled.", "[Not Available].", "No title available"
    # A PDF's running header read as its title: the journal's name, where the record places it in
    # a volume or issue of that journal (not a book, whose exports often name it its own venue).
    # (Or under a DOI of its own, which says which article it is.)
    if title and container and (volume or issue or doi) and record_type in (None, "article"):
        if _names_its_venue(title, container):
            title = None
    if title and _PLACE_ONLY.match(title):
        title = None  # or where in the journal it is: "Volume 48 Paper 4", "Vol. 20, Article 7"
    if title and _FOOTER.match(title):
        title = None  # or a page's foot: "ISSN 1436-4522 (online) ...", "© 2021 The Authors"
    if title and " / " in title:
        title = strip_responsibility(title, authors)
    if title and ("[" in title or "\u00ae" in title or "\u2122" in title):
        title = _TRADEMARK.sub("", title)  # "StoryLadder[R]" (ERIC's mark), "StoryLadder®"
    if title and "- " in title:
        title = _LINE_BREAK_HYPHEN.sub("", title)  # "IS Curric- ulum Design", as a PDF's lines broke it
    marked, cleaned = retraction_mark(strip_page_header(strip_book_imprint(strip_title_notes(title) or "")))
    folded = strip_footnote_mark(fold(cleaned), cleaned)
    notice, subject = notice_subject(cleaned)
    if notice is None and title and _RETRACTION_NOTE.search(title, len(title) // 3):
        notice = "retraction"  # Web of Science's "X (Retraction of Vol 39, Pg 801, 2019)"
    elif (
        notice is None
        and title
        and title.endswith((")", ")."))
        and record_type in (None, "article", "erratum", "other")
        and (cited := _CORRECTION_NOTE.search(title))
        and (cited.group("page") or volume or page_range)  # (the short form on a record placed itself)
    ):
        notice = "erratum"
    subject_folded = strip_footnote_mark(fold(subject), subject or "") if notice else folded
    compact = subject_folded.replace(" ", "")
    names = [author_name(a) for a in authors]
    names = [n for n in names if n[0]]
    degree = is_degree(volume) or bool(
        title and ("(" in title or "[" in title) and _THESIS_NOTE.search(title)
    )
    # An article online before its issue, as Taylor & Francis give it: volume 0, issue 0, and
    # its PDF's pages from 1 ("Latest articles"): no volume, issue or pages yet.
    volume_number = _volume(volume)
    if volume and not (volume_number or "1").strip("0"):
        volume_number = None
        volume = None
        if issue and not (_issue(issue) or "1").strip("0"):
            issue = None
        if page_range and pages(page_range)[0] == "1":
            page_range = None
    doi = normalise_doi(doi)
    if doi and "osf.io/" in doi:
        doi = _OSF_VERSION.sub("", doi)  # a preprint's version on OSF's servers: "..._v2"
    kind = kind_of(
        folded, record_type, _fold_venue(container), notice, degree, cleaned, container or "", doi,
        placed=bool(volume or page_range),
        # (A journal's volume: a number, with an issue, pages or a DOI beside it.)
        in_volume=bool(volume and volume.strip().isdigit() and (issue or page_range or doi)),
    )  # fmt: skip
    if marked and kind == "erratum" and notice is None:
        kind = "retraction"  # a notice typed so, titled "Retracted: ..." (Scopus's type for notices)
    if kind == "abstract" and cleaned:
        # The mark that says what it is ("Poster: X", "Work in Progress: X", "X (Research-in-
        # Progress Paper)") is no part of the work's title: X is, as the paper it became has it.
        unmarked = _ABSTRACT_LEAD.sub("", cleaned, count=1)
        if (trailing := _IN_PROGRESS.search(unmarked)) and trailing.start() > 0:
            unmarked = unmarked[: trailing.start()]
        if unmarked != cleaned and len(unmarked) >= 12:
            folded = subject_folded = strip_footnote_mark(fold(unmarked), unmarked)
            compact = folded.replace(" ", "")
    # A book's or thesis's extent ("215 p.", a thesis's "215"), not where it starts; Dissertation
    # Abstracts' own pages (an abstract's) are pages.
    if page_range and (_EXTENT.match(page_range) or (kind == "thesis" and page_range.strip().isdigit())):
        page_range = None
    article_number = bool(
        page_range
        and (
            (_ELOCATOR.match(page_range) and not _P_PAGES.match(page_range))
            or _ARTICLE_NUMBER.match(page_range)
        )
    )
    start, end = (None, None) if page_range and _ARTICLE_NUMBER.match(page_range) else pages(page_range)
    # A thesis's "venue" is its university or the database that lists it, one or the other by
    # source ("University of Memphis" / "ProQuest Dissertations"): nothing to compare.
    venue = "" if kind == "thesis" else journal_key(container)
    # An untyped record (a screening tool's row) by one organisation that is also its venue, its
    # publisher: the organisation's report, as the typed copies of it say.
    if (
        kind == "article"
        and not record_type
        and venue
        and len(names) == 1
        and not names[0][1]
        and names[0][0].count(" ") >= 2
        and is_group_name(names[0][0].split())
        and venues_compatible(journal_key(names[0][0]), venue) == 2
    ):
        kind = "report"
    return Normalised(
        record_id=record_id,
        doi=doi,
        title=folded,
        title_key=compact[:25],
        title_tail=compact[-25:],
        title_numbers=title_numbers(subject_folded),
        authors=";".join(f"{family}, {initials}" for family, initials, _ in names),
        first_author=names[0][0] if names else "",
        year=year,
        start_page=start,
        end_page=end,
        volume=volume_number,
        issue=_issue(issue),
        journal=venue,
        kind=kind,
        eloc=article_number,
        subject=subject_folded,
        given=";".join(given for _, _, given in names),
        title_cut=cleaned.rstrip().endswith(("...", "\u2026")),
        marked_retracted=marked,
        acronyms=title_acronyms(cleaned),
        record_type=record_type,
    )


_CAPITALS_TWICE = re.compile(r"[A-Z][a-z0-9]{0,5}[A-Z]")  # a word with two capitals may be one
_TOKEN = re.compile(r"[A-Za-z0-9]{2,}")
_ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")  # "II", "XIV" (not "CLIL", "CIVIC")


def title_acronyms(title: str) -> str:
    """The words a title writes as acronyms, folded ("IoT", "SaaS", "MOOCs", "B2B", "STEAM" ->
    "iot saas moocs b2b steam"): two capitals or more, at least half the word's letters, up to
    seven characters; not Roman numerals ("Part II"). None where the title is written mostly in
    capitals (its case says nothing)."""
    if not _CAPITALS_TWICE.search(title):
        return ""
    if sum(map(str.isupper, title)) * 5 > sum(map(str.isalpha, title)) * 3:
        return ""
    found = []
    for word in _TOKEN.findall(title):
        if len(word) <= 7 and (upper := sum(map(str.isupper, word))) >= 2:
            if upper * 2 >= sum(map(str.isalpha, word)) and not _ROMAN.match(word):
                found.append(word.lower())
    return " ".join(found)


def _join_thousands(match: re.Match) -> str:
    return match.group(1) + match.group(2).replace(" ", "")


# A range of years with the second written short ("2010-20", "the 2019-20 school year").
_YEAR_RANGE = re.compile(r"\b((?:18|19|20)(\d\d)) (\d\d)\b")


def title_years(folded: str) -> set[str]:
    """The years a title names, a short range's end in full ("2010 20": 2010 and 2020)."""
    years = set(_TITLE_YEAR.findall(folded))
    for match in _YEAR_RANGE.finditer(folded):
        if match.group(3) > match.group(2):
            years.add(match.group(1)[:2] + match.group(3))
    return years


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_TENS = "twenty thirty forty fifty".split()
_EDITION = re.compile(
    r"\b(?:(\d{1,3})(?:st|nd|rd|th)|(?:(" + "|".join(_TENS) + r") )?(" + "|".join(_ORDINALS) + r"))"
    r" (?:rev(?:ised)? )?(?:ed|edn|edition)\b"
)


def title_edition(folded: str) -> int | None:
    """The edition a title names ("... (8th ed.)", "..., eighth edition", "twenty first
    edition"), if it names one."""
    if "ed" not in folded:
        return None
    match = _EDITION.search(folded)
    if match is None:
        return None
    if match.group(1):
        return int(match.group(1))
    tens = 20 + 10 * _TENS.index(match.group(2)) if match.group(2) else 0
    return tens + _ORDINALS.index(match.group(3)) + 1


_LAST_ROMAN = frozenset({"i", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv"})


def title_numbers(folded: str, last_roman: bool = True) -> str:
    """The numbers in a title, in order, a roman numeral after a numbering word counted as one
    ("part ii" and "part 2" are both 2): "Part 1" and "Part 2" are two reports."""
    if not _NUMBER_HINT.search(folded):
        return ""  # no digit, and no word a roman numeral could be: most titles
    numbers, previous = [], ""
    words = _THOUSANDS.sub(_join_thousands, folded).split()
    for position, word in enumerate(words, 1):
        # A year names when, not which ("... in 2019"), and so does a short range's end
        # ("2010-20"); a number inside a word ("b2b", "covid19") is part of a name.
        if len(word) == 2 and len(previous) == 4 and _TITLE_YEAR.fullmatch(previous) and word > previous[2:]:
            pass
        elif word.isdigit() and not (len(word) == 4 and word[:2] in ("18", "19", "20")):
            numbers.append(str(int(word)))
        elif (
            # (Not a letter at the end, "Generation X", but "I", as in "Tutorial I".)
            (
                previous in _NUMBERING_WORDS
                or last_roman
                and position == len(words) > 2
                and len(previous) > 1
                and word in _LAST_ROMAN
            )
            and set(word) <= _ROMAN_LETTERS
            and (roman := _roman(word))
        ):
            numbers.append(str(roman))  # "part ii"; or the title's last word ("Tutorial II")
        previous = word
    return " ".join(numbers)
