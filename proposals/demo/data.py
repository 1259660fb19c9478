"""The demo's content: Yamato City's Citizen Partnership, 2003 to 2006, and a call open now.

Plain data, written by hand after the case in the shared brief: 47 proposals from citizen
groups in the four calls of 2003-2006, of which the committee recommended 23 and the mayor
selected 20 (``DemoProposal.decision``), and a few drafts and submissions in the current call.
``proposals.demo.loader`` turns it into rows through the domain functions.

People, groups and places are fictional; the districts are Yamato's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from proposals.accounts.models import Role
from proposals.groups.models import GroupKind
from proposals.themes import Theme

# Published in the README on purpose: these accounts exist only in demo databases.
ADMIN_PASSWORD = "kyodo-demo-admin"  # noqa: S105
OFFICER_PASSWORD = "kyodo-demo-officer"  # noqa: S105
MAYOR_PASSWORD = "kyodo-demo-mayor"  # noqa: S105
REVIEWER_PASSWORD = "kyodo-demo-reviewer"  # noqa: S105
CITIZEN_PASSWORD = "kyodo-demo-citizen"  # noqa: S105

TIMEZONE = "Asia/Tokyo"

# What the committee and the mayor decided.
SELECTED = "selected"  # recommended by the committee and selected by the mayor
RECOMMENDED = "recommended"  # recommended by the committee, not selected by the mayor


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    password: str
    roles: tuple[Role, ...]
    description: str  # what the account is for, as the README shows it
    # When the account was made, in the city's local time (staff accounts; group members
    # are made when their first group registers or invites them).
    created: dt.datetime | None = None


@dataclass(frozen=True)
class DemoGroup:
    key: str
    name: str
    kind: GroupKind
    representative: str  # email of a DemoAccount
    members: tuple[str, ...]
    themes: tuple[Theme, ...]
    description: str
    contact_email: str
    registered: dt.datetime  # local time: when the group registered on the platform
    registration_number: str | None = None


@dataclass(frozen=True)
class DemoCriterion:
    name: str
    description: str
    weight: int
    max_score: int


@dataclass(frozen=True)
class DemoCall:
    key: str
    title: str
    fiscal_year: int
    description: str  # Markdown
    budget_envelope: int  # yen
    max_per_proposal: int  # yen
    criteria: tuple[DemoCriterion, ...]
    themes: tuple[Theme, ...]
    officer: str  # email of the city officer who creates the call
    # Local time in the call's timezone; None for the current calls, whose windows are
    # placed around the day the demo is loaded.
    opens: dt.datetime | None = None
    closes: dt.datetime | None = None
    # The Citizen Partnership committee: reviewer emails, the first one chairs.
    committee: tuple[str, ...] = ()
    reviewers_per_proposal: int = 3
    # Conflicts of interest the members declare: (reviewer email, group key, note).
    conflicts: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class DemoProposal:
    call: str  # DemoCall.key
    group: str  # DemoGroup.key
    title: str
    summary: str
    need: str
    activities: str
    department: str
    group_role: str
    city_role: str
    beneficiaries: str
    timeline: str
    budget: tuple[tuple[str, int], ...]  # (item, yen)
    indicators: tuple[tuple[str, str, int, int], ...]  # (name, unit, baseline, annual target)
    themes: tuple[Theme, ...]
    decision: str | None = None  # SELECTED, RECOMMENDED or None
    author: str | None = None  # email of the member who drafts it; default the representative
    submitted: bool = True  # only drafts of the current call are left unsubmitted
    # An officer has checked the proposal's eligibility (one in the call in review has not).
    checked: bool = True
    # The decisions' own words where the generated ones (proposals.demo.reviews) would not
    # do: what the committee said, the mayor's reason, and an award below the request.
    committee_note: str = ""
    votes: tuple[int, int, int] | None = None  # for, against, abstain
    mayor_reason: str = ""
    awarded: int | None = None
    amount_reason: str = ""

    @property
    def total(self) -> int:
        return sum(amount for _item, amount in self.budget)


def _local(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute)


# --- accounts -------------------------------------------------------------------------

_STAFF_DAY = _local(2003, 4, 1, 9)

DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@kyodo.example",
        "Kyodo Administrator",
        ADMIN_PASSWORD,
        (Role.ADMIN,),
        "Administrator: grants roles, reads the audit log and the outbox",
        _STAFF_DAY,
    ),
    DemoAccount(
        "officer@kyodo.example",
        "Makoto Ishii (Partnership Promotion Division)",
        OFFICER_PASSWORD,
        (Role.CITY_OFFICER,),
        "City officer: runs the calls of 2003 and 2004",
        _STAFF_DAY,
    ),
    DemoAccount(
        "officer2@kyodo.example",
        "Rie Kobayashi (Partnership Promotion Division)",
        OFFICER_PASSWORD,
        (Role.CITY_OFFICER,),
        "City officer: runs the calls of 2005, 2006 and the current call",
        _STAFF_DAY,
    ),
    DemoAccount(
        "mayor@kyodo.example",
        "Mayor's Office (Toru Nishimura)",
        MAYOR_PASSWORD,
        (Role.MAYORS_OFFICE,),
        "Mayor's office: makes the final selection",
        _STAFF_DAY,
    ),
    DemoAccount(
        "reviewer1@kyodo.example",
        "Akiko Mori (committee chair)",
        REVIEWER_PASSWORD,
        (Role.REVIEWER,),
        "Committee reviewer (chair of the Citizen Partnership committee)",
        _STAFF_DAY,
    ),
    DemoAccount(
        "reviewer2@kyodo.example",
        "Shinji Kato",
        REVIEWER_PASSWORD,
        (Role.REVIEWER,),
        "Committee reviewer",
        _STAFF_DAY,
    ),
    DemoAccount(
        "reviewer3@kyodo.example",
        "Tomoko Hayashi",
        REVIEWER_PASSWORD,
        (Role.REVIEWER,),
        "Committee reviewer",
        _STAFF_DAY,
    ),
    DemoAccount(
        "reviewer4@kyodo.example",
        "Ana Paula Higa",
        REVIEWER_PASSWORD,
        (Role.REVIEWER,),
        "Committee reviewer",
        _STAFF_DAY,
    ),
    DemoAccount(
        "reviewer5@kyodo.example",
        "Yoshio Inoue",
        REVIEWER_PASSWORD,
        (Role.REVIEWER,),
        "Committee reviewer",
        _STAFF_DAY,
    ),
    DemoAccount(
        "hana@kyodo.example",
        "Hana Sato (佐藤 花)",
        CITIZEN_PASSWORD,
        (),
        "Representative of 大和子育て支援ネットワーク (childcare support NPO)",
    ),
    DemoAccount(
        "aiko@kyodo.example",
        "Aiko Nakamura (中村 愛子)",
        CITIZEN_PASSWORD,
        (),
        "Member of two groups: the childcare support NPO and the child care advisors NPO",
    ),
    DemoAccount(
        "kenji@kyodo.example",
        "Kenji Takahashi",
        CITIZEN_PASSWORD,
        (),
        "Representative of NPO Kamiwada Fureai Community Centre",
    ),
    DemoAccount(
        "yumi@kyodo.example",
        "Yumi Suzuki",
        CITIZEN_PASSWORD,
        (),
        "Representative of NPO Yamato Child Care Advisors",
    ),
    DemoAccount(
        "takeshi@kyodo.example",
        "Takeshi Ogawa",
        CITIZEN_PASSWORD,
        (),
        "Representative of NPO Hidamari Life Support (care for persons with disabilities)",
    ),
    DemoAccount(
        "maria@kyodo.example",
        "Maria Santos Oshiro",
        CITIZEN_PASSWORD,
        (),
        "Representative of the Yamato International Friendship Association; "
        "member of the community centre NPO",
    ),
    DemoAccount(
        "jiro@kyodo.example",
        "Jiro Watanabe (渡辺 次郎)",
        CITIZEN_PASSWORD,
        (),
        "Representative of 南林間三丁目自治会 (neighbourhood association)",
    ),
    DemoAccount(
        "emi@kyodo.example",
        "Emi Kondo",
        CITIZEN_PASSWORD,
        (),
        "Representative of Tsuruma Disaster Prevention Volunteers",
    ),
    DemoAccount(
        "osamu@kyodo.example",
        "Osamu Fujita",
        CITIZEN_PASSWORD,
        (),
        "Representative of Social Welfare Corporation Yamato Jiaikai",
    ),
    DemoAccount(
        "fumiko@kyodo.example",
        "Fumiko Ikeda (池田 文子)",
        CITIZEN_PASSWORD,
        (),
        "Representative of いきいきサロン桜ヶ丘 (volunteer group for elderly people)",
    ),
    DemoAccount(
        "daisuke@kyodo.example",
        "Daisuke Matsumoto",
        CITIZEN_PASSWORD,
        (),
        "Representative of NPO Yamato Youth Base",
    ),
    DemoAccount(
        "mitsuo@kyodo.example",
        "Mitsuo Shimizu",
        CITIZEN_PASSWORD,
        (),
        "Representative of the Hikichi River Nature Club",
    ),
    DemoAccount(
        "naoko@kyodo.example",
        "Naoko Yamaguchi",
        CITIZEN_PASSWORD,
        (),
        "Representative of Sign Language Circle Te-to-Te Yamato",
    ),
    DemoAccount(
        "hiroshi@kyodo.example",
        "Hiroshi Nguyen Kimura",
        CITIZEN_PASSWORD,
        (),
        "Representative of the Kamiwada Danchi Residents' Association",
    ),
    DemoAccount(
        "keiko@kyodo.example",
        "Keiko Abe (阿部 恵子)",
        CITIZEN_PASSWORD,
        (),
        "Representative of やまと読み聞かせの会 (storytelling volunteers)",
    ),
    DemoAccount(
        "citizen@kyodo.example",
        "Taro Yamato",
        CITIZEN_PASSWORD,
        (),
        "Citizen without a group: can register one",
        _local(2026, 10, 1, 20),
    ),
)

ADMIN_EMAIL = "admin@kyodo.example"
TWO_GROUP_MEMBER = "aiko@kyodo.example"


def demo_accounts_markdown() -> str:
    """The README's table of demo accounts."""
    lines = ["| Email | Password | Role |", "|---|---|---|"]
    lines += [f"| {a.email} | `{a.password}` | {a.description} |" for a in DEMO_ACCOUNTS]
    return "\n".join(lines)


# --- groups ---------------------------------------------------------------------------

DEMO_GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(
        key="kosodate",
        name="大和子育て支援ネットワーク",
        kind=GroupKind.NPO,
        representative="hana@kyodo.example",
        members=("aiko@kyodo.example",),
        themes=(Theme.CHILDCARE,),
        description=(
            "Yamato Childcare Support Network. Founded in 1999 by mothers who had moved to "
            "Yamato without relatives nearby; incorporated as an NPO in 2002. Trained "
            "supporters answer families' requests for help, from a few hours of temporary "
            "care to accompanying a parent to a health check-up, and work with the city's "
            "Child and Family Division on families who need more support. Many of today's "
            "supporters first came to us as users.\n\n"
            "子育て中の家庭からの「ちょっと助けて」に、研修を受けたサポーターが応えます。"
        ),
        contact_email="kosodate-net@kyodo.example",
        registered=_local(2003, 5, 12),
        registration_number="Kanagawa NPO No. 2002-0417",
    ),
    DemoGroup(
        key="fureai",
        name="NPO Kamiwada Fureai Community Centre",
        kind=GroupKind.NPO,
        representative="kenji@kyodo.example",
        members=("maria@kyodo.example",),
        themes=(Theme.COMMUNITY_CENTRES, Theme.INTERNATIONAL, Theme.CULTURE),
        description=(
            "Residents of Kamiwada who run a community centre in the local elementary school "
            "after school hours: the kitchen, the arts and crafts room and a meeting room are "
            "opened to citizens for courses taught by our members, by professional teachers "
            "and by residents themselves. With many foreign families near the school, we also "
            "hold Japanese-language and Japanese-culture classes for foreign children together "
            "with city officers."
        ),
        contact_email="fureai-kamiwada@kyodo.example",
        registered=_local(2003, 5, 20),
        registration_number="Kanagawa NPO No. 2003-0052",
    ),
    DemoGroup(
        key="advisors",
        name="NPO Yamato Child Care Advisors",
        kind=GroupKind.NPO,
        representative="yumi@kyodo.example",
        members=("aiko@kyodo.example",),
        themes=(Theme.CHILDCARE, Theme.HEALTH),
        description=(
            "NPO法人 やまと子育てアドバイザーの会. Certified child-care advisors, many of them "
            "former nursery teachers and public health nurses, who bring advice on meals, sleep, "
            "tantrums and first aid to the places where parents already are."
        ),
        contact_email="advisors@kyodo.example",
        registered=_local(2004, 5, 10),
        registration_number="Kanagawa NPO No. 2004-0110",
    ),
    DemoGroup(
        key="hidamari",
        name="NPO Hidamari Life Support",
        kind=GroupKind.NPO,
        representative="takeshi@kyodo.example",
        members=(),
        themes=(Theme.DISABILITY, Theme.HEALTH),
        description=(
            "ひだまり生活支援センター. Parents of adults with intellectual and physical "
            "disabilities and former care workers, providing evening and weekend care, guided "
            "outings and respite stays, so that families can go on caring at home."
        ),
        contact_email="hidamari@kyodo.example",
        registered=_local(2003, 6, 2),
        registration_number="Kanagawa NPO No. 2001-0388",
    ),
    DemoGroup(
        key="yifa",
        name="Yamato International Friendship Association",
        kind=GroupKind.INTERNATIONAL_EXCHANGE,
        representative="maria@kyodo.example",
        members=(),
        themes=(Theme.INTERNATIONAL, Theme.DISASTER),
        description=(
            "大和市国際交流友の会. A citizens' international exchange association: volunteer "
            "interpreters in Portuguese, Spanish, Chinese, Vietnamese, Khmer and English, "
            "Japanese conversation partners, and a consultation desk for foreign residents "
            "run with the city's International Affairs Division."
        ),
        contact_email="yifa@kyodo.example",
        registered=_local(2003, 5, 26),
    ),
    DemoGroup(
        key="minami",
        name="南林間三丁目自治会",
        kind=GroupKind.NEIGHBOURHOOD,
        representative="jiro@kyodo.example",
        members=(),
        themes=(Theme.DISASTER, Theme.SAFETY, Theme.ELDERLY),
        description=(
            "Minami-Rinkan 3-chome Neighbourhood Association, about 850 households. "
            "防災マップづくり、避難訓練、子どもの見守りパトロール、一人暮らし高齢者の見守りに"
            "取り組んでいます。"
        ),
        contact_email="minami3@kyodo.example",
        registered=_local(2003, 6, 16),
    ),
    DemoGroup(
        key="tsuruma",
        name="Tsuruma Disaster Prevention Volunteers",
        kind=GroupKind.VOLUNTEER,
        representative="emi@kyodo.example",
        members=(),
        themes=(Theme.DISASTER,),
        description=(
            "鶴間防災ボランティアの会. Residents who trained as disaster volunteers; several "
            "of us helped in Niigata after the Chūetsu earthquake of 2004. We train residents, "
            "and prepare with the city how volunteers will be coordinated after a disaster: "
            "securing wide participation, volunteer learning, combining the city's and the "
            "community's resources, and agreeing who does what."
        ),
        contact_email="tsuruma-bousai@kyodo.example",
        registered=_local(2004, 6, 7),
    ),
    DemoGroup(
        key="jiaikai",
        name="Social Welfare Corporation Yamato Jiaikai",
        kind=GroupKind.SOCIAL_WELFARE,
        representative="osamu@kyodo.example",
        members=(),
        themes=(Theme.ELDERLY, Theme.DISABILITY, Theme.HEALTH),
        description=(
            "社会福祉法人 大和慈愛会. Runs a day-service centre and a group home for elderly "
            "people, with nurses, social workers and care staff, and opens its rooms to the "
            "neighbourhood."
        ),
        contact_email="jiaikai@kyodo.example",
        registered=_local(2003, 7, 1),
        registration_number="Kanagawa Social Welfare Corporation No. 1987-0021",
    ),
    DemoGroup(
        key="salon",
        name="いきいきサロン桜ヶ丘",
        kind=GroupKind.VOLUNTEER,
        representative="fumiko@kyodo.example",
        members=(),
        themes=(Theme.ELDERLY, Theme.HEALTH),
        description=(
            "桜ヶ丘地区の有志によるボランティアグループです。一人暮らしの高齢者が気軽に集まれる"
            "お茶会（サロン）を開いています。(Ikiiki Salon Sakuragaoka: tea salons for "
            "elderly people living alone.)"
        ),
        contact_email="salon-sakuragaoka@kyodo.example",
        registered=_local(2003, 6, 23),
    ),
    DemoGroup(
        key="youth",
        name="NPO Yamato Youth Base",
        kind=GroupKind.NPO,
        representative="daisuke@kyodo.example",
        members=(),
        themes=(Theme.YOUTH,),
        description=(
            "Youth workers and university student volunteers offering teenagers a place to "
            "study and to belong: a free study room, drop-in evenings, and a way back to "
            "school or work for those who have dropped out."
        ),
        contact_email="youthbase@kyodo.example",
        registered=_local(2003, 7, 7),
        registration_number="Kanagawa NPO No. 2003-0139",
    ),
    DemoGroup(
        key="hikichi",
        name="Hikichi River Nature Club",
        kind=GroupKind.VOLUNTEER,
        representative="mitsuo@kyodo.example",
        members=(),
        themes=(Theme.ENVIRONMENT, Theme.YOUTH),
        description=(
            "引地川の自然を守る会. Residents who clean up the Hikichi River every month and "
            "teach children about the kingfishers, herons and sweetfish that live along it."
        ),
        contact_email="hikichi@kyodo.example",
        registered=_local(2003, 7, 14),
    ),
    DemoGroup(
        key="tetote",
        name="Sign Language Circle Te-to-Te Yamato",
        kind=GroupKind.VOLUNTEER,
        representative="naoko@kyodo.example",
        members=(),
        themes=(Theme.DISABILITY, Theme.CULTURE),
        description=(
            "手話サークル「手と手」. Deaf and hearing members who teach sign language, "
            "interpret at community events and work for accessible city information."
        ),
        contact_email="tetote@kyodo.example",
        registered=_local(2004, 6, 14),
    ),
    DemoGroup(
        key="kamiwada",
        name="Kamiwada Danchi Residents' Association",
        kind=GroupKind.NEIGHBOURHOOD,
        representative="hiroshi@kyodo.example",
        members=(),
        themes=(Theme.INTERNATIONAL, Theme.ENVIRONMENT, Theme.SAFETY),
        description=(
            "上和田団地自治会. The residents' association of a housing estate of 3,600 "
            "households, about a quarter of them with a foreign-born member (Vietnamese, "
            "Cambodian, Lao, Chinese, Brazilian and Peruvian families). We work for living "
            "together: rules explained in everyone's language, festivals, homework clubs."
        ),
        contact_email="kamiwada-danchi@kyodo.example",
        registered=_local(2004, 6, 21),
    ),
    DemoGroup(
        key="yomikikase",
        name="やまと読み聞かせの会",
        kind=GroupKind.VOLUNTEER,
        representative="keiko@kyodo.example",
        members=(),
        themes=(Theme.CULTURE, Theme.CHILDCARE),
        description=(
            "市内の保育園・図書館・健診会場で絵本の読み聞かせを続けているボランティアの会です。"
            "(Yamato storytelling volunteers: picture books read aloud in nurseries, "
            "libraries and at health check-ups.)"
        ),
        contact_email="yomikikase@kyodo.example",
        registered=_local(2003, 7, 22),
    ),
)


