"""Which public links a clip may point to: Facebook, YouTube, TikTok, by host name."""

from __future__ import annotations

from urllib.parse import urlsplit

# Host (or parent domain) -> platform. A host matches itself and its subdomains
# (www., m., vm., vt., web. ...), never a look-alike such as "notyoutube.com".
PLATFORM_DOMAINS = {
    "facebook.com": "facebook",
    "fb.watch": "facebook",
    "fb.com": "facebook",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
}


def link_platform(url: str) -> str | None:
    """Return "facebook", "youtube" or "tiktok" for an http(s) link on one of their
    hosts, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    for domain, platform in PLATFORM_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return platform
    return None
