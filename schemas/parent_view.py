"""Parent View question sets and parental questionnaire statements, with their answer options.

A question belongs to its question set: Q1 of one set is never one series with Q1 of another, even
when the words match. Answer options are normalised to fixed keys so every layout agrees.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

AGREE_SCALE = ("strongly_agree", "agree", "disagree", "strongly_disagree")
OPTION_KEYS = (
    "strongly_agree",
    "agree",
    "neither",
    "disagree",
    "strongly_disagree",
    "dont_know",
    "yes",
    "no",
    "not_applicable",
    "rated_positive",
    "rated_neutral",
    "rated_negative",
)
# Positive / Neutral / Negative: published either beside the detailed options of a question (a
# summary of them) or as a question's only options. Never counted twice in a question's total.
RATED_KEYS = ("rated_positive", "rated_neutral", "rated_negative")
# Spellings seen or reported in published headers and survey answers, case-folded.
OPTION_SPELLINGS: dict[str, str] = {
    "strongly agree": "strongly_agree",
    "agree": "agree",
    "neither agree nor disagree": "neither",
    "neither agree or disagree": "neither",
    "disagree": "disagree",
    "strongly disagree": "strongly_disagree",
    "don't know": "dont_know",
    "don\u2019t know": "dont_know",
    "dont know": "dont_know",
    "yes": "yes",
    "no": "no",
    "my child has not been bullied": "not_applicable",
    "not been bullied": "not_applicable",
    "i have not raised any concerns": "not_applicable",
    "not raised any concerns": "not_applicable",
    "not applicable": "not_applicable",
    "positive": "rated_positive",
    "neutral": "rated_neutral",
    "negative": "rated_negative",
}
OPTION_LABELS = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "neither": "Neither agree nor disagree",
    "disagree": "Disagree",
    "strongly_disagree": "Strongly disagree",
    "dont_know": "Don't know",
    "yes": "Yes",
    "no": "No",
    "not_applicable": "Not applicable",
    "rated_positive": "Positive",
    "rated_neutral": "Neutral",
    "rated_negative": "Negative",
}


class Question(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_id: str
    text: str
    kind: str = "agree"  # "agree" scale or "yes_no"


class QuestionSet(BaseModel):
    """The questions Parent View asked between two dates."""

    model_config = ConfigDict(frozen=True)

    question_set: str
    title: str  # its name without the count, which `name` adds from the questions themselves
    starts_on: date
    ends_on: date | None
    questions: tuple[Question, ...]
    happy_question_id: str = "1"
    offers_neither: bool = False  # "Neither agree nor disagree" is an answer only in this set

    def by_id(self) -> dict[str, Question]:
        return {q.question_id: q for q in self.questions}

    @property
    def name(self) -> str:
        """The set's name with its count, from its own questions: 'Parent View questions
        September 2019 to 2025 (14 questions, question 7 in two parts: 15 figures)', since
        Ofsted numbers that set's questions 1 to 14 and publishes 7 as 7a and 7b."""
        return f"{self.title} ({self.count_words()})"

    def count_words(self) -> str:
        """How many questions the set asks, by Ofsted's numbers, and how many figures they give
        when a number comes in parts (7a, 7b)."""
        return question_count_words([q.question_id for q in self.questions])


_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}


def question_count_words(question_ids: list[str], name_parts: bool = False) -> str:
    """Questions counted as Ofsted numbers them, from their ids: '10 questions', or '14
    questions, question 7 in two parts: 15 figures' when a number comes in parts (7a, 7b), each
    of which is a figure of its own ('... in two parts (7a and 7b) ...' with `name_parts`)."""
    parts: dict[str, list[str]] = {}
    for question_id in dict.fromkeys(question_ids):
        parts.setdefault(question_id.rstrip("abcdefghijklmnopqrstuvwxyz"), []).append(question_id)
    words = f"{len(parts)} question{'' if len(parts) == 1 else 's'}"
    split = {number: ids for number, ids in parts.items() if len(ids) > 1}
    if not split:
        return words
    where = " and ".join(
        f"question {number} in {_COUNT_WORDS.get(len(ids), len(ids))} parts"
        + (f" ({', '.join(ids[:-1])} and {ids[-1]})" if name_parts else "")
        for number, ids in split.items()
    )
    figures = sum(len(ids) for ids in parts.values())
    return f"{words}, {where}: {figures} figures"


def _agree(*items: tuple[str, str]) -> tuple[Question, ...]:
    return tuple(Question(question_id=i, text=t) for i, t in items)


