"""Static files as whitenoise serves them, with the policies every page carries.

whitenoise answers /static/ before the middleware that add Content-Security-Policy,
X-Frame-Options and Permissions-Policy run (SecurityMiddleware, ahead of it, still adds nosniff,
Referrer-Policy and Cross-Origin-Opener-Policy). An SVG opened on its own is a document that can
run scripts, so static files get the same three headers, built from the settings those middleware
read (CONTENT_SECURITY_POLICY, X_FRAME_OPTIONS, PERMISSIONS_POLICY) with the libraries' own code.
"""

from csp.utils import build_policy
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django_permissions_policy import PermissionsPolicyMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware


def add_security_headers(headers, path, url):
    """WHITENOISE_ADD_HEADERS_FUNCTION: called once per file as whitenoise indexes it."""
    if policy := build_policy():
        headers["Content-Security-Policy"] = policy
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS.upper()
    permissions = PermissionsPolicyMiddleware.compute_header_value(
        settings.PERMISSIONS_POLICY, name="PERMISSIONS_POLICY"
    )
    if permissions:
        headers["Permissions-Policy"] = permissions


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise's middleware, without the manifest `collectstatic` writes among the files it
    serves: staticfiles.json maps every static file, the admin's too, and only Django reads it."""

    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings)
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        self.manifest_url = f"{self.static_prefix}{manifest}" if manifest else None
        self.files.pop(self.manifest_url, None)

    def find_file(self, url):
        """Development and tests (WHITENOISE_AUTOREFRESH) look files up on each request."""
        return None if url == self.manifest_url else super().find_file(url)
