"""The policy themes that groups, calls and proposals are tagged with."""

import enum

from flask_babel import lazy_gettext as _l


class Theme(enum.StrEnum):
    ELDERLY = "elderly"
    YOUTH = "youth"
    DISABILITY = "disability"
    CHILDCARE = "childcare"
    INTERNATIONAL = "international"
    COMMUNITY_CENTRES = "community_centres"
    DISASTER = "disaster"
    ENVIRONMENT = "environment"
    HEALTH = "health"
    CULTURE = "culture"
    SAFETY = "safety"

    @property
    def label(self) -> str:
        return str(THEME_LABELS[self])


THEME_LABELS = {
    Theme.ELDERLY: _l("Elderly people"),
    Theme.YOUTH: _l("Youth"),
    Theme.DISABILITY: _l("Persons with disabilities"),
    Theme.CHILDCARE: _l("Childcare"),
    Theme.INTERNATIONAL: _l("International exchange and foreign residents"),
    Theme.COMMUNITY_CENTRES: _l("Community centres"),
    Theme.DISASTER: _l("Disaster prevention and recovery"),
    Theme.ENVIRONMENT: _l("Environment"),
    Theme.HEALTH: _l("Health and welfare"),
    Theme.CULTURE: _l("Culture and learning"),
    Theme.SAFETY: _l("Community safety"),
}

THEME_CHOICES = [(theme.value, label) for theme, label in THEME_LABELS.items()]


def retag(tags: list, themes, make_tag) -> list:
    """The tag rows for ``themes``: keeps the rows still wanted, makes the new ones."""
    wanted = {Theme(theme) for theme in themes}
    present = {tag.theme for tag in tags}
    kept = [tag for tag in tags if tag.theme in wanted]
    return kept + [make_tag(theme=theme) for theme in sorted(wanted - present)]
