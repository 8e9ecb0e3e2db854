"""Response headers for pages that show PHI."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreForSignedIn:
    """Every page a signed-in user sees may carry PHI: `Cache-Control: no-store, private`, so
    neither the browser's cache nor a proxy keeps a copy (HIPAA 164.312(a)(1), access control
    on a shared workstation). Static files are served before this, by WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