# --- calls ----------------------------------------------------------------------------

PUBLIC_BENEFIT = DemoCriterion(
    "Public benefit",
    "How many residents benefit, how much, and whether the need is real and unmet.",
    3,
    5,
)
CO_PRODUCTION = DemoCriterion(
    "Feasibility of co-production",
    "Whether the group and the department can realistically deliver the service together.",
    2,
    5,
)
CLARITY_OF_ROLES = DemoCriterion(
    "Clarity of roles",
    "Whether it is written down what the group does and what the city department does, "
    "and where the project stops and the city's own services begin.",
    3,
    5,
)
COST_EFFECTIVENESS = DemoCriterion(
    "Cost-effectiveness",
    "Whether the budget is reasonable for the activities and the people reached.",
    1,
    5,
)
SUSTAINABILITY = DemoCriterion(
    "Sustainability",
    "Whether the activity can continue after the first year, and how its results will be "
    "followed with indicators.",
    1,
    5,
)

ALL_THEMES = tuple(Theme)

_PAST_CALL_TEXT = """\
Yamato City invites citizen groups to propose projects that they will carry out **together with
a city department** (協働事業提案制度). {intro}

## Who may apply
Incorporated NPOs, volunteer groups, neighbourhood associations, social welfare corporations and
other citizen groups active in Yamato.

## What a proposal needs
- the need it answers and the activities planned;
- **what the group does and what the city department does**, side by side;
- a budget of at most ¥{maximum:,} and the indicators by which results will be followed.

## How proposals are chosen
The Citizen Partnership committee, a committee of citizens, scores each proposal on the criteria
below and recommends proposals to the mayor, who makes the final selection within the budget of
¥{envelope:,}. Selected projects start after the decision and are budgeted for fiscal year
{fiscal_year} and, if renewed, the following years.
"""

_INTROS = {
    2003: "This is the first call of the programme: any theme is welcome.",
    2004: (
        "In this second call the committee asks proposers to describe in more detail how the "
        "group and the department will work together day to day."
    ),
    2005: (
        "After the first two calls, the committee added a criterion on the **clarity of "
        "roles**: proposals must say where the project stops and the city's own services begin."
    ),
    2006: (
        "This call gives priority to projects that involve residents as volunteers and can "
        "continue after the first year."
    ),
}


# The Citizen Partnership committee: five citizens, chaired by Akiko Mori.
COMMITTEE = tuple(f"reviewer{n}@kyodo.example" for n in range(1, 6))
MAYORS_OFFICE = "mayor@kyodo.example"

# Ana Paula Higa interprets for the international association, so she neither scores nor
# votes on its proposals.
INTERPRETER_CONFLICT = (
    "reviewer4@kyodo.example",
    "yifa",
    "I volunteer as a Portuguese interpreter at the association's consultation desk.",
)


def _past_call(year: int, envelope: int, maximum: int, officer: str, criteria) -> DemoCall:
    return DemoCall(
        key=str(year),
        title=f"Citizen Partnership Proposals {year}",
        fiscal_year=year,
        description=_PAST_CALL_TEXT.format(
            intro=_INTROS[year], maximum=maximum, envelope=envelope, fiscal_year=year
        ),
        budget_envelope=envelope,
        max_per_proposal=maximum,
        criteria=criteria,
        themes=ALL_THEMES,
        officer=officer,
        opens=_local(year, 6, 1, 9),
        closes=_local(year, 9, 30, 17),
        committee=COMMITTEE,
        conflicts=(INTERPRETER_CONFLICT,),
    )


PAST_CALLS: tuple[DemoCall, ...] = (
    _past_call(
        2003,
        8_000_000,
        2_000_000,
        "officer@kyodo.example",
        (PUBLIC_BENEFIT, CO_PRODUCTION, COST_EFFECTIVENESS, SUSTAINABILITY),
    ),
    _past_call(
        2004,
        10_000_000,
        2_500_000,
        "officer@kyodo.example",
        (PUBLIC_BENEFIT, CO_PRODUCTION, COST_EFFECTIVENESS, SUSTAINABILITY),
    ),
    _past_call(
        2005,
        12_000_000,
        3_000_000,
        "officer2@kyodo.example",
        (PUBLIC_BENEFIT, CO_PRODUCTION, CLARITY_OF_ROLES, COST_EFFECTIVENESS, SUSTAINABILITY),
    ),
    _past_call(
        2006,
        12_000_000,
        3_000_000,
        "officer2@kyodo.example",
        (PUBLIC_BENEFIT, CO_PRODUCTION, CLARITY_OF_ROLES, COST_EFFECTIVENESS, SUSTAINABILITY),
    ),
)

# The current call opens this many days before the demo is first loaded and closes this
# many days after, so that groups have something to do whenever the demo is tried.
CURRENT_CALL_OPENED_DAYS_AGO = 21
CURRENT_CALL_CLOSES_IN_DAYS = 42

CURRENT_CALL = DemoCall(
    key="current",
    title="Citizen Partnership Proposals 2027",
    fiscal_year=2027,
    description="""\
Yamato City invites citizen groups to propose projects for **fiscal year 2027** (April 2027 to
March 2028) that they will carry out together with a city department.

Twenty years after the first call, the Citizen Partnership has co-produced services in childcare,
community centres, disaster prevention, care and international exchange. This year the committee
welcomes in particular:

- support for **families and children** with foreign roots;
- **disaster preparedness** that reaches every resident, in plain language and in sign language;
- activities that help **persons with disabilities** take part in the life of the city, with the
  *reasonable accommodation* that the Basic Act asks of everyone.

Every proposal says **what the group does and what the city department does**. The committee
scores proposals on the criteria below and publishes its reasons; the mayor selects within the
budget of ¥20,000,000 (at most ¥3,000,000 per proposal).
""",
    budget_envelope=20_000_000,
    max_per_proposal=3_000_000,
    criteria=(PUBLIC_BENEFIT, CO_PRODUCTION, CLARITY_OF_ROLES, COST_EFFECTIVENESS, SUSTAINABILITY),
    themes=ALL_THEMES,
    officer="officer2@kyodo.example",
)

# The call in review: a special call of the current fiscal year, whose window closed two
# weeks before the demo is first loaded. The committee is half-way through its reviews.
REVIEW_CALL_OPENED_DAYS_AGO = 75
REVIEW_CALL_CLOSED_DAYS_AGO = 14

REVIEW_CALL = DemoCall(
    key="review",
    title="Citizen Partnership Special Call 2026: Safe Together",
    fiscal_year=2026,
    description="""\
After the heavy rains of this summer, when some residents never heard the evacuation advice and
others could not reach an evacuation centre, Yamato City invites citizen groups to propose
**small projects on disaster preparedness and watching over neighbours**, to start in January
2027 and run until March 2028 together with a city department.

We look especially for projects that reach **elderly people living alone, persons with
disabilities and foreign residents**, the residents the summer's evacuation missed most often.

Every proposal says **what the group does and what the city department does**. The Citizen
Partnership committee scores proposals on the criteria below and publishes its reasons; the mayor
selects within the budget of ¥6,000,000 (at most ¥1,000,000 per proposal).
""",
    budget_envelope=6_000_000,
    max_per_proposal=1_000_000,
    criteria=(PUBLIC_BENEFIT, CO_PRODUCTION, CLARITY_OF_ROLES, COST_EFFECTIVENESS, SUSTAINABILITY),
    themes=(Theme.DISASTER, Theme.SAFETY, Theme.ELDERLY, Theme.DISABILITY, Theme.INTERNATIONAL),
    officer="officer2@kyodo.example",
    committee=COMMITTEE,
    conflicts=(INTERPRETER_CONFLICT,),
)


# --- partner departments -------------------------------------------------------------

CHILD_FAMILY = "Child and Family Division"
COMMUNITY = "Community Activities Division"
DISABILITY = "Welfare for Persons with Disabilities Division"
INTERNATIONAL = "International Affairs Division"
DISASTER = "Disaster Prevention Division"
LIFELONG_LEARNING = "Lifelong Learning Division"
ELDERLY = "Elderly Welfare Division"
YOUTH = "Youth Division"
ENVIRONMENT = "Environment Division"


# --- proposals of 2003 ----------------------------------------------------------------

