"""English of the msgids added by the branch net-finish (issue 20: matches told, events of an initiative,
an actor's administrators running its missions and events, a hidden actor never named as organiser)."""

TRANSLATIONS = {
    # missions
    "un acteur du territoire": "a local actor",
    "Une rencontre de cette initiative (facultatif).": "A meeting of this initiative (optional).",
    "Seul·es les porteur·ses de l'initiative peuvent y rattacher une rencontre.": (
        "Only the initiative's holders may attach an event to it."
    ),
    "Initiative (une rencontre de l’initiative)": "Initiative (a meeting of the initiative)",
    "Seules les initiatives que vous portez sont proposées.": "Only the initiatives you run are offered.",
    "Rencontre de l’initiative": "Meeting of the initiative",
    "compte rendu publié": "minutes published",
    "Nouvelle rencontre de l’initiative": "New meeting of the initiative",
    # network
    "me prévenir des appels à l’aide qui me correspondent": "tell me of the calls for help that match me",
    "Me prévenir des appels à l’aide qui me correspondent, à moi ou à mes acteurs": (
        "Tell me of the calls for help that match me or my actors"
    ),
    "Dans vos notifications, et par courriel selon vos préférences (par exemple dans votre résumé du jour).": (
        "In your notifications, and by e-mail as you chose (for instance in your daily digest)."
    ),
    # notifications
    "Appel à l’aide qui vous correspond": "A call for help that matches you",
    "L’initiative « %(title)s » cherche de l’aide : %(what)s. Elle correspond à %(actor)s, dont vous êtes membre.": (
        "The initiative “%(title)s” is looking for help: %(what)s. It matches %(actor)s, of which you are a member."
    ),
    "L’initiative « %(title)s » cherche de l’aide : %(what)s. Elle correspond à ce que vous proposez.": (
        "The initiative “%(title)s” is looking for help: %(what)s. It matches what you offer."
    ),
    "Pourquoi : %(reasons)s.": "Why: %(reasons)s.",
}
