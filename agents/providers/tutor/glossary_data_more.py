# ruff: noqa: E501
"""Glossary entries, part 2: counting, vectors, algebra and geometry."""

from __future__ import annotations

from .glossary_entry import Entry

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "probability",
        ("확률", "probability"),
        ("확률", "probability"),
        (
            "어떤 사건이 일어날 가능성을 $0$과 $1$ 사이의 수로 나타낸 것이에요. 각 경우가 같은 정도로 일어날 때 (사건의 경우의 수)/(전체 경우의 수)예요.",
            "A number between $0$ and $1$ measuring how likely an event is; with equally likely outcomes it is (favourable outcomes)/(all outcomes).",
        ),
        "P(A) = \\frac{n(A)}{n(S)},\\quad P(A^c) = 1 - P(A)",
    ),
    Entry(
        "permutation",
        ("순열", "permutation"),
        ("순열", "permutation"),
        (
            "서로 다른 $n$개에서 $r$개를 골라 순서를 정해 나열하는 경우의 수예요.",
            "The number of ordered arrangements of $r$ items chosen from $n$ distinct items.",
        ),
        "{}_nP_r = \\frac{n!}{(n-r)!}",
        (
            "첫 자리는 $n$가지, 다음 자리는 $n-1$가지, … 로 $r$자리를 채우므로 곱의 법칙에 의해 $n(n-1)\\cdots(n-r+1)$이에요.",
            "The first place has $n$ choices, the next $n-1$, and so on for $r$ places; the product rule gives $n(n-1)\\cdots(n-r+1)$.",
        ),
    ),
    Entry(
        "combination",
        ("조합", "combination"),
        ("조합", "combination"),
        (
            "서로 다른 $n$개에서 순서와 관계없이 $r$개를 고르는 경우의 수예요.",
            "The number of ways to choose $r$ of $n$ distinct items, order ignored.",
        ),
        "{}_nC_r = \\frac{n!}{r!(n-r)!}",
        (
            "순열 ${}_nP_r$은 같은 $r$개를 $r!$가지 순서로 중복해서 세므로 $r!$로 나누면 조합이 돼요.",
            "A permutation counts each choice of $r$ items $r!$ times (once per order), so dividing by $r!$ gives combinations.",
        ),
    ),
    Entry(
        "vector",
        ("벡터", "vector"),
        ("벡터", "vector"),
        (
            "크기와 방향을 함께 가지는 양이에요. 성분으로 $\\vec{a} = (a_1, a_2)$처럼 나타내요.",
            "A quantity with both size and direction, written in components as $\\vec{a} = (a_1, a_2)$.",
        ),
        "|\\vec{a}| = \\sqrt{a_1^2 + a_2^2},\\quad \\vec{a} \\cdot \\vec{b} = a_1 b_1 + a_2 b_2",
    ),
    Entry(
        "matrix",
        ("행렬", "matrix", "matrices"),
        ("행렬", "matrix"),
        (
            "수를 직사각형 모양으로 배열한 것이에요. $m$개의 행과 $n$개의 열이 있으면 $m \\times n$ 행렬이에요.",
            "A rectangular array of numbers; with $m$ rows and $n$ columns it is an $m \\times n$ matrix.",
        ),
        "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1} = \\frac{1}{ad - bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}",
    ),
    Entry(
        "absolute_value",
        ("절댓값", "절대값", "absolute value"),
        ("절댓값", "absolute value"),
        (
            "수직선에서 원점까지의 거리예요. 그래서 항상 $0$ 이상이에요.",
            "The distance from a number to $0$ on the number line, so it is never negative.",
        ),
        "|a| = \\begin{cases} a & (a \\ge 0) \\\\ -a & (a < 0) \\end{cases}",
        (
            "거리는 음수가 될 수 없으므로 음수일 때는 부호를 바꿔 $-a$가 돼요.",
            "A distance cannot be negative, so a negative number has its sign flipped: $-a$.",
        ),
    ),
    Entry(
        "factoring",
        ("인수분해", "factoring", "factorization", "factorisation"),
        ("인수분해", "factoring"),
        (
            "다항식을 두 개 이상의 다항식의 곱으로 나타내는 것이에요.",
            "Writing a polynomial as a product of two or more polynomials.",
        ),
        "a^2 - b^2 = (a+b)(a-b),\\quad x^2 + (p+q)x + pq = (x+p)(x+q)",
        (
            "곱이 $0$이면 인수 중 하나가 $0$이므로, 인수분해하면 방정식을 쉽게 풀 수 있어요.",
            "If a product is $0$ one factor must be $0$, so factoring turns an equation into simple ones.",
        ),
        (
            "공통인수가 있는지 먼저 보고, 곱셈공식의 모양을 찾아보세요.",
            "Look for a common factor first, then for a known product pattern.",
        ),
    ),
    Entry(
        "vertex",
        ("꼭짓점", "꼭지점", "vertex"),
        ("이차함수의 꼭짓점", "vertex of a parabola"),
        (
            "이차함수 $y = a(x-p)^2 + q$의 그래프에서 가장 높거나 낮은 점 $(p, q)$예요.",
            "The highest or lowest point $(p, q)$ of the parabola $y = a(x-p)^2 + q$.",
        ),
        "y = ax^2 + bx + c \\Rightarrow \\left(-\\frac{b}{2a},\\ c - \\frac{b^2}{4a}\\right)",
        (
            "$(x-p)^2 \\ge 0$이므로 $x = p$에서 제곱 부분이 $0$이 되어 함숫값이 최소(또는 최대) $q$가 돼요.",
            "Since $(x-p)^2 \\ge 0$, the squared part vanishes only at $x = p$, where the value is the minimum (or maximum) $q$.",
        ),
        ("완전제곱식 꼴로 바꿔 보세요.", "Complete the square."),
    ),
    Entry(
        "quadratic_function",
        ("이차함수", "quadratic function", "parabola", "포물선"),
        ("이차함수", "quadratic function"),
        (
            "$y = ax^2 + bx + c$ ($a \\ne 0$) 꼴의 함수로, 그래프는 포물선이에요.",
            "A function $y = ax^2 + bx + c$ ($a \\ne 0$); its graph is a parabola.",
        ),
        "y = a(x-p)^2 + q",
    ),
    Entry(
        "circle_area",
        ("원의 넓이", "원의넓이", "area of a circle", "circle area"),
        ("원의 넓이", "area of a circle"),
        ("반지름이 $r$인 원의 넓이예요.", "The area enclosed by a circle of radius $r$."),
        "S = \\pi r^2",
        (
            "원을 아주 잘게 부채꼴로 잘라 엇갈려 붙이면 가로 $\\pi r$(둘레의 절반), 세로 $r$인 직사각형에 가까워지기 때문이에요.",
            "Cut the circle into thin sectors and rearrange them: they approach a rectangle of width $\\pi r$ (half the circumference) and height $r$.",
        ),
    ),
    Entry(
        "division_by_zero",
        (
            "0으로 나누",
            "0으로 나눌",
            "0으로 나눠",
            "영으로 나누",
            "divide by zero",
            "division by zero",
            "divided by zero",
            "divide by 0",
            "dividing by zero",
        ),
        ("0으로 나누기", "division by zero"),
        ("$a \\div 0$은 정의하지 않아요.", "$a \\div 0$ is left undefined."),
        "",
        (
            "나눗셈 $a \\div b = c$는 $b \\times c = a$를 만족하는 $c$를 찾는 것이에요. $b = 0$이면 $0 \\times c = a$인데, $a \\ne 0$이면 그런 $c$가 없고 $a = 0$이면 모든 수가 답이 되어 하나로 정할 수 없어요. 그래서 $0$으로 나누는 것은 정의하지 않아요.",
            "Division $a \\div b = c$ means finding $c$ with $b \\times c = a$. If $b = 0$ we need $0 \\times c = a$: for $a \\ne 0$ no such $c$ exists, and for $a = 0$ every number works, so no single answer. That is why division by zero is undefined.",
        ),
    ),
    Entry(
        "linear_equation",
        ("일차방정식", "linear equation"),
        ("일차방정식", "linear equation"),
        (
            "미지수의 최고차항이 일차인 방정식 $ax + b = 0$ ($a \\ne 0$)이에요.",
            "An equation $ax + b = 0$ ($a \\ne 0$) whose unknown appears to the first power.",
        ),
        "ax + b = 0 \\Rightarrow x = -\\frac{b}{a}",
        (
            "등식의 양변에 같은 수를 더하거나 $0$이 아닌 같은 수로 나누어도 등식이 유지되기 때문에 이항해서 풀 수 있어요.",
            "Adding the same number to both sides, or dividing both by the same non-zero number, keeps an equation true; that is why moving terms works.",
        ),
    ),
    Entry(
        "quadratic_equation",
        ("이차방정식", "quadratic equation"),
        ("이차방정식", "quadratic equation"),
        (
            "$ax^2 + bx + c = 0$ ($a \\ne 0$) 꼴의 방정식이에요. 인수분해나 근의 공식으로 풀어요.",
            "An equation $ax^2 + bx + c = 0$ ($a \\ne 0$), solved by factoring or by the quadratic formula.",
        ),
        "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
        ("", ""),
        (
            "인수분해가 되는지 먼저 보고, 안 되면 근의 공식을 쓰세요.",
            "Try factoring first; if it does not factor, use the quadratic formula.",
        ),
    ),
    Entry(
        "system",
        ("연립방정식", "연립", "system of equations", "simultaneous equations"),
        ("연립방정식", "system of equations"),
        (
            "두 개 이상의 방정식을 동시에 만족하는 미지수의 값을 구하는 문제예요.",
            "Several equations whose unknowns must satisfy all of them at once.",
        ),
        "",
        (
            "두 직선의 방정식이라면 해는 두 직선의 교점이에요. 그래서 해가 하나, 없음(평행), 무수히 많음(일치) 중 하나예요.",
            "For two lines, the solution is their intersection point, so there is one solution, none (parallel) or infinitely many (the same line).",
        ),
        (
            "한 문자의 계수를 맞춰 더하거나 빼서(가감법) 문자를 하나 없애 보세요. 구한 해는 두 식에 모두 대입해 확인해요.",
            "Match the coefficients of one unknown and add or subtract (elimination), or substitute. Check the answer in both equations.",
        ),
    ),
    Entry(
        "inequality",
        ("부등식", "inequality", "inequalities"),
        ("부등식", "inequality"),
        (
            "두 식의 크기 관계를 $<, >, \\le, \\ge$로 나타낸 식이에요.",
            "A statement comparing two expressions with $<, >, \\le, \\ge$.",
        ),
        "a < b,\\ c < 0 \\Rightarrow ac > bc",
        (
            "음수를 곱하면 수직선에서 좌우가 뒤집히기 때문에 부등호의 방향이 바뀌어요.",
            "Multiplying by a negative number mirrors the number line, so the inequality flips.",
        ),
        (
            "증명이라면 (좌변) − (우변)이 항상 $0$ 이상인지 보이거나, 산술·기하평균 같은 알려진 부등식을 떠올려 보세요.",
            "For a proof, try showing (left side) − (right side) $\\ge 0$, e.g. as a sum of squares, or recall a known inequality such as AM-GM.",
        ),
    ),
    Entry(
        "sequence",
        ("수열", "sequence"),
        ("수열", "sequence"),
        (
            "차례로 나열된 수의 열이에요. $n$번째 항을 $a_n$으로 써요.",
            "A list of numbers in order; the $n$-th term is written $a_n$.",
        ),
        "",
    ),
)
