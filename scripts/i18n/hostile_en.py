# ruff: noqa: E501
"""English translations for hostile input answered in words: JSON and uploads that cannot be read (issue 13)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Ce JSON est imbriqué trop profondément pour être lu.": "This JSON is nested too deeply to be read.",
    "Ce JSON ne peut pas être lu (un nombre y compte trop de chiffres).": "This JSON cannot be read (a number in it has too many digits).",
}
