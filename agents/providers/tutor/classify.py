"""Rule-based classification: knowledge type (K1-K4) and gate of a question.

Cues are Korean and English keyword patterns. The order of the checks is the
policy: cheating and off-topic requests first, then whether there is a math
object to work on, then which kind of knowledge is asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.providers.base import Gate, KnowledgeType, Verdict

from .glossary import find_concepts
from .glossary_entry import Entry
from .task import SOLVE_WORDS, Task, detect_task


def _any(patterns: str) -> re.Pattern[str]:
    return re.compile(patterns, re.IGNORECASE)


CHEATING = _any(
    r"시험\s*(?:중|보는\s*중|보고\s*있|치는\s*중)|시험중|"
    r"(?:수행\s*평가|과제|숙제|레포트|리포트|보고서|시험)\S*\s*(?:를|을)?\s*대신|"
    r"대신\s*(?:써|풀어|해|작성)\S*\s*(?:줘|주세요)?.*(?:수행\s*평가|과제|숙제|시험)|"
    r"\b(?:during|in the middle of)\s+(?:my|an|the)\s+(?:exam|test|quiz)|"
    r"\b(?:do|take|write|finish)\s+my\s+(?:online\s+)?(?:exam|test|quiz|homework|assignment)|"
    r"\bexam\s+(?:right\s+)?now\b|\bonline\s+(?:exam|test|quiz)\s+for\s+me"
)
OFF_TOPIC = _any(
    r"날씨|게임|노래|영화|드라마|맛집|음식|요리|연애|여자\s*친구|남자\s*친구|아이돌|웹툰|"
    r"시를\s*써|시\s*한\s*편|농담|"
    r"\b(?:weather|poem|song|lyrics|movie|film|game|recipe|joke|girlfriend|boyfriend|"
    r"restaurant|football|soccer)s?\b"
)
VAGUE = _any(
    r"모르겠|도와\s*주|도와줘|도움|어떻게\s*해|이거|이\s*문제|이것|뭐\s*해야|막막|"
    r"\bhelp\b|\bi\s+don'?t\s+(?:get|understand|know)\b|\bthis\s+(?:one|problem|question)\b|"
    r"\bstuck\b|\bconfused\b"
)
# Words that show a math setting without naming anything to work on.
GENERIC_MATH = _any(
    r"수학|문제|방정식|식|풀이|증명|답|계산|그래프|도형|삼각형|넓이|"
    r"\b(?:math|maths|mathematics|problem|equation|proof|prove|proving|solution|answer|"
    r"graph|triangle|area|calculation|formula)s?\b"
)
METACOGNITIVE = _any(
    r"접근|전략|어디서부터|어떻게\s*시작|무엇부터|뭐부터|방향을|실수(?:를|가|한)|검산|"
    r"맞는지|맞았는지|틀린\s*(?:곳|부분|이유)|확인하는\s*방법|어떻게\s*확인|막혔|막혀|"
    r"\bhow\s+(?:should|do|can|would)\s+i\s+(?:start|begin|approach|tackle|check|verify)|"
    r"\bapproach\b|\bstrategy\b|\bwhere\s+(?:do|should)\s+i\s+(?:start|begin)|"
    r"\bcheck\s+(?:my|if|whether)\b|\bverify\s+my\b|\bis\s+my\s+(?:answer|solution|proof)\b|"
    r"\bwhat\s+went\s+wrong\b|\bmy\s+mistake\b"
)
CONCEPTUAL = _any(
    r"왜|이유|의미|설명해|어째서|원리|이해가\s*안|이해가\s*잘|직관|증명해\s*줘|"
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
    r"integrate|work\s+out)\b"
)


@dataclass(frozen=True)
class Analysis:
    """Everything the rules found; the provider reuses it to answer."""

    verdict: Verdict
    task: Task | None
    concepts: tuple[Entry, ...]


def analyse(text: str) -> Analysis:
    """Classify ``text`` (the question with any clarifications appended)."""
    task = detect_task(text)
    concepts = tuple(find_concepts(text))
    kind = _knowledge_type(text, task)
    gate, reasons, missing = _gate(text, task, concepts, kind)
    return Analysis(Verdict(kind, gate, reasons, missing), task, concepts)


def _knowledge_type(text: str, task: Task | None) -> KnowledgeType:
    procedural = bool(PROCEDURAL.search(text)) or any(w in text.lower() for w in SOLVE_WORDS)
    if METACOGNITIVE.search(text):
        return "K4"
    if task is not None and (procedural or not CONCEPTUAL.search(text)):
        return "K3"
    if CONCEPTUAL.search(text):
        return "K2"
    if FACTUAL.search(text):
        return "K1"
    if procedural:
        return "K3"
    return "K1"


def _gate(
    text: str, task: Task | None, concepts: tuple[Entry, ...], kind: KnowledgeType
) -> tuple[Gate, str, tuple[str, ...]]:
    if CHEATING.search(text):
        return "unanswerable", "request to cheat on an exam or graded work", ()
    has_object = task is not None or bool(concepts)
    generic = bool(GENERIC_MATH.search(text))
    if has_object:
        return "answerable", _answerable_reason(task, concepts, kind), ()
    if kind == "K4" and generic:
        return "answerable", "asks for a problem-solving strategy", ()
    if OFF_TOPIC.search(text):
        return "unanswerable", "not a math question", ()
    if VAGUE.search(text) or generic or PROCEDURAL.search(text) or kind == "K4":
        missing = ("problem",) if PROCEDURAL.search(text) else ("problem", "goal")
        return "needs_clarification", "no math object or goal to work on", missing
    return "unanswerable", "not a math question", ()


def _answerable_reason(task: Task | None, concepts: tuple[Entry, ...], kind: KnowledgeType) -> str:
    parts = []
    if task is not None:
        parts.append(f"formula found ({task.kind})")
    if concepts:
        parts.append("concepts: " + ", ".join(entry.id for entry in concepts))
    return f"{kind}; " + "; ".join(parts)
