"""The API's documentation pages (drf-spectacular's Swagger UI and ReDoc, served from our own static
files by drf-spectacular-sidecar), under the site's Content-Security-Policy.

Their inline style and script carry the response's nonce (templates/greenhouse_office/api_docs/), and
the templates give the page its language and Swagger UI colours of WCAG 2.2 AA contrast; Swagger UI's
missing labels, names and dialog semantics are added by static/js/swagger_ui_accessibility.js
(tests/browser/test_api_docs_in_chromium.py).
What the two JavaScript applications themselves need beyond the site's policy is allowed for their
view only, and said below.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

swagger_ui = SpectacularSwaggerView.as_view(
    url_name="api-schema", template_name="greenhouse_office/api_docs/swagger_ui.html"
)

# ReDoc styles its page with styled-components, which writes <style> elements without a nonce, and
# runs its search in a Web Worker made from a blob: URL. So, on this page only, inline styles are
# allowed (a nonce in style-src would make browsers ignore 'unsafe-inline') and workers from blob:;
# scripts still need 'self' or the nonce. Its "powered by Redocly" image, on cdn.redoc.ly, stays
# blocked (no request to a third party): the browser reports that one violation on each visit.
redoc = csp_update({"worker-src": [SELF, "blob:"]})(
    csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(
        SpectacularRedocView.as_view(
            url_name="api-schema", template_name="greenhouse_office/api_docs/redoc.html"
        )
    )
)
