"""Rule-based verdicts: knowledge type (K1–K4) and gate, from Korean and
English cues and from what the math engine recognised.

Pure regular expressions over the question text; the engine's findings come
in as a Solution. The order of the checks is the policy: cheating first, then
whether there is a math object to work on, then what kind of knowledge is
asked for.
"""

from __future__ import annotations

import re

from agents.engine.glossary import Entry
from agents.engine.solution import Solution
from agents.providers.base import Gate, KnowledgeType, Verdict


def _any(patterns: str) -> re.Pattern[str]:
    return re.compile(patterns, re.IGNORECASE)


CHEATING = _any(
    r"시험\s*(?:중|보는\s*중|보고\s*있|치는\s*중|치고\s*있)|시험중|"
    r"(?:시험|퀴즈|쪽지\s*시험|모의고사|중간고사|기말고사)\S*\s*(?:문제\S*\s*)?(?:의\s*)?(?:답|정답|답안|답지)\S*\s*(?:좀\s*)?(?:미리\s*)?(?:알려|좀|주|보내|줘|있)|"
    r"(?:답지|정답지|해설지|답안지)\s*(?:를|좀)?\s*(?:보내|줘|구해|알려|있)|"
    r"(?:수행\s*평가|과제|숙제|레포트|리포트|보고서|시험|퀴즈)\S*\s*(?:를|을)?\s*(?:좀\s*)?대신|"
    r"대신\s*(?:써|풀어|해|작성|봐|쳐)\S*\s*(?:줘|주세요|줄래)?.*(?:수행\s*평가|과제|숙제|시험|퀴즈)|"
    r"(?:시험|퀴즈)\S*\s*(?:를|을)?\s*(?:나\s*)?대신\s*(?:봐|쳐|풀어)|"
    r"\b(?:during|in the middle of)\s+(?:my|an|the)\s+(?:exam|test|quiz)|"
    r"\b(?:do|take|write|finish|sit|complete|answer)\s+my\s+(?:online\s+|math\s+)?(?:exam|test|quiz|homework|assignment|coursework)|"
    r"\b(?:take|sit|do)\s+(?:the|this|an?)\s+(?:online\s+)?(?:exam|test|quiz)\s+for\s+me|"
    r"\bexam\s+(?:right\s+)?now\b|\b(?:exam|test|quiz)\s+(?:is\s+)?(?:going\s+on|in\s+progress)|"
    r"\bonline\s+(?:exam|test|quiz)\s+for\s+me|"
    r"\b(?:answers?|answer\s+key|solutions?)\s+(?:to|for)\s+(?:the|my|our|tomorrow'?s|today'?s|this\s+week'?s|next\s+week'?s)\s+(?:\w+\s+)?(?:exam|test|quiz|midterm|final)|"
    r"\b(?:exam|test|quiz|midterm)\s+answers?\b|\banswer\s+key\b|"
    r"\bpretend\s+(?:to\s+be|you\s+are)\s+me\b|\bin\s+my\s+place\b|\bfor\s+me\s+so\s+i\s+(?:don'?t|do\s+not)\s+have\s+to"
)
OFF_TOPIC = _any(
    r"날씨|게임|노래|영화|드라마|맛집|음식|요리|연애|여자\s*친구|남자\s*친구|아이돌|웹툰|축구|야구|"
    r"시를\s*써|시\s*한\s*편|농담|이름이\s*뭐|너는\s*누구|"
    r"\b(?:weather|poem|song|lyrics|movie|film|game|recipe|joke|girlfriend|boyfriend|"
    r"restaurant|football|soccer|baseball|your\s+name|who\s+are\s+you)s?\b"
)
REFERENCE = _any(
    r"두\s*번째|세\s*번째|첫\s*번째|다음\s*(?:거|것|문제)|위\s*(?:문제|거)|아까\s*(?:그|문제)|그\s*문제|"
    r"저\s*문제|사진|그림\s*(?:보고|처럼)|(?:위|아래|다음)\s*그림|그림에서|(?:위|아래)\s*(?:표|그래프)|교과서\s*\d+\s*(?:쪽|페이지)|\d+\s*번\s*문제|"
    r"\b(?:the\s+)?(?:second|third|first|next|last|previous|other)\s+one\b|\bthat\s+one\b|"
    r"\bnumber\s+\d+\b|\bquestion\s+\d+\b|\bproblem\s+\d+\b|\bpage\s+\d+\b|\b(?:the\s+)?(?:picture|photo|image|worksheet)\b|"
    r"\bwhat\s+about\b"
)
VAGUE = _any(
    r"모르겠|도와\s*주|도와줘|도움|어떻게\s*해|이거|이\s*문제|이것|뭐\s*해야|막막|"
    r"\bhelp\b|\bi\s+don'?t\s+(?:get|understand|know)\b|\bthis\s+(?:one|problem|question)\b|"
    r"\bstuck\b|\bconfused\b"
)
GENERIC_MATH = _any(
    r"수학|문제|방정식|식|풀이|증명|답|계산|그래프|도형|삼각형|넓이|함수|미분|적분|"
    # Words of arithmetic and counting: a question about them is math even when the
    # engine cannot read it, so it is asked back, never refused as off-topic.
    r"합|곱|몫|나머지|자연수|정수|유리수|분수|소수|약수|배수|확률|경우의\s*수|수열|평균|비율|"
    r"\b(?:math|maths|mathematics|problem|equation|proof|prove|proving|solution|answer|"
    r"graph|triangle|area|calculation|formula|function|derivative|integral|sum|product|"
    r"quotient|remainder|integer|fraction|probability|average|ratio|percent)s?\b"
)
METACOGNITIVE = _any(
    r"접근|전략|어디서부터|어떻게\s*시작|무엇부터|뭐부터|방향을|실수(?:를|가|한)|검산|"
    r"맞는지|맞았는지|틀린\s*(?:곳|부분|이유)|확인하는\s*방법|어떻게\s*확인|막혔|막혀|"
    r"어떻게\s*풀어야\s*할지|어떻게\s*풀지|풀지\s*모르|(?:뭘|무엇을|뭐부터)\s*먼저|먼저\s*(?:봐야|해야)|"
    r"\bhow\s+(?:should|do|can|would)\s+i\s+(?:start|begin|approach|tackle|check|verify)|"
    r"\bapproach\b|\bstrategy\b|\bwhere\s+(?:do|should)\s+i\s+(?:start|begin)|"
    r"\bcheck\s+(?:my|if|whether)\b|\bverify\s+my\b|\bis\s+my\s+(?:answer|solution|proof)\b|"
    r"\bwhat\s+went\s+wrong\b|\bmy\s+mistake\b"
)
CONCEPTUAL = _any(
    r"왜|이유|의미|설명해|어째서|원리|이해가\s*안|이해가\s*잘|직관|증명해\s*줘|증명하|\bprove\b|"
    r"\bwhy\b|\bexplain\b|\bmeaning\b|\bintuition\b|\bhow\s+come\b|\bwhat\s+does\s+.+\s+mean\b|"
    r"\bunderstand\s+why\b"
)
FACTUAL = _any(
    r"뭐야|뭔가요|뭐예요|뭐에요|뭔지|무엇|정의|공식|알려\s*줘|알려\s*주세요|뜻|"
    r"\bwhat\s+is\b|\bwhat'?s\b|\bdefin(?:e|ition)\b|\bformula\b|\bstate\b|\bwhat\s+are\b"
)
PROCEDURAL = _any(
    r"풀어|풀이해|구해|구하|계산|어떻게\s*해|인수분해|전개|간단히|미분해|미분하|적분해|적분하|값을|"
    r"\b(?:solve|compute|calculate|evaluate|find|factor|expand|simplify|differentiate|"
    r"integrate|work\s+out|how\s+many|how\s+much)\b"
)
_COMPUTED = ("solved", "cannot", "too_large")
# A formula written in the question (2x+1=7, x^2): a strategy question about it is answerable.
_FORMULA = re.compile(r"[=^]|\d\s*[a-z]\b|[a-z]\s*[+\-*/]\s*\d")


