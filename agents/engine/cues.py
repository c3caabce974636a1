"""Words that say what is asked, Korean and English, shared by the task types.

Each cue is one named pattern over the normalised (lower-case) text; a task
type combines the cues it needs with the objects it requires.
"""

from __future__ import annotations

import re


def cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


SOLVE = cue(
    r"풀어|풀이|풀면|풀기|구해|구하|해를|근을|해는|근은|\b해\b|근\b|만족하는|값은\??$|"
    r"\bsolve|\bsolution|\broots?\b|\bzeros?\b|\bfind\s+(?:x|y|all|the\s+value)|\bwhat\s+is\s+[a-z]\b"
)
DERIVATIVE = cue(
    r"미분|도함수|derivative|diff?e?rentiat|d/d[a-z]|\bslope\s+of\s+the\s+curve|기울기\s*함수"
)
DERIVATIVE_VALUE = cue(
    r"미분\s*계수|미분계수|derivative\s+(?:value\s+)?at|rate\s+of\s+change\s+at|순간\s*변화율"
)
TANGENT = cue(r"접선|tangent\s+line|tangent\s+to|line\s+tangent|\btangent\b")
NORMAL = cue(r"법선|normal\s+line|\bnormal\b")
MONOTONIC = cue(r"증가|감소|increas|decreas|monoton")
EXTREMA = cue(
    r"극값|극대|극소|극댓값|극솟값|local\s+(?:max|min|extrem)|relative\s+(?:max|min|extrem)|critical\s+point|turning\s+point|stationary"
)
MAXMIN = cue(
    r"최댓값|최솟값|최대값|최소값|최대|최소|maximum|minimum|\bmax\b|\bmin\b|greatest\s+value|least\s+value|smallest\s+value|largest\s+value|range\s+of\s+values"
)
INTEGRAL = cue(r"∫|적분|integra|intergra|antiderivative|anti-derivative|부정적분|정적분|primitive")
AREA = cue(r"넓이|면적|\barea\b|둘러싸인|enclosed|bounded")
LIMIT = cue(r"극한|\blim\b|\blimit|->|수렴|converge")
FACTOR = cue(r"인수\s*분[해헤]|factori[sz]|\bfactor\b|factor\s+(?:completely|fully)|\bfactors\b")
EXPAND = cue(r"전개|expand|multiply\s+out|곱셈\s*공식")
SIMPLIFY = cue(r"간단히|정리|약분|simplif|reduce|계산|compute|calculate|evaluate|work\s+out|값")
DIVIDE = cue(r"나누|나눈|나눗셈|divid|÷|\bquotient|\bremainder|몫|나머지")
REMAINDER = cue(r"나머지|remainder")
QUOTIENT = cue(r"몫|quotient")
FACTOR_THEOREM = cue(r"나누어\s*떨어|인수를?\s*가|인수인|is\s+a\s+factor|divisible")
VERTEX = cue(r"꼭짓점|꼭지점|vertex|축의\s*방정식|대칭축|axis\s+of\s+symmetry|\baxis\b")
GCD = cue(
    r"최대\s*공약수|\bgcd\b|\bhcf\b|greatest\s+common\s+(?:divisor|factor)|highest\s+common\s+factor"
)
LCM = cue(r"최소\s*공배수|\blcm\b|least\s+common\s+multiple|lowest\s+common\s+multiple")
DISCOUNT = cue(r"할인|세일|discount|\boff\b|sale|인하|깎")
INCREASE = cue(
    r"인상|증가|올[라리랐]|increase|raise|markup|mark-up|more\s+expensive|이자|interest|세금|\btax\b|부가세|vat"
)
TIP = cue(r"\btip\b|팁|봉사료|gratuity|service\s+charge")
PERCENT_OF = cue(r"의\s*$|\bof\b|의")
WHAT_PERCENT = cue(r"몇\s*(?:%|퍼센트|프로)|what\s+percent|what\s+percentage|as\s+a\s+percent")
RATIO = cue(r"비율|비로|비례\s*배분|ratio|:\s*\d|나누어\s*가|share|split|divide\s+\d")
DISCRIMINANT = cue(
    r"판별식|discriminant|근의\s*종류|근의\s*개수|nature\s+of\s+the\s+roots|how\s+many\s+(?:real\s+)?(?:roots|solutions)"
)
VIETA = cue(
    r"두\s*근의\s*(?:합|곱)|근의\s*합|근의\s*곱|sum\s+of\s+(?:the\s+)?roots|product\s+of\s+(?:the\s+)?roots|근과\s*계수|vieta|α|alpha|beta"
)
SYSTEM = cue(r"연립|system|simultaneous")
INEQUALITY = cue(r"부등식|inequalit|<|>")
CONJUGATE = cue(r"켤레|conjugate")
COMPLEX = cue(r"복소수|허수|complex|imaginary|\bi\b")
COMPOSITE = cue(r"합성|composite|composition|∘|\bf\s*\(\s*g|\bg\s*\(\s*f")
INVERSE = cue(r"역함수|inverse")
VELOCITY = cue(r"속도|velocity|speed")
ACCELERATION = cue(r"가속도|acceleration")
DISTANCE_TRAVELLED = cue(
    r"움직인\s*거리|이동\s*거리|distance\s+travel|total\s+distance|distance\s+covered"
)
POSITION = cue(r"위치|position|displacement|변위")
SUM = cue(r"Σ|시그마|sigma|\bsum\b|합을|합은|합\b|\bseries\b|더하")
VALUE = cue(r"값|value|얼마|what\s+is|find|구하|계산|=\s*\?")
WHY = cue(r"왜|이유|어째서|원리|\bwhy\b|\bexplain\b|how\s+come")
ARRANGE = cue(r"배열|나열|줄\s*세우|순서|arrange|line\s+up|permutation|order")
CHOOSE = cue(r"뽑|선택|고르|택하|choose|select|pick|combination|committee|위원")
WAYS = cue(
    r"방법의\s*수|경우의\s*수|가짓수|몇\s*가지|how\s+many\s+ways|number\s+of\s+ways|in\s+how\s+many"
)