_PROPOSALS_2003 = (
    DemoProposal(
        call="2003",
        group="kosodate",
        title="Childcare support for families: a help line, temporary care and home visits",
        summary=(
            "Trained members of the network answer parents' requests for help (a few hours of "
            "temporary care, a pick-up from nursery, company at a health check-up, a home visit "
            "after a birth) and work with the Child and Family Division so that families who "
            "need more than a neighbour's help reach the city's services in time."
        ),
        need=(
            "Yamato has many young families who moved here for work and have no relatives "
            "nearby. The city's childcare counters are open on weekdays only, and parents tell "
            "us they do not call the city until things are already very difficult. In 2002 our "
            "members received more than 400 requests for help by word of mouth alone.\n\n"
            "There is nothing in between a neighbour's favour and a formal intervention by the "
            "city, and the city learns about families in difficulty too late."
        ),
        activities=(
            "- A help line staffed by members, weekdays 9:00-17:00 and Saturday mornings.\n"
            "- Matching each request (temporary care at home, pick-up from nursery, company "
            "at check-ups) with a trained supporter living nearby.\n"
            "- Home visits within two months of a birth, on referral from the health centre.\n"
            "- A monthly case meeting with city officers about families who may need the "
            "city's support (with the family's consent)."
        ),
        department=CHILD_FAMILY,
        group_role=(
            "Runs the help line and matches requests with supporters; recruits, trains and "
            "insures supporters; keeps a record of every request and of the hours given; brings "
            "families who may need more support to the monthly case meeting."
        ),
        city_role=(
            "Refers families from the health centre and the childcare counter; lends a room in "
            "the Child and Family Support Centre for the help line; takes part in the monthly "
            "case meeting and follows up the families who need the city's intervention; "
            "publicises the service in the city newsletter."
        ),
        beneficiaries=(
            "Families with children under school age, especially those without relatives "
            "nearby, single parents and parents of twins: about 600 families in the first year."
        ),
        timeline=(
            "October 2003: agreement with the Child and Family Division.\n"
            "November 2003: supporter training (four sessions).\n"
            "December 2003: the help line opens.\n"
            "January-March 2004: first case meetings; review of the referral procedure.\n"
            "From April 2004: a full year of service."
        ),
        budget=(
            ("Coordinator's wage (part-time, six months)", 720_000),
            ("Supporter training: instructors and materials", 280_000),
            ("Help line telephone and mobile phones", 150_000),
            ("Volunteer activity insurance", 90_000),
            ("Leaflets and printing", 160_000),
        ),
        indicators=(
            ("Service requests handled", "requests", 0, 1_200),
            ("Activity hours", "hours", 0, 2_000),
        ),
        themes=(Theme.CHILDCARE,),
        decision=SELECTED,
        committee_note=(
            "Members agreed at once: more than 400 requests by word of mouth in 2002 show the "
            "need, and the monthly case meeting gives the city what it lacks, early news of "
            "families in difficulty."
        ),
        votes=(5, 0, 0),
        mayor_reason=(
            "Selected on the committee's recommendation. The Child and Family Division signs "
            "the agreement in October so that the help line opens in December."
        ),
    ),
    DemoProposal(
        call="2003",
        group="fureai",
        title="A community centre in Kamiwada Elementary School after school hours",
        summary=(
            "The NPO manages the school's kitchen, arts and crafts room and a meeting room after "
            "school hours, at weekends and in the holidays, so that residents can run and attend "
            "courses there. With many foreign families near the school, it also holds "
            "Japanese-language and Japanese-culture classes for foreign children with city "
            "officers."
        ),
        need=(
            "Kamiwada has no community centre within walking distance, while the school's "
            "kitchen and crafts room stand empty every evening and weekend. Residents who want "
            "to learn or to teach have nowhere to meet.\n\n"
            "About one pupil in five at the school has a foreign-born parent (Vietnamese, "
            "Cambodian, Lao, Chinese, Brazilian and Peruvian families). Many of these children "
            "fall behind because nobody at home can help them with Japanese."
        ),
        activities=(
            "- Opening the school's special rooms 16:00-21:00 on weekdays and 9:00-17:00 at "
            "weekends, with a member on duty.\n"
            "- Courses organised and taught by our members: cooking, crafts, calligraphy, "
            "health exercise.\n"
            "- Courses organised by the centre and taught by professional teachers.\n"
            "- Rooms lent to residents who organise and teach their own courses.\n"
            "- Japanese-language and Japanese-culture classes for foreign children twice a "
            "week, with volunteer interpreters."
        ),
        department=f"{COMMUNITY}, with the Board of Education",
        group_role=(
            "Manages opening hours, keys, bookings and cleaning; plans and runs the courses; "
            "recruits teachers and volunteer interpreters; runs the Japanese classes; counts "
            "users and participants; keeps the school's rules on safety and on separation from "
            "school activities."
        ),
        city_role=(
            "The Board of Education agrees the use of the rooms and the boundary with school "
            "activities. The Community Activities Division insures the premises and publicises "
            "the centre. Officers of the International Affairs Division plan the Japanese "
            "classes with us and link them to the school's teachers."
        ),
        beneficiaries=(
            "Residents of Kamiwada and the neighbouring districts, of all ages; foreign "
            "children at the elementary school and their parents."
        ),
        timeline=(
            "November 2003: agreement between the NPO, the Board of Education and the "
            "Community Activities Division.\n"
            "December 2003: trial opening two evenings a week.\n"
            "January 2004: the first courses.\n"
            "April 2004: full opening; the Japanese classes start."
        ),
        budget=(
            ("Duty staff honoraria", 900_000),
            ("Course materials and ingredients", 350_000),
            ("Japanese classes: teaching materials and interpreters", 420_000),
            ("Insurance", 80_000),
            ("Cleaning supplies and small equipment", 150_000),
        ),
        indicators=(
            ("Centre users", "users", 0, 8_000),
            ("Courses held", "courses", 0, 60),
            ("Course participants", "participants", 0, 400),
        ),
        themes=(Theme.COMMUNITY_CENTRES, Theme.INTERNATIONAL, Theme.CULTURE),
        decision=SELECTED,
        committee_note=(
            "Members valued opening rooms that stand empty every evening to residents who "
            "teach and learn, and the Japanese classes for foreign children given with city "
            "officers."
        ),
    ),
    DemoProposal(
        call="2003",
        group="hidamari",
        title="Social care for adults with disabilities: home help, outings and weekend respite",
        summary=(
            "Our carers, most of them parents and former staff of care facilities, would provide "
            "home help, guided outings and weekend respite stays for adults with intellectual "
            "and physical disabilities, alongside the care the city already provides."
        ),
        need=(
            "Families caring for an adult son or daughter with disabilities have almost no help "
            "in the evenings and at weekends, when the city's day services are closed. Parents "
            "in their sixties and seventies worry about who will care for their children. "
            "Waiting lists for short stays in facilities outside the city are months long."
        ),
        activities=(
            "- Home help in the evenings: meals, bathing, going to bed.\n"
            "- Guided outings at weekends: shopping, sports, festivals.\n"
            "- Weekend respite stays in a rented house, two residents at a time.\n"
            "- A carers' café once a month."
        ),
        department=DISABILITY,
        group_role=(
            "Provides the carers, the respite house and the outings; trains carers in the care "
            "of people with severe disabilities; keeps care records."
        ),
        city_role="Refers families to us and pays part of the cost of the respite stays.",
        beneficiaries=(
            "About 40 adults with disabilities who live with their families, and their carers."
        ),
        timeline="From January 2004: home help and outings. From April 2004: respite stays.",
        budget=(
            ("Rent of the respite house", 960_000),
            ("Carers' honoraria", 720_000),
            ("Carer training", 150_000),
            ("Insurance", 120_000),
        ),
        indicators=(
            ("Hours of home help", "hours", 0, 1_500),
            ("Respite nights", "nights", 0, 100),
        ),
        themes=(Theme.DISABILITY, Theme.HEALTH),
        decision=RECOMMENDED,
        committee_note=(
            "Recommended by a narrow vote. Members agreed that families caring at home for "
            "an adult son or daughter need help in the evenings and at weekends; several asked "
            "where the group's care would stop and the city's own home-help service begin, "
            "which the proposal does not say."
        ),
        votes=(3, 2, 0),
        mayor_reason=(
            "Not selected this year. The Welfare for Persons with Disabilities Division fears "
            "that the proposed home help would overlap with, and in time replace, the city's "
            "own home-help service, and the proposal does not say where the group's care "
            "stops. The mayor asks the division and the group to agree on the division of "
            "roles together, and encourages a revised proposal."
        ),
    ),
    DemoProposal(
        call="2003",
        group="minami",
        title="南林間わが町防災マップづくりと合同避難訓練",
        summary=(
            "自治会の会員が町内を歩いて危険箇所・避難経路・手助けが必要な方のお宅を確認し、"
            "手づくりの防災マップを作成して全戸に配布します。市の防災課と合同で年2回の"
            "避難訓練を行い、マップを毎年更新します。"
        ),
        need=(
            "南林間三丁目は古い木造住宅と狭い道路が多く、高齢の一人暮らし世帯が増えています。"
            "市のハザードマップは市全体の縮尺のため、どの路地が通れなくなるか、災害時に誰に"
            "声をかけるべきかまでは分かりません。\n\n"
            "阪神・淡路大震災では、がれきの下から救出された人の多くが近所の人に助けられました。"
        ),
        activities=(
            "- 町内を6班に分けたまち歩き点検（ブロック塀、狭い路地、消火栓、井戸）\n"
            "- 災害時に手助けが必要な方の把握（ご本人の同意を得て）\n"
            "- 防災マップの作成・印刷・全戸配布（約850世帯）\n"
            "- 市と合同の避難訓練（年2回）、初期消火・AED講習"
        ),
        department="防災課 (Disaster Prevention Division)",
        group_role=(
            "まち歩き点検と手助けが必要な方の把握、マップの原稿づくり、全戸配布、"
            "訓練当日の班ごとの安否確認を自治会が担います。"
        ),
        city_role=(
            "防災課は市のハザード情報と避難所の情報を提供し、消防本部と連携して訓練の企画と"
            "指導を行います。手助けが必要な方の個人情報の取り扱いについて助言します。"
        ),
        beneficiaries=("南林間三丁目の約850世帯。特に高齢者、障がいのある方、乳幼児のいる世帯。"),
        timeline=(
            "2003年11月：まち歩き点検\n"
            "2004年1月：マップ原稿完成\n"
            "2004年2月：全戸配布\n"
            "2004年3月：第1回合同避難訓練\n"
            "2004年9月：第2回訓練とマップの更新"
        ),
        budget=(
            ("防災マップ印刷費 (map printing)", 380_000),
            ("点検用資材：ヘルメット・腕章・地図", 120_000),
            ("訓練用資材・炊き出し", 150_000),
            ("ボランティア保険 (volunteer insurance)", 30_000),
        ),
        indicators=(
            ("Households receiving the map", "households", 0, 850),
            ("Residents taking part in drills", "participants", 0, 300),
        ),
        themes=(Theme.DISASTER, Theme.SAFETY, Theme.ELDERLY),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2003",
        group="salon",
        title="いきいきサロン：一人暮らし高齢者のための週1回のお茶会",
        summary=(
            "桜ヶ丘の集会所で毎週木曜日にお茶会を開き、一人暮らしの高齢者が気軽に集まって"
            "話し、体操や歌を楽しめる場をつくります。"
        ),
        need=(
            "桜ヶ丘地区では75歳以上の一人暮らしの方が増え、「一日だれとも話さない」という声を"
            "聞きます。閉じこもりは心と体の衰えにつながります。"
        ),
        activities=(
            "- 毎週木曜日13:30〜15:30のお茶会\n"
            "- 月1回の健康体操\n"
            "- 季節の行事（七夕、お月見、もちつき）"
        ),
        department="高齢福祉課 (Elderly Welfare Division)",
        group_role="会場の準備、お茶とお菓子の用意、参加の声かけをボランティアが行います。",
        city_role="高齢福祉課はサロンの案内を広報やまとに掲載します。",
        beneficiaries="桜ヶ丘地区の一人暮らしの高齢者（1回あたり20人程度）。",
        timeline="2004年1月から毎週木曜日。",
        budget=(
            ("会場使用料 (hall hire)", 96_000),
            ("お茶・お菓子代", 144_000),
            ("行事の材料費", 60_000),
        ),
        indicators=(
            ("Salon sessions", "sessions", 0, 48),
            ("Participants", "participants", 0, 900),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH),
    ),
    DemoProposal(
        call="2003",
        group="yifa",
        title="A multilingual daily-life guide and a consultation desk for foreign residents",
        summary=(
            "Volunteer interpreters translate the city's essential information (registration, "
            "garbage, schools, health insurance, emergencies) into six languages, and staff a "
            "consultation desk at city hall two days a week together with officers of the "
            "International Affairs Division."
        ),
        need=(
            "More than 5,000 foreign nationals live in Yamato, many of them from Latin America "
            "and Southeast Asia, and nearly all information from the city is in Japanese only. "
            "Our members are asked every week by neighbours to read letters from the city. "
            "Misunderstandings about garbage rules and school enrolment cause tension in the "
            "housing estates."
        ),
        activities=(
            "- A daily-life guide in Portuguese, Spanish, Chinese, Vietnamese, Khmer and "
            "English, revised every year.\n"
            "- A consultation desk on Tuesdays and Fridays in the city hall lobby.\n"
            "- Volunteer interpreters who accompany residents to school meetings and health "
            "check-ups on request.\n"
            "- Training for interpreters on confidentiality and on the city's procedures."
        ),
        department=INTERNATIONAL,
        group_role=(
            "Recruits and trains volunteer interpreters; translates and proofreads the guide; "
            "staffs the desk; keeps an anonymous record of consultations by topic and language."
        ),
        city_role=(
            "Provides the source texts and checks that the translated procedures are right; "
            "provides the desk and a telephone; an officer sits at the desk to deal on the spot "
            "with cases that need a decision of the city; hands out the guide at the resident "
            "registration counter."
        ),
        beneficiaries=(
            "Foreign residents of Yamato and their Japanese neighbours: about 1,000 "
            "consultations a year."
        ),
        timeline=(
            "November 2003: interpreter training.\n"
            "December 2003-February 2004: translation.\n"
            "March 2004: the guide is published and the desk opens.\n"
            "From April 2004: the desk is open twice a week."
        ),
        budget=(
            ("Translation and proofreading honoraria", 600_000),
            ("Printing the guide: six languages, 6,000 copies", 540_000),
            ("Interpreters at the desk", 480_000),
            ("Interpreter training", 80_000),
        ),
        indicators=(
            ("Consultations", "consultations", 0, 1_000),
            ("Guides distributed", "copies", 0, 5_000),
        ),
        themes=(Theme.INTERNATIONAL,),
        decision=SELECTED,
        awarded=1_450_000,
        amount_reason=(
            "The city's printing office prints the guide at cost, so ¥250,000 of the printing "
            "line is not needed."
        ),
    ),
    DemoProposal(
        call="2003",
        group="hikichi",
        title="Hikichi River clean-up days and a nature watch map",
        summary=(
            "Monthly clean-up walks along the Hikichi River with residents and schools, and a "
            "map of the plants, birds and fish that can be seen along the river, so that more "
            "residents come to know it and care for it."
        ),
        need=(
            "Rubbish thrown into the Hikichi River collects at the weirs and in the reeds, and "
            "few residents know that kingfishers and herons live along it. Younger residents "
            "show little interest in the river."
        ),
        activities=(
            "- Clean-up walks on the second Sunday of each month.\n"
            "- Nature walks with a local naturalist in spring and autumn.\n"
            "- A printed nature watch map."
        ),
        department=ENVIRONMENT,
        group_role="Organises the clean-ups and walks; writes and illustrates the map.",
        city_role=(
            "Collects the rubbish gathered; lends gloves and tongs; distributes the map "
            "through the schools."
        ),
        beneficiaries="Residents along the river; elementary school pupils and their families.",
        timeline="Monthly from December 2003; the map is published in March 2004.",
        budget=(
            ("Map design and printing", 250_000),
            ("Tongs, bags and gloves", 80_000),
            ("Naturalist's honoraria", 60_000),
            ("Volunteer insurance", 30_000),
        ),
        indicators=(
            ("Clean-up participants", "participants", 0, 400),
            ("Rubbish collected", "kg", 0, 1_500),
        ),
        themes=(Theme.ENVIRONMENT,),
    ),
    DemoProposal(
        call="2003",
        group="youth",
        title="An evening study room for junior high school students",
        summary=(
            "University student volunteers help junior high school students with their homework "
            "three evenings a week in a community hall, free of charge, for pupils whose "
            "families cannot afford cram school."
        ),
        need=(
            "About half of Yamato's junior high school students go to private cram schools. "
            "Those whose families cannot afford it, or who have stopped going to school, have "
            "nowhere to study and nobody to ask. Teachers report widening gaps in mathematics "
            "and English by the second year."
        ),
        activities=(
            "- The study room on Monday, Wednesday and Friday, 18:00-20:30.\n"
            "- One volunteer for every three pupils.\n"
            "- A meeting with parents every three months."
        ),
        department=YOUTH,
        group_role="Recruits and coordinates student volunteers, runs the study room.",
        city_role="Lends the room and tells the schools about the study room.",
        beneficiaries="About 30 junior high school students a year.",
        timeline="From January 2004, all year except August.",
        budget=(
            ("Volunteers' transport allowance", 360_000),
            ("Teaching materials", 120_000),
            ("Room hire", 90_000),
        ),
        indicators=(
            ("Pupils attending", "pupils", 0, 30),
            ("Study room evenings", "evenings", 0, 120),
        ),
        themes=(Theme.YOUTH,),
    ),
    DemoProposal(
        call="2003",
        group="yomikikase",
        title="保育園と図書館での絵本の読み聞かせ",
        summary=(
            "会員が市内の保育園と図書館で毎週絵本の読み聞かせを行い、子どもたちが本に親しむ"
            "きっかけをつくります。"
        ),
        need=(
            "テレビやゲームの時間が増え、家庭で絵本を読む機会が減っているといわれます。"
            "保育士さんからも、読み聞かせの時間を取る余裕がないと聞いています。"
        ),
        activities=(
            "- 市立保育園5園で週1回の読み聞かせ\n"
            "- 中央図書館でのおはなし会（毎月第2・第4土曜日）\n"
            "- 季節の大型紙芝居とパネルシアター"
        ),
        department="生涯学習課 (Lifelong Learning Division)",
        group_role="読み聞かせの実施、絵本の選定、会員の研修を行います。",
        city_role="保育園・図書館との日程の調整と会場の提供を行います。",
        beneficiaries="保育園児と図書館に来る親子（年間延べ約3,000人）。",
        timeline="2004年1月から毎週。",
        budget=(
            ("絵本・紙芝居の購入 (picture books)", 200_000),
            ("パネルシアターの材料", 50_000),
            ("会員研修の講師謝礼", 60_000),
        ),
        indicators=(
            ("Storytelling sessions", "sessions", 0, 250),
            ("Children reached", "children", 0, 3_000),
        ),
        themes=(Theme.CHILDCARE, Theme.CULTURE),
    ),
    DemoProposal(
        call="2003",
        group="jiaikai",
        title="Door-to-door transport to day services for elderly people far from the stations",
        summary=(
            "The corporation's wheelchair-accessible vans would take elderly residents of "
            "Fukami, Kamiwada and Shimowada to day services, clinics and shops on fixed weekly "
            "routes."
        ),
        need=(
            "Elderly residents far from the stations who no longer drive cannot reach day "
            "services or the clinic without a taxi. Several have stopped coming to day services "
            "for this reason alone."
        ),
        activities=(
            "- Two weekly routes, on Tuesdays and Fridays.\n"
            "- Door-to-door pick-up with a helper on board."
        ),
        department=ELDERLY,
        group_role="Provides the vans, drivers and helpers; plans the routes.",
        city_role="Pays for the fuel and identifies the residents who need transport.",
        beneficiaries="About 60 elderly residents without transport.",
        timeline="From January 2004.",
        budget=(
            ("Drivers' and helpers' wages", 1_200_000),
            ("Fuel", 300_000),
            ("Vehicle insurance and maintenance", 250_000),
        ),
        indicators=(
            ("Trips", "trips", 0, 2_400),
            ("Registered users", "users", 0, 60),
        ),
        themes=(Theme.ELDERLY,),
    ),
)


# --- proposals of 2004 ----------------------------------------------------------------

