"""Names in the case a sentence needs, where the case file does not give the form itself.

Russian puts a name after "of", "for", "against" in the genitive ("освобождение Аскара
Кайырбека"). The case file may give the form (`forms: {ru: {genitive: ...}}`); otherwise, for a
person whose gender is known and whose Russian name is a first name and a surname, pytrovich (the
Petrovich rules for Russian names, including many Central Asian and Caucasian ones) declines it.
Anything else keeps the form the case file gives: a name is never guessed.
"""

from __future__ import annotations

from typing import Any

from pytrovich.enums import Case, NamePart
from pytrovich.enums import Gender as PetrovichGender
from pytrovich.maker import PetrovichDeclinationMaker

from campaign.model.common import Gender

_MAKER: Any = PetrovichDeclinationMaker()
_GENDERS = {Gender.MALE: PetrovichGender.MALE, Gender.FEMALE: PetrovichGender.FEMALE}


def russian_genitive(name: str, gender: Gender) -> str | None:
    """The genitive of a Russian "First Last" name, or None when it cannot be declined safely."""
    words = name.split()
    if gender not in _GENDERS or len(words) != 2 or not all(w.isalpha() for w in words):
        return None
    first, last = words
    sex = _GENDERS[gender]
    declined_first = _MAKER.make(NamePart.FIRSTNAME, sex, Case.GENITIVE, first)
    declined_last = _MAKER.make(NamePart.LASTNAME, sex, Case.GENITIVE, last)
    return f"{declined_first} {declined_last}"
