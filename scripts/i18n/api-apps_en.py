TRANSLATIONS = {
    "Changer le statut des signalements": "Change the status of reports",
}
