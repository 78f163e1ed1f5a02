"""Sites (embassy websites and channels): origins, mission scope, greetings, contacts."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from bot.i18n import SUPPORTED_LANGUAGES

DEFAULT_SITE_ID = "default"


class Contact(BaseModel):
    """Where visitors go when the bot cannot answer."""

    name: str = "Ministry of Foreign Affairs of Viet Nam"
    url: str | None = "https://mofa.gov.vn/"
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    hours: str | None = None


class Site(BaseModel):
    """One website (or channel) the bot serves."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str = "Ask Viet Nam"
    mission: str | None = None
    # ISO 3166 code of the host country of the mission (its visitors' context)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    # Names of the mission's city as visitors write them ("Tokyo", "東京", "Токио"): a
    # question on a national channel that names one is answered with this mission's pages.
    places: list[str] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list)
    default_lang: str = "en"
    languages: list[str] = Field(default_factory=lambda: list(SUPPORTED_LANGUAGES))
    accent: str = Field(default="#b3261e", pattern=r"^#[0-9a-fA-F]{6}$")
    greeting: dict[str, str] = Field(default_factory=dict)
    suggested: dict[str, list[str]] = Field(default_factory=dict)
    contact: Contact = Field(default_factory=Contact)

    def allows_origin(self, origin: str | None, own_origins: set[str]) -> bool:
        """Return True when a browser request from `origin` may use this site."""
        if origin is None:
            return True  # not a browser cross-origin request (curl, server-side)
        origin = origin.rstrip("/")
        return origin in own_origins or origin in {o.rstrip("/") for o in self.origins}

    def greeting_for(self, lang: str) -> str | None:
        """Return the greeting in `lang`, else in the site's default language."""
        return self.greeting.get(lang) or self.greeting.get(self.default_lang)

    def suggestions_for(self, lang: str) -> list[str]:
        """Return suggested questions in `lang`, else in the site's default language."""
        return self.suggested.get(lang) or self.suggested.get(self.default_lang) or []


class SitesError(ValueError):
    """The sites file cannot be used."""


class SiteRegistry:
    """All configured sites, looked up by id."""

    def __init__(self, sites: list[Site]) -> None:
        """Index `sites` by id; a `default` site is always present."""
        self._sites = {s.id: s for s in sites}
        if len(self._sites) != len(sites):
            raise SitesError("duplicate site id in sites config")
        self._sites.setdefault(DEFAULT_SITE_ID, Site(id=DEFAULT_SITE_ID))
        self._origins = frozenset(o.rstrip("/") for s in self._sites.values() for o in s.origins)

    @classmethod
    def load(cls, path: Path) -> SiteRegistry:
        """Read a sites YAML file; a missing file gives just the default site."""
        if not path.exists():
            return cls([])
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return cls([Site.model_validate(item) for item in raw.get("sites", [])])
        except (yaml.YAMLError, ValidationError, AttributeError) as exc:
            raise SitesError(f"{path}: {exc}") from exc

    def get(self, site_id: str | None) -> Site | None:
        """Return the site with this id (None = the default site), or None if unknown."""
        return self._sites.get(site_id or DEFAULT_SITE_ID)

    def all(self) -> list[Site]:
        """Return every site."""
        return list(self._sites.values())

    def all_origins(self) -> frozenset[str]:
        """Return the union of allowed origins (for CORS preflight)."""
        return self._origins