PARENT_VIEW_SETS: tuple[QuestionSet, ...] = (
    QuestionSet(
        question_set="pv_2011",
        title="Parent View questions 2011-2019",
        starts_on=date(2011, 10, 1),
        ends_on=date(2019, 9, 1),
        questions=_agree(
            ("1", "My child is happy at this school."),
            ("2", "My child feels safe at this school."),
            ("3", "My child makes good progress at this school."),
            ("4", "My child is well looked after at this school."),
            ("5", "My child is taught well at this school."),
            ("6", "My child receives appropriate homework for their age."),
            ("7", "This school makes sure its pupils are well behaved."),
            ("8", "This school deals effectively with bullying."),
            ("9", "This school is well led and managed."),
            ("10", "This school responds well to any concerns I raise."),
            ("11", "I receive valuable information from the school about my child's progress."),
        )
        + (
            Question(
                question_id="12",
                text="Would you recommend this school to another parent?",
                kind="yes_no",
            ),
        ),
    ),
    QuestionSet(
        question_set="pv_2019",
        title="Parent View questions September 2019 to 2025",
        starts_on=date(2019, 9, 1),
        ends_on=date(2025, 11, 1),
        questions=_agree(
            ("1", "My child is happy at this school."),
            ("2", "My child feels safe at this school."),
            ("3", "The school makes sure its pupils are well behaved."),
            (
                "4",
                "My child has been bullied and the school dealt with the bullying quickly and "
                "effectively.",
            ),
            ("5", "The school makes me aware of what my child will learn during the year."),
            (
                "6",
                "When I have raised concerns with the school they have been dealt with properly.",
            ),
        )
        + (
            Question(
                question_id="7a",
                text="Does your child have special educational needs and/or disabilities?",
                kind="yes_no",
            ),
            Question(
                question_id="7b",
                text="My child has SEND, and the school gives them the "
                "support they need to succeed.",
            ),
        )
        + _agree(
            ("8", "The school has high expectations for my child."),
            ("9", "My child does well at this school."),
            ("10", "The school lets me know how my child is doing."),
            ("11", "There is a good range of subjects available to my child at this school."),
            ("12", "My child can take part in clubs and activities at this school."),
            ("13", "The school supports my child's wider personal development."),
        )
        + (
            Question(
                question_id="14",
                text="I would recommend this school to another parent.",
                kind="yes_no",
            ),
        ),
    ),
    QuestionSet(
        question_set="pv_2025",
        title="Parent View questions from November 2025",
        starts_on=date(2025, 11, 1),
        ends_on=None,
        offers_neither=True,
        questions=_agree(
            ("1", "My child is happy at this school."),
            ("2", "My child feels safe at this school."),
            ("3", "The school makes sure its pupils are well behaved."),
            (
                "4",
                "My child has been bullied at this school; when the bullying took place, the "
                "school dealt with it quickly and effectively.",
            ),
            (
                "5",
                "My child has special educational needs and/or disabilities; the school gives "
                "them the support they need to succeed.",
            ),
            ("6", "The school communicates well with me about the things I need to know."),
            (
                "7",
                "When I have raised concerns with the school they have been dealt with properly.",
            ),
            ("8", "When the school makes decisions, it has the child's best interests at heart."),
            ("9", "The school gives my child the right support to enable them to learn well."),
        )
        + (
            Question(
                question_id="10",
                text="Would you recommend this school to another parent?",
                kind="yes_no",
            ),
        ),
    ),
)
SET_BY_ID = {s.question_set: s for s in PARENT_VIEW_SETS}


# A release dated up to this day of September closes the academic year before it.
YEAR_END_RELEASE_LAST_DAY = 7


def release_counts_as(as_at: date) -> date:
    """The date a Parent View release counts as when its question set is told by its date.

    Ofsted cuts the year's last release on or a few days after 31 August: the last on the
    2011-2019 questions is "School Level Data as at 2 September 2019", labelled 2018-19; the last
    on the 2019-2025 questions is as at 1 September 2025. So a release dated 1 to 7 September
    belongs to the academic year it closes and counts as 31 August; any other date counts as
    itself. Limit: the rule goes by date alone; the build still decides a file's set from its own
    wording and headers first, and by this date only when they fit two sets alike."""
    if as_at.month == 9 and as_at.day <= YEAR_END_RELEASE_LAST_DAY:
        return date(as_at.year, 8, 31)
    return as_at


def question_set_for(snapshot: date) -> QuestionSet:
    """The question set of a release as at `snapshot` (dated as `release_counts_as` says; the
    earliest set for older dates)."""
    counted = release_counts_as(snapshot)
    for qs in reversed(PARENT_VIEW_SETS):
        if counted >= qs.starts_on:
            return qs
    return PARENT_VIEW_SETS[0]


# At-inspection questionnaire (2009-2012) statements; a school's own survey uses the same ones.
QUESTIONNAIRE_STATEMENTS: dict[str, str] = {
    "enjoys_school": "My child enjoys school",
    "keeps_safe": "The school keeps my child safe",
    "informs_progress": "The school informs me about my child's progress",
    "teaching_good": "The teaching is good at this school",
    "helps_support_learning": "The school helps me to support my child's learning",
    "takes_account_of_suggestions": "The school takes account of my suggestions and concerns",
    "led_and_managed": "The school is led and managed effectively",
    "overall_happy": "Overall, I am happy with my child's experience at this school",
}
OVERALL_STATEMENT = "overall_happy"
PUBLICATION_MINIMUM_SUBMISSIONS = 10
