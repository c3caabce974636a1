"""The QAC rubric (``rubric.yaml``): 8 items of 4 yes/no elements, and its arithmetic.

An item scores ``POINTS_PER_ELEMENT`` per element met (0-5), a session 0-40. The
texts are data, in Korean and English; the scores are always computed here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

Language = Literal["ko", "en"]
POINTS_PER_ELEMENT = 1.25
MAX_EVIDENCE_CHARS = 100
_SOURCE = Path(__file__).with_name("rubric.yaml")


class Text(BaseModel):
    ko: str
    en: str

    def in_language(self, language: Language) -> str:
        return self.ko if language == "ko" else self.en


class RubricElement(BaseModel):
    code: str
    title: Text
    description: Text


class RubricItem(BaseModel):
    code: str
    title: Text
    elements: list[RubricElement]


class Rubric(BaseModel):
    items: list[RubricItem]

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @property
    def element_codes(self) -> tuple[str, ...]:
        return tuple(element.code for item in self.items for element in item.elements)

    def scores(self, elements: dict[str, int]) -> dict[str, float]:
        """Each item's score from the elements met (a missing element counts as not met)."""
        return {
            item.code: POINTS_PER_ELEMENT
            * sum(1 for element in item.elements if elements.get(element.code) == 1)
            for item in self.items
        }

    def total(self, elements: dict[str, int]) -> float:
        return sum(self.scores(elements).values())


@lru_cache
def get_rubric() -> Rubric:
    """The rubric, read once; fails at first use if the file breaks its shape."""
    rubric = Rubric.model_validate(yaml.safe_load(_SOURCE.read_text(encoding="utf-8")))
    codes = rubric.element_codes
    if len(rubric.items) != 8 or len(codes) != 32 or len(set(codes)) != 32:
        raise ValueError("rubric.yaml must hold 8 items of 4 distinct elements")
    return rubric
