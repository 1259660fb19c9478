"""The words and numbers of the demo's decisions: reviewers' scores, the committee's votes
and reasons, the mayor's reasons.

Pure functions of ``proposals.demo.data``: each draws from a ``random.Random`` seeded with
the proposal's title and the reviewer, so a demo loads the same everywhere. Proposals the
committee recommended score higher in general, but not always: reviewers disagree, and a
proposal that was not recommended can outscore one that was.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Sequence
from statistics import mean

from proposals.demo import data

# How much more generous (or strict) than the committee's average each member scores.
LENIENCY = {
    "reviewer1@kyodo.example": 0.0,
    "reviewer2@kyodo.example": 0.35,
    "reviewer3@kyodo.example": -0.35,
    "reviewer4@kyodo.example": 0.15,
    "reviewer5@kyodo.example": -0.1,
}
# Yoshio Inoue writes his comments in Japanese.
WRITES_JAPANESE = {"reviewer5@kyodo.example"}
# In the first two years the committee found it hard to agree (see the case).
DIVIDED_YEARS = {"2003", "2004"}

_QUALITY = {data.SELECTED: 3.9, data.RECOMMENDED: 3.6, None: 2.7}


def _rng(*parts: object) -> random.Random:
    # Not for secrets: a seeded generator so that the demo is the same on every load.
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))  # noqa: S311


def _english(text: str) -> str:
    """``text`` if it is English; else its English gloss in brackets, else quoted."""
    if text.isascii():
        return text
    gloss = re.search(r"\(([\x20-\x7e]+)\)", text)
    return gloss.group(1) if gloss else f"「{text}」"


def _largest_item(proposal: data.DemoProposal) -> str:
    item, amount = max(proposal.budget, key=lambda line: line[1])
    return f"“{item}” (¥{amount:,})"


def _indicator(proposal: data.DemoProposal) -> str:
    return proposal.indicators[0][0] if proposal.indicators else "its indicators"


def _department(proposal: data.DemoProposal) -> str:
    department = _english(proposal.department)
    return department.split(", with")[0]


def _context(proposal: data.DemoProposal) -> dict[str, str]:
    return {
        "department": _department(proposal),
        "item": _largest_item(proposal),
        "indicator": _indicator(proposal),
        "group": next(g.name for g in data.DEMO_GROUPS if g.key == proposal.group),
    }


# --- reviewers' scores and comments ---------------------------------------------------------

# criterion name -> (comments for a low score, a middling one, a high one)
_COMMENTS = {
    data.PUBLIC_BENEFIT.name: (
        (
            "I am not convinced the need is unmet; the proposal gives no figures.",
            "Few residents would benefit for the money.",
        ),
        (
            "A real need, but the number of people reached is a guess.",
            "Useful, though it overlaps with what some districts already do.",
        ),
        (
            "A clear, documented need that nobody else answers.",
            "Reaches exactly the residents the city's services miss.",
        ),
    ),
    data.CO_PRODUCTION.name: (
        (
            "The {department} has not been consulted, as far as I can tell.",
            "Depends on the city doing things it has not agreed to.",
        ),
        (
            "Workable if the {department} really has the staff for its part.",
            "The group is capable; the joint meetings need a schedule.",
        ),
        (
            "The group and the {department} already work together; this builds on it.",
            "Realistic: the group has done this for years as volunteers.",
        ),
    ),
    data.CLARITY_OF_ROLES.name: (
        (
            "It does not say where the project stops and the city's own services begin.",
            "Who does what is vague.",
        ),
        (
            "Roles are described, but not who decides when they overlap.",
            "Clear on the group's side, thin on the {department}'s.",
        ),
        (
            "What the group does and what the {department} does is set out side by side.",
            "Exemplary division of roles.",
        ),
    ),
    data.COST_EFFECTIVENESS.name: (
        (
            "{item} is high for what is planned.",
            "Expensive per person reached.",
        ),
        (
            "Reasonable overall; {item} could be lower.",
            "Acceptable budget.",
        ),
        (
            "Modest budget for the number of people reached.",
            "Good value: most of the work is voluntary.",
        ),
    ),
    data.SUSTAINABILITY.name: (
        (
            "Nothing on what happens after the first year.",
            "Depends entirely on this grant.",
        ),
        (
            "“{indicator}” is a sensible indicator; the plan after year one is thin.",
            "Could continue if volunteers are recruited in time.",
        ),
        (
            "Builds something that will last; “{indicator}” is easy to follow.",
            "Users become helpers: this can continue on its own.",
        ),
    ),
}

_COMMENTS_JA = {
    data.PUBLIC_BENEFIT.name: (
        "ニーズの根拠が弱い。",
        "必要性はあるが、対象者数の見込みが甘い。",
        "必要性が高く、市の事業では届かない人に届く。",
    ),
    data.CO_PRODUCTION.name: (
        "担当課との協議が不十分。",
        "担当課の体制次第で実現可能。",
        "担当課との協働の実績があり、実現性が高い。",
    ),
    data.CLARITY_OF_ROLES.name: (
        "役割分担が不明確。",
        "団体の役割は明確だが、市の役割の記述が少ない。",
        "団体と市の役割分担が明確。",
    ),
    data.COST_EFFECTIVENESS.name: (
        "費用が活動内容に比べて高い。",
        "おおむね妥当な予算。",
        "少ない予算で多くの人に届く。",
    ),
    data.SUSTAINABILITY.name: (
        "2年目以降の見通しがない。",
        "継続には担い手の確保が必要。",
        "継続性が高く、指標も分かりやすい。",
    ),
}


def _quality(proposal: data.DemoProposal) -> float:
    """How good the committee finds the proposal overall, 0..5."""
    # The call in review has no decision yet: its proposals are neither good nor bad.
    base = 3.3 if proposal.call == data.REVIEW_CALL.key else _QUALITY[proposal.decision]
    return base + _rng("quality", proposal.title).gauss(0, 0.35)


def _profile(proposal: data.DemoProposal, criteria: Sequence[data.DemoCriterion]) -> dict:
    """The proposal's strong and weak points, the same for every reviewer."""
    rng = _rng("profile", proposal.title)
    return {criterion.name: rng.uniform(-0.7, 0.7) for criterion in criteria}


