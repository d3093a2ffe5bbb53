"""The consent page: who asks, for which data, Allow or Deny (a form POST with a CSRF token)."""

from __future__ import annotations

from html import escape

from hub.auth.clients import ClientRecord
from hub.auth.server.client import OPENID
from hub.principals.scopes import DESCRIPTIONS, Scope

# The page must never be framed (clickjacking the Allow button) nor cached.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
_OPENID_DESCRIPTION = "Biết bạn là ai (mã định danh của bạn trong hub) / Know who you are"


def render_consent_page(*, record: ClientRecord, scope: str, consent_id: str, action: str) -> str:
    """Return the HTML of the consent page for ``record`` asking for ``scope``."""
    items = []
    # Who you are first, then the attribute groups.
    for name in sorted(scope.split(), key=lambda item: (item != OPENID, item)):
        description = _OPENID_DESCRIPTION if name == OPENID else DESCRIPTIONS.get(Scope(name), name)
        items.append(f"<li><code>{escape(name)}</code> — {escape(description)}</li>")
    agency = (
        f"{escape(record.agency_name or '')} ({escape(record.client.agency_code)})"
        if record.client.agency_code
        else "Liên thông Hub"
    )
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cho phép truy cập / Allow access</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}}</style>
</head>
<body>
<h1>Cho phép truy cập / Allow access</h1>
<p><strong>{escape(record.client.name)}</strong> của / of <strong>{agency}</strong>
muốn được / asks to:</p>
<ul>
{"".join(items)}
</ul>
<form method="post" action="{escape(action)}">
<input type="hidden" name="consent_id" value="{escape(consent_id)}">
<button type="submit" name="decision" value="allow">Cho phép / Allow</button>
<button type="submit" name="decision" value="deny">Từ chối / Deny</button>
</form>
</body>
</html>
"""
