"""The built-in glossary of high-school math concepts (Korean and English).

Each entry: keywords (lower case, matched as substrings; English ones on word
boundaries), a title, a definition, an optional LaTeX formula, a "why"
explanation for conceptual questions and a hint for problem-solving ones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One concept; text fields are (Korean, English) pairs."""

    id: str
    keywords: tuple[str, ...]
    title: tuple[str, str]
    definition: tuple[str, str]
    formula: str = ""
    why: tuple[str, str] = ("", "")
    hint: tuple[str, str] = ("", "")


ENTRIES: tuple[Entry, ...] = (
    Entry(
        "quadratic_formula", ("근의 공식", "근의공식", "quadratic formula"),
        ("근의 공식", "quadratic formula"),
        ("이차방정식 $ax^2 + bx + c = 0$ ($a \\ne 0$)의 해를 계수로 바로 구하는 공식이에요.",
         "The formula giving the solutions of $ax^2 + bx + c = 0$ ($a \\ne 0$) from its coefficients."),  # noqa: E501
        "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
        ("$ax^2 + bx + c = 0$을 완전제곱식 $a(x + \\frac{b}{2a})^2 = \\frac{b^2 - 4ac}{4a}$로 바꾼 뒤 제곱근을 취하면 나와요.",  # noqa: E501
         "Completing the square turns $ax^2 + bx + c = 0$ into $a(x + \\frac{b}{2a})^2 = \\frac{b^2 - 4ac}{4a}$; taking square roots gives the formula."),  # noqa: E501
        ("먼저 $a, b, c$를 정확히 읽고 판별식부터 계산해 보세요.",
         "Read off $a, b, c$ carefully and compute the discriminant first."),
    ),
    Entry(
        "discriminant", ("판별식", "discriminant"),
        ("판별식", "discriminant"),
        ("이차방정식 $ax^2 + bx + c = 0$의 근의 종류를 판별하는 값 $D$예요. $D > 0$이면 서로 다른 두 실근, $D = 0$이면 중근, $D < 0$이면 서로 다른 두 허근이에요.",  # noqa: E501
         "The number $D$ that tells the kind of roots of $ax^2 + bx + c = 0$: two real roots if $D > 0$, a double root if $D = 0$, two complex roots if $D < 0$."),  # noqa: E501
        "D = b^2 - 4ac",
        ("근의 공식에서 $\\sqrt{b^2 - 4ac}$ 부분이 실수인지, 0인지가 근의 개수를 결정하기 때문이에요.",  # noqa: E501
         "In the quadratic formula the part under the square root, $b^2 - 4ac$, decides whether the roots are real, equal or complex."),  # noqa: E501
    ),
    Entry(
        "pythagoras", ("피타고라스", "pythagoras", "pythagorean"),
        ("피타고라스 정리", "Pythagorean theorem"),
        ("직각삼각형에서 빗변의 길이의 제곱은 나머지 두 변의 길이의 제곱의 합과 같아요.",
         "In a right triangle the square of the hypotenuse equals the sum of the squares of the other two sides."),  # noqa: E501
        "a^2 + b^2 = c^2 \\quad (c\\text{: hypotenuse})",
        ("한 변이 $a + b$인 정사각형 안에 합동인 직각삼각형 네 개를 배치하면 가운데 남는 정사각형의 넓이가 $c^2$이고, 이것이 $(a+b)^2 - 4 \\cdot \\frac{ab}{2} = a^2 + b^2$과 같아요.",  # noqa: E501
         "Place four copies of the right triangle inside a square of side $a + b$: the square left in the middle has area $c^2$, which equals $(a+b)^2 - 4 \\cdot \\frac{ab}{2} = a^2 + b^2$."),  # noqa: E501
        ("어느 변이 빗변(직각의 맞은편)인지 먼저 표시해 보세요.", "Mark the hypotenuse (opposite the right angle) first."),  # noqa: E501
    ),
    Entry(
        "prime", ("소수", "prime"),
        ("소수", "prime number"),
        ("1보다 큰 자연수 중에서 1과 자기 자신만을 약수로 가지는 수예요. 예: $2, 3, 5, 7, 11$",
         "A natural number greater than 1 whose only divisors are 1 and itself, e.g. $2, 3, 5, 7, 11$."),  # noqa: E501
        "",
        ("소수는 곱셈의 '원자' 같은 수여서, 모든 자연수는 소수의 곱으로 단 한 가지 방법으로 나타낼 수 있어요(소인수분해의 유일성).",  # noqa: E501
         "Primes are the building blocks of multiplication: every natural number is a product of primes in exactly one way."),  # noqa: E501
    ),
    Entry(
        "function", ("함수", "function"),
        ("함수", "function"),
        ("집합 $X$의 각 원소에 집합 $Y$의 원소가 오직 하나씩 대응하는 관계예요.",
         "A rule that assigns to each element of a set $X$ exactly one element of a set $Y$."),
        "f: X \\to Y,\\ y = f(x)",
        ("입력 하나에 출력이 하나로 정해져야 값을 예측하고 계산할 수 있기 때문에 '오직 하나'라는 조건이 중요해요.",  # noqa: E501
         "Requiring exactly one output per input is what makes a function predictable and computable."),  # noqa: E501
    ),
    Entry(
        "derivative", ("미분", "도함수", "미분계수", "derivative", "differentiation", "differentiate"),
        ("미분(도함수)", "derivative"),
        ("함수 $f(x)$의 순간변화율이에요. 도함수 $f'(x)$는 각 점에서의 미분계수를 나타내는 함수예요.",  # noqa: E501
         "The instantaneous rate of change of $f(x)$; the derivative $f'(x)$ gives it at every point."),  # noqa: E501
        "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}",
        ("$\\frac{f(x+h) - f(x)}{h}$는 두 점을 잇는 할선의 기울기예요. $h \\to 0$이면 두 점이 한 점으로 모여 할선이 접선이 되므로, 미분계수는 접선의 기울기, 곧 순간변화율이에요.",  # noqa: E501
         "$\\frac{f(x+h) - f(x)}{h}$ is the slope of the secant line through two points of the graph. As $h \\to 0$ the points merge and the secant becomes the tangent, so the derivative is the slope of the tangent: the instantaneous rate of change."),  # noqa: E501
        ("식을 항별로 나누어 미분 공식을 하나씩 적용해 보세요.", "Split the expression into terms and apply one rule at a time."),  # noqa: E501
    ),
    Entry(
        "integral", ("적분", "integral", "integration", "antiderivative"),
        ("적분", "integral"),
        ("부정적분은 미분하면 $f(x)$가 되는 함수(원시함수)이고, 정적분 $\\int_a^b f(x)\\,dx$는 구간 $[a, b]$에서 그래프와 $x$축 사이의 부호 있는 넓이예요.",  # noqa: E501
         "An indefinite integral is a function whose derivative is $f(x)$; the definite integral $\\int_a^b f(x)\\,dx$ is the signed area between the graph and the $x$-axis on $[a, b]$."),  # noqa: E501
        "\\int_a^b f(x)\\,dx = F(b) - F(a) \\quad (F' = f)",
        ("넓이를 아주 얇은 직사각형으로 잘라 더한 것의 극한이 정적분이고, 넓이 함수의 변화율이 바로 $f(x)$이기 때문에 미분과 적분은 서로 역연산이에요(미적분의 기본정리).",  # noqa: E501
         "The definite integral is the limit of sums of thin rectangles; since the rate of change of the area function is $f(x)$ itself, integration and differentiation undo each other (fundamental theorem of calculus)."),  # noqa: E501
        ("적분 구간과 피적분함수를 먼저 확인하고, 원시함수를 구한 뒤 미분해서 검산해 보세요.",
         "Check the interval and integrand, find an antiderivative, then differentiate it to check."),  # noqa: E501
    ),
    Entry(
        "limit", ("극한", "limit"),
        ("극한", "limit"),
        ("$x$가 $a$에 한없이 가까워질 때 $f(x)$가 일정한 값 $L$에 한없이 가까워지면, $L$을 극한값이라고 해요.",  # noqa: E501
         "If $f(x)$ gets arbitrarily close to $L$ as $x$ gets arbitrarily close to $a$, then $L$ is the limit."),  # noqa: E501
        "\\lim_{x \\to a} f(x) = L",
        ("극한은 그 점에서의 값이 아니라 '가까이 갈 때의 경향'을 보는 개념이라서, 함수가 그 점에서 정의되지 않아도 극한은 있을 수 있어요.",  # noqa: E501
         "A limit describes where the values are heading, not the value at the point, so it can exist even where the function is undefined."),  # noqa: E501
        ("먼저 대입해 보고, $\\frac{0}{0}$ 꼴이면 인수분해·유리화로 식을 바꿔 보세요.",
         "Substitute first; if you get $\\frac{0}{0}$, factor or rationalise and try again."),
    ),
    Entry(
        "logarithm", ("로그", "logarithm", "log"),
        ("로그", "logarithm"),
        ("$a^x = N$일 때 지수 $x$를 $\\log_a N$으로 나타내요 ($a > 0$, $a \\ne 1$, $N > 0$).",
         "If $a^x = N$, the exponent $x$ is written $\\log_a N$ ($a > 0$, $a \\ne 1$, $N > 0$)."),
        "\\log_a MN = \\log_a M + \\log_a N,\\quad \\log_a M^k = k \\log_a M",
        ("로그는 '몇 번 곱했는가'를 묻는 지수의 역연산이라서, 곱셈이 지수의 덧셈이 되는 성질이 로그에서는 덧셈 공식으로 나타나요.",  # noqa: E501
         "A logarithm undoes exponentiation; because multiplying powers adds exponents, the log of a product is the sum of the logs."),  # noqa: E501
    ),
    Entry(
        "exponent", ("지수", "exponent", "power rule"),
        ("지수", "exponent"),
        ("$a^n$에서 $a$를 $n$번 곱한다는 뜻의 $n$을 지수라고 해요.", "In $a^n$, the exponent $n$ says how many times $a$ is multiplied."),  # noqa: E501
        "a^m a^n = a^{m+n},\\ (a^m)^n = a^{mn},\\ a^0 = 1,\\ a^{-n} = \\frac{1}{a^n}",
        ("$a^0 = 1$, $a^{-n} = \\frac{1}{a^n}$은 지수법칙 $a^m a^n = a^{m+n}$이 계속 성립하도록 정한 약속이에요.",  # noqa: E501
         "$a^0 = 1$ and $a^{-n} = \\frac{1}{a^n}$ are chosen so that the rule $a^m a^n = a^{m+n}$ keeps working."),  # noqa: E501
    ),
    Entry(
        "trigonometry", ("삼각함수", "sin", "cos", "tan", "사인", "코사인", "탄젠트", "trigonometric", "sine", "cosine", "tangent"),  # noqa: E501
        ("삼각함수", "trigonometric functions"),
        ("단위원 위의 점 $(\\cos\\theta, \\sin\\theta)$로 정의하고, $\\tan\\theta = \\frac{\\sin\\theta}{\\cos\\theta}$예요.",  # noqa: E501
         "Defined by the point $(\\cos\\theta, \\sin\\theta)$ on the unit circle, with $\\tan\\theta = \\frac{\\sin\\theta}{\\cos\\theta}$."),  # noqa: E501
        "\\sin^2\\theta + \\cos^2\\theta = 1",
        ("단위원 위의 점은 원점에서 거리가 1이므로 피타고라스 정리에 의해 $\\sin^2\\theta + \\cos^2\\theta = 1$이 성립해요.",  # noqa: E501
         "A point on the unit circle is at distance 1 from the origin, so by Pythagoras $\\sin^2\\theta + \\cos^2\\theta = 1$."),  # noqa: E501
    ),
    Entry(
        "arithmetic_sequence", ("등차수열", "arithmetic sequence", "arithmetic progression"),
        ("등차수열", "arithmetic sequence"),
        ("첫째항부터 차례로 일정한 수(공차 $d$)를 더해 만든 수열이에요.", "A sequence where each term adds the same common difference $d$."),  # noqa: E501
        "a_n = a_1 + (n-1)d,\\quad S_n = \\frac{n(a_1 + a_n)}{2}",
        ("합 공식은 수열을 거꾸로 써서 더하면 각 쌍의 합이 모두 $a_1 + a_n$으로 같아지기 때문이에요.",  # noqa: E501
         "Writing the sum forwards and backwards pairs terms that all add to $a_1 + a_n$; that gives the sum formula."),  # noqa: E501
    ),
    Entry(
        "geometric_sequence", ("등비수열", "geometric sequence", "geometric progression"),
        ("등비수열", "geometric sequence"),
        ("첫째항부터 차례로 일정한 수(공비 $r$)를 곱해 만든 수열이에요.", "A sequence where each term is multiplied by the same common ratio $r$."),  # noqa: E501
        "a_n = a_1 r^{n-1},\\quad S_n = \\frac{a_1(1 - r^n)}{1 - r}\\ (r \\ne 1)",
        ("$S_n - rS_n$을 계산하면 가운데 항이 모두 지워져 $a_1 - a_1 r^n$만 남기 때문에 합 공식이 나와요.",  # noqa: E501
         "In $S_n - rS_n$ all middle terms cancel, leaving $a_1 - a_1 r^n$, which gives the sum formula."),  # noqa: E501
    ),
    Entry(
        "probability", ("확률", "probability"),
        ("확률", "probability"),
        ("어떤 사건이 일어날 가능성을 $0$과 $1$ 사이의 수로 나타낸 것이에요. 각 경우가 같은 정도로 일어날 때 (사건의 경우의 수)/(전체 경우의 수)예요.",  # noqa: E501
         "A number between $0$ and $1$ measuring how likely an event is; with equally likely outcomes it is (favourable outcomes)/(all outcomes)."),  # noqa: E501
        "P(A) = \\frac{n(A)}{n(S)},\\quad P(A^c) = 1 - P(A)",
    ),
    Entry(
        "permutation", ("순열", "permutation"),
        ("순열", "permutation"),
        ("서로 다른 $n$개에서 $r$개를 골라 순서를 정해 나열하는 경우의 수예요.", "The number of ordered arrangements of $r$ items chosen from $n$ distinct items."),  # noqa: E501
        "{}_nP_r = \\frac{n!}{(n-r)!}",
        ("첫 자리는 $n$가지, 다음 자리는 $n-1$가지, … 로 $r$자리를 채우므로 곱의 법칙에 의해 $n(n-1)\\cdots(n-r+1)$이에요.",  # noqa: E501
         "The first place has $n$ choices, the next $n-1$, and so on for $r$ places; the product rule gives $n(n-1)\\cdots(n-r+1)$."),  # noqa: E501
    ),
    Entry(
        "combination", ("조합", "combination"),
        ("조합", "combination"),
        ("서로 다른 $n$개에서 순서와 관계없이 $r$개를 고르는 경우의 수예요.", "The number of ways to choose $r$ of $n$ distinct items, order ignored."),  # noqa: E501
        "{}_nC_r = \\frac{n!}{r!(n-r)!}",
        ("순열 ${}_nP_r$은 같은 $r$개를 $r!$가지 순서로 중복해서 세므로 $r!$로 나누면 조합이 돼요.",
         "A permutation counts each choice of $r$ items $r!$ times (once per order), so dividing by $r!$ gives combinations."),  # noqa: E501
    ),
    Entry(
        "vector", ("벡터", "vector"),
        ("벡터", "vector"),
        ("크기와 방향을 함께 가지는 양이에요. 성분으로 $\\vec{a} = (a_1, a_2)$처럼 나타내요.", "A quantity with both size and direction, written in components as $\\vec{a} = (a_1, a_2)$."),  # noqa: E501
        "|\\vec{a}| = \\sqrt{a_1^2 + a_2^2},\\quad \\vec{a} \\cdot \\vec{b} = a_1 b_1 + a_2 b_2",
    ),
    Entry(
        "matrix", ("행렬", "matrix", "matrices"),
        ("행렬", "matrix"),
        ("수를 직사각형 모양으로 배열한 것이에요. $m$개의 행과 $n$개의 열이 있으면 $m \\times n$ 행렬이에요.",  # noqa: E501
         "A rectangular array of numbers; with $m$ rows and $n$ columns it is an $m \\times n$ matrix."),  # noqa: E501
        "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1} = \\frac{1}{ad - bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}",  # noqa: E501
    ),
    Entry(
        "absolute_value", ("절댓값", "절대값", "absolute value"),
        ("절댓값", "absolute value"),
        ("수직선에서 원점까지의 거리예요. 그래서 항상 $0$ 이상이에요.", "The distance from a number to $0$ on the number line, so it is never negative."),  # noqa: E501
        "|a| = \\begin{cases} a & (a \\ge 0) \\\\ -a & (a < 0) \\end{cases}",
        ("거리는 음수가 될 수 없으므로 음수일 때는 부호를 바꿔 $-a$가 돼요.", "A distance cannot be negative, so a negative number has its sign flipped: $-a$."),  # noqa: E501
    ),
    Entry(
        "factoring", ("인수분해", "factoring", "factorization", "factorisation"),
        ("인수분해", "factoring"),
        ("다항식을 두 개 이상의 다항식의 곱으로 나타내는 것이에요.", "Writing a polynomial as a product of two or more polynomials."),  # noqa: E501
        "a^2 - b^2 = (a+b)(a-b),\\quad x^2 + (p+q)x + pq = (x+p)(x+q)",
        ("곱이 $0$이면 인수 중 하나가 $0$이므로, 인수분해하면 방정식을 쉽게 풀 수 있어요.",
         "If a product is $0$ one factor must be $0$, so factoring turns an equation into simple ones."),  # noqa: E501
        ("공통인수가 있는지 먼저 보고, 곱셈공식의 모양을 찾아보세요.", "Look for a common factor first, then for a known product pattern."),  # noqa: E501
    ),
    Entry(
        "vertex", ("꼭짓점", "꼭지점", "vertex"),
        ("이차함수의 꼭짓점", "vertex of a parabola"),
        ("이차함수 $y = a(x-p)^2 + q$의 그래프에서 가장 높거나 낮은 점 $(p, q)$예요.",
         "The highest or lowest point $(p, q)$ of the parabola $y = a(x-p)^2 + q$."),
        "y = ax^2 + bx + c \\Rightarrow \\left(-\\frac{b}{2a},\\ c - \\frac{b^2}{4a}\\right)",
        ("$(x-p)^2 \\ge 0$이므로 $x = p$에서 제곱 부분이 $0$이 되어 함숫값이 최소(또는 최대) $q$가 돼요.",  # noqa: E501
         "Since $(x-p)^2 \\ge 0$, the squared part vanishes only at $x = p$, where the value is the minimum (or maximum) $q$."),  # noqa: E501
        ("완전제곱식 꼴로 바꿔 보세요.", "Complete the square."),
    ),
    Entry(
        "quadratic_function", ("이차함수", "quadratic function", "parabola", "포물선"),
        ("이차함수", "quadratic function"),
        ("$y = ax^2 + bx + c$ ($a \\ne 0$) 꼴의 함수로, 그래프는 포물선이에요.", "A function $y = ax^2 + bx + c$ ($a \\ne 0$); its graph is a parabola."),  # noqa: E501
        "y = a(x-p)^2 + q",
    ),
    Entry(
        "circle_area", ("원의 넓이", "원의넓이", "area of a circle", "circle area"),
        ("원의 넓이", "area of a circle"),
        ("반지름이 $r$인 원의 넓이예요.", "The area enclosed by a circle of radius $r$."),
        "S = \\pi r^2",
        ("원을 아주 잘게 부채꼴로 잘라 엇갈려 붙이면 가로 $\\pi r$(둘레의 절반), 세로 $r$인 직사각형에 가까워지기 때문이에요.",  # noqa: E501
         "Cut the circle into thin sectors and rearrange them: they approach a rectangle of width $\\pi r$ (half the circumference) and height $r$."),  # noqa: E501
    ),
    Entry(
        "division_by_zero", ("0으로 나누", "0으로 나눌", "0으로 나눠", "영으로 나누", "divide by zero", "division by zero", "divided by zero", "divide by 0", "dividing by zero"),  # noqa: E501
        ("0으로 나누기", "division by zero"),
        ("$a \\div 0$은 정의하지 않아요.", "$a \\div 0$ is left undefined."),
        "",
        ("나눗셈 $a \\div b = c$는 $b \\times c = a$를 만족하는 $c$를 찾는 것이에요. $b = 0$이면 $0 \\times c = a$인데, $a \\ne 0$이면 그런 $c$가 없고 $a = 0$이면 모든 수가 답이 되어 하나로 정할 수 없어요. 그래서 $0$으로 나누는 것은 정의하지 않아요.",  # noqa: E501
         "Division $a \\div b = c$ means finding $c$ with $b \\times c = a$. If $b = 0$ we need $0 \\times c = a$: for $a \\ne 0$ no such $c$ exists, and for $a = 0$ every number works, so no single answer. That is why division by zero is undefined."),  # noqa: E501
    ),
    Entry(
        "linear_equation", ("일차방정식", "linear equation"),
        ("일차방정식", "linear equation"),
        ("미지수의 최고차항이 일차인 방정식 $ax + b = 0$ ($a \\ne 0$)이에요.", "An equation $ax + b = 0$ ($a \\ne 0$) whose unknown appears to the first power."),  # noqa: E501
        "ax + b = 0 \\Rightarrow x = -\\frac{b}{a}",
        ("등식의 양변에 같은 수를 더하거나 $0$이 아닌 같은 수로 나누어도 등식이 유지되기 때문에 이항해서 풀 수 있어요.",  # noqa: E501
         "Adding the same number to both sides, or dividing both by the same non-zero number, keeps an equation true; that is why moving terms works."),  # noqa: E501
    ),
    Entry(
        "quadratic_equation", ("이차방정식", "quadratic equation"),
        ("이차방정식", "quadratic equation"),
        ("$ax^2 + bx + c = 0$ ($a \\ne 0$) 꼴의 방정식이에요. 인수분해나 근의 공식으로 풀어요.",
         "An equation $ax^2 + bx + c = 0$ ($a \\ne 0$), solved by factoring or by the quadratic formula."),  # noqa: E501
        "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
        "",
        ("인수분해가 되는지 먼저 보고, 안 되면 근의 공식을 쓰세요.", "Try factoring first; if it does not factor, use the quadratic formula."),  # noqa: E501
    ),
    Entry(
        "system", ("연립방정식", "연립", "system of equations", "simultaneous equations"),
        ("연립방정식", "system of equations"),
        ("두 개 이상의 방정식을 동시에 만족하는 미지수의 값을 구하는 문제예요.", "Several equations whose unknowns must satisfy all of them at once."),  # noqa: E501
        "",
        ("두 직선의 방정식이라면 해는 두 직선의 교점이에요. 그래서 해가 하나, 없음(평행), 무수히 많음(일치) 중 하나예요.",  # noqa: E501
         "For two lines, the solution is their intersection point, so there is one solution, none (parallel) or infinitely many (the same line)."),  # noqa: E501
        ("한 문자의 계수를 맞춰 더하거나 빼서(가감법) 문자를 하나 없애 보세요. 구한 해는 두 식에 모두 대입해 확인해요.",  # noqa: E501
         "Match the coefficients of one unknown and add or subtract (elimination), or substitute. Check the answer in both equations."),  # noqa: E501
    ),
    Entry(
        "inequality", ("부등식", "inequality", "inequalities"),
        ("부등식", "inequality"),
        ("두 식의 크기 관계를 $<, >, \\le, \\ge$로 나타낸 식이에요.", "A statement comparing two expressions with $<, >, \\le, \\ge$."),  # noqa: E501
        "a < b,\\ c < 0 \\Rightarrow ac > bc",
        ("음수를 곱하면 수직선에서 좌우가 뒤집히기 때문에 부등호의 방향이 바뀌어요.",
         "Multiplying by a negative number mirrors the number line, so the inequality flips."),
        ("증명이라면 (좌변) − (우변)이 항상 $0$ 이상인지 보이거나, 산술·기하평균 같은 알려진 부등식을 떠올려 보세요.",  # noqa: E501
         "For a proof, try showing (left side) − (right side) $\\ge 0$, e.g. as a sum of squares, or recall a known inequality such as AM-GM."),  # noqa: E501
    ),
    Entry(
        "sequence", ("수열", "sequence"),
        ("수열", "sequence"),
        ("차례로 나열된 수의 열이에요. $n$번째 항을 $a_n$으로 써요.", "A list of numbers in order; the $n$-th term is written $a_n$."),  # noqa: E501
        "",
    ),
)
