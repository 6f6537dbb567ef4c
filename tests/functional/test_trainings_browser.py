"""In a real browser: a producer signs in, opens an upcoming training from the training index, registers, sees
the registration on the page and under "My trainings", and nothing breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


@pytest.fixture
def training(storefront):
    from tests.factories import (
        ProducerFactory,
        ProducerUserFactory,
        TrainingIndexPageFactory,
        TrainingPageFactory,
    )

    producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc")
    ProducerUserFactory(username="che-long-coc", email="che@example.vn", producer=producer)
    index = TrainingIndexPageFactory(parent=storefront["home"])
    return TrainingPageFactory(parent=index, title="Tập huấn bao bì, ghi nhãn", slug="tap-huan-bao-bi", capacity=5)


def test_a_producer_registers_for_a_training_and_sees_it(live_server, training, browser_page, shots_dir):
    from events.trainings.models import TrainingRegistration

    page = browser_page
    base = live_server.url
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("che@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()

    page.goto(base + training.get_parent().url)
    page.locator(".training-card a", has_text="Tập huấn bao bì, ghi nhãn").click()
    expect(page.locator("h1", has_text="Tập huấn bao bì, ghi nhãn")).to_be_visible()
    page.locator(f"form[action$='/trainings/{training.pk}/register/'] button[type=submit]").click()

    expect(page.locator(".training__registered")).to_be_visible()
    expect(page.locator(f"form[action$='/trainings/{training.pk}/cancel/']")).to_be_visible()
    page.screenshot(path=str(shots_dir / "training-registered-vi.png"), full_page=True)
    assert TrainingRegistration.objects.filter(training=training, user__email="che@example.vn").count() == 1

    page.goto(base + "/trainings/mine/")
    expect(page.locator(".training-registrations a", has_text="Tập huấn bao bì, ghi nhãn")).to_be_visible()
