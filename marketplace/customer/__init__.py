"""Shopper accounts: where people land after logging in, the account views we adjust, and the throttles.

Not an Oscar fork (Oscar's customer app stays installed as is): marketplace/urls.py mounts these views in
front of Oscar's at the same addresses (shop/accounts/…, shop/password-reset/), so Oscar's URL names keep
working. throttling.py holds django-axes' hooks (named in settings/integrations/throttling.py) and the
small cache counter for password-reset requests and producer applications.
"""
