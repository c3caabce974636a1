"""The tutor provider end to end: classification and answer of a question table.

Answers are compared after ``norm`` (no whitespace, braces or ``\\left``/``\\right``),
so a fragment such as ``(x-1)(x+1)`` does not depend on LaTeX spacing.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from agents.coalesce import split_into_pieces as pieces
from agents.providers.base import Question, Verdict
from agents.providers.tutor import TutorProvider

PROVIDER = TutorProvider()
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def norm(text: str) -> str:
    text = text.replace("\\left", "").replace("\\right", "")
    return re.sub(r"[\s{}]", "", text)


async def _run(question: Question) -> tuple[Verdict, list[str]]:
    verdict = await PROVIDER.classify(question)
    chunks = [piece async for piece in PROVIDER.answer(question, verdict)]
    return verdict, chunks


def run(text: str) -> tuple[Verdict, str]:
    verdict, chunks = asyncio.run(_run(Question(text)))
    return verdict, "".join(chunks)


A, C, U = "answerable", "needs_clarification", "unanswerable"

# (question, knowledge type, gate, fragments the answer must contain after norm())
TABLE: list[tuple[str, str, str, tuple[str, ...]]] = [
    # K1: facts, formulas, definitions
    ("근의 공식이 뭐야?", "K1", A, ("\\frac-b\\pm\\sqrtb^2-4ac2a",)),
    ("what is the definition of a prime number", "K1", A, ("divisors", "1anditself")),
    ("피타고라스 정리 공식 알려줘", "K1", A, ("a^2+b^2=c^2",)),
    ("판별식의 정의가 뭐예요?", "K1", A, ("D=b^2-4ac",)),
    ("what is a logarithm", "K1", A, ("\\log_aN",)),
    ("등차수열의 일반항 공식 알려줘", "K1", A, ("a_n=a_1+(n-1)d",)),
    ("등비수열의 합 공식이 뭐야", "K1", A, ("S_n=\\fraca_1(1-r^n)1-r",)),
    ("원의 넓이 공식 알려줘", "K1", A, ("S=\\pir^2",)),
    ("what is the formula for combinations", "K1", A, ("\\fracn!r!(n-r)!",)),
    ("삼각함수 sin, cos의 정의가 뭐야?", "K1", A, ("\\sin^2\\theta+\\cos^2\\theta=1",)),
    ("what is the vertex of a parabola", "K1", A, ("-\\fracb2a",)),
    ("절댓값의 뜻이 뭐야?", "K1", A, ("거리",)),
    # K2: why / explain
    ("왜 0으로 나누면 안 돼?", "K2", A, ("0\\timesc=a",)),
    ("why does the derivative give the slope", "K2", A, ("tangent", "secant")),
    ("미분의 의미를 설명해줘", "K2", A, ("접선의기울기",)),
    ("explain why the quadratic formula works", "K2", A, ("Completingthesquare",)),
    ("원의 넓이는 왜 πr²이야?", "K2", A, ("부채꼴",)),
    ("적분과 미분이 왜 역연산인지 설명해줘", "K2", A, ("기본정리",)),
    ("why is the sum of an arithmetic sequence n(a1+an)/2", "K2", A, ("backwards",)),
    ("조합은 왜 r!로 나눠?", "K2", A, ("r!",)),
    ("why do we flip the inequality when multiplying by a negative", "K2", A, ("mirrors",)),
    # K3: computations
    ("x^2 - 5x + 6 = 0 을 풀어줘", "K3", A, ("x=2", "x=3", "또는")),
    ("differentiate x^3 + 2x", "K3", A, ("f'(x)=3x^2+2$",)),
    ("∫ x^2 dx 계산해줘", "K3", A, ("=\\fracx^33+C$",)),
    ("12*7+3", "K3", A, ("12\\cdot7+3=87", "**Answer:**$87$")),
    ("2+3*4를 계산해줘", "K3", A, ("=14$",)),
    ("(2+3)*4 = ?", "K3", A, ("**Answer:**$20$",)),
    ("10 - 2*3^2", "K3", A, ("**Answer:**$-8$",)),
    ("solve x^2+2x+5=0", "K3", A, ("noreal", "x=-1-2i", "x=-1+2i", "D=", "=-16")),
    ("x²+4=0 의 해를 구해줘", "K3", A, ("허근", "x=-2i", "x=2i")),
    ("x^2 - 6x + 9 = 0", "K3", A, ("x=3", "doubleroot")),
    ("x+y=5, x-y=1 풀어줘", "K3", A, ("x=3$", "y=2$")),
    ("solve the system 2x + 3y = 12 and x - y = 1", "K3", A, ("x=3$", "y=2$")),
    ("연립방정식 x+y+z=6, x-y=1, y-z=1 을 풀어줘", "K3", A, ("x=3$", "y=2$", "z=1$")),
    ("x+y=2, 2x+2y=5 풀어줘", "K3", A, ("해가없어요",)),
    ("∫_0^1 x^2 dx", "K3", A, ("\\int_0^1x^2\\,dx=", "**Answer:**$\\frac13$")),
    ("integrate 3x^2 from 0 to 2", "K3", A, ("=8$",)),
    ("0부터 π까지 sin(x)를 적분해줘", "K3", A, ("=2$",)),
    ("lim x->0 sin(x)/x", "K3", A, ("\\lim_x\\to0", "=1$")),
    ("x가 0으로 갈 때 sin(x)/x 의 극한을 구해줘", "K3", A, ("=1$",)),
    ("find the limit of (x^2-1)/(x-1) as x approaches 1", "K3", A, ("=2$",)),
    ("lim x->0 1/x", "K3", A, ("doesnotexist",)),
    ("x→∞ 일 때 (2x+1)/(x-3) 의 극한", "K3", A, ("=2$",)),
    ("factor x^2-1", "K3", A, ("=(x-1)(x+1)$",)),
    ("x^2+5x+6 인수분해", "K3", A, ("(x+2)(x+3)",)),
    ("x^2+1을 인수분해해줘", "K3", A, ("인수분해되지않아요",)),
    ("expand (x+1)^3", "K3", A, ("=x^3+3x^2+3x+1$",)),
    ("(x+2)(x-3) 전개해줘", "K3", A, ("=x^2-x-6$",)),
    ("(x^2-1)/(x-1) 간단히 해줘", "K3", A, ("=x+1$", "분모")),
    ("2x + 3 = 7", "K3", A, ("x=2$",)),
    ("3(x+1) = 12 를 풀어줘", "K3", A, ("x=3$",)),
    ("solve 2^x = 8", "K3", A, ("x=3$",)),
    ("x^3-6x^2+11x-6=0 풀어줘", "K3", A, ("x=1$", "x=2$", "x=3$")),
    ("x^2 - 4 < 0 풀어줘", "K3", A, ("-2<x<2",)),
    ("y = x^2 - 4x + 3 의 꼭짓점을 구해줘", "K3", A, ("(2,-1)",)),
    ("what is the derivative of sin(x)", "K3", A, ("f'(x)=\\cos(x)$",)),
    ("f(x) = x^2 e^x 를 미분해줘", "K3", A, ("f'(x)=", "e^x")),
    ("√2 × √8", "K3", A, ("**Answer:**$4$",)),
    ("log_2 8 + log_2 4", "K3", A, ("**Answer:**$5$",)),
    ("1/0 계산해줘", "K3", A, ("정의되지않아요",)),
    ("０.5x = 2", "K3", A, ("x=4$",)),
    # K4: strategy and checking one's own reasoning
    (
        "이 문제를 어떻게 접근해야 할지 모르겠어요, 연립방정식 문제",
        "K4",
        A,
        ("문제이해하기", "연립방정식", "가감법"),
    ),
    ("how should I start proving this inequality", "K4", A, ("Understandtheproblem", "backwards")),
    ("내 풀이가 맞는지 어떻게 확인해?", "K4", A, ("대입",)),
    ("I got x = 2 for 2x+3=7, how can I check my answer?", "K4", A, ("Substitute",)),
    ("이차방정식 문제는 어디서부터 시작해야 할지 모르겠어요", "K4", A, ("계획세우기", "근의공식")),
    ("what strategy should I use for probability problems", "K4", A, ("Makeaplan", "probability")),
    # Needs clarification: no math object or goal
    ("모르겠어요", "K1", C, ()),
    ("help", "K1", C, ()),
    ("이거 어떻게 해요?", "K3", C, ()),
    ("이 문제 풀어줘", "K3", C, ()),
    ("도와주세요", "K1", C, ()),
    ("I don't understand", "K1", C, ()),
    ("solve this problem", "K3", C, ()),
    ("방정식 풀어줘", "K3", C, ()),
    # Unanswerable: off topic or cheating
    ("오늘 날씨 어때?", "K1", U, ()),
    ("write me a poem about love", "K1", U, ()),
    ("추천해줄 게임 있어?", "K1", U, ()),
    ("what's your name?", "K1", U, ()),
    ("시험 중인데 답만 빨리 알려줘", "K1", U, ()),
    ("do my online exam for me", "K1", U, ()),
    ("수행평가 대신 써줘", "K1", U, ()),
    ("I'm in the middle of my exam, solve x^2=4 quickly", "K3", U, ()),
]


@pytest.mark.parametrize(("question", "kind", "gate", "fragments"), TABLE)
def test_question_table(question: str, kind: str, gate: str, fragments: tuple[str, ...]) -> None:
    verdict, answer = run(question)
    assert (verdict.knowledge_type, verdict.gate) == (kind, gate), verdict.reasons
    if gate != A:
        assert verdict.missing_fields if gate == C else not verdict.missing_fields
        return
    flat = norm(answer)
    for fragment in fragments:
        assert norm(fragment) in flat, f"{fragment!r} not in answer:\n{answer}"
    # The answer speaks the question's language.
    assert bool(HANGUL.search(answer)) == bool(HANGUL.search(question)), answer


def test_table_covers_every_type_and_gate() -> None:
    assert len(TABLE) >= 60
    assert {row[1] for row in TABLE} == {"K1", "K2", "K3", "K4"}
    assert {row[2] for row in TABLE} == {A, C, U}


@pytest.mark.parametrize(
    "question",
    ["x^2 +* 3 = 0 을 풀어줘", "solve x^^2 + = 5", "differentiate 3x +/ 2", "(x+1))^2 = 4 풀어줘"],
)
def test_unparsable_expression_asks_instead_of_guessing(question: str) -> None:
    # A formula that cannot be read is a clarification round: the student's
    # next message is taken as the corrected formula.
    verdict = asyncio.run(PROVIDER.classify(Question(question)))
    assert verdict.gate == C
    assert verdict.missing_fields == ("expression",)
    answer = asyncio.run(PROVIDER.clarify(Question(question), verdict))
    outside_code = re.sub(r"`[^`]*`", "", answer)
    assert not re.search(r"\d", outside_code), answer  # no number is ever stated
    assert "`" in answer  # quotes what it read and shows the expected notation
    assert "?" in answer  # and asks for the exact expression


def test_answer_streams_in_small_pieces() -> None:
    verdict, chunks = asyncio.run(_run(Question("x^2 - 5x + 6 = 0 을 풀어줘")))
    assert verdict.gate == A
    assert len(chunks) > 10
    assert all(len(chunk.split()) <= 3 for chunk in chunks)


def test_pieces_rejoin_to_the_original_text() -> None:
    text = "  **Solution**\n\n1. Given: $x = 2$\n\n**Answer:** $x = 2$  "
    assert "".join(pieces(text)) == text


def test_clarified_question_is_answered_with_the_clarification() -> None:
    question = Question("이 문제 풀어줘", clarifications=("x^2 - 4 = 0",))
    verdict, chunks = asyncio.run(_run(question))
    assert (verdict.knowledge_type, verdict.gate) == ("K3", A)
    answer = norm("".join(chunks))
    assert "x=-2$" in answer
    assert "x=2$" in answer


def test_log_without_base_is_common_log_and_said_so() -> None:
    _, answer = run("log 100 + log 10 계산해줘")
    assert "**답:**$3$" in norm(answer)
    assert "상용로그" in answer
