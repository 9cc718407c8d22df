"""English of the msgids added by the deploy branch (operations app), moved into the .po by `make messages`."""

TRANSLATIONS = {
    "Exploitation": "Operations",
    "commande": "command",
    "heure prévue": "scheduled time",
    "processus": "process",
    "état": "state",
    "sortie": "output",
    ("exécution planifiée", "en cours"): "running",
    "réussie": "succeeded",
    "en échec": "failed",
    "exécution planifiée": "scheduled run",
    "exécutions planifiées": "scheduled runs",
    "Jeton requis.": "Token required.",
    "Cocité : courriel d'essai": "Cocité: test mail",
    (
        "Ce courriel d'essai a été envoyé par un processus de tâches de Cocité : "
        "la file des tâches et l'envoi des courriels fonctionnent."
    ): "This test mail was sent by a Cocité task worker: the task queue and mail sending work.",
    "toutes les heures à %(minute)s": "every hour at %(minute)s",
    "chaque jour à %(time)s": "every day at %(time)s",
    "chaque %(day)s à %(time)s": "every %(day)s at %(time)s",
    "jamais exécutée": "never run",
    "Processus de tâches": "Task workers",
    "Le détail de chaque processus et de la file": "Each worker and the queue in detail",
    "Dernière exécution de chaque commande planifiée": "Last run of each scheduled command",
    "Commande": "Command",
    "Quand": "When",
    "Heure prévue": "Scheduled time",
    "Terminée le": "Finished on",
}
