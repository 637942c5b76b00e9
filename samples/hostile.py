"""Hostile answers and files, for the fault suite (tests/test_hostile.py) and `bench hostile`.

Each is what a broken or malicious server or export could send; Thresher must refuse or bound
every one with a clear error, expand nothing, read no local file and keep memory bounded.
"""

from __future__ import annotations

import gzip

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE OAI-PMH [
 <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>
<identifier>x</identifier><datestamp>2020-01-01</datestamp></header><metadata>
<dc>&h;</dc></metadata></record></ListRecords></OAI-PMH>"""

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "' + b"x" * 50_000 + b'">]><r>' + b"&x;" * 50_000 + b"</r>"
)

EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>
<identifier>x</identifier><datestamp>2020-01-01</datestamp></header><metadata><dc>&secret;</dc>
</metadata></record></ListRecords></OAI-PMH>"""

ENDNOTE_EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><records>'
    b"<record><rec-number>1</rec-number><titles><title>&x;</title></titles></record></records>"
    b"</xml>"
)


def deeply_nested(depth: int = 100_000) -> bytes:
    return (
        b'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        + b"<a>" * depth
        + b"</a>" * depth
        + b"</OAI-PMH>"
    )


def gzip_bomb(megabytes: int = 200) -> bytes:
    """Under 300 KB on the wire, `megabytes` MB of zeros once inflated."""
    return gzip.compress(b"\0" * (megabytes * 1024 * 1024), compresslevel=9)
