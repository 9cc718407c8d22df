"""French for third-party English msgids (django-tasks-db's model names), named in cocite/core/third_party_apps.py."""

TRANSLATIONS = {
    "Task Result": "Résultat de tâche",
    "Task Results": "Résultats des tâches",
}
