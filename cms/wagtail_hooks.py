"""Wagtail admin hooks of the CMS."""

from wagtail import hooks

from cms.choosers import product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_cms_choosers():
    return [product_chooser_viewset]
