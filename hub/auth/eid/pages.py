"""The small HTML pages of sign-in: errors and the signed-out notice (no JavaScript)."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

# Pages that may show codes or personal data are never cached, framed or referred onwards.
PAGE_HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;"
    "color:#1d2733}h1{font-size:1.4rem}p.note{color:#555}button{font-size:1rem;"
    "padding:.6rem 1rem;margin:.3rem 0;cursor:pointer;width:100%;text-align:left}"
)


def page(title: str, body_html: str, *, status_code: int = 200) -> HTMLResponse:
    """Return an HTML page; ``body_html`` must already be escaped."""
    document = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body_html}</body></html>"
    )
    return HTMLResponse(document, status_code=status_code, headers=PAGE_HEADERS)


def error_page(message: str, *, status_code: int = 400) -> HTMLResponse:
    """Return the page that tells the citizen why sign-in stopped, with a way to retry."""
    body = (
        f'<p role="alert">{escape(message)}</p>'
        '<p><a href="/auth/login">Đăng nhập lại / Sign in again</a></p>'
    )
    return page("Không thể đăng nhập / Sign-in failed", body, status_code=status_code)


def signed_out_page() -> HTMLResponse:
    """Return the page shown after signing out."""
    body = (
        "<p>Bạn đã đăng xuất khỏi Liên thông Hub. / You have signed out of the hub.</p>"
        '<p><a href="/auth/login">Đăng nhập / Sign in</a></p>'
    )
    return page("Đã đăng xuất / Signed out", body)
