"""English of the msgids added by the budget-methods branch (ranking and cumulative points)."""

TRANSLATIONS = {
    # Rules
    "Classement des projets préférés": "Ranking of preferred projects",
    "Points à répartir entre les projets": "Points to spread over the projects",
    "points à répartir par bulletin": "points to spread per ballot",
    "choix d'un bulletin": "ballot choice",
    "Budget total (€)": "Total budget (€)",
    "Façon de voter": "Way of voting",
    "Nombre maximal de projets par bulletin (choisis ou classés)": "Most projects per ballot (chosen or ranked)",
    "Points à répartir par bulletin": "Points to spread per ballot",
    "Ouverture du vote": "Vote opens",
    "Clôture du vote": "Vote closes",
    "Chaque bulletin répartit au moins 1 point.": "Each ballot spreads at least 1 point.",
    "Chaque bulletin répartit 10 000 points au plus.": "Each ballot spreads 10,000 points at most.",
    "Indiquez combien de projets un bulletin peut classer.": "Say how many projects a ballot may rank.",
    "Indiquez combien de points chaque bulletin répartit.": "Say how many points each ballot spreads.",
    "Le nombre de projets doit être au moins 1.": "The number of projects must be at least 1.",
    "La clôture du vote vient après son ouverture.": "The vote must close after it opens.",
    # Ballots
    "Un rang ou un nombre de points ne peut pas être négatif.": "A rank or a number of points cannot be negative.",
    "Classez au moins un projet.": "Rank at least one project.",
    "Donnez des points à au moins un projet.": "Give points to at least one project.",
    "Vous pouvez classer %(n)s projets au plus : les rangs vont de 1 à %(n)s.": (
        "You may rank %(n)s projects at most: ranks go from 1 to %(n)s."
    ),
    "Deux projets ne peuvent pas avoir le même rang (rang %(rank)s donné plusieurs fois).": (
        "Two projects cannot have the same rank (rank %(rank)s given more than once)."
    ),
    "Les rangs se suivent sans trou, à partir de 1 : 1, 2, 3…": (
        "Ranks follow each other without a gap, from 1: 1, 2, 3…"
    ),
    "Vous avez réparti %(given)s points : le règlement en permet %(points)s au plus.": (
        "You gave %(given)s points: the rules allow %(points)s at most."
    ),
    "Les rangs et les points sont des nombres entiers.": "Ranks and points are whole numbers.",
    "Les points sont un nombre entier.": "Points are a whole number.",
    "Les points ne peuvent pas être négatifs.": "Points cannot be negative.",
    "Un projet ne peut pas recevoir plus de %(limit_value)s points.": (
        "A project cannot get more than %(limit_value)s points."
    ),
    # Ballot page, summary, receipt, paper
    "%(n)s projet classé sur %(max)s possibles.": (
        "%(n)s project ranked out of %(max)s possible.",
        "%(n)s projects ranked out of %(max)s possible.",
    ),
    "%(n)s point donné sur %(total)s, reste %(left)s à répartir.": (
        "%(n)s point given out of %(total)s, %(left)s left to give.",
        "%(n)s points given out of %(total)s, %(left)s left to give.",
    ),
    "%(n)s point": ("%(n)s point", "%(n)s points"),
    "rang %(rank)s": "rank %(rank)s",
    "Aussi dans votre classement (masqués par le filtre) :": "Also in your ranking (hidden by the filter):",
    "Aussi dans votre vote (masqués par le filtre) :": "Also in your vote (hidden by the filter):",
    "Rang de « %(title)s » dans mon classement": "Rank of “%(title)s” in my ranking",
    "Non classé": "Not ranked",
    "1er choix": "1st choice",
    "%(rank)se choix": "Choice %(rank)s",
    "Points pour « %(title)s »": "Points for “%(title)s”",
    "Classez %(n)s projet au plus par ordre de préférence (1 = votre préféré).": (
        "Rank %(n)s project at most in order of preference (1 = your favourite).",
        "Rank %(n)s projects at most in order of preference (1 = your favourite).",
    ),
    "Au dépouillement, un projet classé au rang r reçoit %(n)s − r + 1 points (méthode de Borda).": (
        "At the count, a project ranked r gets %(n)s − r + 1 points (Borda count)."
    ),
    "Répartissez %(n)s point entre les projets que vous soutenez.": (
        "Spread %(n)s point over the projects you support.",
        "Spread %(n)s points over the projects you support, in whole numbers.",
    ),
    "Vous avez classé %(n)s projet :": ("You ranked %(n)s project:", "You ranked %(n)s projects:"),
    "Votre classement, du projet préféré au suivant": "Your ranking, from your favourite project on",
    "Rang": "Rank",
    "Points au dépouillement": "Points at the count",
    "Vous donnez des points à %(n)s projet :": (
        "You give points to %(n)s project:",
        "You give points to %(n)s projects:",
    ),
    "Les points que vous donnez à chaque projet": "The points you give each project",
    "Points non répartis": "Points not given",
    "Modifier mon vote": "Change my vote",
    "Votre classement": "Your ranking",
    "Les points de votre bulletin": "The points of your ballot",
    "Rang de « %(title)s » sur le bulletin": "Rank of “%(title)s” on the ballot",
    "Points donnés à « %(title)s » sur le bulletin": "Points given to “%(title)s” on the ballot",
    "Reportez, pour chaque projet, le rang ou les points écrits sur le bulletin ; laissez vide un projet qui n’en a "
    "pas. Les deux saisies doivent donner les mêmes rangs ou les mêmes points.": (
        "For each project, key the rank or points written on the ballot; leave a project without any blank. "
        "Both keyings must give the same ranks or the same points."
    ),
    # Counting, outcome, recount
    "Retenu en position %(order)s par ordre de score (%(score)s points) : il restait %(remaining)s, "
    "il coûte %(cost)s.": (
        "Selected in position %(order)s by score (%(score)s points): %(remaining)s was left, it costs %(cost)s."
    ),
    "Retenu à l'étape %(order)s des parts égales : ses soutiens ont payé %(payment)s par point "
    "donné (%(score)s points en tout), chacun dans la limite de sa part.": (
        "Selected at step %(order)s of equal shares: its supporters paid %(payment)s per point given "
        "(%(score)s points in all), each within their share."
    ),
    "Retenu au complément, par ordre de score (%(score)s points), avec le budget que les parts égales "
    "n'avaient pas dépensé (il restait %(remaining)s).": (
        "Selected in the completion, by score (%(score)s points), with the budget equal shares had not spent "
        "(%(remaining)s was left)."
    ),
    "Non retenu : à son tour (%(score)s points), il restait %(remaining)s, il coûte %(cost)s.": (
        "Not selected: at its turn (%(score)s points), %(remaining)s was left, it costs %(cost)s."
    ),
    "Non retenu : aucun point.": "Not selected: no points.",
    "Score": "Score",
    "Bulletins qui le soutiennent": "Ballots supporting it",
    "Projets, scores et raison du résultat": "Projects, scores and why they won or lost",
    "Vote par classement : sur chaque bulletin, le projet classé au rang r reçoit %(n)s − r + 1 points (méthode de "
    "Borda) ; le score d’un projet est la somme de ses points.": (
        "Ranked vote: on each ballot, the project ranked r gets %(n)s − r + 1 points (Borda count); a project’s "
        "score is the sum of its points."
    ),
    "Vote par points : chaque bulletin répartit %(n)s points au plus ; le score d’un projet est la somme des points "
    "reçus.": (
        "Points vote: each ballot spreads %(n)s points at most; a project’s score is the sum of the points it got."
    ),
    "Méthode des parts égales : le budget est partagé en parts égales entre les votant·es ; chaque soutien d’un projet "
    "paie en proportion des points qu’il lui donne, et un projet est retenu quand ses soutiens peuvent le payer "
    "ensemble, en commençant par celui dont le point coûte le moins. Ce qui reste est ensuite attribué par ordre de "
    "score.": (
        "Method of Equal Shares: the budget is split in equal shares among the voters; each supporter of a project "
        "pays in proportion to the points they give it, and a project is selected when its supporters can pay for "
        "it together, starting with the one whose point costs least. What is left then goes by score."
    ),
    "Par ordre de score : les projets sont pris du plus haut score au plus bas, chacun s’il tient encore dans le "
    "budget.": (
        "By score: projects are taken from the highest score to the lowest, each if it still fits in the budget."
    ),
    "Pour un classement ou des points, la ligne continue par un point-virgule puis les rangs ou les points, dans le "
    "même ordre : ce sont les deux colonnes du milieu du CSV.": (
        "For a ranking or points, the line goes on with a semicolon then the ranks or points, in the same order: "
        "the two middle columns of the CSV."
    ),
    # pabulib files
    "Le fichier indique une longueur de classement non valable.": "The file gives an invalid ranking length.",
    "Un vote classe plus de projets que le fichier ne le permet (max_length).": (
        "A vote ranks more projects than the file allows (max_length)."
    ),
    "Un vote classe deux fois le même projet.": "A vote ranks the same project twice.",
    "Un vote n'a pas autant de points que de projets.": "A vote does not have as many points as projects.",
    "Un vote a des points non valables.": "A vote has invalid points.",
    "Seuls les votes par approbation, par classement (ordinal) ou par points (cumulative) se recomptent ici (ce "
    "fichier : %(type)s).": (
        "Only approval, ranked (ordinal) and points (cumulative) votes can be recounted here (this file: %(type)s)."
    ),
}
