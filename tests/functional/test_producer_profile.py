"""In a real browser: a producer writes their story in the dashboard's rich-text editor (TinyMCE), with a bold
phrase and a list, saves, and buyers see it formatted on the producer's public page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


@pytest.fixture
def tea_producer(storefront):
    from tests.factories import ProducerFactory, ProducerUserFactory

    producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", story="<p>Chuyện cũ.</p>")
    ProducerUserFactory(username="che-long-coc", email="che@example.vn", producer=producer)
    return producer


def test_producer_writes_a_formatted_story(live_server, tea_producer, browser_page, shots_dir):
    page = browser_page
    base = live_server.url
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("che@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()

    page.goto(base + "/dashboard/producer/profile/")
    editor = page.frame_locator(".tox-edit-area iframe").locator("body")
    expect(editor).to_contain_text("Chuyện cũ.")
    # The toolbar offers only what the sanitizer keeps: no second-level headings.
    page.locator(".tox-tbtn--select").first.click()
    expect(page.locator(".tox-collection__item", has_text="Đoạn văn")).to_be_visible()
    expect(page.locator(".tox-collection__item")).to_have_count(3)
    expect(page.locator(".tox-collection__item", has_text="Heading 2")).to_have_count(0)
    page.keyboard.press("Escape")

    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Chè búp ")
    page.keyboard.press("Control+B")
    page.keyboard.type("hái tay")
    page.keyboard.press("Control+B")
    page.keyboard.press("Enter")
    page.locator('.tox-tbtn[aria-label*="ullet"], .tox-split-button[aria-label*="ullet"]').first.click()
    page.keyboard.type("Vụ xuân")
    page.keyboard.press("Enter")
    page.keyboard.type("Vụ thu")
    page.screenshot(path=str(shots_dir / "producer-profile-editor.png"), full_page=True)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_be_visible()

    tea_producer.refresh_from_db()
    assert "<strong>hái tay</strong>" in tea_producer.story
    assert "<li>Vụ xuân</li>" in tea_producer.story and "<li>Vụ thu</li>" in tea_producer.story

    page.goto(base + tea_producer.get_absolute_url())
    story = page.locator(".producer-profile__story")
    expect(story.locator("strong")).to_have_text("hái tay")
    expect(story.locator("li")).to_have_count(2)
    page.screenshot(path=str(shots_dir / "producer-profile-public.png"), full_page=True)