def review_scores(
    proposal: data.DemoProposal, reviewer: str, criteria: Sequence[data.DemoCriterion]
) -> dict[str, tuple[int, str]]:
    """``reviewer``'s score and comment for each criterion of ``proposal``."""
    rng = _rng("review", proposal.title, reviewer)
    quality = _quality(proposal)
    profile = _profile(proposal, criteria)
    context = _context(proposal)
    scores = {}
    for criterion in criteria:
        raw = quality + profile[criterion.name] + LENIENCY.get(reviewer, 0) + rng.gauss(0, 0.6)
        score = max(1, min(criterion.max_score, round(raw * criterion.max_score / 5)))
        scores[criterion.name] = score
    lowest = min(scores, key=lambda name: (scores[name], name))
    result = {}
    for criterion in criteria:
        name, score = criterion.name, scores[criterion.name]
        level = 0 if score <= 2 else 1 if score == 3 else 2
        comment = ""
        if name == lowest or rng.random() < 0.5:
            if reviewer in WRITES_JAPANESE:
                comment = _COMMENTS_JA[name][level]
            else:
                comment = rng.choice(_COMMENTS[name][level]).format(**context)
        result[name] = (score, comment)
    return result


def criterion_means(
    proposal: data.DemoProposal, reviewers: Sequence[str], criteria: Sequence[data.DemoCriterion]
) -> dict[str, float]:
    """The mean score per criterion of ``reviewers``' reviews, as a fraction of the maximum."""
    reviews = [review_scores(proposal, reviewer, criteria) for reviewer in reviewers]
    return {
        criterion.name: mean(review[criterion.name][0] for review in reviews) / criterion.max_score
        for criterion in criteria
    }


# --- the committee ----------------------------------------------------------------------------


def recommended(proposal: data.DemoProposal) -> bool:
    return proposal.decision in (data.SELECTED, data.RECOMMENDED)


def committee_vote(proposal: data.DemoProposal, voting: int) -> tuple[int, int, int]:
    """(for, against, abstain) among the ``voting`` members, agreeing with the outcome."""
    if proposal.votes is not None and sum(proposal.votes) <= voting:
        return proposal.votes
    rng = _rng("vote", proposal.title)
    divided = proposal.call in DIVIDED_YEARS
    abstain = rng.choice((0, 0, 1) if divided else (0, 0, 0, 1))
    if recommended(proposal):
        against = rng.choice((0, 1, 1, 2) if divided else (0, 0, 0, 1))
        while voting - against - abstain <= against + abstain and (against or abstain):
            against, abstain = (against - 1, abstain) if against else (against, abstain - 1)
        return voting - against - abstain, against, abstain
    abstain = rng.choice((0, 1, 1) if divided else (0, 0, 1))
    votes_for = rng.choice((0, 1, 1, 2) if divided else (0, 0, 1, 1))
    while voting - votes_for - abstain <= votes_for and (votes_for or abstain):
        votes_for, abstain = (votes_for - 1, abstain) if votes_for else (votes_for, abstain - 1)
    return votes_for, voting - votes_for - abstain, abstain


