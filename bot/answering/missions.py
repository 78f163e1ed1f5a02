"""Questions on a national channel about one mission ("the embassy in Tokyo").

A mission's local pages (address, hours, its consular procedures) are served on its own
site. The national channels (the ministry's site, Telegram) serve the shared national
content, which does not repeat every mission's address and hours, so "when is the embassy
in Tokyo open?" found nothing there. A question on a national channel that names exactly
one mission's host country or one of its places (`places` in the sites config) is
searched as on that mission's site: national content plus that mission's pages. A
question naming no mission, or several, stays national.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.answering.country import countries_named
from bot.sites import Site


@dataclass(frozen=True)
class Scope:
    """Where a question is searched: the national content and at most one mission's pages."""

    mission: str | None = None
    # The mission's pages rank first among close texts: on its own site, where the visitor
    # is in its host country, not on a national channel that was merely asked about it.
    local_first: bool = True
    # The visitor's host country (an embassy's): context, never the question's subject.
    host: str | None = None


# Latin and Cyrillic names are whole words ("Paris", not "Parisian"), Russian ones with a
# case ending ("в Париже"); Chinese, Japanese, Korean, Thai or Arabic ones may sit inside
# a word ("东京的", "도쿄에", "بباريس").
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _place(name: str) -> str:
    escaped = re.escape(name)
    if _LATIN.match(name):
        return rf"(?<!\w){escaped}(?!\w)"
    if _CYRILLIC.match(name):
        return rf"(?<!\w){escaped}\w{{0,2}}(?!\w)"
    return escaped


def _place_pattern(places: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({p.strip() for p in places if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(_place, names)), re.IGNORECASE) if names else None


class MissionRouter:
    """Pick the mission site a national question is about, if it names exactly one."""

    def __init__(self, sites: Iterable[Site]) -> None:
        """Keep every site that has a mission, with a pattern of its places."""
        self._missions: list[tuple[Site, re.Pattern[str] | None]] = []
        seen: set[str] = set()
        for site in sites:
            # Several sites may share one mission (two widgets); the first one answers.
            if site.mission and site.mission not in seen:
                seen.add(site.mission)
                self._missions.append((site, _place_pattern(site.places)))

    def route(self, text: str, language: str, site: Site) -> Site:
        """Return the mission site `text` is about, or `site` itself."""
        if site.mission or not self._missions:
            return site
        named = countries_named(text, language)
        matches = [
            mission
            for mission, places in self._missions
            if (mission.country and mission.country in named)
            or (places is not None and places.search(text))
        ]
        return matches[0] if len(matches) == 1 else site