def is_cheating(text: str) -> bool:
    return bool(CHEATING.search(text))


def knowledge_type(text: str, solution: Solution) -> KnowledgeType:
    task = solution.status in _COMPUTED or solution.task is not None
    engaged = task or solution.status == "clarify"
    procedural = bool(PROCEDURAL.search(text))
    if METACOGNITIVE.search(text):
        return "K4"
    if engaged and (procedural or not CONCEPTUAL.search(text)):
        return "K3"
    if CONCEPTUAL.search(text):
        return "K2"
    if FACTUAL.search(text):
        return "K1"
    if procedural:
        return "K3"
    return "K1"


def verdict(text: str, solution: Solution, concepts: tuple[Entry, ...]) -> Verdict:
    """The verdict of ``text`` (the question with any clarifications appended)."""
    kind = knowledge_type(text, solution)
    gate, reasons, missing = _gate(text, solution, concepts, kind)
    return Verdict(kind, gate, reasons, missing)


def _gate(
    text: str, solution: Solution, concepts: tuple[Entry, ...], kind: KnowledgeType
) -> tuple[Gate, str, tuple[str, ...]]:
    if CHEATING.search(text):
        return "unanswerable", "request to cheat on an exam or graded work", ()
    computed = solution.status in _COMPUTED
    if computed:
        return "answerable", f"{kind}; formula found ({solution.task or solution.status})", ()
    if solution.status == "clarify" and kind != "K2" and kind != "K4":
        missing: tuple[str, ...] = ("expression",) if "`" in solution.markdown else ("task",)
        return "needs_clarification", "formula found, but what is asked is not certain", missing
    if concepts and kind in ("K1", "K2", "K4"):
        return "answerable", f"{kind}; concepts: " + ", ".join(e.id for e in concepts), ()
    if solution.status == "clarify":
        return "answerable", f"{kind}; formula found", ()
    if kind == "K4" and (GENERIC_MATH.search(text) or _FORMULA.search(text)):
        return "answerable", "asks for a problem-solving strategy", ()
    if concepts:
        return "answerable", f"{kind}; concepts: " + ", ".join(e.id for e in concepts), ()
    if OFF_TOPIC.search(text):
        return "unanswerable", "not a math question", ()
    if REFERENCE.search(text):
        return "needs_clarification", "refers to something the tutor cannot see", ("problem",)
    if VAGUE.search(text) or GENERIC_MATH.search(text) or PROCEDURAL.search(text) or kind == "K4":
        missing = ("problem",) if PROCEDURAL.search(text) else ("problem", "goal")
        return "needs_clarification", "no math object or goal to work on", missing
    return "unanswerable", "not a math question", ()