_STRENGTHS = {
    data.PUBLIC_BENEFIT.name: "Members agreed that it answers a real need that nobody else meets.",
    data.CO_PRODUCTION.name: (
        "The group and the {department} have clearly prepared the work together."
    ),
    data.CLARITY_OF_ROLES.name: (
        "What the group does and what the {department} does is set out side by side, and "
        "where the city's own services begin."
    ),
    data.COST_EFFECTIVENESS.name: (
        "The budget is modest for the residents it reaches, most of the work being voluntary."
    ),
    data.SUSTAINABILITY.name: (
        "It builds something that can continue after the first year, and “{indicator}” is a "
        "good measure of it."
    ),
}
# What members asked of a recommended proposal, by its weakest criterion.
_CONDITIONS = {
    data.PUBLIC_BENEFIT.name: (
        "Members asked for the number of residents reached after six months, since the "
        "estimate is uncertain."
    ),
    data.CO_PRODUCTION.name: (
        "Members asked the group and the {department} to agree on a schedule of joint "
        "meetings before work starts."
    ),
    data.CLARITY_OF_ROLES.name: (
        "Members asked that the agreement with the {department} say where the project stops "
        "and the city's own services begin."
    ),
    data.COST_EFFECTIVENESS.name: (
        "Members asked the city to check {item} before the agreement is signed."
    ),
    data.SUSTAINABILITY.name: (
        "Members asked how the activity will continue after the first year, and that "
        "“{indicator}” be reported every year."
    ),
}
# Why the committee did not recommend a proposal, by its weakest criteria.
_OBJECTIONS = {
    data.PUBLIC_BENEFIT.name: (
        "The majority was not convinced that the need is unmet or that many residents would "
        "benefit."
    ),
    data.CO_PRODUCTION.name: (
        "The {department} has not agreed to the part the proposal gives it, so the project "
        "could not start as planned."
    ),
    data.CLARITY_OF_ROLES.name: (
        "The proposal does not say where the group's work stops and the city's begins."
    ),
    data.COST_EFFECTIVENESS.name: "Members found {item} high for the activities planned.",
    data.SUSTAINABILITY.name: (
        "Nothing in the proposal says how the activity would continue after the grant."
    ),
}
_ENCOURAGEMENTS = (
    "The committee encourages {group} to revise it with the {department} and apply again.",
    "Members valued the work of {group} and hope to see a narrower proposal.",
    "Members thanked {group} for a careful proposal, which they could not rank above the "
    "others this year.",
)


def rationale(proposal: data.DemoProposal, means: dict[str, float]) -> str:
    """The committee's written reasons, from its members' scores and the proposal."""
    context = _context(proposal)
    ranked = sorted(means, key=lambda name: (means[name], name))
    weakest, strongest = ranked[0], ranked[-1]
    if recommended(proposal):
        parts = [proposal.committee_note or _STRENGTHS[strongest]]
        if means[weakest] < 0.8:
            parts.append(_CONDITIONS[weakest])
        else:
            parts.append("Members will follow “{indicator}” in the group's yearly reports.")
    else:
        parts = [proposal.committee_note or _OBJECTIONS[weakest]]
        if not proposal.committee_note:
            parts.append(_OBJECTIONS[ranked[1]])
        parts.append(_rng("encourage", proposal.title).choice(_ENCOURAGEMENTS))
    return " ".join(part.format(**context) for part in parts if part)


# --- the mayor's office -----------------------------------------------------------------------

_SELECTED = (
    "Selected on the committee's recommendation. The {department} has confirmed that it "
    "takes on the city's part as the proposal describes it.",
    "Selected. The {department} signs the co-production agreement with the group before "
    "work starts.",
    "Selected as the committee recommended; the {department} follows “{indicator}” with the "
    "group every year.",
    "Selected: the committee's scores and the division of work with the {department} support it.",
)


def selection_reason(proposal: data.DemoProposal) -> str:
    """Why the mayor selected (or, with ``mayor_reason``, declined) ``proposal``."""
    if proposal.mayor_reason:
        return proposal.mayor_reason
    return _rng("mayor", proposal.title).choice(_SELECTED).format(**_context(proposal))
