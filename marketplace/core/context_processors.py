from django.conf import settings


def marketplace(request):
    """Values every storefront template uses: operator details, demo banner, theme."""
    return {
        "marketplace_operator": settings.MARKETPLACE_OPERATOR,
        "demo_mode": settings.DEMO_MODE,
        "theme": settings.THEME,
    }