_PROPOSALS_2004 = (
    DemoProposal(
        call="2004",
        group="advisors",
        title="Child-care courses for families in a supermarket",
        summary=(
            "Under a remit from the city, our certified child-care advisors hold short courses "
            "and an open consultation corner every week in a large supermarket near Yamato "
            "Station, where parents come anyway, on meals for toddlers, sleep, tantrums and "
            "first aid."
        ),
        need=(
            "The parents who most need advice rarely come to courses at the health centre or "
            "the community hall: they are busy, know nobody there, or fear being judged. Yet "
            "nearly every family with small children shops at the supermarket west of the "
            "station, which has offered us space next to its children's corner."
        ),
        activities=(
            "- 40-minute courses every Wednesday morning and Saturday afternoon.\n"
            "- A consultation corner with two advisors during the courses.\n"
            "- Four courses a year with the city's nutritionists and public health nurses.\n"
            "- Leaflets on the city's childcare services at every session."
        ),
        department=CHILD_FAMILY,
        group_role=(
            "Plans the course programme; provides qualified child-care advisors; runs the "
            "sessions and the consultation corner; deals with the supermarket; writes a short "
            "report after every course."
        ),
        city_role=(
            "Gives the NPO its remit and the themes the city wants covered; sends nutritionists "
            "and public health nurses to four courses a year; provides the leaflets; receives "
            "from the advisors, with the parents' consent, families who need further support."
        ),
        beneficiaries=(
            "Parents and grandparents of children aged 0 to 6 who shop in central Yamato."
        ),
        timeline=(
            "November 2004: agreement with the supermarket and the Child and Family Division.\n"
            "December 2004: the first courses.\n"
            "From April 2005: weekly courses all year."
        ),
        budget=(
            ("Advisors' honoraria", 960_000),
            ("Course materials and display boards", 180_000),
            ("Leaflets", 90_000),
            ("Insurance", 40_000),
        ),
        indicators=(
            ("Courses held", "courses", 0, 90),
            ("Participants", "participants", 0, 900),
        ),
        themes=(Theme.CHILDCARE, Theme.HEALTH),
        decision=SELECTED,
        committee_note=(
            "Members welcomed taking advice to where parents already are. Asked how results "
            "would be measured, the group answered that it would report courses, participants "
            "and what parents say, since the effect on families cannot be counted."
        ),
    ),
    DemoProposal(
        call="2004",
        group="tsuruma",
        title="Training disaster volunteers and a coordination manual for a volunteer centre",
        summary=(
            "We will train residents as disaster volunteers and write, with the Disaster "
            "Prevention Division and the social welfare council, a manual for running a disaster "
            "volunteer centre in Yamato: how volunteers are registered, matched to needs and "
            "kept safe."
        ),
        need=(
            "After the Chūetsu earthquake in October 2004 several of our members volunteered in "
            "Niigata and saw volunteer centres overwhelmed by people who came to help with "
            "nobody to coordinate them. Yamato has no plan for receiving volunteers after a "
            "disaster."
        ),
        activities=(
            "- A six-session training course for residents, twice a year.\n"
            "- A coordination manual built on the four functions of coordination: securing "
            "wide participation; volunteer learning; combining the city's and the community's "
            "resources; agreeing roles inside the centre and working with others outside it.\n"
            "- A simulation exercise of the volunteer centre with city officers.\n"
            "- Talks at neighbourhood associations."
        ),
        department=DISASTER,
        group_role=(
            "Designs and runs the training; drafts the manual; organises the simulation and the "
            "talks; keeps the list of trained volunteers up to date."
        ),
        city_role=(
            "Fits the volunteer centre into the city's disaster plan; names the officers who "
            "will work with the centre; reviews the manual; takes part in the simulation."
        ),
        beneficiaries=(
            "Residents who want to help after a disaster (about 80 trained a year) and, in a "
            "disaster, everybody in Yamato."
        ),
        timeline=(
            "November 2004-March 2005: the first course and a draft manual.\n"
            "June 2005: simulation exercise.\n"
            "September 2005 (disaster prevention month): the manual is published."
        ),
        budget=(
            ("Trainers' honoraria", 420_000),
            ("Editing and printing the manual", 380_000),
            ("Simulation exercise materials", 200_000),
            ("Volunteer insurance", 50_000),
        ),
        indicators=(
            ("Volunteers trained", "volunteers", 0, 80),
            ("Talks at neighbourhood associations", "talks", 0, 12),
        ),
        themes=(Theme.DISASTER, Theme.SAFETY),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2004",
        group="salon",
        title="いきいきサロンを3か所に広げ、市の見守りとつなぐ事業",
        summary=(
            "桜ヶ丘で続けてきたお茶会を、地区内3か所の自治会集会所に広げます。参加者の様子で"
            "気になることがあれば、ご本人の了解のもと地域包括支援センターと高齢福祉課に伝え、"
            "早めの支援につなげます。"
        ),
        need=(
            "2003年度から自主的に続けてきたお茶会には毎回20人以上が参加していますが、遠くて来られない"
            "方がいます。また、元気がない、物忘れが目立つといった変化に気づいても、どこに"
            "伝えればよいか分かりませんでした。"
        ),
        activities=(
            "- 3か所（桜ヶ丘・福田・下和田）で週1回ずつのサロン\n"
            "- 保健師による月1回の健康相談と体操\n"
            "- 気になる方の様子を伝える連絡票（ご本人の同意のうえ）\n"
            "- ボランティア向けの認知症サポーター養成講座"
        ),
        department="高齢福祉課 (Elderly Welfare Division)",
        group_role=(
            "サロンの運営、ボランティアの確保と研修、参加者への声かけ、連絡票の記入を会が担います。"
        ),
        city_role=(
            "高齢福祉課は保健師を派遣し、連絡票を受けて地域包括支援センターとともに訪問などの"
            "対応を行い、その結果を個人情報に配慮してサロンに伝えます。集会所の使用について"
            "自治会連絡協議会に協力を依頼します。"
        ),
        beneficiaries="桜ヶ丘・福田・下和田地区の高齢者（年間延べ3,000人程度）とその家族。",
        timeline=(
            "2004年12月：会場との調整、ボランティア研修\n"
            "2005年1月：3か所でサロン開始\n"
            "2005年4月以降：通年実施、半年ごとに市と振り返り"
        ),
        budget=(
            ("会場使用料 (hall hire)", 180_000),
            ("お茶・お菓子・材料費", 300_000),
            ("認知症サポーター養成講座", 40_000),
            ("ボランティア保険", 30_000),
            ("送迎ボランティアの交通費", 100_000),
        ),
        indicators=(
            ("Salon sessions", "sessions", 0, 144),
            ("Participants", "participants", 0, 3_000),
            ("Referrals to the community support centre", "referrals", 0, 10),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2004",
        group="tetote",
        title="Sign-language interpretation at city events and introductory courses",
        summary=(
            "The circle's members, several of them deaf, will interpret city events in sign "
            "language and hold a ten-week introductory course in three community centres, so "
            "that deaf residents can take part in the life of the city."
        ),
        need=(
            "Only two certified sign-language interpreters are registered with the city, and "
            "they are booked for hospital and court appointments. Deaf residents tell us they "
            "do not come to city events, public hearings or festivals because they cannot "
            "follow anything."
        ),
        activities=(
            "- Interpretation at 24 city events a year (festivals, citizens' hearings, "
            "lectures), on request of the organising division.\n"
            "- Ten-week introductory courses taught by deaf members with hearing members.\n"
            "- A short guide for city staff on booking interpretation and on communicating with "
            "deaf residents."
        ),
        department=DISABILITY,
        group_role=(
            "Provides interpreters and deaf instructors; runs the courses; writes the guide."
        ),
        city_role=(
            "Books interpretation through a single contact in the Welfare for Persons with "
            "Disabilities Division; marks interpreted events in the city newsletter; lends the "
            "course rooms; sends the staff guide to every division."
        ),
        beneficiaries=(
            "About 150 deaf and hard-of-hearing residents; about 60 residents a year learning "
            "sign language; city staff."
        ),
        timeline=(
            "December 2004: the booking procedure is agreed.\n"
            "January 2005: the first interpreted events.\n"
            "April-June and October-December 2005: courses."
        ),
        budget=(
            ("Interpreters' honoraria", 720_000),
            ("Instructors' honoraria", 360_000),
            ("Course materials and video", 150_000),
            ("Printing the staff guide", 70_000),
        ),
        indicators=(
            ("Events interpreted", "events", 0, 24),
            ("Course participants", "participants", 0, 60),
        ),
        themes=(Theme.DISABILITY, Theme.CULTURE),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2004",
        group="kamiwada",
        title="Living together in Kamiwada Danchi: garbage and estate rules in every language",
        summary=(
            "Residents of the estate, Japanese and foreign-born, explain garbage sorting and the "
            "estate's rules door to door in the residents' own languages, put up multilingual "
            "signs at every collection point, and welcome new households every quarter."
        ),
        need=(
            "About a quarter of the 3,600 households in the estate have a foreign-born member. "
            "Wrongly sorted garbage is left at collection points for days and causes complaints "
            "and distrust on both sides. The city's leaflets reach the letterboxes but are not "
            "read."
        ),
        activities=(
            "- Door-to-door visits by pairs of residents, one Japanese and one foreign-born, to "
            "every new household.\n"
            "- Multilingual signs at the 48 collection points.\n"
            "- Quarterly welcome meetings with interpreters.\n"
            "- A monthly sorting day at the estate's meeting hall."
        ),
        department=f"Waste Reduction Division, with the {INTERNATIONAL}",
        group_role=(
            "Organises the visits and the meetings; recruits resident pairs and interpreters; "
            "makes and maintains the signs; reports collection points where problems persist."
        ),
        city_role=(
            "The Waste Reduction Division provides the sorting rules, checks the translated "
            "signs and adjusts collection where problems persist; the International Affairs "
            "Division introduces interpreters and translates the welcome pack; both send an "
            "officer to the welcome meetings."
        ),
        beneficiaries=(
            "The 3,600 households of Kamiwada Danchi, especially newly arrived foreign residents."
        ),
        timeline=(
            "November 2004: sign design.\n"
            "December 2004: signs installed.\n"
            "From January 2005: visits and quarterly welcome meetings."
        ),
        budget=(
            ("Multilingual signs for 48 collection points", 480_000),
            ("Interpreters' honoraria", 360_000),
            ("Printing the welcome pack", 160_000),
            ("Meeting costs", 60_000),
        ),
        indicators=(
            ("Households visited", "households", 0, 400),
            ("Welcome meeting participants", "participants", 0, 160),
        ),
        themes=(Theme.INTERNATIONAL, Theme.ENVIRONMENT),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2004",
        group="youth",
        title="An evening drop-in space for teenagers at the Youth Centre",
        summary=(
            "Youth workers and volunteers would open the Youth Centre's lounge on weekday "
            "evenings as a drop-in space where teenagers can spend time, play music and talk to "
            "adults they trust, with a referral route to the city's youth counselling."
        ),
        need=(
            "The police and the schools report young people gathering late at night at the "
            "stations and convenience stores. The Youth Centre closes at 17:00 on weekdays, "
            "exactly when teenagers are free."
        ),
        activities=(
            "- The drop-in space from Tuesday to Friday, 17:00-21:00.\n"
            "- Music and sports activities planned with the teenagers.\n"
            "- Youth workers trained in listening and in referral."
        ),
        department=YOUTH,
        group_role=(
            "Staffs the drop-in with a trained youth worker and volunteers; plans activities "
            "with the young people; records visits and referrals."
        ),
        city_role=(
            "Extends the Youth Centre's opening hours and pays the building's running costs; "
            "the youth counselling service receives referrals."
        ),
        beneficiaries="Young people aged 13 to 19: about 40 regular users.",
        timeline="From January 2005.",
        budget=(
            ("Youth workers' wages", 1_440_000),
            ("Activities and equipment", 300_000),
            ("Training in listening and referral", 120_000),
            ("Insurance", 40_000),
        ),
        indicators=(
            ("Visits", "visits", 0, 3_000),
            ("Referrals to youth counselling", "referrals", 0, 12),
        ),
        themes=(Theme.YOUTH,),
        decision=RECOMMENDED,
        committee_note=(
            "Recommended: the police and the schools confirm the need, and the group's youth "
            "workers are experienced. Members noted that the city's part, longer opening hours "
            "at the Youth Centre, decides whether the project can start."
        ),
        mayor_reason=(
            "Not selected this year. Opening the Youth Centre on weekday evenings needs a "
            "change to the centre's regulations and staff rota that the Youth Division cannot "
            "make before April 2005. The mayor asks the division to prepare it with the group, "
            "so that a proposal to the next call can start at once."
        ),
    ),
    DemoProposal(
        call="2004",
        group="hikichi",
        title="River classes: environmental education on the Hikichi River for fourth-graders",
        summary=(
            "Members take fourth-grade classes to the river to test the water and observe "
            "insects and fish, and help the teachers prepare a follow-up lesson."
        ),
        need=(
            "The fourth-grade curriculum covers the local environment, but teachers lack the "
            "knowledge and the adults needed to take a class safely to the river."
        ),
        activities=(
            "- River classes for eight schools, in spring and autumn.\n"
            "- Simple water-quality tests with the pupils.\n"
            "- A guide for teachers."
        ),
        department=f"{ENVIRONMENT}, with the Board of Education",
        group_role=(
            "Plans and leads the river classes; provides safety volunteers; writes the guide."
        ),
        city_role="Arranges the classes with the schools; pays for test kits; checks the sites.",
        beneficiaries="About 700 fourth-grade pupils in eight elementary schools.",
        timeline="From April 2005, in the spring and autumn terms.",
        budget=(
            ("Water-quality test kits", 180_000),
            ("Life jackets and waders", 260_000),
            ("Printing the teachers' guide", 120_000),
            ("Insurance", 40_000),
        ),
        indicators=(
            ("River classes", "classes", 0, 16),
            ("Pupils taking part", "pupils", 0, 700),
        ),
        themes=(Theme.ENVIRONMENT, Theme.YOUTH),
    ),
    DemoProposal(
        call="2004",
        group="yomikikase",
        title="乳幼児健診での絵本の読み聞かせと「はじめての絵本」講座",
        summary=(
            "4か月児健診の待ち時間に、会員が赤ちゃんと保護者に絵本を読み、赤ちゃんとの絵本の"
            "楽しみ方を伝えます。"
        ),
        need=(
            "健診会場では待ち時間が長く、保護者が退屈したり不安になったりしています。"
            "赤ちゃんに絵本はまだ早いと思っている方も多くいます。"
        ),
        activities=(
            "- 4か月児健診（月2回）での読み聞かせ\n"
            "- 図書館での「はじめての絵本」講座（年4回）\n"
            "- おすすめ絵本リストの配布"
        ),
        department="健康づくり推進課 (Health Promotion Division)",
        group_role="読み聞かせと講座の実施、絵本リストの作成。",
        city_role="健診会場での時間と場所の確保、リストの配布。",
        beneficiaries="4か月児とその保護者（年間約1,800組）。",
        timeline="2005年1月から。",
        budget=(
            ("絵本の購入", 150_000),
            ("リスト印刷", 90_000),
            ("講座の講師謝礼", 60_000),
        ),
        indicators=(
            ("Families reached at check-ups", "families", 0, 1_800),
            ("Courses", "courses", 0, 4),
        ),
        themes=(Theme.CHILDCARE, Theme.CULTURE),
    ),
    DemoProposal(
        call="2004",
        group="jiaikai",
        title="A dementia café in the corporation's day-service centre",
        summary=(
            "A monthly café where people with early dementia, their families and neighbours "
            "meet over coffee, with a nurse and a social worker present for informal advice."
        ),
        need=(
            "Families caring for a relative with dementia often hide it from the neighbours and "
            "come to services only in a crisis."
        ),
        activities=(
            "- A café on one Saturday afternoon a month.\n"
            "- Short talks by the corporation's nurses."
        ),
        department=ELDERLY,
        group_role="Provides the room, the staff and the refreshments.",
        city_role="Publicises the café.",
        beneficiaries="People with dementia and their families: about 20 per café.",
        timeline="Monthly from January 2005.",
        budget=(
            ("Staff time", 240_000),
            ("Refreshments", 60_000),
            ("Leaflets", 40_000),
        ),
        indicators=(
            ("Café sessions", "sessions", 0, 12),
            ("Participants", "participants", 0, 240),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH),
    ),
    DemoProposal(
        call="2004",
        group="kosodate",
        title="A training course for new childcare supporters",
        summary=(
            "A twelve-hour course that prepares residents to become supporters for the "
            "network's help line: child development, safety, first aid, confidentiality, and "
            "when to involve the city."
        ),
        need=(
            "Requests to our help line grew faster than we expected in its first year, and we "
            "cannot answer all of them. We need twice as many trained supporters."
        ),
        activities=(
            "- Two twelve-hour courses a year.\n"
            "- A placement with an experienced supporter.\n"
            "- Follow-up meetings for new supporters."
        ),
        department=CHILD_FAMILY,
        group_role="Designs and runs the course, provides placements, registers new supporters.",
        city_role=(
            "Sends public health nurses to teach the sessions on child development and on "
            "preventing abuse; publicises the course."
        ),
        beneficiaries=(
            "About 40 new supporters a year and, through them, the families who ask for help."
        ),
        timeline="Courses in January and June 2005.",
        budget=(
            ("Instructors' honoraria", 240_000),
            ("First aid course fees", 80_000),
            ("Materials and textbooks", 120_000),
            ("Childcare for participants during the course", 60_000),
        ),
        indicators=(("Supporters trained", "supporters", 0, 40),),
        themes=(Theme.CHILDCARE,),
        author="aiko@kyodo.example",
    ),
    DemoProposal(
        call="2004",
        group="minami",
        title="Children's safe way to school: a neighbourhood patrol and refuge houses",
        summary=(
            "Members stand at crossings and walk the routes to the two local schools when "
            "children go and come back, and register 'children's refuge houses' (kodomo "
            "110-ban) along the way."
        ),
        need=(
            "After incidents involving children near stations in Kanagawa this year, parents "
            "asked the association to act. Many retired residents are willing to help if the "
            "patrol is organised."
        ),
        activities=(
            "- A patrol rota on school days, mornings and afternoons.\n"
            "- Registering refuge houses and shops.\n"
            "- A yearly walk with pupils to check the routes."
        ),
        department="Community Safety Division",
        group_role="Organises the rota, recruits patrol volunteers, registers refuge houses.",
        city_role=(
            "Provides vests, armbands and refuge-house stickers; shares information on "
            "incidents from the police."
        ),
        beneficiaries="About 700 pupils of the two schools.",
        timeline="From December 2004.",
        budget=(
            ("Vests, caps and armbands", 180_000),
            ("Refuge-house stickers and route map", 90_000),
            ("Volunteer insurance", 60_000),
        ),
        indicators=(
            ("Patrol volunteers", "volunteers", 0, 60),
            ("Refuge houses registered", "houses", 0, 40),
        ),
        themes=(Theme.SAFETY, Theme.CHILDCARE),
    ),
    DemoProposal(
        call="2004",
        group="yifa",
        title="Japanese conversation partners for adult foreign residents",
        summary=(
            "Weekly one-to-one conversation sessions that pair Japanese volunteers with adult "
            "foreign residents who want to practise everyday Japanese for work, the doctor's "
            "and their children's school."
        ),
        need=(
            "Adult foreign residents who work shifts cannot attend the existing evening classes. "
            "Many understand some Japanese but never have the chance to speak it."
        ),
        activities=(
            "- One-to-one sessions at times that suit both partners, at the international "
            "lounge.\n"
            "- Training for conversation partners.\n"
            "- A party every three months."
        ),
        department=INTERNATIONAL,
        group_role="Recruits and trains partners, matches pairs, runs the lounge.",
        city_role="Lends the international lounge in the evenings and at weekends.",
        beneficiaries="About 60 adult foreign residents a year.",
        timeline="From January 2005.",
        budget=(
            ("Partner training", 120_000),
            ("Learning materials", 150_000),
            ("Lounge running costs", 180_000),
        ),
        indicators=(
            ("Pairs formed", "pairs", 0, 60),
            ("Conversation sessions", "sessions", 0, 1_500),
        ),
        themes=(Theme.INTERNATIONAL, Theme.CULTURE),
    ),
)


# --- proposals of 2005 ----------------------------------------------------------------

_PROPOSALS_2005 = (
    DemoProposal(
        call="2005",
        group="hidamari",
        title=(
            "Co-produced life support for adults with disabilities: evening and weekend care "
            "alongside the city's home-help service"
        ),
        summary=(
            "A revised proposal, prepared with the Welfare for Persons with Disabilities "
            "Division: the NPO provides care in the hours the city's home-help service does not "
            "cover (evenings, weekends, respite stays), the city keeps assessment and care "
            "planning, and both meet every month on shared cases."
        ),
        need=(
            "The need we described in 2003 has not gone away: families caring for adults with "
            "disabilities have no help in the evenings and at weekends, and parents are "
            "growing old.\n\n"
            "Our 2003 proposal was recommended by the committee but not selected. The division "
            "feared that it would replace the city's own home-help service, and our proposal "
            "did not say where our work would stop. In 2004 we met the division's staff six "
            "times. We now agree on the line: the city's service covers weekday daytime care "
            "and assesses every person; families have no help in the evenings and at weekends, "
            "and that is where we would work."
        ),
        activities=(
            "- Evening home help (17:00-22:00) and weekend guided outings, for people the city "
            "has assessed.\n"
            "- Weekend respite stays in the NPO's house, two residents at a time.\n"
            "- A monthly joint case meeting with the city's caseworkers.\n"
            "- A carers' café once a month."
        ),
        department=DISABILITY,
        group_role=(
            "Delivers evening and weekend care, outings and respite stays to people the city "
            "has assessed; trains and supervises the carers; records hours and incidents and "
            "reports them every month. Does not take on weekday daytime home help, which stays "
            "with the city."
        ),
        city_role=(
            "Assesses each person and writes the care plan; decides who is referred; keeps "
            "weekday daytime home help as its own service; chairs the monthly joint case "
            "meeting; inspects the respite house once a year; publishes the division of roles "
            "on the city's website."
        ),
        beneficiaries=(
            "About 40 adults with intellectual or physical disabilities who live with their "
            "families, and their carers."
        ),
        timeline=(
            "October 2005: written agreement on the division of roles.\n"
            "November 2005: carer training.\n"
            "December 2005: evening care and outings start.\n"
            "April 2006: respite stays start.\n"
            "Every month: joint case meeting. March 2006 and March 2007: joint review of the "
            "division of roles."
        ),
        budget=(
            ("Rent of the respite house", 960_000),
            ("Carers' wages, evenings and weekends", 1_200_000),
            ("Carer training", 180_000),
            ("Insurance", 120_000),
            ("Accessibility adaptations to the house", 300_000),
        ),
        indicators=(
            ("Hours of evening and weekend care", "hours", 0, 2_000),
            ("Respite nights", "nights", 0, 120),
            ("Joint case meetings", "meetings", 0, 12),
        ),
        themes=(Theme.DISABILITY, Theme.HEALTH),
        decision=SELECTED,
        committee_note=(
            "Two years after its first proposal the group returns with the division: the line "
            "between the city's weekday home help and the group's evening and weekend care is "
            "written down, and the monthly joint case meeting answers the committee's question "
            "of 2003."
        ),
        mayor_reason=(
            "Selected. The division of roles agreed with the Welfare for Persons with "
            "Disabilities Division answers the concern that kept the 2003 proposal back; the "
            "division publishes it on the city's website before the care starts."
        ),
    ),
    DemoProposal(
        call="2005",
        group="jiaikai",
        title="Dementia cafés and family carers' meetings in four districts",
        summary=(
            "Revised from our 2004 proposal: a monthly dementia café in four districts, run by "
            "the corporation's nurses with trained neighbourhood volunteers and linked to the "
            "city's community support centres, so that families get help before a crisis."
        ),
        need=(
            "The trial café we have run ourselves since January 2005 is full every month, but most "
            "visitors come from the "
            "streets around our centre. Families elsewhere still hide dementia until a crisis, "
            "and the community support centres tell us they meet families too late."
        ),
        activities=(
            "- A monthly café in Chūō-Rinkan, Minami-Rinkan, Sakuragaoka and Tsuruma.\n"
            "- A family carers' meeting after each café.\n"
            "- A dementia supporter course for volunteers."
        ),
        department=ELDERLY,
        group_role=(
            "Runs the cafés and the family meetings with nurses and social workers; trains "
            "volunteers; records attendance and the questions raised."
        ),
        city_role=(
            "The community support centres attend each café and follow up the families who ask "
            "for help; the Elderly Welfare Division publicises the cafés and runs the supporter "
            "course with us."
        ),
        beneficiaries="People with dementia and their families: about 500 visits a year.",
        timeline=(
            "November 2005: volunteers' course.\n"
            "December 2005: cafés open in two districts.\n"
            "April 2006: all four districts."
        ),
        budget=(
            ("Nurses' and social workers' time", 720_000),
            ("Venue hire", 192_000),
            ("Refreshments", 144_000),
            ("Volunteers' course", 80_000),
            ("Leaflets", 64_000),
        ),
        indicators=(
            ("Café visits", "visits", 0, 500),
            ("Families referred to a support centre", "families", 0, 30),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2005",
        group="youth",
        title="A place to belong: study support and drop-in evenings for teenagers",
        summary=(
            "We bring together our study room and the drop-in evenings the committee recommended "
            "in 2004: four evenings a week at the Youth Centre, with youth workers, student "
            "volunteers, and an agreed route to the schools and the city's youth counselling."
        ),
        need=(
            "Since 2004 our volunteer-run study room has had a waiting list, and a third of the "
            "teenagers who come have stopped going to school for a time. They need both help "
            "with studying and adults to talk to."
        ),
        activities=(
            "- Study support on Monday and Wednesday, drop-in on Tuesday and Friday, "
            "17:00-21:00.\n"
            "- A monthly meeting with school counsellors (with the young person's consent).\n"
            "- Outings in the school holidays."
        ),
        department=YOUTH,
        group_role=(
            "Staffs every evening with a paid youth worker and volunteers; keeps records of "
            "attendance and referrals; plans activities with the young people."
        ),
        city_role=(
            "Opens the Youth Centre until 21:00 on these evenings; the youth counselling service "
            "takes referrals and joins the monthly meeting; the Board of Education tells schools "
            "about the project."
        ),
        beneficiaries="About 60 young people aged 12 to 18.",
        timeline="December 2005: start. From April 2006: four evenings a week all year.",
        budget=(
            ("Youth workers' wages", 1_200_000),
            ("Volunteers' transport allowance", 240_000),
            ("Teaching materials and activities", 120_000),
            ("Insurance", 40_000),
        ),
        indicators=(
            ("Young people attending", "young people", 0, 60),
            ("Evenings open", "evenings", 0, 150),
        ),
        themes=(Theme.YOUTH,),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2005",
        group="hikichi",
        title="Hikichi River nature school for children and families",
        summary=(
            "Building on two years of clean-ups: a nature school of eight Saturday sessions a "
            "year on the Hikichi River for children and their parents, and river classes for "
            "fourth-graders organised with the schools."
        ),
        need=(
            "Families who joined our clean-ups asked for more: children want to catch and "
            "identify fish and insects, and parents want to learn how to do it safely. Schools "
            "asked again for help with river classes."
        ),
        activities=(
            "- Eight Saturday sessions: water testing, insects, fish, birds, plants, a night "
            "walk.\n"
            "- River classes for six schools.\n"
            "- A yearly exhibition of the children's findings at city hall."
        ),
        department=f"{ENVIRONMENT}, with the Board of Education",
        group_role="Leads every session with safety volunteers; prepares the exhibition.",
        city_role=(
            "Checks the river sites for safety with the river office; arranges the school "
            "classes; lends the city hall lobby for the exhibition."
        ),
        beneficiaries="About 120 children with their parents, and 500 fourth-grade pupils.",
        timeline="From April 2006; exhibition in February 2007.",
        budget=(
            ("Safety equipment", 260_000),
            ("Test kits and nets", 220_000),
            ("Naturalists' honoraria", 240_000),
            ("Exhibition", 100_000),
            ("Insurance", 80_000),
        ),
        indicators=(
            ("Nature school participants", "participants", 0, 120),
            ("Pupils in river classes", "pupils", 0, 500),
        ),
        themes=(Theme.ENVIRONMENT, Theme.YOUTH),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2005",
        group="yomikikase",
        title="読み聞かせボランティア養成講座と地域文庫のネットワークづくり",
        summary=(
            "読み聞かせをしたい市民のための養成講座を開き、市内の地域文庫・子ども文庫を結ぶ"
            "ネットワークをつくって、どの地区の子どもも身近な場所で絵本に出会えるようにします。"
        ),
        need=(
            "保育園や学校からの読み聞かせの依頼が増え、会員だけでは応えきれません。地域には"
            "個人や自治会が運営する文庫がありますが、互いのつながりがなく、本の入れ替えも"
            "できていません。"
        ),
        activities=(
            "- 全6回の養成講座（年2回）\n"
            "- 地域文庫連絡会の開催と、文庫どうしの絵本の貸し借り\n"
            "- 養成講座修了者による読み聞かせの実施"
        ),
        department="生涯学習課 (Lifelong Learning Division) と図書館",
        group_role="講座の企画と講師、連絡会の運営、修了者の活動先の調整を行います。",
        city_role=(
            "図書館が会場と団体貸出の仕組みを提供し、生涯学習課が講座を広報します。"
            "地域文庫の一覧を図書館のホームページに載せます。"
        ),
        beneficiaries="読み聞かせボランティアを目指す市民（年40人）と、各地区の子どもたち。",
        timeline="2005年11月：第1回講座　2006年1月：文庫連絡会発足　2006年6月：第2回講座",
        budget=(
            ("講師謝礼", 120_000),
            ("講座テキスト・絵本", 180_000),
            ("連絡会の運営費", 60_000),
            ("絵本の運搬用ケース", 90_000),
        ),
        indicators=(
            ("Volunteers trained", "volunteers", 0, 40),
            ("Community libraries in the network", "libraries", 0, 15),
        ),
        themes=(Theme.CULTURE, Theme.CHILDCARE),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2005",
        group="yifa",
        title="Disaster preparedness for foreign residents: multilingual drills and interpreters",
        summary=(
            "With the International Affairs and Disaster Prevention divisions, we will hold "
            "disaster drills for foreign residents in six languages, translate the city's "
            "disaster information, and train a list of volunteer interpreters who can be "
            "called to evacuation centres."
        ),
        need=(
            "In our consultations, foreign residents say they do not know where their "
            "evacuation centre is or what the emergency announcements mean. In the Chūetsu "
            "earthquake, foreign residents in evacuation centres could not follow what was "
            "happening."
        ),
        activities=(
            "- Two multilingual drills a year at evacuation centres near the housing estates.\n"
            "- Translating the disaster guide and the evacuation centre signs.\n"
            "- Training 30 volunteer interpreters for evacuation centres."
        ),
        department=f"{INTERNATIONAL}, with the {DISASTER}",
        group_role=(
            "Organises the drills with the neighbourhood associations; translates the guide; "
            "recruits, trains and keeps the list of interpreters."
        ),
        city_role=(
            "The Disaster Prevention Division includes the drills in its programme, provides "
            "the source texts and writes the interpreter list into the evacuation centre "
            "manual; the International Affairs Division checks translations and calls the "
            "interpreters in a disaster."
        ),
        beneficiaries="Foreign residents of Yamato, especially recent arrivals.",
        timeline=(
            "November 2005: interpreter training starts.\n"
            "January 2006: first drill.\n"
            "September 2006: second drill; the translated guide is published."
        ),
        budget=(
            ("Translation of the disaster guide and signs", 540_000),
            ("Interpreter training", 240_000),
            ("Drill materials and emergency food", 360_000),
            ("Printing", 300_000),
            ("Insurance", 60_000),
        ),
        indicators=(
            ("Foreign residents taking part in drills", "participants", 0, 200),
            ("Interpreters trained", "interpreters", 0, 30),
        ),
        themes=(Theme.INTERNATIONAL, Theme.DISASTER),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2005",
        group="fureai",
        title=(
            "A teachers' register: courses taught by residents in the school kitchen and "
            "crafts room"
        ),
        summary=(
            "More and more residents want to teach their own courses at the community centre. "
            "A register of resident teachers, a short training on running a course, and a "
            "booking system shared with the school."
        ),
        need=(
            "Residents offer to teach cooking from their home countries, knitting, origami or "
            "smartphone basics, but do not know how to organise a course, and bookings on paper "
            "clash with school events."
        ),
        activities=(
            "- A register of resident teachers.\n"
            "- A two-session training on running a course.\n"
            "- A shared booking calendar with the school."
        ),
        department=COMMUNITY,
        group_role="Keeps the register, runs the training, manages the bookings.",
        city_role="Agrees the booking rules with the school; publicises the courses.",
        beneficiaries="Resident teachers (about 30) and their course participants.",
        timeline="From December 2005.",
        budget=(
            ("Training for resident teachers", 180_000),
            ("Booking system and computer", 320_000),
            ("Course starter materials", 200_000),
        ),
        indicators=(
            ("Courses organised and taught by residents", "courses", 0, 30),
            ("Participants", "participants", 0, 200),
        ),
        themes=(Theme.COMMUNITY_CENTRES, Theme.CULTURE),
        author="maria@kyodo.example",
    ),
    DemoProposal(
        call="2005",
        group="minami",
        title="一人暮らし高齢者の見守りネットワーク",
        summary=(
            "自治会の班ごとに見守り協力員を置き、一人暮らしの高齢者のお宅を定期的に訪ね、"
            "異変に気づいたら市に連絡する仕組みをつくります。"
        ),
        need=(
            "町内で一人暮らしの高齢者が亡くなってから数日間気づかれなかったことがありました。"
            "近所の人は心配していても、どこまで立ち入ってよいか迷っています。"
        ),
        activities=(
            "- 班ごとの見守り協力員（約30人）\n- 月2回の声かけ訪問\n- 緊急連絡カードの配布"
        ),
        department="高齢福祉課 (Elderly Welfare Division)",
        group_role="見守り協力員の募集と訪問、連絡カードの配布。",
        city_role="連絡を受けた際の対応。",
        beneficiaries="南林間三丁目の一人暮らし高齢者（約90人）。",
        timeline="2006年1月から。",
        budget=(
            ("協力員研修", 80_000),
            ("緊急連絡カード・マグネット", 130_000),
            ("ボランティア保険", 40_000),
            ("会議費", 50_000),
        ),
        indicators=(("Households visited regularly", "households", 0, 90),),
        themes=(Theme.ELDERLY, Theme.SAFETY),
    ),
    DemoProposal(
        call="2005",
        group="tsuruma",
        title="Radio communication drills between evacuation centres and the disaster office",
        summary=(
            "Residents trained as radio operators would practise sending reports from the "
            "evacuation centres in the elementary schools to the city's disaster office."
        ),
        need=(
            "Telephone lines fail in a large earthquake. The schools that serve as evacuation "
            "centres have radios, but nobody among the residents knows how to use them."
        ),
        activities=(
            "- Radio training for residents.\n- Four drills a year with the disaster office."
        ),
        department=DISASTER,
        group_role="Recruits and trains residents, runs the drills.",
        city_role="Lends the radios and staffs the disaster office during drills.",
        beneficiaries="The 19 evacuation centres and the residents who depend on them.",
        timeline="From January 2006.",
        budget=(
            ("Radio licences and training", 360_000),
            ("Spare batteries and antennas", 280_000),
            ("Drill materials", 160_000),
        ),
        indicators=(
            ("Residents trained as radio operators", "operators", 0, 40),
            ("Drills", "drills", 0, 4),
        ),
        themes=(Theme.DISASTER,),
    ),
    DemoProposal(
        call="2005",
        group="tetote",
        title="Sign-language videos of city information",
        summary=(
            "Short videos in sign language, with captions, explaining the city's main services, "
            "to be shown at city hall and lent on DVD."
        ),
        need=(
            "Written Japanese is a second language for many deaf people who grew up signing, "
            "and the city's leaflets are hard for them to follow."
        ),
        activities=(
            "- Twelve videos a year on the city's main services.\n"
            "- Screens at the city hall counters."
        ),
        department=DISABILITY,
        group_role="Writes, signs and records the videos.",
        city_role="Checks the content and provides the screens.",
        beneficiaries="Deaf residents of Yamato.",
        timeline="From January 2006.",
        budget=(
            ("Video equipment", 450_000),
            ("Signers' honoraria", 360_000),
            ("Captioning", 200_000),
            ("DVDs", 90_000),
        ),
        indicators=(("Videos published", "videos", 0, 12),),
        themes=(Theme.DISABILITY,),
    ),
    DemoProposal(
        call="2005",
        group="kamiwada",
        title="A homework club for children of foreign families in Kamiwada Danchi",
        summary=(
            "Twice a week in the estate's meeting hall, volunteers help the children of foreign "
            "families with homework, with interpreters to talk to the parents."
        ),
        need=(
            "Children of foreign families in the estate struggle with homework that their "
            "parents cannot read, and some stop going to school in the upper grades."
        ),
        activities=(
            "- A homework club on Tuesdays and Thursdays.\n"
            "- Meetings with parents, with interpreters."
        ),
        department=INTERNATIONAL,
        group_role="Runs the club with resident volunteers.",
        city_role="Introduces interpreters and tells the schools about the club.",
        beneficiaries="About 40 children from foreign families.",
        timeline="From January 2006.",
        budget=(
            ("Volunteers' honoraria", 360_000),
            ("Interpreters", 180_000),
            ("Study materials", 110_000),
        ),
        indicators=(
            ("Children attending", "children", 0, 40),
            ("Club sessions", "sessions", 0, 90),
        ),
        themes=(Theme.INTERNATIONAL, Theme.YOUTH),
    ),
    DemoProposal(
        call="2005",
        group="salon",
        title="転倒予防体操教室",
        summary=("サロンの参加者を中心に、転倒を防ぐための体操教室を月2回開きます。"),
        need="サロンの参加者のなかに、この一年で転んで骨折した方が3人いました。",
        activities="- 月2回の体操教室\n- 体力測定（年2回）",
        department="高齢福祉課 (Elderly Welfare Division)",
        group_role="教室の運営と参加者への声かけ。",
        city_role="体力測定への保健師の派遣。",
        beneficiaries="桜ヶ丘地区の高齢者（約40人）。",
        timeline="2006年1月から。",
        budget=(
            ("体操指導者への謝礼", 192_000),
            ("会場使用料", 96_000),
            ("体操用具", 62_000),
        ),
        indicators=(
            ("Exercise sessions", "sessions", 0, 24),
            ("Participants", "participants", 0, 40),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH),
    ),
    DemoProposal(
        call="2005",
        group="advisors",
        title="A Saturday child-care course for fathers",
        summary=(
            "Saturday morning courses for fathers of babies and toddlers: bathing, feeding, "
            "playing, and what to do when a child is ill."
        ),
        need=(
            "Fathers rarely come to the weekday courses in the supermarket, and mothers tell "
            "our advisors that they would like their partners to share the care."
        ),
        activities="- Monthly Saturday courses.\n- A fathers' handbook.",
        department=CHILD_FAMILY,
        group_role="Runs the courses and writes the handbook.",
        city_role="Lends a room at the health centre.",
        beneficiaries="Fathers of children aged 0 to 3.",
        timeline="From January 2006.",
        budget=(
            ("Advisors' honoraria", 240_000),
            ("Handbook printing", 180_000),
            ("Course materials", 80_000),
        ),
        indicators=(("Fathers taking part", "participants", 0, 120),),
        themes=(Theme.CHILDCARE,),
        author="aiko@kyodo.example",
        committee_note=(
            "Members liked the idea but saw no evidence that fathers would come, and asked the "
            "group to ask fathers first what kind of course they would attend."
        ),
    ),
)


# --- proposals of 2006 ----------------------------------------------------------------

_PROPOSALS_2006 = (
    DemoProposal(
        call="2006",
        group="kosodate",
        title="Peer supporters: families who used the service help new families",
        summary=(
            "Parents who were helped by the network now join it as members. We will train them "
            "as peer supporters who welcome new families, and give the city up-to-date "
            "information so that it can act in time for families with serious problems."
        ),
        need=(
            "Requests to our help line have tripled since 2003. Many of the parents we helped "
            "have become members and want to help others; new families trust someone who has "
            "been in the same situation. At the same time the Child and Family Division has "
            "asked us to take on more: direct contact with some families with serious "
            "problems."
        ),
        activities=(
            "- A peer supporter course for former users (three sessions).\n"
            "- Welcome visits by peer supporters to families new to Yamato.\n"
            "- Direct contact with families referred by the city, by experienced supporters.\n"
            "- A monthly information meeting with the division on referred families."
        ),
        department=CHILD_FAMILY,
        group_role=(
            "Trains peer supporters; makes the welcome visits; keeps in contact with referred "
            "families and tells the division promptly about any change that may need an "
            "intervention."
        ),
        city_role=(
            "Refers families with serious problems and decides on any intervention; chairs the "
            "monthly information meeting; sends new residents' welcome packs with the "
            "network's leaflet."
        ),
        beneficiaries=(
            "Families new to Yamato with small children (about 300 a year) and about 30 "
            "families referred by the city."
        ),
        timeline=(
            "November 2006: peer supporter course.\n"
            "December 2006: welcome visits start.\n"
            "From April 2007: direct contact with referred families."
        ),
        budget=(
            ("Coordinator's wage", 840_000),
            ("Peer supporter course", 180_000),
            ("Supporters' transport", 240_000),
            ("Insurance", 120_000),
            ("Leaflets for new residents", 220_000),
        ),
        indicators=(
            ("Service requests handled", "requests", 1_800, 2_500),
            ("Activity hours", "hours", 3_000, 4_000),
            ("Former users active as supporters", "supporters", 5, 20),
        ),
        themes=(Theme.CHILDCARE,),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2006",
        group="minami",
        title="一人暮らし高齢者の見守りネットワーク（改訂案）",
        summary=(
            "2005年度の提案を、市と役割分担を話し合って改めました。自治会の見守り協力員が"
            "定期的に声かけ訪問を行い、異変に気づいたら地域包括支援センターに連絡します。"
            "市は連絡を受けてからの対応と、協力員の研修を担います。"
        ),
        need=(
            "町内で一人暮らしの高齢者が亡くなってから数日間気づかれなかったことがありました。"
            "近所の人は心配していても、どこまで立ち入ってよいか、どこに連絡すればよいか"
            "分からずにいます。2005年度の提案では、連絡を受けた後の市の対応があいまいだと"
            "委員会から指摘を受けました。"
        ),
        activities=(
            "- 班ごとの見守り協力員（約30人）による月2回の声かけ訪問\n"
            "- 緊急連絡カードの配布と冷蔵庫への掲示\n"
            "- 異変時の連絡手順の訓練（年1回）\n"
            "- 協力員と地域包括支援センターの情報交換会（年4回）"
        ),
        department="高齢福祉課 (Elderly Welfare Division)",
        group_role=(
            "協力員の募集と訪問、連絡カードの配布、異変に気づいたときの地域包括支援センター"
            "への連絡を自治会が担います。協力員は介護や安否確認の判断は行いません。"
        ),
        city_role=(
            "地域包括支援センターが連絡を受けて24時間以内に訪問などの対応を行い、必要に応じて"
            "高齢福祉課が介入します。協力員の研修（個人情報の扱い、認知症の理解）を市が行います。"
        ),
        beneficiaries="南林間三丁目の一人暮らし高齢者（約90人）とその家族。",
        timeline=("2006年11月：協力員研修\n2006年12月：訪問開始\n2007年3月：市と振り返り"),
        budget=(
            ("協力員研修", 80_000),
            ("緊急連絡カード・マグネット", 120_000),
            ("ボランティア保険", 60_000),
            ("情報交換会の会議費", 40_000),
            ("訪問用の腕章・名札", 50_000),
        ),
        indicators=(
            ("Households visited regularly", "households", 0, 90),
            ("Visits", "visits", 0, 2_000),
        ),
        themes=(Theme.ELDERLY, Theme.SAFETY),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2006",
        group="tetote",
        title="Accessible city information: captioned sign-language videos of city notices",
        summary=(
            "Revised from 2005 with the division: we sign and caption the city's important "
            "notices (disaster information, tax and health check-up reminders) within a week of "
            "publication; the city publishes them on its website and at its counters."
        ),
        need=(
            "Deaf residents miss notices that hearing residents take for granted: the dates of "
            "health check-ups, changes in garbage collection, and above all disaster warnings. "
            "Written Japanese is a second language for many deaf people who grew up signing."
        ),
        activities=(
            "- Signed and captioned videos of two city notices a month.\n"
            "- A disaster information set recorded in advance.\n"
            "- Checking every video with deaf members before publication."
        ),
        department=DISABILITY,
        group_role=(
            "Translates notices into sign language, records and captions the videos, has them "
            "checked by deaf members, and delivers them within a week of the notice."
        ),
        city_role=(
            "Sends each important notice to the circle on the day it is written; checks the "
            "content of every video; publishes the videos on the website and on the screens at "
            "the counters; includes the disaster set in the city's disaster plan."
        ),
        beneficiaries="About 150 deaf and hard-of-hearing residents and their families.",
        timeline=(
            "November 2006: recording equipment and procedure.\n"
            "December 2006: first videos.\n"
            "March 2007: disaster information set published."
        ),
        budget=(
            ("Recording equipment", 420_000),
            ("Signers' honoraria", 480_000),
            ("Captioning", 300_000),
            ("Checking sessions with deaf members", 120_000),
            ("Website publishing support", 80_000),
        ),
        indicators=(
            ("Notices published in sign language", "videos", 0, 24),
            ("Views of the videos", "views", 0, 3_000),
        ),
        themes=(Theme.DISABILITY, Theme.DISASTER),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2006",
        group="kamiwada",
        title="Kamiwada multicultural festival and neighbourhood rules workshops",
        summary=(
            "A yearly festival in the estate where each community cooks, dances and shows its "
            "crafts, prepared over six months in workshops where Japanese and foreign-born "
            "residents also agree together on the estate's rules."
        ),
        need=(
            "Our multilingual signs and visits reduced the complaints about garbage, but "
            "Japanese and foreign-born residents still live side by side without knowing each "
            "other. Rules explained once are forgotten; rules agreed together are kept."
        ),
        activities=(
            "- Monthly workshops from June to November with residents of all origins.\n"
            "- The festival in November, with stalls run by each community.\n"
            "- Updating the estate's rules and signs with the workshop's proposals."
        ),
        department=f"{INTERNATIONAL}, with the {COMMUNITY}",
        group_role=(
            "Runs the workshops and the festival; brings the residents' proposals on rules to "
            "the estate's management and to the city."
        ),
        city_role=(
            "Provides interpreters for the workshops; lends tents, tables and the public "
            "address system; the Waste Reduction Division answers the proposals on collection."
        ),
        beneficiaries="The estate's residents (about 1,500 at the festival).",
        timeline="Workshops June-November 2007; festival in November 2007.",
        budget=(
            ("Interpreters for the workshops", 240_000),
            ("Festival stage and sound", 300_000),
            ("Stall materials and hygiene", 200_000),
            ("Printing", 100_000),
            ("Insurance", 60_000),
        ),
        indicators=(
            ("Festival visitors", "visitors", 0, 1_500),
            ("Workshop participants", "participants", 0, 150),
        ),
        themes=(Theme.INTERNATIONAL, Theme.CULTURE),
        decision=SELECTED,
    ),
    DemoProposal(
        call="2006",
        group="tsuruma",
        title="Running evacuation centres with residents: drills in four elementary schools",
        summary=(
            "Using the coordination manual written in 2005, we will hold overnight drills in "
            "four schools where residents, not city staff, open and run the evacuation centre, "
            "with the city's staff in support."
        ),
        need=(
            "In a large earthquake the city cannot send enough staff to every evacuation centre "
            "in the first days. Residents must be able to open the centre, register evacuees, "
            "and look after elderly and disabled people themselves."
        ),
        activities=(
            "- Four overnight drills, one per school district.\n"
            "- Preparatory meetings with each school and neighbourhood association.\n"
            "- A checklist for opening a centre, tested in each drill."
        ),
        department=DISASTER,
        group_role=(
            "Prepares and runs the drills with the neighbourhood associations; trains resident "
            "leaders; revises the checklist after each drill."
        ),
        city_role=(
            "Agrees the drills with the schools; sends the staff assigned to each centre; "
            "brings the stockpiled equipment; adds the checklist to the evacuation centre "
            "manual."
        ),
        beneficiaries="Residents of four school districts (about 1,000 taking part).",
        timeline="One drill each in November 2006, February, June and September 2007.",
        budget=(
            ("Drill materials and emergency food", 480_000),
            ("Trainers' honoraria", 300_000),
            ("Printing the checklists", 120_000),
            ("Portable toilets and lighting rental", 320_000),
            ("Insurance", 80_000),
        ),
        indicators=(
            ("Residents taking part in drills", "participants", 0, 1_000),
            ("Resident leaders trained", "leaders", 0, 40),
        ),
        themes=(Theme.DISASTER, Theme.SAFETY),
        decision=SELECTED,
        awarded=980_000,
        amount_reason=(
            "The Disaster Prevention Division lends portable toilets and lighting from the "
            "city's stockpile for the drills, so their rental (¥320,000) is not funded."
        ),
    ),
    DemoProposal(
        call="2006",
        group="advisors",
        title="A weekend child-care course for fathers (revised)",
        summary=(
            "Revised from 2005: Saturday courses for fathers held in the supermarket where our "
            "weekday courses already run, with a fathers' handbook written with the Child and "
            "Family Division."
        ),
        need=(
            "Fathers rarely come to our weekday courses. In a survey in the supermarket, 62 of "
            "100 fathers said they would come to a Saturday course if it were short and near "
            "the shops."
        ),
        activities=(
            "- Two Saturday courses a month in the supermarket.\n"
            "- A fathers' handbook.\n"
            "- A fathers' day event with the city in June."
        ),
        department=CHILD_FAMILY,
        group_role="Runs the courses, writes the handbook, organises the event.",
        city_role=(
            "Reviews the handbook and distributes it with the child health handbook; sends a "
            "public health nurse to the June event."
        ),
        beneficiaries="Fathers of children aged 0 to 3 (about 240 a year).",
        timeline="From December 2006.",
        budget=(
            ("Advisors' honoraria", 360_000),
            ("Handbook printing", 180_000),
            ("Course materials", 60_000),
            ("Fathers' day event", 50_000),
        ),
        indicators=(
            ("Courses held", "courses", 0, 24),
            ("Fathers taking part", "participants", 0, 240),
        ),
        themes=(Theme.CHILDCARE,),
        decision=RECOMMENDED,
        author="aiko@kyodo.example",
        committee_note=(
            "Recommended after the group's revision: the survey of 100 fathers in the "
            "supermarket answers last year's doubt about demand."
        ),
        mayor_reason=(
            "Not selected. From April 2007 the Child and Family Division adds Saturday classes "
            "for fathers to its own parenting classes at the health centre. Rather than two "
            "separate courses, the mayor asks the division to invite the advisors to teach in "
            "them and to use the fathers' handbook they proposed."
        ),
    ),
    DemoProposal(
        call="2006",
        group="youth",
        title="Job-experience placements for young people not in work or education",
        summary=(
            "Short placements in local shops, workshops and care facilities for young people "
            "who have left school without work, with a youth worker to prepare and follow each "
            "placement."
        ),
        need=(
            "Some of the young people who come to our evenings are over 18 and have neither "
            "work nor training. They fear job interviews and have no experience to show."
        ),
        activities=(
            "- Recruiting local employers as host places.\n"
            "- Two-week placements with preparation and follow-up.\n"
            "- A monthly group for young people looking for work."
        ),
        department="Industry Promotion Division, with the Youth Division",
        group_role="Finds host places, prepares and accompanies each young person.",
        city_role="Introduces employers through the chamber of commerce.",
        beneficiaries="About 25 young people aged 16 to 29.",
        timeline="From January 2007.",
        budget=(
            ("Youth worker's wage", 1_440_000),
            ("Placement insurance", 180_000),
            ("Young people's transport and lunch", 360_000),
            ("Employers' guide", 220_000),
        ),
        indicators=(
            ("Placements completed", "placements", 0, 25),
            ("Young people in work or training after six months", "young people", 0, 10),
        ),
        themes=(Theme.YOUTH,),
    ),
    DemoProposal(
        call="2006",
        group="hikichi",
        title="Woodland care days in Izumi-no-mori",
        summary=(
            "Monthly days when residents clear undergrowth, coppice and plant in the woodland "
            "of Izumi-no-mori, the source of the Hikichi River, with a forester."
        ),
        need=(
            "The woodland at the river's source is overgrown since nobody uses it for fuel "
            "any more, and the spring that feeds the river is at risk."
        ),
        activities="- Monthly woodland care days.\n- Tool training and safety.",
        department=f"Parks and Green Division, with the {ENVIRONMENT}",
        group_role="Organises the days and the volunteers.",
        city_role="Approves the work plan and removes the cut wood.",
        beneficiaries="Residents and visitors to Izumi-no-mori.",
        timeline="From December 2006.",
        budget=(
            ("Tools and safety equipment", 300_000),
            ("Forester's honoraria", 200_000),
            ("Insurance", 100_000),
        ),
        indicators=(("Volunteer days", "volunteer days", 0, 300),),
        themes=(Theme.ENVIRONMENT,),
    ),
    DemoProposal(
        call="2006",
        group="yomikikase",
        title="障がいのある子どもたちと楽しむ五感のおはなし会",
        summary=(
            "特別支援学級や療育施設の子どもたちと、手ざわり絵本、音や香り、手話を取り入れた"
            "おはなし会を開きます。"
        ),
        need=(
            "障がいのある子どもたちは、図書館のおはなし会に参加しにくいと保護者から聞いています。"
        ),
        activities="- 療育施設と特別支援学級での月1回のおはなし会\n- 手ざわり絵本の製作",
        department="障がい福祉課 (Welfare for Persons with Disabilities Division) と図書館",
        group_role="おはなし会の実施と手ざわり絵本の製作。",
        city_role="施設・学校との調整と、図書館での絵本の貸出。",
        beneficiaries="障がいのある子どもたち（約60人）とその家族。",
        timeline="2007年1月から。",
        budget=(
            ("手ざわり絵本の材料", 180_000),
            ("研修講師謝礼", 80_000),
            ("楽器・小道具", 120_000),
        ),
        indicators=(
            ("Storytelling sessions", "sessions", 0, 24),
            ("Children taking part", "children", 0, 60),
        ),
        themes=(Theme.DISABILITY, Theme.CULTURE, Theme.CHILDCARE),
    ),
    DemoProposal(
        call="2006",
        group="yifa",
        title="Mentoring for foreign-born teenagers",
        summary=(
            "Foreign-born young adults who grew up in Yamato mentor teenagers who arrived "
            "recently: help with school, with Japanese, and with choosing a high school."
        ),
        need=(
            "Teenagers who arrive from abroad at 13 or 14 struggle to reach high school. They "
            "have nobody who has been through the Japanese school system in their language."
        ),
        activities=(
            "- Pairing mentors and teenagers.\n"
            "- Monthly group meetings.\n"
            "- A high-school guidance evening in five languages."
        ),
        department=f"{INTERNATIONAL}, with the Board of Education",
        group_role="Recruits, trains and supervises the mentors.",
        city_role="Tells schools about the programme and co-hosts the guidance evening.",
        beneficiaries="About 30 foreign-born teenagers.",
        timeline="From December 2006.",
        budget=(
            ("Mentors' honoraria", 600_000),
            ("Training", 120_000),
            ("Guidance evening", 180_000),
            ("Materials", 100_000),
        ),
        indicators=(
            ("Mentoring pairs", "pairs", 0, 30),
            ("Guidance evening participants", "participants", 0, 100),
        ),
        themes=(Theme.INTERNATIONAL, Theme.YOUTH),
        author="maria@kyodo.example",
    ),
    DemoProposal(
        call="2006",
        group="fureai",
        title="Japanese-language tutoring for foreign pupils in junior high school",
        summary=(
            "The Japanese classes for foreign children at the community centre continue into "
            "junior high school: tutoring twice a week focused on the Japanese of school "
            "subjects."
        ),
        need=(
            "Children who learned everyday Japanese in our classes at the elementary school "
            "struggle with the Japanese of mathematics and science in junior high school."
        ),
        activities=(
            "- Tutoring twice a week at the community centre.\n"
            "- Meetings with the junior high school's teachers."
        ),
        department=f"{INTERNATIONAL}, with the Board of Education",
        group_role="Recruits and coordinates tutors; plans the sessions with the teachers.",
        city_role="Arranges the meetings with the junior high school; lends materials.",
        beneficiaries="About 20 foreign pupils in junior high school.",
        timeline="From January 2007.",
        budget=(
            ("Tutors' honoraria", 720_000),
            ("Study materials", 240_000),
            ("Interpreters for parent meetings", 240_000),
        ),
        indicators=(
            ("Pupils tutored", "pupils", 0, 20),
            ("Tutoring sessions", "sessions", 0, 80),
        ),
        themes=(Theme.INTERNATIONAL, Theme.YOUTH),
    ),
    DemoProposal(
        call="2006",
        group="jiaikai",
        title="Weekend day care for persons with severe disabilities",
        summary=(
            "The corporation's day-service centre would open on Saturdays and Sundays for "
            "persons with severe physical and intellectual disabilities, with nurses present."
        ),
        need=(
            "Families of persons who need medical care, such as tube feeding, cannot use the "
            "existing weekend services, which have no nurses."
        ),
        activities=("- Weekend day care, 9:00-16:00.\n- Bathing and medical care by nurses."),
        department=DISABILITY,
        group_role="Provides the centre, the nurses and the care staff.",
        city_role="Refers families and pays a share of the nurses' cost.",
        beneficiaries="About 15 persons with severe disabilities and their families.",
        timeline="From April 2007.",
        budget=(
            ("Nurses' wages", 1_680_000),
            ("Care staff wages", 960_000),
            ("Medical supplies", 160_000),
            ("Insurance", 100_000),
        ),
        indicators=(
            ("Days of care", "days", 0, 100),
            ("Persons using the service", "persons", 0, 15),
        ),
        themes=(Theme.DISABILITY, Theme.HEALTH),
    ),
)

PAST_PROPOSALS: tuple[DemoProposal, ...] = (
    _PROPOSALS_2003 + _PROPOSALS_2004 + _PROPOSALS_2005 + _PROPOSALS_2006
)


# --- the current call ----------------------------------------------------------------

CURRENT_PROPOSALS: tuple[DemoProposal, ...] = (
    DemoProposal(
        call="current",
        group="fureai",
        title="Evening Japanese and parenting classes for foreign parents",
        summary=(
            "More than twenty years after our first Japanese classes for foreign children, parents "
            "ask for classes of their own: evening Japanese classes for parents, with sessions "
            "on school life, health check-ups and the city's childcare services given by city "
            "officers."
        ),
        need=(
            "Parents who work in factories and warehouses cannot follow school letters or talk "
            "with teachers, and their children end up interpreting for them. Weekday daytime "
            "classes are out of reach for shift workers."
        ),
        activities=(
            "- Japanese classes for parents on Tuesday and Thursday, 19:00-20:30, with "
            "childcare in the next room.\n"
            "- Monthly sessions with city officers on school life, health and childcare.\n"
            "- Easy-Japanese versions of the school's standard letters."
        ),
        department=f"{INTERNATIONAL}, with the {CHILD_FAMILY}",
        group_role=(
            "Runs the classes and the childcare; recruits teachers; rewrites school letters in "
            "easy Japanese; counts participants."
        ),
        city_role=(
            "Officers of the Child and Family Division and the health centre lead the monthly "
            "sessions; the Board of Education checks the easy-Japanese letters and sends them "
            "to all schools."
        ),
        beneficiaries="About 40 foreign parents a year and, through them, their children.",
        timeline=(
            "April 2027: classes start.\n"
            "June 2027: first easy-Japanese letters.\n"
            "March 2028: review with the divisions."
        ),
        budget=(
            ("Teachers' honoraria", 576_000),
            ("Childcare during classes", 288_000),
            ("Teaching materials", 136_000),
            ("Insurance", 40_000),
        ),
        indicators=(
            ("Parents attending", "participants", 0, 40),
            ("Classes held", "classes", 0, 80),
        ),
        themes=(Theme.INTERNATIONAL, Theme.CHILDCARE, Theme.COMMUNITY_CENTRES),
    ),
    DemoProposal(
        call="current",
        group="yifa",
        title="Disaster information in easy Japanese and eight languages",
        summary=(
            "When the city issues a disaster warning, our volunteer translators publish it "
            "within an hour in easy Japanese and eight languages on the city's messaging "
            "service, using templates prepared and checked in advance with the Disaster "
            "Prevention Division."
        ),
        need=(
            "Yamato now has residents from more than 70 countries. In recent typhoons, "
            "evacuation advice reached foreign residents hours late, through friends' "
            "translations of varying accuracy."
        ),
        activities=(
            "- Templates of the usual warnings, translated and checked in advance.\n"
            "- An on-call rota of 24 volunteer translators.\n"
            "- Two exercises a year with the disaster office."
        ),
        department=f"{DISASTER}, with the {INTERNATIONAL}",
        group_role=(
            "Prepares and translates the templates; keeps the on-call rota; translates "
            "non-standard messages within an hour."
        ),
        city_role=(
            "Sends every warning to the rota at the moment it is issued; checks the templates; "
            "publishes the translations on the city's messaging service and website."
        ),
        beneficiaries="About 9,000 foreign residents of Yamato.",
        timeline=(
            "April-June 2027: templates.\n"
            "July 2027: the rota starts, before the typhoon season.\n"
            "September 2027 and January 2028: exercises."
        ),
        budget=(
            ("Translators' honoraria", 720_000),
            ("Template checking by native speakers", 360_000),
            ("Exercises", 180_000),
            ("Translator training", 240_000),
        ),
        indicators=(
            ("Warnings published in eight languages", "messages", 0, 30),
            ("Average time to publish", "minutes", 0, 60),
        ),
        themes=(Theme.DISASTER, Theme.INTERNATIONAL),
    ),
    DemoProposal(
        call="current",
        group="advisors",
        title="Weekday evening child-care courses for working parents",
        summary=(
            "Our courses in the supermarket have run on weekday mornings since 2004. Most "
            "parents now work; we propose evening courses from 18:30 with the city's "
            "nutritionists, next to the supermarket's ready-meal counter."
        ),
        need=(
            "Attendance at our morning courses has fallen as more mothers work full time, while "
            "parents tell the advisors that evenings after the nursery pick-up are the hardest "
            "time of day."
        ),
        activities=(
            "- Courses on Tuesday and Thursday evenings, 18:30-19:00.\n"
            "- Quick healthy dinners with the city's nutritionists once a month.\n"
            "- A consultation corner during the courses."
        ),
        department=CHILD_FAMILY,
        group_role="Plans and runs the courses and the consultation corner.",
        city_role=(
            "Sends nutritionists once a month; passes families who need further support to the "
            "childcare counter."
        ),
        beneficiaries="Working parents of children aged 0 to 6.",
        timeline="From April 2027.",
        budget=(
            ("Advisors' honoraria", 624_000),
            ("Course materials", 156_000),
            ("Leaflets", 120_000),
        ),
        indicators=(
            ("Courses held", "courses", 0, 90),
            ("Participants", "participants", 0, 900),
        ),
        themes=(Theme.CHILDCARE, Theme.HEALTH),
        submitted=False,
        author="aiko@kyodo.example",
    ),
    DemoProposal(
        call="current",
        group="kosodate",
        title="Online consultation evenings for parents who work late",
        summary=(
            "Video and chat consultations with experienced supporters on two evenings a week, "
            "for parents who cannot reach our help line during the day."
        ),
        need=(
            "A third of the requests we receive by message now arrive after 21:00, from "
            "parents who work late."
        ),
        activities="",
        department=CHILD_FAMILY,
        group_role="",
        city_role="",
        beneficiaries="",
        timeline="",
        budget=(),
        indicators=(),
        themes=(Theme.CHILDCARE,),
        submitted=False,
        author="aiko@kyodo.example",
    ),
    DemoProposal(
        call="current",
        group="hidamari",
        title="A café run with adults with disabilities",
        summary=(
            "A small café in the city hall lobby, run by adults with disabilities with the "
            "support of our staff, as a first step towards work."
        ),
        need=(
            "The people we support in the evenings and at weekends want daytime work. Few "
            "employers in Yamato have tried hiring them."
        ),
        activities="",
        department=DISABILITY,
        group_role="",
        city_role="",
        beneficiaries="",
        timeline="",
        budget=(),
        indicators=(),
        themes=(Theme.DISABILITY,),
        submitted=False,
    ),
    DemoProposal(
        call="current",
        group="youth",
        title="Study room 2027: preparing for high school entrance exams",
        summary=(
            "An extra evening in our study room from September to February for third-year "
            "junior high school students preparing for the entrance exams."
        ),
        need=(
            "Every year some of the young people who come to us give up applying to high school "
            "because they think they cannot pass."
        ),
        activities="- Thursday evenings 18:00-21:00, September 2027 to February 2028.",
        department=YOUTH,
        group_role="Provides tutors and plans the sessions.",
        city_role="",
        beneficiaries="About 20 third-year junior high school students.",
        timeline="September 2027 - February 2028.",
        budget=(("Tutors' transport allowance", 240_000), ("Past exam papers", 60_000)),
        indicators=(),
        themes=(Theme.YOUTH,),
        submitted=False,
    ),
)

# --- the call in review --------------------------------------------------------------

REVIEW_PROPOSALS: tuple[DemoProposal, ...] = (
    DemoProposal(
        call="review",
        group="minami",
        title="一人暮らし高齢者の避難を手伝う「声かけ隊」",
        summary=(
            "When the city issues evacuation advice, neighbours registered as callers knock on "
            "the doors of elderly residents living alone in 3-chome and walk with those who "
            "need help to the evacuation centre. 避難情報が出たら、登録した近所の声かけ隊員が"
            "一人暮らしの高齢者宅を訪ね、必要な人には避難所まで付き添います。"
        ),
        need=(
            "During the heavy rain in August, 14 of the 61 residents on our watch list did not "
            "know that evacuation advice had been issued, and three who wanted to leave could "
            "not walk to the centre alone in the rain."
        ),
        activities=(
            "- Pairing each resident on the city's list of people needing help in an evacuation "
            "with two neighbours.\n"
            "- A door-knocking round within an hour of any evacuation advice.\n"
            "- Two walking drills a year along the route to the evacuation centre."
        ),
        department="危機管理課 (Disaster Prevention Division), with the Elderly Welfare Division",
        group_role=(
            "Recruits and trains the callers, keeps the pairs up to date, runs the rounds and "
            "the drills, and reports after each round who was reached."
        ),
        city_role=(
            "Shares the list of residents needing help in an evacuation with their consent; "
            "tells the association the moment advice is issued; lends stretchers and rain gear."
        ),
        beneficiaries="About 60 elderly residents living alone in Minami-Rinkan 3-chome.",
        timeline=(
            "January 2027: callers trained and paired.\n"
            "March 2027: first walking drill.\n"
            "From June 2027: rounds in every rainy-season and typhoon warning."
        ),
        budget=(
            ("声かけ隊員の研修 (training)", 90_000),
            ("雨具・ライト・腕章 (rain gear, lights, armbands)", 210_000),
            ("ボランティア保険 (volunteer insurance)", 60_000),
            ("訓練の会議費 (drill meetings)", 40_000),
        ),
        indicators=(
            ("Residents with two callers", "residents", 0, 60),
            ("Residents reached within an hour of advice", "percent", 77, 95),
        ),
        themes=(Theme.DISASTER, Theme.ELDERLY, Theme.SAFETY),
    ),
    DemoProposal(
        call="review",
        group="tetote",
        title="Sign language and written conversation at evacuation centres",
        summary=(
            "Members of the circle on call to the evacuation centres to interpret for deaf "
            "residents, and a kit of picture boards and writing pads in every centre so that "
            "staff can talk with residents who cannot hear the announcements."
        ),
        need=(
            "Deaf residents who went to evacuation centres in August could not follow the "
            "announcements about meals, buses and when it was safe to go home. Centre staff "
            "did not know where to find an interpreter."
        ),
        activities=(
            "- An on-call rota of 12 signers for the centres.\n"
            "- A communication kit for each of the 20 centres.\n"
            "- A one-hour course for centre staff on talking with deaf residents."
        ),
        department=f"{DISABILITY}, with the {DISASTER}",
        group_role="Keeps the rota, prepares the kits with deaf members, teaches the course.",
        city_role=(
            "Calls the rota when a centre opens; keeps a kit in every centre's stockpile; "
            "makes the course part of the centre staff's annual training."
        ),
        beneficiaries="About 120 deaf and hard-of-hearing residents, and centre staff.",
        timeline=(
            "January-March 2027: kits and the staff course.\nFrom April 2027: the rota is on call."
        ),
        budget=(
            ("Communication kits for 20 centres", 300_000),
            ("Signers' on-call honoraria", 360_000),
            ("Staff course materials", 60_000),
        ),
        indicators=(
            ("Centres with a kit", "centres", 0, 20),
            ("Centre staff trained", "staff", 0, 80),
        ),
        themes=(Theme.DISABILITY, Theme.DISASTER),
    ),
    DemoProposal(
        call="review",
        group="salon",
        title="スマホで防災情報を受け取ろう：高齢者向けスマートフォン講座",
        summary=(
            "Smartphone classes at the salon for elderly residents, taught by high-school "
            "volunteers, so that they can receive the city's disaster alerts and contact their "
            "families. サロンで高校生ボランティアが教える、防災アプリとメッセージの使い方講座。"
        ),
        need=(
            "Most members of our salon have a smartphone from their children but use it only "
            "for calls. The city's disaster alerts and the family messaging groups do not "
            "reach them."
        ),
        activities=(
            "- Monthly classes in small groups of four.\n"
            "- Setting up the city's disaster app with each participant.\n"
            "- A practice day with a test alert."
        ),
        department="危機管理課 (Disaster Prevention Division)",
        group_role="Organises the classes and the high-school volunteers.",
        city_role="Explains the disaster app at the first class and sends the test alert.",
        beneficiaries="About 50 elderly residents of Sakuragaoka.",
        timeline="From February 2027, monthly.",
        budget=(
            ("会場使用料 (hall hire)", 120_000),
            ("練習用スマートフォンのレンタル (practice phones)", 150_000),
            ("テキスト印刷 (handouts)", 50_000),
        ),
        indicators=(("Residents who receive the city's alerts", "residents", 0, 50),),
        themes=(Theme.ELDERLY, Theme.DISASTER),
    ),
    DemoProposal(
        call="review",
        group="yifa",
        title="Evacuation-centre guides for foreign residents",
        summary=(
            "Trained foreign residents who act as guides in the evacuation centres: they explain "
            "the centre's rules, meals and announcements in their own languages and pass "
            "questions to the staff."
        ),
        need=(
            "In August, families from Vietnam and Peru left an evacuation centre early because "
            "they did not understand the announcements and felt they were in the way."
        ),
        activities=(
            "- Training 30 guides in six languages with the disaster office.\n"
            "- Multilingual picture signs for the centres.\n"
            "- Guides take part in the city's evacuation drills."
        ),
        department=f"{INTERNATIONAL}, with the {DISASTER}",
        group_role="Recruits and trains the guides and keeps their contact list.",
        city_role="Trains the guides with the disaster office and calls them when centres open.",
        beneficiaries="About 9,000 foreign residents of Yamato.",
        timeline="January-March 2027: training. From April 2027: on call.",
        budget=(
            ("Guide training", 240_000),
            ("Picture signs in six languages", 280_000),
            ("Guides' transport", 120_000),
            ("Insurance", 60_000),
        ),
        indicators=(
            ("Trained guides", "guides", 0, 30),
            ("Languages covered", "languages", 0, 6),
        ),
        themes=(Theme.INTERNATIONAL, Theme.DISASTER),
        author="maria@kyodo.example",
    ),
    DemoProposal(
        call="review",
        group="jiaikai",
        title="Evacuation drills for people with dementia and their families",
        summary=(
            "Drills at the corporation's day-service centre and in the homes of people with "
            "dementia, to plan with each family how and when to evacuate, and a quiet corner "
            "in two evacuation centres."
        ),
        need=(
            "People with dementia become confused in crowded, noisy centres, and families told "
            "us they stayed at home in August rather than take them there."
        ),
        activities=(
            "- Individual evacuation plans with 30 families.\n"
            "- Two drills a year.\n"
            "- A quiet corner with partitions in two centres."
        ),
        department="Elderly Welfare Division, with the Disaster Prevention Division",
        group_role="Care staff draw up the plans with the families and run the drills.",
        city_role="Sets aside space for a quiet corner in two centres; joins the drills.",
        beneficiaries="About 30 people with dementia living at home and their families.",
        timeline="From January 2027.",
        budget=(
            ("Care staff time for the plans", 480_000),
            ("Partitions and mats for two quiet corners", 260_000),
            ("Drill materials", 80_000),
        ),
        indicators=(
            ("Families with an evacuation plan", "families", 0, 30),
            ("Drills held", "drills", 0, 2),
        ),
        themes=(Theme.ELDERLY, Theme.HEALTH, Theme.DISASTER),
    ),
    DemoProposal(
        call="review",
        group="tsuruma",
        title="Opening evacuation centres with residents' keys",
        summary=(
            "Residents living next to each elementary school keep a key and open the "
            "evacuation centre when the city issues advice at night, so that nobody waits in "
            "the rain for the staff to arrive."
        ),
        need=(
            "In August two centres opened more than 40 minutes after the advice, because the "
            "assigned staff live outside Tsuruma. Residents waited outside in the rain."
        ),
        activities=(
            "- Three key-holding residents for each of the four centres.\n"
            "- An opening checklist and a drill each term."
        ),
        department=DISASTER,
        group_role="Recruits the key holders, trains them, runs the drills.",
        city_role="Issues the keys, writes the opening procedure, phones the key holders.",
        beneficiaries="Residents of Tsuruma who evacuate at night.",
        timeline="From January 2027.",
        budget=(
            ("Key holders' training", 120_000),
            ("Lights, radios and signs for four centres", 320_000),
            ("Insurance", 60_000),
        ),
        indicators=(("Minutes from advice to opening", "minutes", 40, 15),),
        themes=(Theme.DISASTER, Theme.SAFETY),
    ),
    DemoProposal(
        call="review",
        group="yomikikase",
        title="防災紙芝居で子どもと学ぶ「そのとき、どうする？」",
        summary=(
            "Picture-story shows (kamishibai) on what to do in an earthquake or a flood, "
            "performed in nurseries and at the library, with a take-home sheet for families. "
            "地震や大雨のときの行動を紙芝居で伝え、家庭で話し合うシートを配ります。"
        ),
        need=(
            "Nursery teachers say children are frightened by drills they do not understand. "
            "A story helps them remember what to do."
        ),
        activities="- Making three kamishibai with the disaster office.\n- 30 performances.",
        department="危機管理課 (Disaster Prevention Division) と保育課",
        group_role="紙芝居の制作と上演。",
        city_role="内容の確認と、保育園・図書館との日程調整。",
        beneficiaries="About 1,200 children in nurseries, and their families.",
        timeline="2027年1月から制作、4月から上演。",
        budget=(
            ("紙芝居の制作費 (making the kamishibai)", 240_000),
            ("家庭用シートの印刷 (take-home sheets)", 90_000),
        ),
        indicators=(("Performances", "performances", 0, 30),),
        themes=(Theme.DISASTER, Theme.CHILDCARE, Theme.CULTURE),
    ),
    DemoProposal(
        call="review",
        group="kamiwada",
        title="Floor captains for evacuation in Kamiwada Danchi",
        summary=(
            "A volunteer captain on every floor of the estate's twelve buildings checks that "
            "neighbours, including foreign families and elderly people, know the evacuation "
            "advice and leave together."
        ),
        need=(
            "Many households in the estate speak little Japanese or live alone, and the "
            "loudspeaker announcements cannot be heard inside the buildings."
        ),
        activities=(
            "- Recruiting 60 floor captains.\n"
            "- A door card in five languages for each household.\n"
            "- An estate drill each year."
        ),
        department=f"{DISASTER}, with the {INTERNATIONAL}",
        group_role="Recruits and trains the captains; prints and hands out the door cards.",
        city_role="Trains the captains at the first session and joins the estate drill.",
        beneficiaries="About 1,500 households in Kamiwada Danchi.",
        timeline="From February 2027.",
        budget=(
            ("Door cards in five languages", 180_000),
            ("Captains' armbands and torches", 240_000),
            ("Drill costs", 100_000),
        ),
        indicators=(("Floors with a captain", "floors", 0, 60),),
        themes=(Theme.DISASTER, Theme.INTERNATIONAL, Theme.SAFETY),
        # Submitted on the last day; the officer has not checked it yet.
        checked=False,
    ),
)


# --- questions to the groups -----------------------------------------------------------


@dataclass(frozen=True)
class DemoQuestion:
    call: str  # DemoCall.key
    title: str  # DemoProposal.title
    asker: str  # email of an officer or a committee member
    body: str
    asked_days: int  # days after the window closed
    answer: str = ""  # empty: still waiting for the group
    answered_by: str | None = None  # default the group's representative
    answered_days: int = 0


QUESTIONS: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        call="2003",
        title="Social care for adults with disabilities: home help, outings and weekend respite",
        asker="reviewer3@kyodo.example",
        body=(
            "Where would your carers' work stop and the city's home-help service begin? Could a "
            "family end up with two carers on the same day, one from you and one from the city?"
        ),
        asked_days=5,
        answer=(
            "Our carers would come in the evenings and at weekends, when the city's service does "
            "not. We have not yet agreed this in writing with the division; we would do so in "
            "the first months."
        ),
        answered_days=7,
    ),
    DemoQuestion(
        call="2004",
        title="Child-care courses for families in a supermarket",
        asker="reviewer2@kyodo.example",
        body="How will you know whether the courses make a difference to the families?",
        asked_days=4,
        answer=(
            "We will count courses and participants and ask parents what they took home. We do "
            "not think the effect on a family can be measured in a year, and would rather say "
            "so than invent a number."
        ),
        answered_days=6,
    ),
    DemoQuestion(
        call="review",
        title="Evacuation drills for people with dementia and their families",
        asker="officer2@kyodo.example",
        body="Which two evacuation centres have you discussed the quiet corner with?",
        asked_days=3,
        answer=(
            "Chuo Elementary School and the Community Centre North. Both head teachers and the "
            "centre manager have seen the layout; we can send the plans."
        ),
        answered_days=5,
    ),
    DemoQuestion(
        call="review",
        title="Opening evacuation centres with residents' keys",
        asker="reviewer1@kyodo.example",
        body=(
            "Have the head teachers of the four schools agreed that residents keep a key? Who "
            "is responsible if something in the school is damaged during a night opening?"
        ),
        asked_days=8,
    ),
)

