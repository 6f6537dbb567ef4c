"""load_demo runs only in demo mode: its logins share a published password and one is a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from marketplace.core.demo.data import USERS
from marketplace.core.demo.services import DemoModeOffError, demo_load

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_outside_demo_mode_and_writes_nothing(wagtail_tree, settings):
    settings.DEMO_MODE = False
    users_before = get_user_model().objects.count()

    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")

    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    assert not get_user_model().objects.filter(email__in=[email for email, *_ in USERS]).exists()
    assert not Partner.objects.exists() and not Product.objects.exists()


def test_the_demo_service_refuses_too(wagtail_tree, settings):
    # Seeding scripts call the service directly, not the command.
    settings.DEMO_MODE = False
    with pytest.raises(DemoModeOffError):
        demo_load()
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_in_demo_mode_the_demo_superuser_is_created(wagtail_tree, settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo")
    admins = get_user_model().objects.filter(is_superuser=True)
    assert [user.email for user in admins] == [email for email, *_, role in USERS if role == "admin"]
    assert "Demo logins" in capsys.readouterr().out
