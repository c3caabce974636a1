# ruff: noqa: E501
"""Glossary entries, part 1: formulas, numbers, functions, calculus and sequences."""

from __future__ import annotations

from .glossary_entry import Entry

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "quadratic_formula",
        ("근의 공식", "근의공식", "quadratic formula"),
        ("근의 공식", "quadratic formula"),
        (
            "이차방정식 $ax^2 + bx + c = 0$ ($a \\ne 0$)의 해를 계수로 바로 구하는 공식이에요.",
            "The formula giving the solutions of $ax^2 + bx + c = 0$ ($a \\ne 0$) from its coefficients.",
        ),
        "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
        (
            "$ax^2 + bx + c = 0$을 완전제곱식 $a(x + \\frac{b}{2a})^2 = \\frac{b^2 - 4ac}{4a}$로 바꾼 뒤 제곱근을 취하면 나와요.",
            "Completing the square turns $ax^2 + bx + c = 0$ into $a(x + \\frac{b}{2a})^2 = \\frac{b^2 - 4ac}{4a}$; taking square roots gives the formula.",
        ),
        (
            "먼저 $a, b, c$를 정확히 읽고 판별식부터 계산해 보세요.",
            "Read off $a, b, c$ carefully and compute the discriminant first.",
        ),
    ),
    Entry(
        "discriminant",
        ("판별식", "discriminant"),
        ("판별식", "discriminant"),
        (
            "이차방정식 $ax^2 + bx + c = 0$의 근의 종류를 판별하는 값 $D$예요. $D > 0$이면 서로 다른 두 실근, $D = 0$이면 중근, $D < 0$이면 서로 다른 두 허근이에요.",
            "The number $D$ that tells the kind of roots of $ax^2 + bx + c = 0$: two real roots if $D > 0$, a double root if $D = 0$, two complex roots if $D < 0$.",
        ),
        "D = b^2 - 4ac",
        (
            "근의 공식에서 $\\sqrt{b^2 - 4ac}$ 부분이 실수인지, 0인지가 근의 개수를 결정하기 때문이에요.",
            "In the quadratic formula the part under the square root, $b^2 - 4ac$, decides whether the roots are real, equal or complex.",
        ),
    ),
    Entry(
        "pythagoras",
        ("피타고라스", "pythagoras", "pythagorean"),
        ("피타고라스 정리", "Pythagorean theorem"),
        (
            "직각삼각형에서 빗변의 길이의 제곱은 나머지 두 변의 길이의 제곱의 합과 같아요.",
            "In a right triangle the square of the hypotenuse equals the sum of the squares of the other two sides.",
        ),
        "a^2 + b^2 = c^2 \\quad (c\\text{: hypotenuse})",
        (
            "한 변이 $a + b$인 정사각형 안에 합동인 직각삼각형 네 개를 배치하면 가운데 남는 정사각형의 넓이가 $c^2$이고, 이것이 $(a+b)^2 - 4 \\cdot \\frac{ab}{2} = a^2 + b^2$과 같아요.",
            "Place four copies of the right triangle inside a square of side $a + b$: the square left in the middle has area $c^2$, which equals $(a+b)^2 - 4 \\cdot \\frac{ab}{2} = a^2 + b^2$.",
        ),
        (
            "어느 변이 빗변(직각의 맞은편)인지 먼저 표시해 보세요.",
            "Mark the hypotenuse (opposite the right angle) first.",
        ),
    ),
    Entry(
        "prime",
        ("소수", "prime"),
        ("소수", "prime number"),
        (
            "1보다 큰 자연수 중에서 1과 자기 자신만을 약수로 가지는 수예요. 예: $2, 3, 5, 7, 11$",
            "A natural number greater than 1 whose only divisors are 1 and itself, e.g. $2, 3, 5, 7, 11$.",
        ),
        "",
        (
            "소수는 곱셈의 '원자' 같은 수여서, 모든 자연수는 소수의 곱으로 단 한 가지 방법으로 나타낼 수 있어요(소인수분해의 유일성).",
            "Primes are the building blocks of multiplication: every natural number is a product of primes in exactly one way.",
        ),
    ),
    Entry(
        "function",
        ("함수", "function"),
        ("함수", "function"),
        (
            "집합 $X$의 각 원소에 집합 $Y$의 원소가 오직 하나씩 대응하는 관계예요.",
            "A rule that assigns to each element of a set $X$ exactly one element of a set $Y$.",
        ),
        "f: X \\to Y,\\ y = f(x)",
        (
            "입력 하나에 출력이 하나로 정해져야 값을 예측하고 계산할 수 있기 때문에 '오직 하나'라는 조건이 중요해요.",
            "Requiring exactly one output per input is what makes a function predictable and computable.",
        ),
    ),
    Entry(
        "derivative",
        ("미분", "도함수", "미분계수", "derivative", "differentiation", "differentiate"),
        ("미분(도함수)", "derivative"),
        (
            "함수 $f(x)$의 순간변화율이에요. 도함수 $f'(x)$는 각 점에서의 미분계수를 나타내는 함수예요.",
            "The instantaneous rate of change of $f(x)$; the derivative $f'(x)$ gives it at every point.",
        ),
        "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}",
        (
            "$\\frac{f(x+h) - f(x)}{h}$는 두 점을 잇는 할선의 기울기예요. $h \\to 0$이면 두 점이 한 점으로 모여 할선이 접선이 되므로, 미분계수는 접선의 기울기, 곧 순간변화율이에요.",
            "$\\frac{f(x+h) - f(x)}{h}$ is the slope of the secant line through two points of the graph. As $h \\to 0$ the points merge and the secant becomes the tangent, so the derivative is the slope of the tangent: the instantaneous rate of change.",
        ),
        (
            "식을 항별로 나누어 미분 공식을 하나씩 적용해 보세요.",
            "Split the expression into terms and apply one rule at a time.",
        ),
    ),
    Entry(
        "integral",
        ("적분", "integral", "integration", "antiderivative"),
        ("적분", "integral"),
        (
            "부정적분은 미분하면 $f(x)$가 되는 함수(원시함수)이고, 정적분 $\\int_a^b f(x)\\,dx$는 구간 $[a, b]$에서 그래프와 $x$축 사이의 부호 있는 넓이예요.",
            "An indefinite integral is a function whose derivative is $f(x)$; the definite integral $\\int_a^b f(x)\\,dx$ is the signed area between the graph and the $x$-axis on $[a, b]$.",
        ),
        "\\int_a^b f(x)\\,dx = F(b) - F(a) \\quad (F' = f)",
        (
            "넓이를 아주 얇은 직사각형으로 잘라 더한 것의 극한이 정적분이고, 넓이 함수의 변화율이 바로 $f(x)$이기 때문에 미분과 적분은 서로 역연산이에요(미적분의 기본정리).",
            "The definite integral is the limit of sums of thin rectangles; since the rate of change of the area function is $f(x)$ itself, integration and differentiation undo each other (fundamental theorem of calculus).",
        ),
        (
            "적분 구간과 피적분함수를 먼저 확인하고, 원시함수를 구한 뒤 미분해서 검산해 보세요.",
            "Check the interval and integrand, find an antiderivative, then differentiate it to check.",
        ),
    ),
    Entry(
        "limit",
        ("극한", "limit"),
        ("극한", "limit"),
        (
            "$x$가 $a$에 한없이 가까워질 때 $f(x)$가 일정한 값 $L$에 한없이 가까워지면, $L$을 극한값이라고 해요.",
            "If $f(x)$ gets arbitrarily close to $L$ as $x$ gets arbitrarily close to $a$, then $L$ is the limit.",
        ),
        "\\lim_{x \\to a} f(x) = L",
        (
            "극한은 그 점에서의 값이 아니라 '가까이 갈 때의 경향'을 보는 개념이라서, 함수가 그 점에서 정의되지 않아도 극한은 있을 수 있어요.",
            "A limit describes where the values are heading, not the value at the point, so it can exist even where the function is undefined.",
        ),
        (
            "먼저 대입해 보고, $\\frac{0}{0}$ 꼴이면 인수분해·유리화로 식을 바꿔 보세요.",
            "Substitute first; if you get $\\frac{0}{0}$, factor or rationalise and try again.",
        ),
    ),
    Entry(
        "logarithm",
        ("로그", "logarithm", "log"),
        ("로그", "logarithm"),
        (
            "$a^x = N$일 때 지수 $x$를 $\\log_a N$으로 나타내요 ($a > 0$, $a \\ne 1$, $N > 0$).",
            "If $a^x = N$, the exponent $x$ is written $\\log_a N$ ($a > 0$, $a \\ne 1$, $N > 0$).",
        ),
        "\\log_a MN = \\log_a M + \\log_a N,\\quad \\log_a M^k = k \\log_a M",
        (
            "로그는 '몇 번 곱했는가'를 묻는 지수의 역연산이라서, 곱셈이 지수의 덧셈이 되는 성질이 로그에서는 덧셈 공식으로 나타나요.",
            "A logarithm undoes exponentiation; because multiplying powers adds exponents, the log of a product is the sum of the logs.",
        ),
    ),
    Entry(
        "exponent",
        ("지수", "exponent", "power rule"),
        ("지수", "exponent"),
        (
            "$a^n$에서 $a$를 $n$번 곱한다는 뜻의 $n$을 지수라고 해요.",
            "In $a^n$, the exponent $n$ says how many times $a$ is multiplied.",
        ),
        "a^m a^n = a^{m+n},\\ (a^m)^n = a^{mn},\\ a^0 = 1,\\ a^{-n} = \\frac{1}{a^n}",
        (
            "$a^0 = 1$, $a^{-n} = \\frac{1}{a^n}$은 지수법칙 $a^m a^n = a^{m+n}$이 계속 성립하도록 정한 약속이에요.",
            "$a^0 = 1$ and $a^{-n} = \\frac{1}{a^n}$ are chosen so that the rule $a^m a^n = a^{m+n}$ keeps working.",
        ),
    ),
    Entry(
        "trigonometry",
        (
            "삼각함수",
            "sin",
            "cos",
            "tan",
            "사인",
            "코사인",
            "탄젠트",
            "trigonometric",
            "sine",
            "cosine",
            "tangent",
        ),
        ("삼각함수", "trigonometric functions"),
        (
            "단위원 위의 점 $(\\cos\\theta, \\sin\\theta)$로 정의하고, $\\tan\\theta = \\frac{\\sin\\theta}{\\cos\\theta}$예요.",
            "Defined by the point $(\\cos\\theta, \\sin\\theta)$ on the unit circle, with $\\tan\\theta = \\frac{\\sin\\theta}{\\cos\\theta}$.",
        ),
        "\\sin^2\\theta + \\cos^2\\theta = 1",
        (
            "단위원 위의 점은 원점에서 거리가 1이므로 피타고라스 정리에 의해 $\\sin^2\\theta + \\cos^2\\theta = 1$이 성립해요.",
            "A point on the unit circle is at distance 1 from the origin, so by Pythagoras $\\sin^2\\theta + \\cos^2\\theta = 1$.",
        ),
    ),
    Entry(
        "arithmetic_sequence",
        ("등차수열", "arithmetic sequence", "arithmetic progression"),
        ("등차수열", "arithmetic sequence"),
        (
            "첫째항부터 차례로 일정한 수(공차 $d$)를 더해 만든 수열이에요.",
            "A sequence where each term adds the same common difference $d$.",
        ),
        "a_n = a_1 + (n-1)d,\\quad S_n = \\frac{n(a_1 + a_n)}{2}",
        (
            "합 공식은 수열을 거꾸로 써서 더하면 각 쌍의 합이 모두 $a_1 + a_n$으로 같아지기 때문이에요.",
            "Writing the sum forwards and backwards pairs terms that all add to $a_1 + a_n$; that gives the sum formula.",
        ),
    ),
    Entry(
        "geometric_sequence",
        ("등비수열", "geometric sequence", "geometric progression"),
        ("등비수열", "geometric sequence"),
        (
            "첫째항부터 차례로 일정한 수(공비 $r$)를 곱해 만든 수열이에요.",
            "A sequence where each term is multiplied by the same common ratio $r$.",
        ),
        "a_n = a_1 r^{n-1},\\quad S_n = \\frac{a_1(1 - r^n)}{1 - r}\\ (r \\ne 1)",
        (
            "$S_n - rS_n$을 계산하면 가운데 항이 모두 지워져 $a_1 - a_1 r^n$만 남기 때문에 합 공식이 나와요.",
            "In $S_n - rS_n$ all middle terms cancel, leaving $a_1 - a_1 r^n$, which gives the sum formula.",
        ),
    ),
)