ALL_CALLS: tuple[DemoCall, ...] = (*PAST_CALLS, REVIEW_CALL, CURRENT_CALL)
ALL_PROPOSALS: tuple[DemoProposal, ...] = PAST_PROPOSALS + REVIEW_PROPOSALS + CURRENT_PROPOSALS


# --- results of the selected projects ---------------------------------------------------

OFFICER = "officer@kyodo.example"
OFFICER2 = "officer2@kyodo.example"

# A value per indicator name; an indicator broken down by category has one value per
# category, in the order of its categories.
Figures = dict[str, int | tuple[int, ...]]

COURSE_CATEGORIES = (
    "Organised and taught by group members",
    "Organised by the group, taught by professional teachers",
    "Organised and taught by other citizens",
)

# What the children's support network reported for fiscal 2011 beyond its numbers.
CHILDCARE_OUTCOMES_2011 = (
    "After working with the city the network gives a much higher level of service. The Child "
    "and Family Division asked it to take on more: direct contact with families with serious "
    "problems. The network now gives the division up-to-date information about these families "
    "so that the city can intervene in time.\n\n"
    "Families who used the service have joined the network as members and now help new users "
    "themselves."
)

ADVISORS_OUTCOMES_2011 = (
    "No specific impact on families can be measured: parents come once or often, and the "
    "advice they take home is not counted. Yet both the NPO and the officers of the Child and "
    "Family Division regard the courses as successful: parents who would never come to the "
    "health centre ask the advisors for help at the supermarket, and the advisors bring the "
    "families who need more support to the city, with their consent."
)


