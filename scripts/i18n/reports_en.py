# ruff: noqa: E501  (the keys are the French msgids, whole)
"""English of the reports' (« Signalements ») and Open311 msgids (see apply_pending.py)."""

TRANSLATIONS = {
    "Ce point n'existe pas.": "This point does not exist.",
    "Trois photos au plus.": "Three photos at most.",
    "Vous avez fait beaucoup de signalements en peu de temps. Vous pourrez en faire d'autres à partir de %(moment)s.": (
        "You have made many reports in a short time. You can make more from %(moment)s."
    ),
    "Choisissez une catégorie proposée.": "Choose one of the categories offered.",
    "Décrivez le problème.": "Describe the problem.",
    "La description ne peut dépasser 5 000 caractères.": "The description cannot exceed 5,000 characters.",
    "Placez un point sur la carte ou indiquez une adresse.": "Place a point on the map or give an address.",
    "Connectez-vous pour signaler un problème.": "Log in to report a problem.",
    "Seuls les agents peuvent saisir un signalement pour quelqu'un d'autre.": (
        "Only staff members can file a report on someone else's behalf."
    ),
    "Clé d'API inactive.": "Inactive API key.",
    "Cette clé d'API ne permet pas de créer des signalements de cette catégorie.": (
        "This API key cannot create reports in this category."
    ),
    "Connectez-vous pour signaler le même problème.": "Log in to say it is the same problem.",
    "Ce signalement est clos.": "This report is closed.",
    "Vous avez fait ce signalement vous-même.": "You made this report yourself.",
    "Connectez-vous pour suivre ce signalement.": "Log in to follow this report.",
    "Signalement transmis : %(title)s": "Report forwarded: %(title)s",
    "La commune vous transmet ce signalement, qui relève de %(body)s.\n\nCatégorie : %(category)s\nLieu : %(place)s\n\n%(description)s\n\nSuivi public : %(url)s": (
        "The municipality forwards you this report, which falls under %(body)s.\n\nCategory: %(category)s\n"
        "Place: %(place)s\n\n%(description)s\n\nPublic follow-up: %(url)s"
    ),
    "Seuls les agents du service chargé de ce signalement le traitent.": (
        "Only staff of the department in charge of this report handle it."
    ),
    "Choisissez un statut proposé.": "Choose one of the statuses offered.",
    "Le message ne peut dépasser 2 000 caractères.": "The message cannot exceed 2,000 characters.",
    "Indiquez la date prévue de l'intervention.": "Give the planned date of the work.",
    "Expliquez pourquoi ce signalement n'est pas retenu.": "Explain why this report is not taken up.",
    "Nommez l'organisme compétent (par exemple le département ou l'intercommunalité).": (
        "Name the competent body (for example the county or the inter-municipal authority)."
    ),
    "Indiquez la raison de la réorientation.": "Give the reason for the reassignment.",
    "Le signalement est déjà dans la file de ce service.": "The report is already in this department's queue.",
    "Le problème est-il réglé ?": "Is the problem solved?",
    "Seule la personne qui a fait le signalement répond à cette question.": (
        "Only the person who made the report answers this question."
    ),
    "Ce signalement n'est pas marqué résolu.": "This report is not marked resolved.",
    "Rouvert": "Reopened",
    "Seuls les agents du service responsable de la catégorie créent cette démarche.": (
        "Only staff of the department responsible for the category create this process."
    ),
    "Donnez un titre à la démarche (5 caractères au moins).": "Give the process a title (at least 5 characters).",
    "Aucun signalement à reprendre.": "No report to carry over.",
    "Cette démarche reprend %(n)s signalements de la catégorie « %(category)s » :": (
        "This process carries over %(n)s reports of the category “%(category)s”:"
    ),
    "Comment régler durablement ce problème récurrent ?": "How can this recurring problem be solved for good?",
    "Repris dans la démarche « %(title)s ».": "Carried over into the process “%(title)s”.",
    "Clé créée. Copiez-la maintenant, elle ne sera plus affichée : %(key)s": (
        "Key created. Copy it now, it will not be shown again: %(key)s"
    ),
    "Catégorie": "Category",
    "— Choisissez —": "— Choose —",
    "Choisissez la catégorie du problème.": "Choose the problem's category.",
    "Ce que vous avez constaté, précisément. 5 000 caractères au plus.": (
        "What you saw, precisely. 5,000 characters at most."
    ),
    "La description ne peut dépasser 5 000 caractères (actuellement %(show_value)d).": (
        "The description cannot exceed 5,000 characters (currently %(show_value)d)."
    ),
    "Adresse ou repère": "Address or landmark",
    "Sans point sur la carte, l'adresse suffit (par exemple : devant le 12 rue des Écoles).": (
        "Without a point on the map, the address is enough (for example: in front of 12 rue des Écoles)."
    ),
    "Indiquez un nombre.": "Enter a number.",
    "Je veux être tenu·e informé·e": "Keep me informed",
    "Photo %(n)s (facultative)": "Photo %(n)s (optional)",
    "Description de la photo %(n)s": "Description of photo %(n)s",
    "Ce que montre la photo, pour les personnes qui ne la voient pas.": (
        "What the photo shows, for people who cannot see it."
    ),
    "Pour un signalement reçu à l'accueil, par téléphone ou par courriel : pour le compte de la personne.": (
        "For a report received at the front desk, by phone or by email: on the person's behalf."
    ),
    "Décrivez cette photo en quelques mots (texte alternatif).": "Describe this photo in a few words (alternative text).",
    "En cours (reçus, pris en charge, planifiés)": "Open (received, in progress, planned)",
    "Clos": "Closed",
    "Déposés depuis": "Filed within",
    "Toujours": "Any time",
    "7 jours": "7 days",
    "30 jours": "30 days",
    "90 jours": "90 days",
    "un an": "a year",
    "Toutes les catégories": "All categories",
    ("signalement", "Nouveau statut"): "New status",
    "Choisissez un statut.": "Choose a status.",
    "Message public": "Public message",
    "Affiché sur la page du signalement et envoyé aux personnes qui le suivent. Obligatoire pour « non retenu ».": (
        "Shown on the report's page and sent to the people following it. Required for “not taken up”."
    ),
    "Date prévue (pour « planifié »)": "Planned date (for “planned”)",
    "Organisme compétent (pour « hors compétence »)": "Competent body (for “outside our remit”)",
    "Transmettre par courriel à (facultatif)": "Forward by email to (optional)",
    "Indiquez une adresse électronique valide.": "Enter a valid email address.",
    "Choisissez un service proposé.": "Choose one of the departments offered.",
    "Raison": "Reason",
    "Oui, c'est réglé": "Yes, it is solved",
    "Non, le problème est toujours là": "No, the problem is still there",
    "Précisions (facultatives)": "Details (optional)",
    "Choisissez la catégorie.": "Choose the category.",
    "Titre de la démarche": "Title of the process",
    "Donnez un titre à la démarche.": "Give the process a title.",
    "code": "code",
    "Aussi le « service_code » de l'API Open311.": "Also the Open311 API's “service_code”.",
    "active": "active",
    "catégorie de signalement": "report category",
    "catégories de signalement": "report categories",
    ("signalement", "Reçu"): "Received",
    ("signalement", "Pris en charge"): "In progress",
    ("signalement", "Planifié"): "Planned",
    ("signalement", "Résolu"): "Resolved",
    ("signalement", "Non retenu"): "Not taken up",
    "Application (Open311)": "Application (Open311)",
    "catégorie": "category",
    "saisi par": "entered by",
    "intervention prévue le": "work planned on",
    "organisme compétent": "competent body",
    "« moi aussi »": "“me too”",
    "réponse attendue avant le": "answer due by",
    "première réponse le": "first answer on",
    "résolu le": "resolved on",
    "confirmation demandée le": "confirmation asked on",
    "photo": "photo",
    "photos": "photos",
    "personne qui suit un signalement": "person following a report",
    "personnes qui suivent un signalement": "people following a report",
    "Déposé": "Filed",
    "Réorienté vers un autre service": "Reassigned to another department",
    "Rouvert : le problème n'est pas réglé": "Reopened: the problem is not solved",
    "Confirmé réglé par la personne": "Confirmed solved by the person",
    "Repris dans une démarche": "Carried over into a process",
    "message public": "public message",
    "étape d'un signalement": "step of a report",
    "étapes d'un signalement": "steps of a report",
    "début de la clé": "start of the key",
    "Laisser vide pour un système de la commune (tous les services).": (
        "Leave empty for a system of the municipality (every department)."
    ),
    "dernière utilisation": "last used",
    "clé d'API Open311": "Open311 API key",
    "clés d'API Open311": "Open311 API keys",
    "Ce signalement a été masqué par la modération": "This report was hidden by the moderators",
    "Format inconnu : utilisez .json ou .xml.": "Unknown format: use .json or .xml.",
    "Les clés d'API sont délivrées par la commune (administration du site).": (
        "API keys are issued by the municipality (the site's administration)."
    ),
    "Service inconnu : %(code)s.": "Unknown service: %(code)s.",
    "service_request_id : une liste d'identifiants séparés par des virgules (100 au plus).": (
        "service_request_id: a comma-separated list of ids (100 at most)."
    ),
    "status : « open » ou « closed ».": "status: “open” or “closed”.",
    "start_date et end_date : des dates au format W3C (2026-01-31T00:00:00Z).": (
        "start_date and end_date: W3C dates (2026-01-31T00:00:00Z)."
    ),
    "api_key absente ou non valide.": "api_key missing or invalid.",
    "service_code : service inconnu.": "service_code: unknown service.",
    "lat et long : des nombres.": "lat and long: numbers.",
    "Demande inconnue : %(id)s.": "Unknown request: %(id)s.",
    "Merci : votre signalement est enregistré et transmis au service concerné.": (
        "Thank you: your report is saved and sent to the department concerned."
    ),
    "Merci : vous suivez ce signalement et il compte une personne de plus.": (
        "Thank you: you follow this report and it counts one more person."
    ),
    "Vous aviez déjà indiqué que c'est le même problème.": "You had already said it is the same problem.",
    "Statut enregistré ; les personnes qui suivent le signalement sont prévenues.": (
        "Status saved; the people following the report are told."
    ),
    "Signalement réorienté.": "Report reassigned.",
    "Merci pour votre réponse.": "Thank you for your answer.",
    "Démarche « %(title)s » créée en brouillon ; les signalements y sont listés.": (
        "Process “%(title)s” created as a draft; the reports are listed in it."
    ),
    "Autres engagements de réponse": "Other answer commitments",
    "Les délais de réponse promis hors démarches, par exemple pour chaque catégorie de signalement ; ils comptent aussi dans les chiffres par service.": (
        "Answer times promised outside processes, for example for each report category; "
        "they also count in the figures by department."
    ),
    "Réponses dues hors démarches, selon leur état": "Answers due outside processes, by state",
    "Réponses dues hors démarches": "Answers due outside processes",
    "Choisissez une catégorie et placez un point pour voir les signalements proches.": (
        "Choose a category and place a point to see nearby reports."
    ),
    "%(n)s signalement en cours à moins de 50 m :": (
        "%(n)s open report within 50 m:",
        "%(n)s open reports within 50 m:",
    ),
    "à %(d)s m": "%(d)s m away",
    "C’est le même problème": "It is the same problem",
    "Aucun signalement en cours de cette catégorie à moins de 50 m.": "No open report of this category within 50 m.",
    "Signalement n° %(n)s": "Report no. %(n)s",
    "Ce signalement n’est pas marqué résolu : il n’y a pas de question à laquelle répondre.": (
        "This report is not marked resolved: there is no question to answer."
    ),
    "Signalement masqué": "Hidden report",
    "Masqué par la modération : vous le voyez en tant qu’agent ou modérateur.": (
        "Hidden by the moderators: you see it as a staff member or moderator."
    ),
    "intervention prévue le %(d)s": "work planned on %(d)s",
    "relève de : %(body)s": "falls under: %(body)s",
    "Déposé le": "Filed on",
    "Réponse promise avant le": "Answer promised by",
    "Même problème signalé par": "Same problem reported by",
    "%(n)s autre personne": ("%(n)s other person", "%(n)s other people"),
    "Lieu du signalement : latitude %(lat)s, longitude %(lon)s": (
        "Place of the report: latitude %(lat)s, longitude %(lon)s"
    ),
    "Suivre ce signalement": "Follow this report",
    "Historique": "History",
    "Traitement (agents du service)": "Handling (department staff)",
    "Enregistrer le statut": "Save the status",
    "Signalements dans l’espace public": "Reports in the public space",
    "Les problèmes signalés par les habitants et leur traitement par les services de la commune.": (
        "Problems reported by residents and how the municipality's departments handle them."
    ),
    "Signaler un problème": "Report a problem",
    "Connectez-vous pour signaler un problème": "Log in to report a problem",
    "File de mon service": "My department's queue",
    "Tendances": "Trends",
    "Filtrer les signalements": "Filter the reports",
    "Les signalements placés sur la carte ; le tableau ci-dessous donne les mêmes informations.": (
        "The reports placed on the map; the table below gives the same information."
    ),
    "Carte des signalements": "Map of the reports",
    "Signalements, du plus récent au plus ancien": "Reports, newest first",
    "Signalement": "Report",
    "Même problème": "Same problem",
    "Coordonnées": "Coordinates",
    "Pages": "Pages",
    "Aucun signalement ne correspond à ces filtres.": "No report matches these filters.",
    "Signaler un problème dans l’espace public": "Report a problem in the public space",
    "Un lampadaire en panne, un trottoir abîmé, un dépôt sauvage… Votre signalement est transmis au service concerné, qui vous répond ici.": (
        "A broken street light, a damaged pavement, illegal dumping… Your report is sent to the department "
        "concerned, which answers you here."
    ),
    "Votre signalement n’a pas été enregistré": "Your report was not saved",
    "Pour le compte de quelqu’un (réservé aux agents)": "On someone's behalf (staff only)",
    "Cherchez une adresse, utilisez votre position ou cliquez sur la carte pour placer un point ; vous pouvez aussi saisir ses coordonnées, ou seulement une adresse.": (
        "Search for an address, use your position or click on the map to place a point; you can also type its "
        "coordinates, or only an address."
    ),
    "Déjà signalé ?": "Already reported?",
    "Les signalements en cours de la même catégorie à moins de 50 m s’affichent ici dès que la catégorie et le point sont choisis.": (
        "Open reports of the same category within 50 m show here as soon as the category and the point are chosen."
    ),
    "Chercher les signalements proches": "Look for nearby reports",
    "Photos (trois au plus, facultatives)": "Photos (three at most, optional)",
    "Votre signalement sera public (sans votre nom si vous le saisissez pour quelqu’un). Ne donnez pas d’informations personnelles dans la description.": (
        "Your report will be public (without your name if you file it for someone). "
        "Do not give personal information in the description."
    ),
    "Tendances des signalements": "Report trends",
    "Signalements des douze derniers mois par catégorie, quartier et mois : un problème qui revient peut devenir une démarche.": (
        "Reports of the last twelve months by category, neighbourhood and month: a recurring problem can become "
        "a process."
    ),
    "Filtrer les tendances": "Filter the trends",
    "Par catégorie": "By category",
    "Par quartier": "By neighbourhood",
    "Nombre de signalements": "Number of reports",
    "Aucun signalement.": "No reports.",
    "Transformer en démarche": "Turn into a process",
    "Crée une démarche en brouillon, portée par le service de la catégorie, qui liste les signalements de cette catégorie (et du quartier choisi).": (
        "Creates a draft process, run by the category's department, listing the reports of this category "
        "(and of the chosen neighbourhood)."
    ),
    "File des signalements": "Report queue",
    "File du service": "Department queue",
    "Signalements du service %(name)s": "Reports of the department %(name)s",
    "Services": "Departments",
    "Voir les signalements en cours seulement": "See open reports only",
    "Voir aussi les signalements clos": "See closed reports too",
    "%(n)s signalement, le plus urgent d’abord": (
        "%(n)s report, most urgent first",
        "%(n)s reports, most urgent first",
    ),
    "Aucun signalement dans cette file.": "No report in this queue.",
    "Signalements : %(name)s": "Reports: %(name)s",
}
