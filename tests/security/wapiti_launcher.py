"""Debian 12's wapiti 3.0.4, run by its own interpreter, with two fixes the scan needs (wapiti reads them
from here, never from the project's virtualenv):

- a multipart form (the public comment form, with its attachment) is posted with each text field as a
  form field: wapiti 3.0.4 hands them to requests 2.28 as files, so Django saw no fields at all (not
  even the CSRF token) and refused every attack with a 403;
- a Secure cookie is sent back to http://127.0.0.1, as browsers do for a loopback address (a
  "potentially trustworthy" origin): the scan then runs with the cookie flags production sets.

Usage: ``<wapiti's interpreter> wapiti_launcher.py <wapiti's arguments>`` (tests/security/web_scan.py).
"""

import sys
from http import cookiejar
from urllib.parse import urlsplit

from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ReadTimeout
from wapitiCore.main.wapiti import wapiti_main
from wapitiCore.net import crawler
from wapitiCore.net.page import Page

LOOPBACK = {"127.0.0.1", "localhost", "::1"}

_return_ok_secure = cookiejar.DefaultCookiePolicy.return_ok_secure


def return_ok_secure(self, cookie, request):
    if urlsplit(request.get_full_url()).hostname in LOOPBACK:
        return True
    return _return_ok_secure(self, cookie, request)


_post = crawler.Crawler.post


def post(self, form, follow_redirects=False, headers=None):
    if not form.is_multipart:
        return _post(self, form, follow_redirects, headers)
    form_headers = dict(headers or {})
    if form.referer:
        form_headers["referer"] = form.referer
    # (None, value): a field without a file name, which requests encodes as a plain form field.
    fields = [(name, (None, value)) for name, value in form.post_params]
    files = [(name, tuple(upload)) for name, upload in form.file_params]
    try:
        response = self._session.post(
            form.path,
            params=form.get_params,
            files=fields + files,
            headers=form_headers,
            timeout=self._timeout,
            allow_redirects=follow_redirects,
            verify=self.secure,
        )
    except RequestsConnectionError as error:
        # As wapiti's own post: a chunked response that times out is a timeout.
        if "Read timed out" in str(error):
            raise ReadTimeout("Request time out") from error
        raise
    return Page(response)


cookiejar.DefaultCookiePolicy.return_ok_secure = return_ok_secure
crawler.Crawler.post = post

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