@dataclass(frozen=True)
class DemoResults:
    """A selected project's lead officer and its yearly reports.

    The lead officer prepares and submits each report in May after the fiscal year ends; the
    other officer verifies it a week or so later (four eyes)."""

    group: str  # DemoGroup.key
    title: str  # the proposal's title
    lead: str  # email of the lead officer
    verifier: str  # email of the officer who verifies the reports
    years: tuple[tuple[int, Figures], ...] = ()  # (fiscal year, figures)
    # Indicator name -> category names, set by the lead officer when taking the lead.
    categories: tuple[tuple[str, tuple[str, ...]], ...] = ()
    outcomes: tuple[tuple[int, str], ...] = ()  # (fiscal year, qualitative outcomes)
    notes: tuple[tuple[int, str], ...] = ()
    # Completed after its last report; else still active, reporting every year up to the
    # last fiscal year that ended before the demo is loaded (``running_figures``), whose
    # report is either "submitted" (awaiting verification) or "missing" (overdue).
    completed: bool = True
    last_report: str = "verified"
    running_base: Figures | None = None

    def outcome(self, fiscal_year: int) -> str:
        return dict(self.outcomes).get(fiscal_year, "")

    def note(self, fiscal_year: int) -> str:
        return dict(self.notes).get(fiscal_year, "")


