"""Small pieces on their own: config validation, XML safety, identifiers, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thresher.config import ConfigError, load_config
from thresher.harvesters.http import parse_retry_after
from thresher.harvesters.xml_safety import XMLSafetyError, clean_xml_bytes, parse_xml
from thresher.identifiers import find_doi, normalise_doi, normalise_isbn, normalise_issn


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_config_is_valid():
    from conftest import REPO

    config = load_config(REPO / "config.yaml")
    assert config.source("eprints-soton").base_url == "https://eprints.soton.ac.uk/cgi/oai2"
    assert config.database_path == REPO / "thresher.duckdb"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "sources:\n  - name: a\n    base_url: https://x/oai\n    kind: oai\n",
            "sources[0].kind: Input should be 'oai-pmh'",
        ),
        (
            "sources:\n  - name: a\n    base_url: https://x/oai\n    colour: red\n",
            "sources[0].colour: unknown key; allowed here: base_url, description, enabled, from",
        ),
        ("politeness:\n  user_agent: Mozilla/5.0\n", "honest non-browser User-Agent"),
        ("schedule:\n  cron: '0 2 * *'\n", "five fields"),
        ("schedule:\n  timezone: Mars/Olympus\n", "not an IANA time zone"),
        ("sources:\n  - name: ../etc\n    base_url: https://x/oai\n", "not a valid source name"),
        (
            "sources:\n  - {name: a, base_url: 'https://x'}\n  - {name: a, base_url: 'https://y'}\n",
            "appears twice",
        ),
        ("database: [1, 2\n", "line 2, column 1: not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_a_wrong_config_fails_with_file_key_and_what_is_allowed(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_relative_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, "database: data/review.duckdb\n"))
    assert config.database_path == tmp_path / "data" / "review.duckdb"


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "raw, doi",
    [
        ("10.1000/ABC.123", "10.1000/abc.123"),
        ("doi:10.1000/xyz", "10.1000/xyz"),
        ("https://doi.org/10.1000/xyz", "10.1000/xyz"),
        ("http://dx.doi.org/10.1000/xyz.", "10.1000/xyz"),
        ("https://doi.org/10.1002%2F%28SICI%291097-0258", "10.1002/(sici)1097-0258"),
        ("10.1016/S1473-3099(10)70008-6", "10.1016/s1473-3099(10)70008-6"),
        ("not a doi", None),
        ("", None),
        # A landing page's address after the DOI; bioRxiv's and medRxiv's version of a preprint.
        ("https://doi.org/10.1002/central/CN-02012345/full", "10.1002/central/cn-02012345"),
        ("https://onlinelibrary.wiley.com/doi/10.1111/bjet.13123/abstract", "10.1111/bjet.13123"),
        ("https://www.medrxiv.org/content/10.1101/2021.01.05.21249123v2", "10.1101/2021.01.05.21249123"),
        ("10.1002/14651858.CD004366.pub2", "10.1002/14651858.cd004366.pub2"),
        ("10.1101/gr.123456.110", "10.1101/gr.123456.110"),
    ],
)
def test_doi_normalisation(raw, doi):
    assert normalise_doi(raw) == doi


def test_doi_inside_an_eprints_citation_string():
    citation = "Awasthi, A. (2025) Policy. (doi:10.5258/SOTON/WSI-WP013 <http://dx.doi.org/x>)."
    assert find_doi(citation) == "10.5258/soton/wsi-wp013"


def test_issn_and_isbn_with_their_check_digits():
    assert normalise_issn("ISSN 0143-005x") == "0143-005X"
    assert normalise_issn("0028-0836") == "0028-0836"  # Nature
    assert normalise_issn("1476-4687") == "1476-4687"
    assert normalise_issn("0028-0837") is None  # one digit mistyped: the check digit says so
    assert normalise_issn("01432005") is None
    assert normalise_issn("eISSN 1476-4688; print 0028-0836") == "0028-0836"  # the valid one
    assert normalise_isbn("978-3-319-05579-4") == "9783319055794"
    assert normalise_isbn("978-3-319-05579-5") is None
    assert normalise_isbn("0-306-40615-2") == "0306406152"
    assert normalise_isbn("0-306-40615-3") is None
    assert normalise_isbn("0-8044-2957-X") == "080442957X"
    assert normalise_isbn("12-3") is None


def test_retry_after_in_seconds_and_as_an_http_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0  # in the past
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_clean_bytes_leaves_good_xml_alone():
    data = "<a>café</a>".encode()
    cleaned = clean_xml_bytes(data)
    assert cleaned.data == data and cleaned.removed == 0


def test_clean_bytes_counts_what_it_drops():
    cleaned = clean_xml_bytes(b"<a>x\xc2\n\x06y\x00</a>")
    assert cleaned.removed == 3
    assert parse_xml(cleaned.data, where="t").text == "x\ny"


def test_declared_latin1_is_decoded():
    cleaned = clean_xml_bytes(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>")
    assert parse_xml(cleaned.data, where="t").text == "café"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<OAI-PMH>&lol2;</OAI-PMH>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL], ids=["entity-bomb", "xxe"])
def test_documents_with_a_dtd_are_refused(payload):
    with pytest.raises(XMLSafetyError, match="declares a DTD"):
        parse_xml(payload, where="http://x/oai?verb=Identify")


def test_html_is_named_as_html():
    with pytest.raises(XMLSafetyError, match="HTML page titled 'Oops'"):
        parse_xml(b"<!doctype html><html><title>Oops</title></html>", where="u")


def test_not_well_formed_xml_names_the_line():
    with pytest.raises(XMLSafetyError, match=r"u: line 2: not well-formed"):
        parse_xml(b"<a>\n<b></a>", where="u")


def test_a_harvested_records_doi_its_own_on_zenodo_the_publishers_elsewhere():
    """Zenodo relates a deposit to the article it supplements by the article's DOI: the deposit
    keeps its own. A repository that mints a DOI for its copy relates it to the publisher's DOI:
    the copy is the publisher's article."""
    from lxml import etree

    from thresher.harvesters.dublin_core import map_metadata

    def record(identifiers: list[str], relations: list[str]):
        dc = "http://purl.org/dc/elements/1.1/"
        root = etree.Element("{http://www.openarchives.org/OAI/2.0/oai_dc/}dc", nsmap={"dc": dc})
        for tag, values in (
            ("title", ["Teacher networks"]),
            ("identifier", identifiers),
            ("relation", relations),
        ):
            for value in values:
                etree.SubElement(root, f"{{{dc}}}{tag}").text = value
        return map_metadata(root, source="s", native_id="n", metadata_prefix="oai_dc")

    zenodo = record(
        ["https://doi.org/10.5281/zenodo.123", "oai:zenodo.org:123"], ["https://doi.org/10.5555/article"]
    )
    assert zenodo.doi == "10.5281/zenodo.123"
    figure = record(
        ["https://doi.org/10.5555/article.figure2", "oai:zenodo.org:124"], ["https://doi.org/10.5555/article"]
    )
    assert figure.doi == "10.5555/article.figure2"
    figshare = record(["https://doi.org/10.6084/m9.figshare.12345.v1"], ["https://doi.org/10.5555/article"])
    assert figshare.doi == "10.6084/m9.figshare.12345.v1"
    repository = record(
        ["https://doi.org/10.25673/98765", "https://repo.example.org/handle/1/2"],
        ["https://doi.org/10.5555/article"],
    )
    assert repository.doi == "10.5555/article"
