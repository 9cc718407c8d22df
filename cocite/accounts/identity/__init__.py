"""The identity providers' URLs, which allauth.urls includes for the provider class of
cocite/accounts/oidc.py (its `package`): allauth's own route names (openid_connect_login,
openid_connect_callback), served by our views (cocite/accounts/views.py)."""
