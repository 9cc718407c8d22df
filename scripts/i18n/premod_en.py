"""English of the pre-moderation, word list, restore / lift and moderation-delay strings (branch premod)."""

TRANSLATIONS = {
    # Démarche setting
    "Pré-modération : rien n’est public avant validation": "Pre-moderation: nothing is public before approval",
    "Les contributions et commentaires déposés ne sont publiés qu’après validation par la modération "
    "(file de modération, partie « À valider »).": "Contributions and comments are published only once "
    "moderation has approved them (moderation queue, “To approve” section).",
    # Moderation log and notifications
    "Validé (publié)": "Approved (published)",
    "Refusé avant publication": "Refused before publication",
    "Sanction levée": "Sanction lifted",
    "Contenu validé par la modération": "Content approved by moderation",
    "Contenu refusé par la modération": "Content refused by moderation",
    "Contenu rétabli par la modération": "Content restored by moderation",
    "Sanction levée par la modération": "Sanction lifted by moderation",
    "La modération a validé votre contenu : il est maintenant public.": (
        "Moderation approved your content: it is now public."
    ),
    "La modération n’a pas publié votre contenu. Motif : %(reason)s (article %(article)s de la charte).": (
        "Moderation did not publish your content. Reason: %(reason)s (article %(article)s of the charter)."
    ),
    "La modération a rétabli votre contenu : il est de nouveau public.": (
        "Moderation restored your content: it is public again."
    ),
    "La modération a levé votre sanction : vous pouvez de nouveau publier.": (
        "Moderation lifted your sanction: you may publish again."
    ),
    # Pending items
    "En attente de validation par la modération": "Awaiting approval by moderation",
    "ce contenu sera publié dès qu’un·e modérateur·rice l’aura validé, sous %(n)s heure au plus selon la <a "
    'href="/regles/#delai-moderation">charte</a> ; son auteur·rice est prévenu·e de la décision.': (
        "this content will be published as soon as a moderator approves it, within %(n)s hour at most according "
        'to the <a href="/regles/#delai-moderation">charter</a>; its author is told of the decision.',
        "this content will be published as soon as a moderator approves it, within %(n)s hours at most according "
        'to the <a href="/regles/#delai-moderation">charter</a>; its author is told of the decision.',
    ),
    "Contribution en attente de validation": "Contribution awaiting approval",
    "Merci ! Votre contribution est enregistrée : elle sera publiée dès qu’un·e modérateur·rice l’aura validée, "
    "et vous en serez prévenu·e.": "Thank you! Your contribution is saved: it will be published as soon as a "
    "moderator approves it, and you will be told.",
    "Merci ! Votre message est enregistré : il sera publié dès qu’un·e modérateur·rice l’aura validé, et vous en "
    "serez prévenu·e.": "Thank you! Your message is saved: it will be published as soon as a moderator approves "
    "it, and you will be told.",
    # The queue's « À valider »
    "À valider : %(n)s contenu en attente": ("To approve: %(n)s item waiting", "To approve: %(n)s items waiting"),
    "Ces contenus ne sont pas publics : ils attendent votre validation (pré-modération de la démarche, ou un mot "
    "de la liste de la commune).": "These items are not public: they await your approval (the initiative’s "
    "pre-moderation, or a word from the municipality’s list).",
    "Déposé le %(date)s": "Submitted on %(date)s",
    "Retenu par la liste de mots :": "Held back by the word list:",
    "Motif du refus": "Reason for refusal",
    "Refuser": "Refuse",
    "Aucun contenu en attente de validation.": "No item awaiting approval.",
    "Choisissez un motif de la charte pour refuser.": "Choose a reason from the charter to refuse.",
    "Ce contenu n’est plus en attente de validation.": "This item is no longer awaiting approval.",
    "Contenu publié.": "Item published.",
    "Contenu refusé : son auteur·rice est prévenu·e.": "Item refused: its author has been told.",
    # Word list
    "mot ou expression": "word or expression",
    "Comparé sans tenir compte des accents ni des majuscules, en mot entier : « connard » retient « CONNARD » et "
    "« connard. », pas un mot plus long qui le contient.": "Compared regardless of accents and case, as a whole "
    "word: “connard” holds back “CONNARD” and “connard.”, not a longer word containing it.",
    "forme comparée": "compared form",
    "ajouté le": "added on",
    "mot retenu pour modération": "word held back for moderation",
    "mots retenus pour modération": "words held back for moderation",
    "Indiquez un mot ou une expression.": "Enter a word or an expression.",
    "Ce mot est déjà dans la liste (sans tenir compte des accents ni des majuscules).": (
        "This word is already on the list (regardless of accents and case)."
    ),
    # Restore and lift
    "levée le": "lifted on",
    "Motif (envoyé à la personne concernée)": "Reason (sent to the person concerned)",
    "Expliquez pourquoi ce contenu est rétabli : l’auteur·rice le lira.": (
        "Explain why this content is restored: its author will read it."
    ),
    "Ce contenu n’est pas masqué : il n’y a rien à rétablir.": (
        "This content is not hidden: there is nothing to restore."
    ),
    "Vous ne pouvez pas lever votre propre sanction.": "You cannot lift your own sanction.",
    "Expliquez pourquoi la sanction est levée : la personne le lira.": (
        "Explain why the sanction is lifted: the person will read it."
    ),
    "Cette personne n’a ni suspension en cours ni exclusion.": "This person has no running suspension nor ban.",
    "Le contenu est rétabli ; son auteur·rice en est informé·e.": "The content is restored; its author has been told.",
    "La sanction est levée ; la personne en est informée.": "The sanction is lifted; the person has been told.",
    "Rétablir un contenu masqué": "Restore a hidden item",
    "Rétablir": "Restore",
    "Rétablir : %(label)s n° %(n)s": "Restore: %(label)s no. %(n)s",
    "Le contenu redevient public et compté ; son auteur·rice reçoit votre motif. La décision est inscrite au "
    "journal de la modération.": "The content becomes public and counted again; its author receives your reason. "
    "The decision is written in the moderation log.",
    "Retour à la file de modération": "Back to the moderation queue",
    "Lever une sanction": "Lift a sanction",
    'Lever la sanction de <span class="user-text">%(name)s</span>': (
        'Lift the sanction of <span class="user-text">%(name)s</span>'
    ),
    "jusqu’au %(date)s": "until %(date)s",
    "La personne peut de nouveau publier, soutenir et voter ; elle reçoit votre motif. La décision est inscrite au "
    "journal de la modération.": "The person may publish, support and vote again; they receive your reason. The "
    "decision is written in the moderation log.",
    "Lever la sanction": "Lift the sanction",
    "Retour à sa fiche de modération": "Back to their moderation page",
    "Une suspension ou une exclusion est en cours.": "A suspension or a ban is running.",
    # The charter's delay
    "La modération examine chaque signalement et chaque contenu en attente de validation sous %(n)s heure.": (
        "Moderation examines every flag and every item awaiting approval within %(n)s hour.",
        "Moderation examines every flag and every item awaiting approval within %(n)s hours.",
    ),
    "Délai de la modération": "Moderation delay",
    'La <a href="/regles/#delai-moderation">charte</a> promet d’examiner chaque signalement et chaque contenu en '
    "attente de validation sous %(n)s heure.": (
        'The <a href="/regles/#delai-moderation">charter</a> promises to examine every flag and every item '
        "awaiting approval within %(n)s hour.",
        'The <a href="/regles/#delai-moderation">charter</a> promises to examine every flag and every item '
        "awaiting approval within %(n)s hours.",
    ),
    "Traités dans le délai": "Handled within the delay",
    "Délai médian (heures)": "Median delay (hours)",
    "En attente au-delà du délai": "Waiting beyond the delay",
    "Décisions de la modération et délai de la charte": "Moderation decisions and the charter’s delay",
    "Dans le délai": "Within the delay",
    "Part dans le délai": "Share within the delay",
    "Contenus à valider": "Items to approve",
}
