# ruff: noqa: E501
"""English translations for issue 13's lead changes: who runs a démarche, results' visibility, the sealed log."""

TRANSLATIONS: dict[str, str | list[str]] = {
    # Who runs a démarche
    "service pilote": "managing department",
    "Ses agents animent et analysent la démarche (regroupements, fusions, synthèses).": "Its agents run and analyse the process (grouping, merges, syntheses).",
    "services associés": "associated departments",
    "Pour une démarche sur invitation : leurs agents la voient, reçoivent ses contributions et donnent leur avis.": "For an invitation-only process: their agents see it, receive its contributions and give their opinions.",
    "équipe de la démarche": "process team",
    "Personnes nommées pour l'animer et l'analyser (élu·es, agents d'autres services).": "People named to run and analyse it (elected officials, agents of other departments).",
    "Seules les personnes qui animent cette démarche (agents du service pilote, équipe de la démarche) et les administrateur·rices analysent ses contributions.": "Only the people running this process (agents of its managing department, its team) and administrators analyse its contributions.",
    "Seules les personnes qui animent cette démarche (agents du service pilote, équipe de la démarche) et les administrateur·rices fusionnent ses contributions.": "Only the people running this process (agents of its managing department, its team) and administrators merge its contributions.",
    "La démarche « %(demarche)s » est sur invitation : %(departments)s n'y a pas accès. Un·e administrateur·rice peut l'associer à la démarche.": "The process “%(demarche)s” is by invitation: %(departments)s has no access to it. An administrator can associate it with the process.",
    # Results
    "Vous ne pouvez suivre que des décisions de démarches auxquelles vous avez accès.": "You can only follow up decisions of processes you have access to.",
    # The sealed log
    "Cette démarche est encore en brouillon : publiez-la avant d'y publier une décision.": "This process is still a draft: publish it before publishing a decision in it.",
    "Entrée scellée (démarche à accès restreint)": "Sealed entry (restricted process)",
    "sel": "salt",
    "démarches concernées": "processes concerned",
    "entrée scellée": "sealed entry",
    "entrées scellées": "sealed entries",
    "Télécharger les entrées scellées divulguées": "Download the disclosed sealed entries",
    "Les entrées d'une démarche réservée aux agents ou sur invitation sont scellées : le journal contient seulement l'empreinte SHA-256 d'un sel aléatoire suivi du contenu, si bien que personne ne peut ni le lire ni confirmer une supposition. Quand la démarche devient publique, le sel et le contenu sont divulgués : l'empreinte de leur assemblage doit être égale à celle du journal.": "Entries of a process restricted to agents or by invitation are sealed: the log only holds the SHA-256 hash of a random salt followed by the content, so nobody can read it or confirm a guess. When the process becomes public, the salt and the content are disclosed: the hash of the two together must equal the one in the log.",
    "Le fichier README du logiciel Cocité donne un programme de vérification de dix lignes ; la commande « manage.py verify_decision_log » fait la même vérification, divulgations comprises.": "The README of the Cocité software gives a ten-line verification program; the command “manage.py verify_decision_log” makes the same check, disclosures included.",
    "Entrée scellée : elle concerne une démarche à accès restreint. Le journal s'engage sur son contenu sans le montrer ; il sera divulgué si la démarche devient publique.": "Sealed entry: it concerns a restricted process. The log commits to its content without showing it; it will be disclosed if the process becomes public.",
    "entrée scellée, divulguée": "sealed entry, disclosed",
}
