from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def marketplace(request):
    """Values every storefront template uses: operator details, demo banner, theme, content sections."""
    from cms.selectors import site_sections

    language = get_language() or settings.LANGUAGE_CODE
    return {
        "marketplace_operator": settings.MARKETPLACE_OPERATOR,
        "demo_mode": settings.DEMO_MODE,
        "theme": settings.THEME,
        # Only looked up when a template shows the main navigation.
        "site_sections": SimpleLazyObject(lambda: site_sections(language_code=language)),
    }
