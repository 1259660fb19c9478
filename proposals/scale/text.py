"""Word lists for the scale data set: realistic Japanese and English phrases.

Each topic ties a policy theme to the words a citizen would search for, so that search over
the generated proposals has something real to find in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from proposals.projects.indicators import IndicatorKind
from proposals.themes import Theme


@dataclass(frozen=True)
class Topic:
    theme: Theme
    ja: str  # the keyword, e.g. 子育て
    en: str  # e.g. childcare
    ja_activities: tuple[str, ...]
    en_activities: tuple[str, ...]
    department_ja: str
    department_en: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        Theme.CHILDCARE,
        "子育て",
        "childcare",
        ("子育てサロン", "親子ひろば", "一時預かり", "子育て相談会"),
        ("parent and toddler mornings", "drop-in childcare", "childcare advice sessions"),
        "こども家庭課",
        "Child and Family Division",
    ),
    Topic(
        Theme.DISASTER,
        "防災",
        "disaster",
        ("防災訓練", "避難所運営講座", "防災マップづくり", "備蓄点検"),
        ("disaster drills", "evacuation centre training", "disaster preparedness maps"),
        "危機管理課",
        "Disaster Management Division",
    ),
    Topic(
        Theme.ELDERLY,
        "高齢者",
        "elderly",
        ("高齢者サロン", "見守り訪問", "健康体操教室", "買い物支援"),
        ("elderly drop-in salons", "home visits to elderly residents", "shopping support"),
        "高齢福祉課",
        "Elderly Welfare Division",
    ),
    Topic(
        Theme.COMMUNITY_CENTRES,
        "公民館",
        "community centre",
        ("公民館講座", "地域交流会", "コミュニティセンター運営", "地域食堂"),
        ("community centre courses", "neighbourhood gatherings", "community kitchen"),
        "市民活動課",
        "Civic Activities Division",
    ),
    Topic(
        Theme.CULTURE,
        "図書館",
        "library",
        ("読み聞かせ会", "図書館ボランティア", "郷土史講座", "本の修理教室"),
        ("library storytelling", "reading circles", "local history talks"),
        "図書館",
        "City Library",
    ),
    Topic(
        Theme.YOUTH,
        "若者",
        "youth",
        ("若者の居場所づくり", "学習支援", "中高生ボランティア", "進路相談"),
        ("youth drop-in space", "homework club", "teen volunteering"),
        "青少年課",
        "Youth Division",
    ),
    Topic(
        Theme.DISABILITY,
        "障がい者",
        "disability",
        ("手話講座", "障がい者の就労支援", "バリアフリー点検", "ガイドヘルプ"),
        ("sign language classes", "supported employment", "accessibility audits"),
        "障がい福祉課",
        "Disability Welfare Division",
    ),
    Topic(
        Theme.INTERNATIONAL,
        "外国人",
        "foreign residents",
        ("日本語教室", "多言語相談", "国際交流会", "外国人生活ガイド"),
        ("Japanese classes for foreign residents", "multilingual advice desk"),
        "国際化協会",
        "International Affairs Division",
    ),
    Topic(
        Theme.ENVIRONMENT,
        "環境",
        "environment",
        ("川の清掃", "里山保全", "環境学習", "緑のカーテン"),
        ("river clean-ups", "woodland conservation", "nature walks for schools"),
        "環境政策課",
        "Environment Division",
    ),
    Topic(
        Theme.HEALTH,
        "健康",
        "health",
        ("健康づくり講座", "食育教室", "介護予防", "ウォーキング会"),
        ("health walks", "healthy cooking classes", "care prevention exercises"),
        "健康づくり推進課",
        "Health Promotion Division",
    ),
    Topic(
        Theme.SAFETY,
        "防犯",
        "safety",
        ("防犯パトロール", "通学路見守り", "防犯灯点検", "交通安全教室"),
        ("neighbourhood safety patrols", "school route watch", "road safety lessons"),
        "生活安全課",
        "Community Safety Division",
    ),
)

AREAS_JA = (
    "中央林間",
    "南林間",
    "鶴間",
    "大和",
    "桜ヶ丘",
    "高座渋谷",
    "上和田",
    "下鶴間",
    "つきみ野",
    "深見",
    "上草柳",
    "福田",
    "渋谷",
    "代官",
    "草柳",
    "西鶴間",
    "林間",
    "柳橋",
    "下和田",
    "引地台",
)
AREAS_EN = (
    "Chuo-Rinkan",
    "Minami-Rinkan",
    "Tsuruma",
    "Yamato",
    "Sakuragaoka",
    "Koza-Shibuya",
    "Kamiwada",
    "Shimotsuruma",
    "Tsukimino",
    "Fukami",
    "Kamisoyagi",
    "Fukuda",
    "Shibuya",
    "Daikan",
    "Soyagi",
    "Nishi-Tsuruma",
    "Rinkan",
    "Yanagibashi",
    "Shimowada",
    "Hikichidai",
)

GROUP_SUFFIXES_JA = (
    "ネットワーク",
    "の会",
    "サークル",
    "ボランティア",
    "応援団",
    "クラブ",
    "協議会",
    "サポーターズ",
    "倶楽部",
    "プロジェクト",
)
GROUP_SUFFIXES_EN = (
    "Network",
    "Circle",
    "Volunteers",
    "Club",
    "Association",
    "Supporters",
    "Friends",
    "Project",
    "Alliance",
    "Forum",
)

FAMILY_NAMES = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
)
GIVEN_NAMES = (
    "花子",
    "太郎",
    "愛子",
    "健二",
    "由美",
    "武",
    "真理",
    "次郎",
    "恵美",
    "修",
    "文子",
    "大輔",
    "光男",
    "直子",
    "博",
    "恵子",
    "陽菜",
    "蓮",
    "結衣",
    "翔",
)

BUDGET_ITEMS = (
    ("会場使用料", "Venue hire"),
    ("講師謝礼", "Trainer fees"),
    ("消耗品費", "Materials"),
    ("印刷製本費", "Printing"),
    ("ボランティア保険", "Volunteer insurance"),
    ("交通費", "Travel"),
)

# (Japanese name, English name, unit, kind): every project reports these three, the last one
# broken down by who organised the activity.
INDICATORS = (
    ("参加者数", "Participants", "people", IndicatorKind.PEOPLE),
    ("活動時間", "Activity hours", "hours", IndicatorKind.HOURS),
    ("開催講座数", "Courses held", "courses", IndicatorKind.COUNT),
)
CATEGORIES = (
    ("団体会員の主催", "Organised by group members"),
    ("専門講師の主催", "Organised by professional teachers"),
    ("その他市民の主催", "Organised by other citizens"),
)

CRITERIA = (
    ("公益性", "Public benefit", 3, 10),
    ("実現可能性", "Feasibility", 2, 10),
    ("協働の効果", "Value of co-production", 2, 5),
)

REVIEW_COMMENTS = (
    "地域のニーズに合っている。",
    "計画が具体的で実現性が高い。",
    "市との役割分担をもう少し明確に。",
    "予算の積算根拠が妥当。",
    "Clear plan with realistic milestones.",
    "Strong local need, well evidenced.",
    "The city's role needs more detail.",
    "Budget is reasonable for the activities.",
)

RATIONALES = (
    "委員会は地域への効果と実現可能性を高く評価した。",
    "協働の効果が大きく、継続性も見込める。",
    "The committee valued the clear local need and the group's track record.",
    "A well-planned co-production with measurable results.",
)
NOT_RECOMMENDED_RATIONALES = (
    "他の提案と比べて事業効果が限定的と判断した。",
    "The committee found the plan too vague on the city's role.",
)
DECLINE_REASONS = (
    "予算の範囲内で優先順位の高い提案を選定した。",
    "Other recommended proposals offered more benefit within the envelope.",
)
SELECT_REASONS = (
    "委員会の推薦を踏まえ、事業効果が高いと判断した。",
    "Selected on the committee's recommendation.",
)
INELIGIBILITY_REASONS = (
    "事業の実施場所が市外のため対象外です。",
    "The activities are a commercial service, outside the programme's scope.",
)
WITHDRAWAL_REASONS = (
    "団体の体制が整わないため取り下げます。",
    "We could not secure a venue and withdraw the proposal.",
)

# Words that occur in the generated titles and summaries, for the search benchmark.
SEARCH_TERMS_JA = ("子育て", "防災", "高齢者", "公民館", "図書館", "日本語教室", "見守り")
SEARCH_TERMS_EN = ("childcare", "disaster", "library", "elderly", "youth", "volunteers")


def proposal_text(rng, topic: Topic, area: int, japanese: bool) -> dict[str, str]:
    """The text fields of one proposal, complete enough to have been submitted."""
    if japanese:
        area_name = AREAS_JA[area]
        activity = rng.choice(topic.ja_activities)
        other = rng.choice(topic.ja_activities)
        return {
            "title": f"{area_name}地区の{activity}事業",
            "summary": (
                f"{area_name}地区で{topic.ja}に関わる{activity}と{other}を市と協働で行い、"
                f"地域の{topic.ja}の課題に取り組みます。"
            ),
            "need": f"{area_name}地区では{topic.ja}の支援が不足しており、住民の声が届いていない。",
            "activities": f"毎月の{activity}、年2回の{other}、ボランティアの養成。",
            "department": topic.department_ja,
            "group_role": f"{activity}の企画と運営、ボランティアの募集。",
            "city_role": "会場の提供、広報、関係機関との調整。",
            "beneficiaries": f"{area_name}地区の住民と{topic.ja}に関わる人々。",
            "timeline": "4月に準備、5月から翌年3月まで実施。",
        }
    area_name = AREAS_EN[area]
    activity = rng.choice(topic.en_activities)
    other = rng.choice(topic.en_activities)
    return {
        "title": f"{activity.capitalize()} in {area_name}",
        "summary": (
            f"Monthly {activity} and {other} in {area_name}, run with the city, "
            f"answering the area's {topic.en} needs with trained volunteers."
        ),
        "need": f"Residents of {area_name} lack {topic.en} support close to home.",
        "activities": f"Monthly {activity}, two {other} events a year, volunteer training.",
        "department": topic.department_en,
        "group_role": f"Plans and runs the {activity}; recruits volunteers.",
        "city_role": "Provides the venue, publicity and referrals.",
        "beneficiaries": f"Residents of {area_name} concerned with {topic.en}.",
        "timeline": "Preparation in April, activities from May to March.",
    }
