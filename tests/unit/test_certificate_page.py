"""The certificate: a self-contained printable page, every value escaped, any script for the name."""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from app_pages.certificate import (
    certificate_filename,
    certificate_html,
    certificate_texts,
    format_date,
    format_percent,
)
from text.content import LANGS

DAY = date(2026, 11, 2)
UNITS = ["Premier contact", "Les grades et les appellations", "Le convoi"]


class _Collector(HTMLParser):
    """Every start tag with its attributes, the text, and whether the tags balance."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def page(**overrides) -> str:
    values = {"name": "Karim Rahman", "date": DAY, "score": 0.87, "units": UNITS, "lang": "en"}
    values.update(overrides)
    return certificate_html(**values)


def text_of(html_page: str) -> str:
    return " ".join(" ".join(parse(html_page).text).split())


# --- structure --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_self_contained_printable_html(lang):
    html_page = page(lang=lang)
    assert html_page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html_page
    assert '<meta charset="utf-8">' in html_page
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape", html_page)
    lowered = html_page.lower()
    for forbidden in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "href=",
        "@import",
        "url(",
        "http:",
        "https:",
    ):
        assert forbidden not in lowered, forbidden
    assert re.search(r"\son[a-z]+\s*=", lowered) is None  # no event handler attribute
    collector = parse(html_page)
    assert collector.balanced and not collector.stack
    assert [tag for tag, _ in collector.tags].count("style") == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_texts_are_in_the_asked_language(lang):
    texts = certificate_texts(lang)
    shown = text_of(page(lang=lang, code="PLZ-ABCD-EFGH-JKLM"))
    for key, value in texts.items():
        assert value.format(code="PLZ-ABCD-EFGH-JKLM") in shown, (lang, key)
    for unit in UNITS:
        assert unit in shown


def test_without_a_code_no_verification_line_is_printed():
    assert "PLZ-" not in text_of(page(lang="en"))
    assert certificate_texts("en")["verify"].split(":")[0] not in text_of(page(lang="en"))


def test_the_three_languages_have_the_same_strings_all_translated():
    assert all(certificate_texts(lang) for lang in LANGS)
    keys = set(certificate_texts("en"))
    assert keys >= {"title", "certifies", "passed", "score", "date", "units"}
    for lang in LANGS:
        assert set(certificate_texts(lang)) == keys
        assert all(value.strip() for value in certificate_texts(lang).values())
    assert len({certificate_texts(lang)["title"] for lang in LANGS}) == 3
    assert len({certificate_texts(lang)["passed"] for lang in LANGS}) == 3


def test_an_unknown_language_falls_back_to_english():
    html_page = page(lang="de")
    assert '<html lang="en">' in html_page
    assert certificate_texts("en")["title"] in html_page


def test_date_score_and_units_are_shown():
    html_page = page(lang="fr", score=0.875)
    shown = text_of(html_page)
    assert "2 novembre 2026" in shown
    assert "<dd>87\u202f%</dd>" in html_page
    assert all(unit in shown for unit in UNITS)
    assert "2 de noviembre de 2026" in text_of(page(lang="es"))
    assert "2 November 2026" in text_of(page(lang="en"))
    assert "27 May 2027" in text_of(page(date="27 May 2027"))  # a ready string is kept


def test_a_custom_title_replaces_the_heading():
    html_page = page(title="Brevet de français militaire", lang="fr")
    assert "<h1>Brevet de français militaire</h1>" in html_page
    assert certificate_texts("fr")["title"] not in html_page


def test_no_units_means_no_empty_list():
    html_page = page(units=[])
    assert "<ul" not in html_page
    assert certificate_texts("en")["units"] not in html_page


# --- escaping ---------------------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & \'Co\' "quoted" </p><p onclick=alert(1)>'


def test_every_interpolated_value_is_escaped():
    html_page = certificate_html(
        name=HOSTILE,
        date='<b>2 Nov</b> & "soon"',
        score=1.0,
        units=[HOSTILE, "Radio & transmissions", 'Le « convoi » "B"'],
        lang="en",
        title='Title <i>"x"</i> & more',
    )
    assert "<script" not in html_page.lower()
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; &quot;quoted&quot;"
        in html_page
    )
    assert "&lt;b&gt;2 Nov&lt;/b&gt; &amp; &quot;soon&quot;" in html_page
    assert "Title &lt;i&gt;&quot;x&quot;&lt;/i&gt; &amp; more" in html_page
    assert "Radio &amp; transmissions" in html_page
    assert "Le « convoi » &quot;B&quot;" in html_page
    collector = parse(html_page)
    assert collector.balanced and not collector.stack
    tags = {tag for tag, _ in collector.tags}
    assert not tags & {"script", "b", "i"}
    assert all("onclick" not in attrs for _, attrs in collector.tags)
    shown = text_of(html_page)
    assert '<script>alert("x")</script> & \'Co\' "quoted"' in shown  # shown as text, not run


def test_the_title_element_is_escaped_too():
    html_page = page(name="</title><script>x</script>")
    title = re.search(r"<title>(.*?)</title>", html_page, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;" in title


def test_control_characters_are_dropped():
    html_page = page(name="Karim\x00 Rah\x1bman\x07")
    assert "\x00" not in html_page and "\x1b" not in html_page and "\x07" not in html_page
    assert "Karim Rahman" in text_of(html_page)


# --- names in any script ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Иван Петрович Сидоров", "محمد عبد الله", "王小明", "Nguyễn Văn Anh", "José-María Ñúñez", "Ολυμπία"],
)
def test_a_name_in_any_script_is_kept_with_dir_auto(name):
    html_page = page(name=name)
    assert f'<p class="name" dir="auto">{name}</p>' in html_page
    name_style = re.search(r"\.name \{(.*?)\}", html_page, re.S).group(1)
    assert re.search(r"font-family:[^;]*sans-serif;", name_style)  # ends with a generic family


def test_unit_titles_carry_dir_auto():
    html_page = page(units=["Les grades", "الرتب"])
    assert '<li dir="auto">الرتب</li>' in html_page


def test_a_blank_name_is_refused_and_a_long_one_cut():
    for blank in ("", "   ", "\x00\x01"):
        with pytest.raises(ValueError):
            page(name=blank)
    html_page = page(name="A" * 1000)
    assert "A" * 200 in html_page and "A" * 201 not in html_page


# --- score and date formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "en", "fr"),
    [
        (0.7, "70%", "70\u202f%"),
        (0.875, "87%", "87\u202f%"),
        (1.0, "100%", "100\u202f%"),
        (2 / 3, "66%", "66\u202f%"),
    ],
)
def test_percent_is_rounded_down(value, en, fr):
    assert format_percent(value, "en") == en
    assert format_percent(value, "fr") == fr
    assert format_percent(value, "es") == fr


@pytest.mark.parametrize("bad", [-0.01, 1.01, 87, float("nan"), True])
def test_a_score_outside_zero_one_is_refused(bad):
    with pytest.raises(ValueError):
        page(score=bad)


def test_dates_in_three_languages():
    assert format_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert format_date(date(2027, 3, 1), "en") == "1 March 2027"
    assert format_date(date(2027, 8, 15), "es") == "15 de agosto de 2027"
    assert format_date(datetime(2027, 8, 15, 10, 30), "fr") == "15 août 2027"
    assert format_date("  hier  ", "fr") == "hier"


# --- file name --------------------------------------------------------------------------------------------

SAFE_FILENAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.html$")


@pytest.mark.parametrize(
    ("name", "when", "expected"),
    [
        ("Karim Rahman", DAY, "parlez-certificate-karim-rahman-2026-11-02.html"),
        ("José-María Ñúñez", DAY, "parlez-certificate-jose-maria-nunez-2026-11-02.html"),
        ("Иван Петров", DAY, "parlez-certificate-2026-11-02.html"),
        ("王小明", datetime(2026, 11, 2, 18, 5), "parlez-certificate-2026-11-02.html"),
        ("../../etc/passwd", DAY, "parlez-certificate-etc-passwd-2026-11-02.html"),
        ('<script>"x"</script>', "2 Nov 2026", "parlez-certificate-script-x-script-2-nov-2026.html"),
    ],
)
def test_certificate_filename_is_an_ascii_slug(name, when, expected):
    filename = certificate_filename(name, when)
    assert filename == expected
    assert SAFE_FILENAME.match(filename)
    assert filename.isascii()


def test_certificate_filename_is_bounded_and_never_empty():
    filename = certificate_filename("x" * 500 + " y", "")
    assert SAFE_FILENAME.match(filename) and len(filename) < 100
    assert certificate_filename("", "") == "parlez-certificate.html"