def _courses(members: tuple[int, int, int], participants: tuple[int, int, int]) -> Figures:
    return {"Courses held": members, "Course participants": participants}


YAMATO_RESULTS: tuple[DemoResults, ...] = (
    DemoResults(
        group="kosodate",
        title="Childcare support for families: a help line, temporary care and home visits",
        lead=OFFICER,
        verifier=OFFICER2,
        years=tuple(
            (year, {"Service requests handled": requests, "Activity hours": hours})
            for year, requests, hours in (
                (2003, 310, 420),
                (2004, 1_240, 1_980),
                (2005, 1_620, 2_540),
                (2006, 1_950, 3_050),
                (2007, 2_280, 3_560),
                (2008, 2_610, 4_020),
                (2009, 2_930, 4_610),
                (2010, 3_210, 5_120),
                (2011, 3_483, 5_508),
                (2012, 3_590, 5_640),
            )
        ),
        outcomes=(
            (
                2003,
                "The help line opened in December 2003; the first case meetings with the "
                "division agreed how families are referred.",
            ),
            (2011, CHILDCARE_OUTCOMES_2011),
        ),
        notes=((2003, "Four months of service: the help line opened on 1 December 2003."),),
    ),
    DemoResults(
        group="fureai",
        title="A community centre in Kamiwada Elementary School after school hours",
        lead=OFFICER2,
        verifier=OFFICER,
        categories=(
            ("Courses held", COURSE_CATEGORIES),
            ("Course participants", COURSE_CATEGORIES),
        ),
        years=tuple(
            (year, {"Centre users": users} | _courses(courses, participants))
            for year, users, courses, participants in (
                (2003, 1_850, (12, 2, 0), (70, 14, 0)),
                (2004, 7_900, (48, 6, 4), (290, 98, 24)),
                (2005, 10_400, (62, 8, 9), (360, 140, 55)),
                (2006, 12_600, (70, 10, 14), (410, 170, 84)),
                (2007, 14_300, (78, 12, 18), (470, 205, 110)),
                (2008, 15_900, (86, 13, 22), (520, 230, 140)),
                (2009, 17_200, (95, 15, 26), (580, 260, 170)),
                (2010, 18_900, (104, 16, 30), (630, 288, 198)),
                (2011, 20_308, (111, 18, 33), (673, 309, 219)),
                (2012, 20_950, (114, 19, 35), (690, 318, 228)),
            )
        ),
        outcomes=(
            (
                2011,
                "With many foreign residents near the school, the NPO also runs Japanese-"
                "language and Japanese-culture classes for foreign children, with officers of "
                "the International Affairs Division. Residents who first came to a course now "
                "organise and teach their own.",
            ),
        ),
        notes=((2003, "Trial opening from December 2003, two evenings a week."),),
    ),
    DemoResults(
        group="advisors",
        title="Child-care courses for families in a supermarket",
        lead=OFFICER2,
        verifier=OFFICER,
        years=tuple(
            (year, {"Courses held": courses, "Participants": participants})
            for year, courses, participants in (
                (2004, 28, 310),
                (2005, 92, 960),
                (2006, 96, 1_050),
                (2007, 98, 1_120),
                (2008, 100, 1_180),
                (2009, 100, 1_210),
                (2010, 102, 1_260),
                (2011, 104, 1_290),
                (2012, 104, 1_300),
            )
        ),
        outcomes=((2011, ADVISORS_OUTCOMES_2011),),
    ),
)

