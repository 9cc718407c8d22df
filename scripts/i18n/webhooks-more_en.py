"""English of the msgids added by the branch webhooks-more (webhook events of the newer apps)."""

TRANSLATIONS = {
    "Signalement reçu": "Report received",
    "Statut d'un signalement changé": "Report status changed",
    "Signalement résolu": "Report resolved",
    "Initiative publiée": "Initiative published",
    "Appel à l'aide ouvert": "Call for help opened",
    "Mission bénévole publiée": "Volunteering mission published",
    "Rencontre publiée": "Event published",
    "Dépouillement d'un budget participatif publié": "Participatory budget count published",
    "Page d'information publiée": "Information page published",
    (
        "Un événement ne porte que ce qu’un visiteur voit sur la page publique : rien n’est envoyé pour ce que la "
        "modération a masqué, ce qui est annulé ou ce qui relève d’une démarche fermée au public, et aucun envoi ne "
        "donne le nom, le courriel ou le contact d’une personne. Le champ <code>url</code> mène à la page publique ; "
        "l’API en donne le détail. Un signalement résolu envoie <code>report.status_changed</code> puis "
        "<code>report.resolved</code> ; <code>information_page.published</code> porte le numéro de version (1 pour "
        "la première publication)."
    ): (
        "An event carries only what a visitor sees on the public page: nothing is sent for what the moderation "
        "hid, what is cancelled or what belongs to a process closed to the public, and no delivery gives a "
        "person's name, email or contact. The <code>url</code> field leads to the public page; the API gives its "
        "details. A resolved report sends <code>report.status_changed</code> then <code>report.resolved</code>; "
        "<code>information_page.published</code> carries the version number (1 for the first publication)."
    ),
}
