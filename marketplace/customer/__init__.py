"""Shopper accounts: where people land after logging in, the account views we adjust, and the throttles.

Not an Oscar fork (Oscar's customer app stays installed as is): marketplace/urls.py mounts these views in
front of Oscar's and Wagtail's at the same addresses (shop/accounts/…, shop/password-reset/,
cms/password_reset/), so their URL names keep working. Registration creates inactive accounts activated by
an e-mailed link (services.account_register, account_activate). throttling.py holds django-axes' hooks
(named in settings/integrations/throttling.py); the shared pieces (client address, account key, the cache
counter) are in marketplace/core/throttling.py.
"""
