# ruff: noqa: E501
"""Every sentence the tutor writes, in Korean and English.

``say(lang, key, **fields)`` picks the phrasing; fields are ``str.format``
placeholders, usually LaTeX already wrapped in ``$...$``.
"""

from __future__ import annotations

from typing import Any

Lang = str  # "ko" or "en"

PHRASES: dict[str, tuple[str, str]] = {
    # Headings and framing
    "solution": ("**풀이**", "**Solution**"),
    "answer": ("**답:** {value}", "**Answer:** {value}"),
    "or": (" 또는 ", " or "),
    "check": ("확인: {detail} ✓", "Check: {detail} ✓"),
    "substituted": (
        "{roots}을(를) 대입하면 (좌변) − (우변) $= 0$",
        "substituting {roots} gives (left side) − (right side) $= 0$",
    ),
    "given": ("주어진 식: {expr}", "Given: {expr}"),
    # Assumptions we tell the student about
    "note_log10": (
        "밑이 없는 $\\log$는 상용로그(밑 $10$)로 계산했어요.",
        "An unmarked $\\log$ was read as the common logarithm (base $10$).",
    ),
    "note_as_zero": (
        "등호가 없어서 식 $= 0$ 인 방정식으로 보고 풀었어요.",
        "There was no equals sign, so I solved expression $= 0$.",
    ),
    "note_by_factoring": (
        "방정식이라서 인수분해를 이용해 해를 구했어요.",
        "It is an equation, so I used factoring to solve it.",
    ),
    "note_other_letters": (
        "다른 문자는 상수로 보고 {var}에 대해 풀었어요.",
        "Other letters are treated as constants; solved for {var}.",
    ),
    "note_denominator": (
        "단, 분모가 $0$이 되는 값은 제외해요.",
        "Values that make a denominator $0$ are excluded.",
    ),
    # Equations
    "linear_move": ("상수항을 이항하면 {expr}", "Move the constant term: {expr}"),
    "linear_divide": ("양변을 {coef}로 나누면 {expr}", "Divide both sides by {coef}: {expr}"),
    "standard_form": ("표준형으로 정리하면 {expr}", "In standard form: {expr}"),
    "discriminant": ("판별식 {expr}", "Discriminant {expr}"),
    "disc_positive": (
        "$D > 0$ 이므로 서로 다른 두 실근이 있어요.",
        "$D > 0$, so there are two distinct real roots.",
    ),
    "disc_zero": ("$D = 0$ 이므로 중근이에요.", "$D = 0$, so there is a double root."),
    "disc_negative": (
        "$D < 0$ 이므로 실근은 없고, 서로 다른 두 허근이 있어요.",
        "$D < 0$, so there are no real roots; the two roots are complex.",
    ),
    "factored_form": ("인수분해하면 {expr}", "Factoring gives {expr}"),
    "quadratic_formula": ("근의 공식 {expr}", "Quadratic formula {expr}"),
    "double_root": ("{value} (중근)", "{value} (double root)"),
    "no_real_roots": ("실근 없음, 허근 {value}", "no real roots; complex roots {value}"),
    "numeric_roots": ("근의 근삿값: {value}", "Approximate roots: {value}"),
    "real_domain": ("실수 범위에서 풀었어요.", "Solved over the real numbers."),
    "no_solution": ("해가 없어요", "no solution"),
    "all_values": ("모든 {var}에 대해 성립해요 (항등식)", "true for every {var} (an identity)"),
    "true_statement": ("참이에요: {expr}", "True: {expr}"),
    "false_statement": (
        "거짓이에요: 좌변은 {lhs}, 우변은 {rhs}",
        "False: the left side is {lhs}, the right side is {rhs}",
    ),
    # Systems
    "system_given": ("연립방정식 {expr}", "The system {expr}"),
    "eliminate": ("{var}를 소거하면 {expr}", "Eliminating {var}: {expr}"),
    "substitute": (
        "구한 값을 첫 번째 식에 대입하면 {expr}",
        "Substituting into the first equation: {expr}",
    ),
    "system_method": (
        "가감법(또는 대입법)으로 문자를 하나씩 소거해요.",
        "Eliminate one unknown at a time (elimination or substitution).",
    ),
    "infinite_solutions": ("해가 무수히 많아요: {value}", "infinitely many solutions: {value}"),
    # Inequalities
    "inequality_solved": ("부등식을 풀면 {expr}", "Solving the inequality gives {expr}"),
    # Factor, expand, simplify
    "factor_hint": (
        "공통인수와 곱셈공식(합·곱이 맞는 두 수)을 찾아요.",
        "Look for common factors and product patterns (two numbers with the right sum and product).",
    ),
    "irreducible": (
        "유리수 범위에서 더 이상 인수분해되지 않아요: {expr}",
        "It does not factor further over the rationals: {expr}",
    ),
    "expand_hint": (
        "분배법칙으로 괄호를 풀고 동류항을 정리해요.",
        "Distribute and collect like terms.",
    ),
    "simplify_hint": (
        "약분하고 동류항을 정리해요.",
        "Cancel common factors and collect like terms.",
    ),
    "expand_back": ("다시 전개하면 원래 식이 돼요", "expanding gives back the original expression"),
    "expression_only": (
        "식만 있어서 전개한 꼴과 인수분해한 꼴을 보여 줄게요. 무엇을 구할지(풀기, 미분 등) 알려 주면 더 도와줄게요.",
        "Only an expression was given, so here are its expanded and factored forms. Tell me what to do with it (solve, differentiate, ...) for more.",
    ),
    "expanded": ("전개: {expr}", "Expanded: {expr}"),
    "factored": ("인수분해: {expr}", "Factored: {expr}"),
    # Arithmetic
    "precedence": (
        "괄호 → 거듭제곱 → 곱셈·나눗셈 → 덧셈·뺄셈 순서로 계산해요.",
        "Order of operations: brackets, powers, multiplication/division, then addition/subtraction.",
    ),
    "approx": ("근삿값 {expr}", "approximately {expr}"),
    "undefined": (
        "정의되지 않아요 ($0$으로 나눌 수 없어요)",
        "undefined (division by $0$ is not allowed)",
    ),
    # Vertex
    "complete_square": ("완전제곱식으로 바꾸면 {expr}", "Completing the square: {expr}"),
    "vertex_answer": ("꼭짓점 {point}, 축 {axis}", "vertex {point}, axis of symmetry {axis}"),
    # Calculus
    "term_rule": ("항별로 미분해요: {expr}", "Differentiate term by term: {expr}"),
    "derivative_rules": (
        "$(x^n)' = n x^{{n-1}}$ 과 미분 공식을 적용해요.",
        "Apply $(x^n)' = n x^{{n-1}}$ and the differentiation rules.",
    ),
    "term_integral": ("항별로 적분해요: {expr}", "Integrate term by term: {expr}"),
    "integral_rules": (
        "$\\int x^n\\,dx = \\frac{{x^{{n+1}}}}{{n+1}} + C$ 등 적분 공식을 적용해요.",
        "Apply $\\int x^n\\,dx = \\frac{{x^{{n+1}}}}{{n+1}} + C$ and the other integration rules.",
    ),
    "antiderivative": ("부정적분(원시함수) {expr}", "Antiderivative {expr}"),
    "ftc": ("정적분 {expr}", "Evaluate {expr}"),
    "diff_back": ("미분하면 다시 피적분함수가 돼요", "differentiating gives back the integrand"),
    "diverges": ("이 적분은 발산해요: {expr}", "This integral diverges: {expr}"),
    "limit_substitute": (
        "{var} = {point}을 바로 대입하면 {value}",
        "Substituting {var} = {point} directly gives {value}",
    ),
    "limit_indeterminate": (
        "바로 대입하면 값이 정해지지 않아서 식을 변형하거나 알려진 극한을 이용해요.",
        "Direct substitution gives no value, so rewrite the expression or use a known limit.",
    ),
    "one_sided": (
        "우극한 {right}, 좌극한 {left}",
        "right-hand limit {right}, left-hand limit {left}",
    ),
    "limit_dne": ("극한이 존재하지 않아요 ({detail})", "the limit does not exist ({detail})"),
    "limit_oscillates": (
        "진동하므로 극한이 존재하지 않아요",
        "it oscillates, so the limit does not exist",
    ),
    # Honest failure
    "cannot_parse": (
        "식 {source}을(를) 정확히 읽지 못했어요. 잘못 읽은 식으로 답을 드릴 수는 없어서, 식을 다시 한 번 정확히 적어 줄래요? 예: `x^2 - 5x + 6 = 0`, `(x+1)(x-2)`, `sin(x)/x`",
        "I could not read {source} reliably, and I will not answer a misread problem. Could you type the exact expression again? For example `x^2 - 5x + 6 = 0`, `(x+1)(x-2)`, `sin(x)/x`.",
    ),
    "cannot_compute": (
        "이 식은 제가 확실하게 계산할 수 있는 범위를 벗어나요. 추측한 값은 드리지 않을게요. 식을 다시 확인해서 정확히 적어 주거나, 어느 단계가 막혔는지 알려 주세요.",
        "This is beyond what I can compute with certainty, and I will not guess a value. Please check and type the exact expression, or tell me which step you are stuck on.",
    ),
    "nonelementary": (
        "이 함수의 부정적분은 고등학교에서 배우는 함수들로 나타낼 수 없어요. 식을 다시 확인해 주세요.",
        "This antiderivative cannot be written with the functions taught in high school. Please double-check the expression.",
    ),
    "no_point": (
        "어느 값으로 가는 극한인지 알려 주세요. 예: `x -> 0`",
        "Which value does the variable approach? For example `x -> 0`.",
    ),
    "no_variable": ("어떤 문자에 대해 풀지 알려 주세요.", "Tell me which variable to solve for."),
    "timeout": (
        "계산이 너무 오래 걸려서 멈췄어요. 추측한 값은 드리지 않을게요. 식을 더 작게 나누거나 다시 확인해 주세요.",
        "The computation took too long, so I stopped; I will not guess a value. Try a smaller piece or re-check the expression.",
    ),
    "ask_expression": (
        "구체적인 식이나 문제를 보내 주면 단계별로 같이 풀어 볼게요.",
        "Send me the exact expression or problem and we can work through it step by step.",
    ),
    "no_entry": (
        "이 개념에 대한 설명은 아직 제가 가진 자료에 없어요. 개념 이름이나 관련된 식을 조금 더 구체적으로 알려 줄래요?",
        "I do not have a stored explanation for this yet. Could you name the concept or give a related expression more precisely?",
    ),
}


def say(lang: Lang, key: str, **fields: Any) -> str:
    """The phrase ``key`` in ``lang`` ("ko" or "en") with ``fields`` filled in."""
    korean, english = PHRASES[key]
    template = korean if lang == "ko" else english
    return template.format(**fields) if fields else template.replace("{{", "{").replace("}}", "}")
