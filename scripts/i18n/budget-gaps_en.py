"""English of the msgids added by the budget-gaps branch (applied by apply_pending.py)."""

TRANSLATIONS = {
    "Chaque enveloppe de quartier est dépouillée à part, comme le reste du budget de la commune. Dans chacune, "
    "vos projets gardent l’ordre de votre classement : le premier d’entre eux reçoit %(n)s points, le suivant un "
    "de moins, et ainsi de suite. Les points ci-dessous sont ceux qui compteront.": (
        "Each neighbourhood envelope is counted separately, like the rest of the town’s budget. In each one, your "
        "projects keep the order of your ranking: the first of them gets %(n)s points, the next one point less, "
        "and so on. The points below are the ones that will count."
    ),
    "compté dans l’enveloppe %(name)s": "counted in the %(name)s envelope",
    "compté dans le budget de la commune": "counted in the town’s budget",
    "Chaque enveloppe de quartier est dépouillée à part, comme le reste du budget : r y est la place du projet "
    "parmi ceux de la même enveloppe que vous classez.": (
        "Each neighbourhood envelope is counted separately, like the rest of the budget: there, r is the project’s "
        "place among the projects of the same envelope that you rank."
    ),
    "Chaque enveloppe de quartier est dépouillée à part, comme le reste du budget : r y est la place du projet "
    "parmi ceux de la même enveloppe que le bulletin classe.": (
        "Each neighbourhood envelope is counted separately, like the rest of the budget: there, r is the project’s "
        "place among the projects of the same envelope that the ballot ranks."
    ),
    "Part de chaque votant·e : %(share)s €, pour %(n)s votant·e : un bulletin compte ici s’il soutient au moins "
    "un projet de cette partie du budget.": (
        "Each voter’s share: €%(share)s, for %(n)s voter: a ballot counts here if it supports at least one project "
        "of this part of the budget.",
        "Each voter’s share: €%(share)s, for %(n)s voters: a ballot counts here if it supports at least one project "
        "of this part of the budget.",
    ),
}
