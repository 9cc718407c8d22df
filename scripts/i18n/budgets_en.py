# ruff: noqa: E501 — the keys are the French msgids, whole
"""English of the participatory budget's new msgids (cocite/budgets, templates/budgets); see apply_pending.py."""

TRANSLATIONS = {
    "Choisissez une façon de voter.": "Choose a way of voting.",
    "Choisissez une règle de dépouillement.": "Choose a counting rule.",
    "Indiquez combien de projets un bulletin peut retenir.": "Say how many projects a ballot may choose.",
    "Le budget et les dates du vote ne sont pas valables.": "The budget and the dates of the vote are not valid.",
    "Les enveloppes de quartier dépassent le budget total.": "The neighbourhood envelopes exceed the total budget.",
    "Cette version des règles a déjà ses règles de vote.": "This version of the rules already has its voting rules.",
    "Seule l'équipe de la démarche prépare les projets.": "Only the process's team prepares the projects.",
    "Le titre doit compter entre 5 et 160 caractères.": "The title must be between 5 and 160 characters long.",
    "Décrivez le projet.": "Describe the project.",
    "Un projet vient d'au moins une contribution retenue.": "A project comes from at least one retained contribution.",
    "Seules les contributions retenues de cette démarche deviennent des projets.": (
        "Only the retained contributions of this process become projects."
    ),
    "Le coût vient de l'avis publié d'un service sur l'une de ces contributions.": (
        "The cost comes from a department's published opinion on one of these contributions."
    ),
    "Le coût estimé doit être positif.": "The estimated cost must be positive.",
    "Ce quartier n'est pas concerné par la démarche.": "This neighbourhood is not concerned by the process.",
    "Un projet porte déjà ce titre.": "A project already has this title.",
    "Un des projets choisis n'existe pas.": "One of the chosen projects does not exist.",
    "Choisissez au moins un projet.": "Choose at least one project.",
    "Vous pouvez choisir %(n)s projets au plus.": "You may choose %(n)s projects at most.",
    "Votre panier dépasse le budget : retirez un projet.": "Your basket exceeds the budget: remove a project.",
    "Confirmez avoir au moins %(age)s ans.": "Confirm you are at least %(age)s years old.",
    "Trop de votes d'affilée : réessayez à partir de %(moment)s.": "Too many votes in a row: try again from %(moment)s.",
    "Vous avez déjà voté.": "You have already voted.",
    "Vous avez déjà voté : le règlement ne permet pas de changer son vote.": (
        "You have already voted: the rules do not allow changing one's vote."
    ),
    "Seul·es les agent·es saisissent les bulletins papier.": "Only staff members key in paper ballots.",
    "Ce budget participatif n'a pas encore de règles de vote.": "This participatory budget has no voting rules yet.",
    "Indiquez le bureau de vote et le numéro du bulletin.": "Give the polling station and the ballot's number.",
    "Trop de saisies d'affilée : réessayez à partir de %(moment)s.": (
        "Too many entries in a row: try again from %(moment)s."
    ),
    "Ce bulletin papier est déjà compté.": "This paper ballot is already counted.",
    "Vous avez déjà saisi ce bulletin : un·e autre agent·e fait la seconde saisie.": (
        "You have already keyed in this ballot: another staff member does the second entry."
    ),
    "Seule l'équipe de la démarche lance le dépouillement.": "Only the process's team starts the count.",
    "Le dépouillement a lieu après la clôture du vote.": "The count takes place after the vote closes.",
    "Études et plans": "Studies and plans",
    "Travaux ou achats": "Works or purchases",
    "Livraison aux habitant·es": "Handed over to residents",
    "Seule l'équipe de la démarche crée les suivis.": "Only the process's team creates the follow-ups.",
    "Seul le dépouillement selon la règle du règlement donne les lauréats.": (
        "Only the count by the rule of the rulebook gives the winners."
    ),
    "Les lauréats de ce dépouillement sont déjà suivis.": "The winners of this count are already followed.",
    "La démarche n'a pas de service qui la porte.": "The process has no department running it.",
    "Budget participatif": "Participatory budget",
    "projets soumis au vote": "projects put to the vote",
    "bulletins": "ballots",
    "Contributions retenues qui forment le projet": "Retained contributions that make up the project",
    "Avis de service qui donne le coût": "Department opinion giving the cost",
    "Titre du projet": "Project title",
    "Toute la commune": "The whole town",
    "Image (facultative)": "Image (optional)",
    "Description de l'image": "Description of the image",
    "Règle de dépouillement": "Counting rule",
    "Bureau de vote": "Polling station",
    "Numéro du bulletin papier": "Paper ballot number",
    "Projets cochés sur le bulletin": "Projects ticked on the ballot",
    "Fichier pabulib (.pb)": "Pabulib file (.pb)",
    "Le fichier dépasse 5 Mo.": "The file is larger than 5 MB.",
    "Ce recomptage en ligne accepte %(v)s bulletins et %(p)s projets au plus.": (
        "This online recount accepts %(v)s ballots and %(p)s projects at most."
    ),
    "Panier dans la limite du budget": "Basket within the budget",
    "Un nombre maximal de projets": "A maximum number of projects",
    "Par ordre de voix, dans la limite du budget": "By number of votes, within the budget",
    "Méthode des parts égales, complétée": "Method of Equal Shares, completed",
    "Des règles publiées ne se modifient pas : publiez une nouvelle version.": (
        "Published rules are not changed: publish a new version."
    ),
    "Des règles publiées ne se suppriment pas.": "Published rules are not deleted.",
    "budget total (€)": "total budget (€)",
    "façon de voter": "way of voting",
    "nombre maximal de projets par bulletin": "maximum number of projects per ballot",
    "règle de dépouillement": "counting rule",
    "réservé aux habitant·es vérifié·es": "for verified residents only",
    "âge minimal": "minimum age",
    "les agents de la commune votent": "the town's staff vote",
    "le vote peut être changé jusqu'à la clôture": "the vote may be changed until the close",
    "ouverture du vote": "vote opens",
    "clôture du vote": "vote closes",
    "règles du budget participatif": "participatory budget rules",
    "enveloppe (€)": "envelope (€)",
    "enveloppe de quartier": "neighbourhood envelope",
    "enveloppes de quartier": "neighbourhood envelopes",
    "avis du service qui estime le coût": "opinion of the department estimating the cost",
    "quartier (vide : toute la commune)": "neighbourhood (empty: the whole town)",
    "contributions retenues": "retained contributions",
    "projet": "project",
    "projets": "projects",
    "en ligne": "online",
    ("bulletin", "papier"): "paper",
    "numéro du bulletin papier": "paper ballot number",
    "numéro de récépissé": "receipt number",
    "bulletin": "ballot",
    "bureau de vote": "polling station",
    "saisie de bulletin papier": "paper ballot entry",
    "saisies de bulletins papier": "paper ballot entries",
    "règle": "rule",
    "règle du règlement": "rule of the rulebook",
    "dépouillement": "count",
    "dépouillements": "counts",
    "Le fichier n'indique pas de budget valable.": "The file gives no valid budget.",
    "Un projet n'a pas de coût valable : %(id)s.": "A project has no valid cost: %(id)s.",
    "Un vote porte sur un projet inconnu : %(id)s.": "A vote is for an unknown project: %(id)s.",
    "Le fichier est trop volumineux.": "The file is too large.",
    "Ce n'est pas un fichier pabulib : il doit commencer par META.": "This is not a pabulib file: it must start with META.",
    "La section PROJECTS n'a pas de colonne project_id.": "The PROJECTS section has no project_id column.",
    "La section VOTES n'a pas de colonne vote.": "The VOTES section has no vote column.",
    "Le fichier doit contenir les sections META, PROJECTS et VOTES.": (
        "The file must contain the META, PROJECTS and VOTES sections."
    ),
    "Seuls les votes par approbation se recomptent ici (ce fichier : %(type)s).": (
        "Only approval votes are recounted here (this file: %(type)s)."
    ),
    "Le vote n'est pas encore ouvert.": "The vote is not open yet.",
    "Le vote est clos.": "The vote is closed.",
    "Connectez-vous pour voter.": "Sign in to vote.",
    "Cette démarche ne vous est pas ouverte.": "This process is not open to you.",
    "Le vote est réservé aux habitant·es dont la résidence est vérifiée.": (
        "The vote is for residents whose residence is verified."
    ),
    "Le règlement ne permet pas aux agent·es de la commune de voter.": "The rules do not let the town's staff vote.",
    "Retenu en position %(order)s par ordre de voix (%(votes)s voix) : il restait %(remaining)s, il coûte %(cost)s.": (
        "Selected in position %(order)s by votes (%(votes)s votes): %(remaining)s was left, it costs %(cost)s."
    ),
    "Retenu à l'étape %(order)s des parts égales : ses %(votes)s soutiens ont payé au plus %(payment)s chacun sur leur part.": (
        "Selected at step %(order)s of equal shares: its %(votes)s supporters paid at most %(payment)s each "
        "from their share."
    ),
    "Retenu au complément, par ordre de voix (%(votes)s voix), avec le budget que les parts égales n'avaient pas dépensé (il restait %(remaining)s).": (
        "Selected in the completion, by votes (%(votes)s votes), with the budget equal shares had not spent "
        "(%(remaining)s was left)."
    ),
    "Non retenu : à son tour (%(votes)s voix), il restait %(remaining)s, il coûte %(cost)s.": (
        "Not selected: at its turn (%(votes)s votes), %(remaining)s was left, it costs %(cost)s."
    ),
    "Aux parts égales, ses soutiens ne pouvaient plus réunir que %(covered)s.": (
        "With equal shares, its supporters could only put together %(covered)s."
    ),
    "Non retenu : aucune voix.": "Not selected: no votes.",
    "Votre vote est enregistré. Merci !": "Your vote is recorded. Thank you!",
    "Votre panier dépasse ce que le règlement permet : retirez un projet.": (
        "Your basket goes beyond what the rules allow: remove a project."
    ),
    "Cette page est réservée à l'équipe de la démarche.": "This page is for the process's team.",
    "Le projet « %(title)s » est ajouté.": "The project “%(title)s” is added.",
    "%(n)s projets lauréats sont suivis dans « Résultats ».": "%(n)s winning projects are followed in “Results”.",
    "Vérifiez le formulaire.": "Check the form.",
    "Les deux saisies concordent : le bulletin %(sheet)s est compté.": "Both entries match: ballot %(sheet)s is counted.",
    "Saisie enregistrée. Le bulletin %(sheet)s comptera quand un·e autre agent·e l'aura saisi à l'identique.": (
        "Entry saved. Ballot %(sheet)s will count once another staff member has keyed it in identically."
    ),
    "Trop de recomptages d'affilée : réessayez à partir de %(moment)s.": (
        "Too many recounts in a row: try again from %(moment)s."
    ),
    "Projet": "Project",
    "Voix": "Votes",
    "Résultat": "Result",
    "Pourquoi": "Why",
    "lauréat": "winner",
    "non retenu": "not selected",
    "dont": "of which",
    "pour": "for",
    "Comment voter": "How to vote",
    "Choisissez %(n)s projet au plus.": ("Choose %(n)s project at most.", "Choose %(n)s projects at most."),
    "Remplissez votre panier de projets sans dépasser le budget.": "Fill your basket with projects within the budget.",
    "Qui vote": "Who votes",
    "Les habitant·es dont la résidence est vérifiée": "Residents whose residence is verified",
    "Toute personne inscrite": "Anyone with an account",
    "dès %(age)s ans": "from the age of %(age)s",
    "sauf les agent·es de la commune": "except the town's staff",
    "Dépouillement": "Count",
    "Dates du vote": "Dates of the vote",
    "vous pouvez changer votre vote jusqu’à la clôture": "you may change your vote until the close",
    "Préparer les projets et dépouiller": "Prepare the projects and count",
    "Saisir des bulletins papier": "Key in paper ballots",
    "Vous avez voté (récépissé %(receipt)s).": "You have voted (receipt %(receipt)s).",
    "Voir mon vote": "See my vote",
    "Résultats du vote": "Results of the vote",
    "Données ouvertes (bulletins anonymes) :": "Open data (anonymous ballots):",
    "fichier pabulib": "pabulib file",
    "Recompter vous-même": "Recount it yourself",
    "Mon panier": "My basket",
    "%(n)s projet choisi sur %(max)s possibles.": (
        "%(n)s project chosen out of %(max)s possible.",
        "%(n)s projects chosen out of %(max)s possible.",
    ),
    "%(n)s projet choisi, reste %(remaining)s € à répartir.": (
        "%(n)s project chosen, %(remaining)s € left to allocate.",
        "%(n)s projects chosen, %(remaining)s € left to allocate.",
    ),
    "Vérifier mon panier": "Check my basket",
    "Filtrer les projets": "Filter the projects",
    "Tous": "All",
    "Filtrer (votre panier est gardé)": "Filter (your basket is kept)",
    "Aussi dans votre panier (masqués par le filtre) :": "Also in your basket (hidden by the filter):",
    "%(n)s projet": ("%(n)s project", "%(n)s projects"),
    "Mettre « %(title)s » dans mon panier": "Put “%(title)s” in my basket",
    "Aucun projet ne correspond à ces filtres.": "No project matches these filters.",
    "Idées non soumises au vote, et pourquoi": "Ideas not put to the vote, and why",
    "Préparer et dépouiller": "Prepare and count",
    "%(n)s bulletin compté.": ("%(n)s ballot counted.", "%(n)s ballots counted."),
    "Projets soumis au vote": "Projects put to the vote",
    "Aucun projet pour l’instant.": "No project yet.",
    "Nouveau projet, à partir d’idées retenues": "New project, from retained ideas",
    "Ajouter le projet": "Add the project",
    "Dépouiller": "Count",
    "Le règlement retient : %(rule)s. Vous pouvez aussi compter selon l’autre règle, pour comparaison : seule la règle du règlement donne les lauréats.": (
        "The rulebook says: %(rule)s. You may also count by the other rule, for comparison: only the rulebook's "
        "rule gives the winners."
    ),
    "Dépouiller et publier au journal des décisions": "Count and publish in the decision log",
    "Résultat du vote": "Result of the vote",
    "%(n)s bulletin dépouillé le %(when)s.": (
        "%(n)s ballot counted on %(when)s.",
        "%(n)s ballots counted on %(when)s.",
    ),
    "C’est la règle du règlement : ses lauréats sont ceux du vote.": (
        "This is the rulebook's rule: its winners are those of the vote."
    ),
    "Dépouillement de comparaison : la règle du règlement est l’autre.": (
        "Comparison count: the rulebook's rule is the other one."
    ),
    "Empreinte SHA-256 des bulletins": "SHA-256 fingerprint of the ballots",
    "entrée n° %(seq)s du journal des décisions": "entry no. %(seq)s of the decision log",
    "Comment l’empreinte est calculée": "How the fingerprint is computed",
    "Chaque bulletin devient une ligne : les numéros de ses projets, par ordre croissant, séparés par des virgules. Les lignes sont triées, jointes par un saut de ligne, puis passées au SHA-256. Le fichier CSV des bulletins permet de la recalculer.": (
        "Each ballot becomes a line: the numbers of its projects, in ascending order, separated by commas. The "
        "lines are sorted, joined by a line break, then hashed with SHA-256. The ballots' CSV file lets you "
        "recompute it."
    ),
    "Méthode des parts égales : le budget est partagé en parts égales entre les votant·es ; un projet est retenu quand ses soutiens peuvent le payer ensemble, en commençant par celui qui leur coûte le moins chacun. Ce qui reste est ensuite attribué par ordre de voix.": (
        "Method of Equal Shares: the budget is split into equal shares between the voters; a project is "
        "selected when its supporters can pay for it together, starting with the one that costs each of them "
        "least. What is left is then allocated by votes."
    ),
    "Par ordre de voix : les projets sont pris du plus soutenu au moins soutenu, chacun s’il tient encore dans le budget.": (
        "By votes: projects are taken from the most to the least supported, each if it still fits in the budget."
    ),
    "Budget de la commune": "The town's budget",
    "Part de chaque votant·e : %(share)s €.": "Each voter's share: %(share)s €.",
    "Projets, voix et raison du résultat": "Projects, votes and the reason for the result",
    "Suivre les lauréats dans « Résultats »": "Follow the winners in “Results”",
    "Suivre la réalisation des projets lauréats": "Follow the delivery of the winning projects",
    "Bulletins papier": "Paper ballots",
    "Saisir un bulletin papier": "Key in a paper ballot",
    "Chaque bulletin est saisi par deux agent·es, l’un après l’autre. Il n’est compté que si les deux saisies sont identiques.": (
        "Each ballot is keyed in by two staff members, one after the other. It is counted only if both entries "
        "are identical."
    ),
    "Enregistrer la saisie": "Save the entry",
    "Saisies qui ne concordent pas": "Entries that do not match",
    "Reprenez ces bulletins : une nouvelle saisie identique à l’une des précédentes les fait compter.": (
        "Go back to these ballots: a new entry identical to one of the previous ones makes them count."
    ),
    "Dernières saisies": "Latest entries",
    "Bulletin": "Ballot",
    "Bureau": "Station",
    "compté": "counted",
    "en attente de la seconde saisie": "waiting for the second entry",
    "Aucune saisie.": "No entries.",
    "selon l’avis du service %(department)s": "according to the opinion of the %(department)s department",
    "Où": "Where",
    "Les idées d’où vient ce projet": "The ideas this project comes from",
    "Retour aux projets": "Back to the projects",
    "Mon vote": "My vote",
    "Numéro de récépissé": "Receipt number",
    "Gardez-le : il prouve que votre vote est enregistré. Il n’apparaît dans aucune donnée publique.": (
        "Keep it: it proves your vote is recorded. It appears in no public data."
    ),
    "Vote modifié le %(when)s.": "Vote changed on %(when)s.",
    "Vote enregistré le %(when)s.": "Vote recorded on %(when)s.",
    "Les projets de votre bulletin": "The projects on your ballot",
    "Total": "Total",
    "Vous n’avez pas encore voté.": "You have not voted yet.",
    "Voir les projets": "See the projects",
    "Recompter un budget participatif": "Recount a participatory budget",
    "Déposez un fichier pabulib (.pb) de bulletins par approbation — celui d’une démarche de cette plateforme ou d’une autre ville — : le résultat est recalculé ici, sans rien enregistrer.": (
        "Upload a pabulib file (.pb) of approval ballots — from a process of this platform or from another "
        "city —: the result is recomputed here, and nothing is stored."
    ),
    "Recompter": "Recount",
    "Résultat recalculé": "Recomputed result",
    "%(spent)s € dépensés sur %(budget)s €.": "%(spent)s € spent out of %(budget)s €.",
    "Les projets retenus sont ceux que le fichier déclare.": "The selected projects are those the file declares.",
    "Les projets retenus diffèrent de ceux que le fichier déclare (colonne « selected »).": (
        "The selected projects differ from those the file declares (“selected” column)."
    ),
    "Vérifier mon vote": "Check my vote",
    "Vous avez choisi %(n)s projet :": ("You chose %(n)s project:", "You chose %(n)s projects:"),
    "Projets de votre panier et leur coût": "Projects in your basket and their cost",
    "Budget non réparti": "Budget not allocated",
    "J’atteste avoir au moins %(age)s ans.": "I confirm I am at least %(age)s years old.",
    "Vous pourrez changer votre vote jusqu’à la clôture.": "You can change your vote until the close.",
    "Attention : une fois confirmé, votre vote ne se change plus.": "Careful: once confirmed, your vote cannot be changed.",
    "Confirmer mon vote": "Confirm my vote",
    "Modifier mon panier": "Change my basket",
    "Dépouillement d'un budget participatif": "Count of a participatory budget",
    "Filtrer": "Filter",
}
