"""A producer's story is rich text: a small allow-list of tags, links to the web or e-mail only, and the
plain-text stories written before become paragraphs."""

import importlib

import pytest

from marketplace.partner.story import (
    producer_story_from_plain_text,
    producer_story_html,
    producer_story_sanitize,
    producer_story_text,
)

migration = importlib.import_module("marketplace.partner.migrations.0011_producer_story_html")


def clean(story: str) -> str:
    return producer_story_sanitize(story=story)


# What goes ---------------------------------------------------------------------------------------------------


def test_script_goes_with_its_content():
    assert clean("<p>Chè ngon</p><script>alert('x')</script>") == "<p>Chè ngon</p>"


def test_style_goes_with_its_content():
    assert clean("<style>body{display:none}</style><p>Chè</p>") == "<p>Chè</p>"


@pytest.mark.parametrize(
    "story",
    [
        '<p onclick="alert(1)">Chè</p>',
        '<p onmouseover="alert(1)" style="color:red" class="x" id="y" title="t">Chè</p>',
    ],
)
def test_event_handlers_and_other_attributes_go(story):
    assert clean(story) == "<p>Chè</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_links_other_than_web_and_mail_lose_their_address(href):
    cleaned = clean(f'<p><a href="{href}">bấm</a></p>')
    assert "href" not in cleaned
    assert "script" not in cleaned.lower() and "data:" not in cleaned
    assert "bấm" in cleaned


def test_images_iframes_and_forms_go():
    cleaned = clean('<img src=x onerror="alert(1)"><iframe src="https://x.vn"></iframe><form><input></form>ok')
    assert cleaned == '<img src="x">ok'


def test_other_tags_go_but_their_text_stays():
    assert clean("<h1>Vùng chè</h1><div><span>Thanh Ba</span></div>") == "Vùng chèThanh Ba"


def test_comments_go():
    assert clean("<p>Chè<!-- <script>alert(1)</script> --></p>") == "<p>Chè</p>"


def test_text_that_looks_like_markup_is_escaped():
    assert clean("<p>giá &lt;script&gt; 100k & hơn</p>") == "<p>giá &lt;script&gt; 100k &amp; hơn</p>"


# What stays --------------------------------------------------------------------------------------------------


def test_allowed_tags_are_kept():
    story = (
        "<h3>Chuyện làng</h3>\n<h4>Từ 1960</h4>\n<p><strong>Chè</strong> <b>búp</b> <em>tím</em> <i>Thanh Ba</i><br>\n"
        "hái tay.</p>\n<ul>\n<li>Vụ xuân</li>\n</ul>\n<ol>\n<li>Sao chảo gang</li>\n</ol>\n"
        "<blockquote>Chè ngon nhờ đất.</blockquote>"
    )
    assert clean(story) == story


@pytest.mark.parametrize("href", ["https://chethanhba.vn/ve-chung-toi", "http://chethanhba.vn", "mailto:a@b.vn"])
def test_web_and_mail_links_are_kept_with_noopener_nofollow(href):
    cleaned = clean(f'<p><a href="{href}" target="_blank" rel="opener">web</a></p>')
    assert cleaned == f'<p><a href="{href}" rel="noopener nofollow">web</a></p>'


def test_blocks_end_with_a_line_break_so_that_extracted_text_keeps_words_apart():
    assert clean("<ul><li>Chè</li><li>Bưởi</li></ul><p>Mật</p>") == "<ul><li>Chè</li>\n<li>Bưởi</li>\n</ul>\n<p>Mật</p>"
    assert producer_story_text(story="<ul><li>Chè</li><li>Bưởi</li></ul><p>Mật &amp; ong</p>") == "Chè Bưởi Mật & ong"


def test_sanitizing_twice_changes_nothing():
    story = '<h2>x</h2><p>a<br>b <a href="https://x.vn">c</a></p><ul><li>d</li></ul><script>e</script>'
    once = clean(story)
    assert clean(once) == once


def test_empty_story():
    assert clean("") == "" and clean(None) == ""


# Plain text → HTML -------------------------------------------------------------------------------------------


PLAIN_CASES = [
    ("Chè búp tím.", "<p>Chè búp tím.</p>"),
    ("Dòng một\nDòng hai", "<p>Dòng một<br>\nDòng hai</p>"),
    ("Đoạn một.\n\nĐoạn hai.\r\n\r\n\r\nĐoạn ba.", "<p>Đoạn một.</p>\n<p>Đoạn hai.</p>\n<p>Đoạn ba.</p>"),
    ("  \n\n  ", ""),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES)
def test_migration_turns_plain_text_into_paragraphs(text, expected):
    assert migration.story_plain_to_html(text) == expected


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES)
def test_service_turns_plain_text_into_paragraphs_like_the_migration(text, expected):
    assert producer_story_from_plain_text(text=text) == expected


def test_migration_escapes_plain_text_that_looks_like_markup():
    html = migration.story_plain_to_html('<script>alert("x")</script> & <b>không đậm</b>')
    assert html == '<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;không đậm&lt;/b&gt;</p>'
    # What the migration writes is what the sanitizer would keep: the text shows exactly as typed.
    assert clean(html) == html


def test_migration_can_be_unapplied():
    text = "Đoạn một & hai.\nDòng hai.\n\nĐoạn <ba>."
    assert migration.story_html_to_plain(migration.story_plain_to_html(text)) == text


# Shown on the profile ------------------------------------------------------------------------------------------


def test_display_sanitizes_html_written_past_the_services():
    assert producer_story_html(story='<p onclick="x()">Chè</p><script>alert(1)</script>') == "<p>Chè</p>"


def test_display_makes_paragraphs_of_a_plain_text_story():
    assert producer_story_html(story="Đoạn một.\n\nĐoạn hai & ba < bốn.") == (
        "<p>Đoạn một.</p>\n<p>Đoạn hai &amp; ba &lt; bốn.</p>"
    )