# The first full fiscal year of each other project against its target, and, for every
# other project, the second: plausible, a little under or over the plan.
_FACTORS = (0.82, 1.04, 0.93, 1.11, 0.76, 0.98, 1.07, 0.88)


def _plain_results(proposal: DemoProposal, index: int) -> DemoResults:
    first = int(proposal.call) + 1
    factor = _FACTORS[index % len(_FACTORS)]
    count = 2 if index % 2 == 0 else 1
    years = tuple(
        (
            first + offset,
            {
                name: round(target * factor * (1 + 0.08 * offset))
                for name, _unit, _baseline, target in proposal.indicators
            },
        )
        for offset in range(count)
    )
    lead = OFFICER if proposal.call in ("2003", "2004") else OFFICER2
    return DemoResults(
        group=proposal.group,
        title=proposal.title,
        lead=lead,
        verifier=OFFICER2 if lead == OFFICER else OFFICER,
        years=years,
    )


# Two projects of 2006 still run today: each has reported every year; the report of the last
# fiscal year awaits verification for one and is overdue for the other.
RUNNING_RESULTS: tuple[DemoResults, ...] = (
    DemoResults(
        group="minami",
        title="一人暮らし高齢者の見守りネットワーク（改訂案）",
        lead=OFFICER2,
        verifier=OFFICER,
        completed=False,
        last_report="submitted",
        running_base={"Households visited regularly": 70, "Visits": 1_600},
    ),
    DemoResults(
        group="tsuruma",
        title="Running evacuation centres with residents: drills in four elementary schools",
        lead=OFFICER,
        verifier=OFFICER2,
        completed=False,
        last_report="missing",
        running_base={"Residents taking part in drills": 640, "Resident leaders trained": 24},
    ),
)


def running_figures(spec: DemoResults, first_year: int, fiscal_year: int) -> Figures:
    """A running project's figures: growing a few percent a year from its base."""
    growth = 1 + 0.03 * (fiscal_year - first_year) + 0.02 * (fiscal_year % 3)
    return {name: round(value * growth) for name, value in (spec.running_base or {}).items()}


def _all_results() -> tuple[DemoResults, ...]:
    special = {(spec.group, spec.title) for spec in YAMATO_RESULTS + RUNNING_RESULTS}
    others = [
        proposal
        for proposal in PAST_PROPOSALS
        if proposal.decision == SELECTED and (proposal.group, proposal.title) not in special
    ]
    return (
        YAMATO_RESULTS
        + tuple(_plain_results(proposal, index) for index, proposal in enumerate(others))
        + RUNNING_RESULTS
    )


RESULTS: tuple[DemoResults, ...] = _all_results()
