"""Questions about one mission ("the embassy in Tokyo") asked somewhere else.

A mission's local pages (address, hours, its consular procedures) are served on its own
site. The national channels (the ministry's site, Telegram) serve the shared national
content, which does not repeat every mission's address and hours, so "when is the embassy
in Tokyo open?" found nothing there. A question on a national channel that names exactly
one mission's host country or one of its places (`places` in the sites config), and a
question on one embassy's site that names another mission's place, is searched with that
mission's pages beside the national content; those pages get no head start there (see
`Scope`). A question naming no mission, or several, or another country's own embassy
("the Japanese embassy in Hanoi"), stays where it was asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.answering.country import countries_named, names_foreign_mission
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


# Latin and Cyrillic names are capitalised whole words ("Paris", not "Parisian" nor "les
# paris sportifs"), Russian ones with a case ending ("в Париже"); Chinese, Japanese,
# Korean, Thai or Arabic ones may sit inside a word ("东京的", "도쿄에", "بباريس").
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _place(name: str) -> str:
    cyrillic = _CYRILLIC.match(name) is not None
    if not cyrillic and not _LATIN.match(name):
        return re.escape(name)
    # Case-sensitive first letter, as written in the config; the rest of any case.
    head, tail = re.escape(name[0]), re.escape(name[1:])
    ending = r"\w{0,2}" if cyrillic else ""
    return rf"(?<!\w)(?-i:{head})(?i:{tail}){ending}(?!\w)"


def _place_pattern(places: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({p.strip() for p in places if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(_place, names))) if names else None


class MissionRouter:
    """Pick the mission a question is about when it was asked somewhere else."""

    def __init__(self, sites: Iterable[Site]) -> None:
        """Keep every site that has a mission, with a pattern of its places, by mission."""
        self._missions: dict[str, tuple[Site, re.Pattern[str] | None]] = {}
        for site in sites:
            # Several sites may share one mission (two widgets); the first one answers.
            if site.mission and site.mission not in self._missions:
                self._missions[site.mission] = (site, _place_pattern(site.places))

    def route(self, text: str, language: str, site: Site) -> Site | None:
        """Return the mission site `text` is about, if it was asked elsewhere; else None.

        On a national channel a mission's place or host country counts. On an embassy's
        site only another mission's place does: its visitors name other countries for
        many reasons ("Je suis japonais, ai-je besoin d'un visa ?"), and a question that
        also names the site's own place or country stays on the site.
        """
        if names_foreign_mission(text, language):
            return None  # "the Japanese embassy in Hanoi" is Japan's, not one of ours
        named = countries_named(text, language) if not site.mission else set()
        matches = [
            mission
            for mission, places in self._missions.values()
            if (mission.country and mission.country in named)
            or (places is not None and places.search(text) is not None)
        ]
        if len(matches) != 1 or matches[0].mission == site.mission:
            return None
        if site.mission and self._names_own(text, language, site):
            return None
        return matches[0]

    def _names_own(self, text: str, language: str, site: Site) -> bool:
        _, own = self._missions.get(site.mission or "", (site, None))
        if own is not None and own.search(text):
            return True
        return bool(site.country and site.country in countries_named(text, language))
