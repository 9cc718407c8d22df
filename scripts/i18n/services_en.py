# ruff: noqa: E501  (msgids are kept whole, as the catalogue holds them)
"""English of the msgids added by the `services` branch (cocite/quality: services' feedback and
information pages). Applied by scripts/i18n/apply_pending.py at merge time."""

TRANSLATIONS = {
    # Actions
    "Ce champ est obligatoire.": "This field is required.",
    "Ce texte est trop long (%(limit)s caractères au plus).": "This text is too long (%(limit)s characters at most).",
    "Vous avez écrit beaucoup en peu de temps. Vous pourrez écrire à nouveau à partir de %(moment)s.": (
        "You have written a lot in a short time. You may write again from %(moment)s."
    ),
    "Cette prestation ne recueille plus d’avis.": "This service no longer collects feedback.",
    "Choisissez une réponse.": "Choose an answer.",
    "Vous avez déjà donné votre avis sur cette prestation aujourd’hui. Merci !": (
        "You have already given your feedback on this service today. Thank you!"
    ),
    "Seul le service responsable répond au nom de la prestation.": (
        "Only the department in charge answers on behalf of the service."
    ),
    "Première publication": "First publication",
    "Seul le service responsable modifie cette page.": "Only the department in charge edits this page.",
    "Le texte n’a pas changé.": "The text has not changed.",
    "Seul le service responsable vérifie cette page.": "Only the department in charge checks this page.",
    "La date de revérification doit être dans le futur.": "The review date must be in the future.",
    "Connectez-vous pour poser une question.": "Sign in to ask a question.",
    "Choisissez une question ou une contestation.": "Choose a question or a challenge.",
    "Pour contester une affirmation, indiquez votre source.": "To challenge a statement, give your source.",
    "Seul le service responsable de la page répond.": "Only the department in charge of the page answers.",
    "Cette question a déjà reçu sa réponse.": "This question has already been answered.",
    "Correction à la suite d’une question": "Correction following a question",
    "Seuls les autres services de la commune peuvent ajouter un avis contradictoire.": (
        "Only the commune's other departments may add a contradictory opinion."
    ),
    "Ce service a déjà donné son avis sur cette question.": "This department has already given its opinion on this question.",
    "Seules les réponses officielles du service peuvent entrer dans la FAQ.": (
        "Only the department's official answers may enter the FAQ."
    ),
    "Cette réponse figure déjà dans la FAQ.": "This answer is already in the FAQ.",
    "Page à revérifier : %(title)s": "Page to check again: %(title)s",
    "La page « %(title)s » devait être revérifiée avant le %(date)s. Elle affiche désormais « à revérifier ». Relisez-la et marquez-la vérifiée : %(url)s": (
        "The page “%(title)s” was to be checked again before %(date)s. It now shows “to be checked again”. "
        "Read it again and mark it checked: %(url)s"
    ),
    "Modification dans l’administration": "Edited in the administration",
    "Qualité des services et information": "Quality of services and information",
    # Forms
    "De façon générale, comment s’est passée cette démarche ?": "Overall, how did this procedure go?",
    "Pas bien": "Not well",
    "Moyennement": "So-so",
    "Bien": "Well",
    "Moyen": "Average",
    "Était-ce facile ?": "Was it easy?",
    "Difficile": "Difficult",
    "Ni facile ni difficile": "Neither easy nor difficult",
    "Facile": "Easy",
    "Le langage employé était-il clair ?": "Was the language clear?",
    "Pas clair": "Not clear",
    "Moyennement clair": "Fairly clear",
    "Clair": "Clear",
    "Avez-vous eu besoin d’aide, et l’avez-vous obtenue ?": "Did you need help, and did you get it?",
    "Voulez-vous nous en dire plus ?": "Would you like to tell us more?",
    "Facultatif. Ne donnez pas d’information personnelle : seul le service responsable lit ce texte.": (
        "Optional. Give no personal information: only the department in charge reads this text."
    ),
    "Point souvent soulevé": "Point often raised",
    "Réponse du service": "The department's answer",
    "Vous voulez": "You want to",
    "poser une question": "ask a question",
    "contester une affirmation de la page": "challenge a statement of the page",
    "Passage contesté": "Challenged passage",
    "Pour une contestation : recopiez la phrase ou le chiffre en cause.": (
        "For a challenge: copy the sentence or figure in question."
    ),
    "Votre question ou votre argument": "Your question or your argument",
    "Source": "Source",
    "Obligatoire pour une contestation : le lien vers votre source.": "Required for a challenge: the link to your source.",
    "Réponse publique du service": "The department's public answer",
    "Texte corrigé de la page (Markdown)": "Corrected text of the page (Markdown)",
    "Laissez le texte tel quel s’il n’y a rien à corriger ; sinon une nouvelle version est publiée.": (
        "Leave the text as it is if there is nothing to correct; otherwise a new version is published."
    ),
    "Ce qui a changé": "What changed",
    "Avis contradictoire": "Contradictory opinion",
    "Texte (Markdown)": "Text (Markdown)",
    "À revérifier avant le": "To be checked again before",
    "Question telle qu’elle figurera dans la FAQ": "Question as it will appear in the FAQ",
    # Hooks
    "question sur une page d’information": "question on an information page",
    "Cette question a été masquée par la modération": "This question was hidden by the moderation",
    "Questions sur les pages d’information": "Questions on the information pages",
    "Chaque service qui publie une page d’information promet de répondre publiquement aux questions et contestations dans le délai affiché sur la page.": (
        "Each department publishing an information page promises to answer questions and challenges "
        "publicly within the delay shown on the page."
    ),
    "Aucune question n’a encore été posée sur les pages d’information.": (
        "No question has been asked on the information pages yet."
    ),
    # Models
    "Je n’ai pas eu besoin d’aide": "I did not need help",
    "J’ai eu besoin d’aide mais je n’en ai pas eu": "I needed help but did not get any",
    "Oui, d’un proche": "Yes, from a relative or friend",
    "Oui, d’un agent à l’accueil": "Yes, from an agent at the front desk",
    "Oui, d’un agent par téléphone": "Yes, from an agent on the phone",
    "Oui, par courriel ou en ligne": "Yes, by e-mail or online",
    "Oui, d’une association ou d’un lieu d’accompagnement numérique": "Yes, from an association or a digital help centre",
    "Usager·ère": "User",
    "Agent·e de la commune": "Agent of the commune",
    "code du lien court": "short link code",
    "Lettres et chiffres : le lien court est /qualite/q/<code>/.": "Letters and digits: the short link is /qualite/q/<code>/.",
    "ouverte aux avis": "open to feedback",
    "prestation": "public service",
    "prestations": "public services",
    "répondant·e": "respondent",
    "appréciation générale": "overall rating",
    "facilité": "ease",
    "clarté du langage": "clarity of the language",
    "aide obtenue": "help obtained",
    "jour": "day",
    "avis sur une prestation": "feedback on a public service",
    "avis sur les prestations": "feedback on public services",
    "point soulevé": "point raised",
    "réponse du service": "department's answer",
    "auteur·e": "author",
    "réponse à un point récurrent": "answer to a recurring point",
    "réponses aux points récurrents": "answers to recurring points",
    "fonction de la personne qui a vérifié": "function of the person who checked",
    "à revérifier avant le": "to be checked again before",
    "Délai promis pour répondre aux questions.": "Delay promised to answer questions.",
    "rappel envoyé pour l’échéance du": "reminder sent for the deadline of",
    "page d’information": "information page",
    "pages d’information": "information pages",
    "ce qui a changé": "what changed",
    "version d’une page d’information": "version of an information page",
    "versions des pages d’information": "versions of information pages",
    "nature": "kind",
    "fichier": "file",
    "source ou donnée": "source or data",
    "sources et données": "sources and data",
    "Contestation": "Challenge",
    "passage contesté": "challenged passage",
    "source": "source",
    "posée le": "asked on",
    "réponse": "answer",
    "répondue le": "answered on",
    "fonction": "function",
    "question sur une page": "question on a page",
    "questions sur les pages": "questions on pages",
    "avis contradictoire": "contradictory opinion",
    "avis contradictoires": "contradictory opinions",
    "question": "question",
    "réponse officielle d’origine": "original official answer",
    "lien vers le débat": "link to the debate",
    "ajoutée le": "added on",
    "question fréquente": "frequently asked question",
    "questions fréquentes": "frequently asked questions",
    # Queries and views
    "T%(quarter)s %(year)s": "Q%(quarter)s %(year)s",
    "Usager·ères": "Users",
    "Agent·es": "Agents",
    "Merci ! Votre avis a été enregistré.": "Thank you! Your feedback has been recorded.",
    "Cette page est réservée au service responsable de la prestation.": (
        "This page is for the department in charge of the service."
    ),
    "Votre réponse est publiée sur la page de la prestation.": "Your answer is published on the service's page.",
    "Votre message est publié. Le service s’est engagé à répondre sous %(days)s jours.": (
        "Your message is published. The department has committed to answer within %(days)s days."
    ),
    "Votre avis contradictoire est publié.": "Your contradictory opinion is published.",
    "La nouvelle version est publiée.": "The new version is published.",
    "La page est marquée vérifiée aujourd’hui.": "The page is marked checked today.",
    "Indiquez une date de revérification valide.": "Give a valid review date.",
    "La réponse figure désormais dans la FAQ de la page.": "The answer is now in the page's FAQ.",
    # Templates
    "Satisfaction (sur 10)": "Satisfaction (out of 10)",
    "Facilité (sur 10)": "Ease (out of 10)",
    "Clarté du langage (sur 10)": "Clarity of the language (out of 10)",
    "Aide obtenue quand il en fallait": "Help obtained when needed",
    "Nombre d’avis": "Number of answers",
    "Répondre au nom du service": "Answer on behalf of the department",
    "Réponse promise au plus tard le %(date)s. Si la question montre une erreur, corrigez le texte : une nouvelle version de la page est publiée et liée à votre réponse.": (
        "Answer promised by %(date)s at the latest. If the question shows a mistake, correct the text: "
        "a new version of the page is published and linked to your answer."
    ),
    "Publier la réponse": "Publish the answer",
    "Ajouter l’avis d’un autre service": "Add another department's opinion",
    "La page est publiée par %(department)s. L’avis de votre service sera affiché à côté de sa réponse.": (
        "The page is published by %(department)s. Your department's opinion will be shown beside its answer."
    ),
    "Publier l’avis": "Publish the opinion",
    "Modifier": "Edit",
    "Modifier la page": "Edit the page",
    "Chaque modification publie une nouvelle version ; les précédentes restent consultables avec ce qui a changé.": (
        "Each edit publishes a new version; the previous ones remain available with what changed."
    ),
    "Publier la nouvelle version": "Publish the new version",
    "Je donne mon avis": "I give my feedback",
    "Sur la prestation « %(name)s » (%(department)s).": "On the service “%(name)s” (%(department)s).",
    "Votre avis est compté sans votre nom. Si vous êtes agent·e de la commune, il est compté parmi ceux des agent·es.": (
        "Your feedback is counted without your name. If you are an agent of the commune, it is counted among the agents'."
    ),
    "Vous pouvez répondre sans compte : votre avis est anonyme.": "You may answer without an account: your feedback is anonymous.",
    "Envoyer mon avis": "Send my feedback",
    "Voir les résultats de cette prestation": "See this service's results",
    "Pages d’information": "Information pages",
    "Publiée par": "Published by",
    "Vérifiée le %(date)s par : %(role)s.": "Checked on %(date)s by: %(role)s.",
    "Version %(n)s — historique des versions": "Version %(n)s — version history",
    "à revérifier": "to be checked again",
    "Cette page devait être revérifiée avant le %(date)s : certaines informations peuvent être dépassées. Le service en a été averti.": (
        "This page was to be checked again before %(date)s: some information may be out of date. "
        "The department has been told."
    ),
    "Modifier la page (nouvelle version)": "Edit the page (new version)",
    "Ajouter une réponse officielle à la FAQ": "Add an official answer to the FAQ",
    "Marquer vérifiée aujourd’hui": "Mark checked today",
    "Sources et données": "Sources and data",
    "Questions fréquentes": "Frequently asked questions",
    "Réponse officielle donnée dans le débat": "Official answer given in the debate",
    "%(n)s question ou contestation": ("%(n)s question or challenge", "%(n)s questions and challenges"),
    "Le service s’engage à répondre publiquement sous %(days)s jour. Les délais tenus sont publiés sur la page des engagements.": (
        "The department commits to answer publicly within %(days)s day. The delays kept are published on the "
        "commitments page.",
        "The department commits to answer publicly within %(days)s days. The delays kept are published on the "
        "commitments page.",
    ),
    "Voir les engagements": "See the commitments",
    "du %(date)s": "of %(date)s",
    "Réponse de %(department)s": "Answer of %(department)s",
    "Le %(date)s, par : %(role)s.": "On %(date)s, by: %(role)s.",
    "Réponse donnée après le délai promis.": "Answer given after the promised delay.",
    "Réponse donnée dans le délai promis.": "Answer given within the promised delay.",
    "La page a été corrigée : voir la version %(n)s et ce qui a changé": (
        "The page was corrected: see version %(n)s and what changed"
    ),
    "Réponse attendue au plus tard le %(date)s.": "Answer expected by %(date)s at the latest.",
    "Le délai est dépassé.": "The delay has passed.",
    "Avis contradictoire de %(department)s": "Contradictory opinion of %(department)s",
    "Aucune question pour l’instant.": "No question yet.",
    "Poser une question ou contester": "Ask a question or challenge",
    "Connectez-vous pour poser une question ou contester une affirmation.": (
        "Sign in to ask a question or challenge a statement."
    ),
    "Chaque service publie des pages dans son domaine de compétence, avec ses sources et la date de sa dernière vérification. Vous pouvez poser une question ou contester une affirmation : le service répond publiquement dans le délai affiché.": (
        "Each department publishes pages in its field, with their sources and the date they were last checked. "
        "You may ask a question or challenge a statement: the department answers publicly within the delay shown."
    ),
    "Pages publiées par les services": "Pages published by the departments",
    "Page": "Page",
    "Vérifiée le": "Checked on",
    "Questions en attente": "Questions waiting",
    "Aucune page n’est encore publiée.": "No page is published yet.",
    "Affiche": "Poster",
    "Votre avis sur « %(name)s »": "Your feedback on “%(name)s”",
    "Comment s’est passée votre démarche ? Répondez en une minute, sans compte.": (
        "How did your procedure go? Answer in one minute, without an account."
    ),
    "QR code menant à %(url)s": "QR code leading to %(url)s",
    "Ou tapez ce lien": "Or type this link",
    "Imprimez cette page pour un guichet, ou copiez le lien dans un courrier ou une démarche en ligne.": (
        "Print this page for a counter, or copy the link into a letter or an online procedure."
    ),
    "FAQ": "FAQ",
    "Les réponses officielles de %(department)s dans les débats publics peuvent entrer dans la FAQ de la page, avec un lien vers le débat.": (
        "The official answers of %(department)s in public debates may enter the page's FAQ, with a link to the debate."
    ),
    "Ajouter à la FAQ": "Add to the FAQ",
    "Aucune réponse officielle du service n’est disponible.": "No official answer of the department is available.",
    "Avis reçus": "Feedback received",
    "Les commentaires libres, sans le nom de leurs auteur·es. Répondez publiquement aux remarques qui reviennent souvent.": (
        "The free comments, without their authors' names. Answer publicly the remarks that come up often."
    ),
    "Publier une réponse à une remarque fréquente": "Publish an answer to a frequent remark",
    "appréciation": "rating",
    "Aucun commentaire pour l’instant.": "No comment yet.",
    "Pages des commentaires": "Pages of comments",
    "Qualité des services": "Quality of services",
    "Affiche à imprimer (QR code et lien court)": "Poster to print (QR code and short link)",
    "Avis reçus et réponses du service": "Feedback received and the department's answers",
    "L’avis des usager·ères": "What users say",
    "L’avis des agent·es de la commune": "What the commune's agents say",
    "Les agent·es utilisent aussi les services de la commune ; leurs avis sont comptés à part.": (
        "Agents use the commune's services too; their feedback is counted apart."
    ),
    "Évolution par trimestre": "Trend by quarter",
    "Légende du graphique": "Chart legend",
    "Satisfaction sur 10, par trimestre": "Satisfaction out of 10, by quarter",
    "Indicateurs par trimestre (quatre derniers trimestres)": "Indicators by quarter (last four quarters)",
    "Trimestre": "Quarter",
    "Répondant·es": "Respondents",
    "Les questions sont celles du formulaire « Je donne mon avis » de l’État. Une note sur 10 compte 10 pour « bien », 5 pour « moyen » et 0 pour « pas bien ». L’aide obtenue est la part des personnes qui en ont obtenu parmi celles qui en avaient besoin.": (
        "The questions are those of the State's “Je donne mon avis” form. A score out of 10 counts 10 for “well”, "
        "5 for “average” and 0 for “not well”. Help obtained is the share of people who got help among those "
        "who needed it."
    ),
    "Les réponses du service aux remarques fréquentes": "The department's answers to frequent remarks",
    "%(department)s, le %(date)s": "%(department)s, on %(date)s",
    "Le service n’a pas encore publié de réponse.": "The department has not published an answer yet.",
    "Après une démarche à la mairie ou en ligne, donnez votre avis : les usager·ères comme les agent·es de la commune, qui utilisent aussi ces services. Les résultats sont publics, service par service.": (
        "After a procedure at the town hall or online, give your feedback: users as well as the commune's agents, "
        "who use these services too. The results are public, service by service."
    ),
    "Prestations de la commune ouvertes aux avis": "The commune's services open to feedback",
    "Prestation": "Service",
    'Donner mon avis<span class="visually-hidden"> sur « %(name)s »</span>': (
        'Give my feedback<span class="visually-hidden"> on “%(name)s”</span>'
    ),
    "Aucune prestation n’est encore ouverte aux avis.": "No service is open to feedback yet.",
    "Pages d’information des services": "The departments' information pages",
    "Versions": "Versions",
    "Versions de « %(title)s »": "Versions of “%(title)s”",
    "Toutes les versions publiées, la plus récente d’abord": "Every published version, the newest first",
    "Texte de la version %(n)s": "Text of version %(n)s",
}
