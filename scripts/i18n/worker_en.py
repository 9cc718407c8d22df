# ruff: noqa: E501
"""English translations for the task worker: heartbeats, interrupted tasks, the queue's admin page."""

TRANSLATIONS: dict[str, str | list[str]] = {
    # WorkerHeartbeat (core/models.py)
    "identifiant du processus": "worker id",
    "machine": "host",
    "numéro de processus": "process id",
    "démarré le": "started at",
    "dernier signe de vie": "last heartbeat",
    "arrêté le": "stopped at",
    "tâche en cours": "current task",
    "processus de tâches": "task worker",
    # Why a task left RUNNING was failed (core/taskqueue.py), shown in the admin
    "Cette tâche n'est pas déclarée rejouable sans risque : elle n'a pas été relancée. Vérifiez ce qu'elle a déjà fait, puis relancez-la si besoin.": "This task is not declared safe to run twice: it was not run again. Check what it already did, then run it again if needed.",
    "Elle a été lancée %(attempts)d fois (au plus %(max)d) : elle n'est plus relancée. Cherchez la cause (mémoire, durée, données), puis relancez-la si besoin.": "It was started %(attempts)d times (at most %(max)d): it is not run again. Look for the cause (memory, duration, data), then run it again if needed.",
    "Tâche interrompue : %(cause)s. %(advice)s": "Task interrupted: %(cause)s. %(advice)s",
    "le processus de tâches « %(worker)s » qui l'exécutait a cessé de donner signe de vie": "the task worker “%(worker)s” running it stopped giving signs of life",
    "la connexion à la base de données a été perdue pendant son exécution (processus « %(worker)s »)": "the database connection was lost while it ran (worker “%(worker)s”)",
    # The queue's admin page (core/admin.py, templates/admin/core/workerheartbeat/change_list.html)
    "vivant": "alive",
    "Des tâches attendent et aucun processus de tâches ne donne signe de vie : lancez « manage.py task_worker » (voir le README).": "Tasks are waiting and no task worker gives signs of life: start “manage.py task_worker” (see the README).",
    "La plus ancienne tâche prête attend depuis plus de %(limit)s.": "The oldest ready task has been waiting for more than %(limit)s.",
    "Des tâches en cours appartiennent à un processus arrêté : un processus vivant les relancera ou les marquera en échec avec la raison.": "Running tasks belong to a stopped worker: a live worker will run them again or mark them failed with the reason.",
    "File des tâches de fond": "Background task queue",
    "Tâches prêtes": "Ready tasks",
    "voir": "see",
    "Attente de la plus ancienne": "Wait of the oldest",
    "Tâches en cours": "Running tasks",
    "dont abandonnées par un processus arrêté": "of which abandoned by a stopped worker",
    "Processus de tâches vivants": "Live task workers",
    "Dernier signe de vie, il y a": "Last heartbeat, ago",
    "La file est servie : aucun problème détecté.": "The queue is served: no problem found.",
    "Tâches en échec, avec leur raison": "Failed tasks, with their reason",
}
