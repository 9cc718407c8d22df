# ruff: noqa: E501 -- msgids are single-line strings and must match makemessages output exactly.
"""English translations for the legal pages (accessibility, legal notice, privacy).

Keys are the msgids exactly as ``makemessages`` extracts them from
templates/core/accessibility.html, templates/core/legal_notice.html and
templates/core/privacy.html; values are used to fill locale/en/LC_MESSAGES/django.po.
"""

TRANSLATIONS: dict[str, str] = {
    # --- templates/core/accessibility.html ---
    "Déclaration d'accessibilité": "Accessibility statement",
    "%(name)s s'engage à rendre sa plateforme de participation citoyenne Cocité accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005 pour l'égalité des droits et des chances, la participation et la citoyenneté des personnes handicapées.": (
        "%(name)s is committed to making its Cocité citizen participation platform accessible, "
        "in accordance with article 47 of French law no. 2005-102 of 11 February 2005 on equal rights "
        "and opportunities, participation and citizenship of people with disabilities."
    ),
    "La collectivité s'engage à rendre sa plateforme de participation citoyenne Cocité accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005 pour l'égalité des droits et des chances, la participation et la citoyenneté des personnes handicapées.": (
        "The local authority is committed to making its Cocité citizen participation platform accessible, "
        "in accordance with article 47 of French law no. 2005-102 of 11 February 2005 on equal rights "
        "and opportunities, participation and citizenship of people with disabilities."
    ),
    "Cette déclaration d'accessibilité s'applique à la plateforme Cocité publiée à l'adresse %(site)s.": (
        "This accessibility statement applies to the Cocité platform published at %(site)s."
    ),
    "Cette déclaration d'accessibilité s'applique à la plateforme Cocité.": (
        "This accessibility statement applies to the Cocité platform."
    ),
    "État de conformité": "Compliance status",
    "La plateforme Cocité est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des contenus non accessibles énumérés ci-dessous.": (
        "The Cocité platform is partially compliant with the French accessibility framework "
        "(Référentiel général d'amélioration de l'accessibilité, RGAA), version 4.1, because of the "
        "non-accessible content listed below."
    ),
    "Aucun audit de conformité n'a encore été réalisé : cet état repose sur les vérifications menées pendant la conception et le développement de la plateforme. Un audit complet est prévu ; ses résultats, dont le taux de conformité, seront publiés sur cette page.": (
        "No compliance audit has been carried out yet: this status is based on the checks made while "
        "designing and developing the platform. A full audit is planned; its results, including the "
        "compliance rate, will be published on this page."
    ),
    "Contenus non accessibles": "Non-accessible content",
    "Les contenus listés ci-dessous ne sont pas, ou pas entièrement, accessibles. Une solution de remplacement est proposée chaque fois que possible.": (
        "The content listed below is not accessible, or not fully accessible. An alternative is "
        "offered wherever possible."
    ),
    "Les cartes interactives ne sont pas entièrement utilisables au clavier ni avec un lecteur d'écran. Chaque vue cartographique dispose d'un équivalent sous forme de liste, qui présente les mêmes informations.": (
        "Interactive maps cannot be fully used with a keyboard or a screen reader. Every map view has "
        "a list equivalent that presents the same information."
    ),
    "Les graphiques ne sont pas toujours restitués correctement par les technologies d'assistance. Les données de chaque graphique sont également présentées dans un tableau de données.": (
        "Charts are not always rendered correctly by assistive technologies. The data behind each "
        "chart is also presented in a data table."
    ),
    "Les documents déposés par les utilisateurs et utilisatrices de la plateforme (fichiers PDF, images, etc.) peuvent ne pas être accessibles : la collectivité n'en maîtrise pas la conception. Vous pouvez en demander une version accessible en nous contactant (voir ci-dessous).": (
        "Documents uploaded by users of the platform (PDF files, images, etc.) may not be accessible: "
        "the local authority does not control how they are made. You can ask us for an accessible "
        "version (see below)."
    ),
    "Établissement de cette déclaration d'accessibilité": "Preparation of this accessibility statement",
    "Cette déclaration a été établie le 28 novembre 2026.": "This statement was drawn up on 28 November 2026.",
    "Technologies utilisées pour la réalisation de la plateforme": "Technologies used to build the platform",
    "Environnement de test": "Test environment",
    "Les vérifications de restitution des contenus ont été réalisées dans les conditions suivantes :": (
        "Content rendering was checked under the following conditions:"
    ),
    "Navigateurs Firefox et Chromium, dans leurs versions récentes": "Recent versions of the Firefox and Chromium browsers",
    "Lecteurs d'écran NVDA (sous Windows) et VoiceOver (sous macOS)": "NVDA (on Windows) and VoiceOver (on macOS) screen readers",
    "Navigation au clavier seul, sans souris": "Keyboard-only navigation, without a mouse",
    "Ces vérifications ont été menées par l'équipe de développement au fil des évolutions de la plateforme ; elles ne remplacent pas un audit de conformité.": (
        "These checks were carried out by the development team as the platform evolved; they do not "
        "replace a compliance audit."
    ),
    "Outils pour évaluer l'accessibilité": "Tools used to assess accessibility",
    "Des contrôles automatisés sont réalisés avec l'outil axe-core.": "Automated checks are run with the axe-core tool.",
    "Retour d'information et contact": "Feedback and contact",
    "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le responsable de la plateforme pour être orienté·e vers une solution de remplacement accessible ou obtenir le contenu sous une autre forme.": (
        "If you cannot access some content or a service, you can contact the people in charge of the "
        "platform to be directed to an accessible alternative or to obtain the content in another form."
    ),
    "Envoyer un courriel :": "Send an email:",
    "Écrire à l'adresse postale suivante :": "Write to the following postal address:",
    "Vous pouvez vous adresser à l'accueil de la collectivité.": "You can contact the local authority's reception desk.",
    "Voies de recours": "Remedies",
    "Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable de la plateforme un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à l'un des services de la plateforme, et vous n'avez pas obtenu de réponse satisfaisante.": (
        "Use this procedure if you have reported to the people in charge of the platform an "
        "accessibility issue that prevents you from accessing some content or one of the platform's "
        "services, and you have not received a satisfactory answer."
    ),
    "Vous pouvez :": "You can:",
    "Écrire un message au Défenseur des droits à l'aide du formulaire en ligne :": (
        "Write to the Défenseur des droits (French Defender of Rights) using the online form:"
    ),
    "Appeler le Défenseur des droits au :": "Call the Défenseur des droits on:",
    "Contacter le délégué ou la déléguée du Défenseur des droits dans votre région (coordonnées sur le site defenseurdesdroits.fr)": (
        "Contact the Défenseur des droits delegate in your region (contact details on the "
        "defenseurdesdroits.fr website)"
    ),
    "Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) à l'adresse suivante :": (
        "Send a letter by post (free of charge, no stamp needed) to the following address:"
    ),
    # --- templates/core/legal_notice.html ---
    "Mentions légales": "Legal notice",
    "Les informations ci-dessous sont publiées en application de la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie numérique.": (
        "The information below is published in accordance with French law no. 2004-575 of 21 June 2004 "
        "on confidence in the digital economy."
    ),
    "Éditeur": "Publisher",
    "La plateforme de participation citoyenne Cocité est éditée par %(name)s.": (
        "The Cocité citizen participation platform is published by %(name)s."
    ),
    "Adresse postale :": "Postal address:",
    "Numéro SIREN : %(siren)s": "SIREN number: %(siren)s",
    "Courriel :": "Email:",
    "La plateforme de participation citoyenne Cocité est éditée par la collectivité qui l'exploite.": (
        "The Cocité citizen participation platform is published by the local authority that runs it."
    ),
    "Directeur·rice de la publication": "Publication director",
    "La direction de la publication est assurée par %(director)s.": "The publication director is %(director)s.",
    "La direction de la publication est assurée par le représentant légal ou la représentante légale de la collectivité.": (
        "The publication director is the legal representative of the local authority."
    ),
    "Hébergement": "Hosting",
    "La plateforme est hébergée par :": "The platform is hosted by:",
    "La plateforme est hébergée par la collectivité elle-même, sur ses propres infrastructures.": (
        "The platform is hosted by the local authority itself, on its own infrastructure."
    ),
    "Logiciel": "Software",
    "La plateforme fonctionne avec Cocité, un logiciel libre (open source) de participation citoyenne. Son code source peut être librement consulté, réutilisé, modifié et redistribué.": (
        "The platform runs on Cocité, free and open-source citizen participation software. Its source "
        "code can be freely read, reused, modified and redistributed."
    ),
    "Propriété intellectuelle et réutilisation": "Intellectual property and reuse",
    "Sauf mention contraire, les contenus et les données publiques publiés par la collectivité sur cette plateforme peuvent être librement réutilisés dans les conditions de la Licence Ouverte 2.0 (Etalab), à condition d'en mentionner la source et la date de dernière mise à jour.": (
        "Unless otherwise stated, the content and public data published by the local authority on this "
        "platform may be freely reused under the terms of the Licence Ouverte 2.0 (Etalab Open Licence), "
        "provided that you credit the source and the date of the last update."
    ),
    "Consulter la Licence Ouverte 2.0 sur le site d'Etalab": "Read the Licence Ouverte 2.0 on the Etalab website",
    "Les contributions (idées, propositions, signalements, commentaires) restent celles de leurs auteurs et autrices. Comme l'explique la charte de participation, elles sont publiées sous la même licence, ce qui permet à chacun de les réutiliser en citant leur source.": (
        "Contributions (ideas, proposals, reports, comments) remain those of their authors. As explained "
        "in the participation charter, they are published under the same licence, which allows anyone "
        "to reuse them provided they credit the source."
    ),
    "Le nom, le logo et l'identité visuelle de la collectivité ne sont pas couverts par cette licence et ne peuvent pas être réutilisés sans son autorisation.": (
        "The local authority's name, logo and visual identity are not covered by this licence and may "
        "not be reused without its permission."
    ),
    "Responsabilité": "Liability",
    "Les contributions sont publiées sous la responsabilité de leurs auteurs et autrices. Elles sont modérées conformément à la charte de participation publique : un contenu qui ne la respecte pas peut être masqué ou supprimé.": (
        "Contributions are published under their authors' responsibility. They are moderated according "
        "to the public participation charter: content that does not comply with it may be hidden or "
        "removed."
    ),
    "Si un contenu vous semble contraire à la charte ou à la loi, vous pouvez le signaler à l'équipe de modération depuis la page où il est publié.": (
        "If you think some content breaches the charter or the law, you can report it to the moderation "
        "team from the page where it is published."
    ),
    "Vous pouvez aussi écrire à la collectivité :": "You can also write to the local authority:",
    "La collectivité s'efforce de publier des informations exactes et à jour, mais ne peut garantir l'absence d'erreur ni la disponibilité permanente du service.": (
        "The local authority strives to publish accurate and up-to-date information, but cannot "
        "guarantee that it is free of errors or that the service is always available."
    ),
    "Liens": "Links",
    "La plateforme peut contenir des liens vers d'autres sites. La collectivité n'exerce aucun contrôle sur ces sites et n'est pas responsable de leur contenu.": (
        "The platform may contain links to other websites. The local authority has no control over "
        "these websites and is not responsible for their content."
    ),
    "Vous pouvez créer librement un lien vers la plateforme, sans autorisation préalable, à condition de ne pas afficher ses pages à l'intérieur d'un autre site.": (
        "You may freely link to the platform without prior permission, provided that you do not "
        "display its pages inside another website."
    ),
    # --- templates/core/privacy.html ---
    "Données personnelles et cookies": "Personal data and cookies",
    "Cette page explique quelles données personnelles la plateforme Cocité traite, pourquoi, pendant combien de temps et comment exercer vos droits, conformément au règlement général sur la protection des données (RGPD) et à la loi Informatique et Libertés.": (
        "This page explains which personal data the Cocité platform processes, why, for how long and "
        "how to exercise your rights, in accordance with the General Data Protection Regulation (GDPR) "
        "and the French Data Protection Act (loi Informatique et Libertés)."
    ),
    "Responsable de traitement": "Data controller",
    "Le responsable de traitement est %(name)s, qui met la plateforme à la disposition du public.": (
        "The data controller is %(name)s, which makes the platform available to the public."
    ),
    "Le responsable de traitement est la collectivité qui met la plateforme à la disposition du public.": (
        "The data controller is the local authority that makes the platform available to the public."
    ),
    "Finalités": "Purposes",
    "Vos données sont traitées pour faire fonctionner la plateforme de participation citoyenne, c'est-à-dire pour :": (
        "Your data is processed to run the citizen participation platform, that is to:"
    ),
    "créer et gérer votre compte ;": "create and manage your account;",
    "publier vos contributions (idées, propositions, signalements), vos soutiens et vos commentaires ;": (
        "publish your contributions (ideas, proposals, reports), your supports and your comments;"
    ),
    "permettre aux services de la collectivité de traiter vos contributions et d'y répondre ;": (
        "enable the local authority's departments to handle and answer your contributions;"
    ),
    "vous envoyer les notifications liées à votre activité sur la plateforme ;": (
        "send you notifications about your activity on the platform;"
    ),
    "vous envoyer, si vous l'avez demandé, un récapitulatif périodique par courriel ;": (
        "send you a periodic email digest, if you asked for one;"
    ),
    "assurer la modération et la sécurité de la plateforme.": "moderate the platform and keep it secure.",
    "Base légale": "Legal basis",
    "Ces traitements sont nécessaires à l'exécution d'une mission d'intérêt public dont est investie la collectivité : associer les habitantes et les habitants aux décisions locales (article 6-1-e du RGPD).": (
        "This processing is necessary for the performance of a task carried out in the public interest "
        "by the local authority: involving residents in local decisions (article 6(1)(e) GDPR)."
    ),
    "L'envoi du récapitulatif périodique par courriel, facultatif, repose sur votre consentement (article 6-1-a du RGPD). Vous pouvez le retirer à tout moment depuis votre profil.": (
        "The optional periodic email digest is based on your consent (article 6(1)(a) GDPR). You can "
        "withdraw it at any time from your profile."
    ),
    "Données collectées": "Data collected",
    "Votre adresse électronique, qui sert à vous identifier et à vous écrire ; elle n'est jamais affichée publiquement.": (
        "Your email address, used to identify you and to write to you; it is never shown publicly."
    ),
    "Votre mot de passe, enregistré uniquement sous une forme hachée (chiffrement irréversible) que personne ne peut relire.": (
        "Your password, stored only in hashed form (irreversible encryption) that nobody can read back."
    ),
    "Votre pseudonyme public, seul nom affiché à côté de vos contributions : votre nom réel n'est jamais publié.": (
        "Your public pseudonym, the only name shown next to your contributions: your real name is never published."
    ),
    "Votre quartier, si vous choisissez de l'indiquer.": "Your neighbourhood, if you choose to give it.",
    "Vos prénom et nom, si vous choisissez de les indiquer : ils restent privés et ne sont jamais affichés publiquement.": (
        "Your first and last name, if you choose to give them: they remain private and are never shown publicly."
    ),
    "Vos contributions, soutiens et commentaires.": "Your contributions, supports and comments.",
    "Des journaux techniques (adresse IP, date et heure, pages consultées), nécessaires à la sécurité de la plateforme.": (
        "Technical logs (IP address, date and time, pages visited), needed to keep the platform secure."
    ),
    "Durées de conservation": "Retention periods",
    "Votre compte est conservé jusqu'à ce que vous le supprimiez. S'il reste inutilisé pendant 3 ans, il est anonymisé.": (
        "Your account is kept until you delete it. If it remains unused for 3 years, it is anonymised."
    ),
    "Vos contributions, soutiens et commentaires sont conservés, car ils font partie du débat public et des décisions de la collectivité. Lorsque votre compte est supprimé ou anonymisé, ils sont eux aussi anonymisés et ne sont plus rattachés à votre personne.": (
        "Your contributions, supports and comments are kept, because they are part of the public debate "
        "and of the local authority's decisions. When your account is deleted or anonymised, they are "
        "anonymised too and are no longer linked to you."
    ),
    "Les journaux techniques sont conservés 12 mois.": "Technical logs are kept for 12 months.",
    "Destinataires": "Recipients",
    "Vos données sont accessibles uniquement aux agents habilités des services de la collectivité compétents pour traiter les contributions, ainsi qu'à l'hébergeur de la plateforme, dans la limite de sa mission technique.": (
        "Your data can only be accessed by authorised staff of the local authority departments "
        "responsible for handling contributions, and by the platform's host within the limits of its "
        "technical role."
    ),
    "Votre pseudonyme et vos contributions sont, eux, visibles de toutes les personnes qui consultent la plateforme.": (
        "Your pseudonym and your contributions, on the other hand, are visible to everyone who visits the platform."
    ),
    "Vos droits": "Your rights",
    "Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation du traitement, d'opposition et de portabilité de vos données.": (
        "You have the right to access, rectify and erase your data, to restrict or object to its "
        "processing, and to data portability."
    ),
    "Depuis votre profil, vous pouvez à tout moment :": "From your profile, you can at any time:",
    "télécharger l'ensemble de vos données avec « Télécharger mes données » ;": (
        "download all your data with “Download my data”;"
    ),
    "supprimer votre compte avec « Supprimer mon compte ».": "delete your account with “Delete my account”.",
    "Accéder à mon profil": "Go to my profile",
    "Pour toute autre demande, vous pouvez contacter le délégué à la protection des données (DPO) de la collectivité :": (
        "For any other request, you can contact the local authority's data protection officer (DPO):"
    ),
    "Pour toute autre demande, vous pouvez écrire à la collectivité :": (
        "For any other request, you can write to the local authority:"
    ),
    "Pour toute autre demande, vous pouvez vous adresser à la collectivité.": (
        "For any other request, you can contact the local authority."
    ),
    "Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l'informatique et des libertés (CNIL) :": (
        "If you believe your rights are not being respected, you can lodge a complaint with the French "
        "data protection authority (Commission nationale de l'informatique et des libertés, CNIL):"
    ),
    "en ligne :": "online:",
    "par courrier :": "by post:",
    "Cookies": "Cookies",
    "La plateforme n'utilise que des cookies strictement nécessaires à son fonctionnement :": (
        "The platform only uses cookies that are strictly necessary for it to work:"
    ),
    "un cookie de session, qui vous permet de rester connecté·e ;": "a session cookie, which keeps you signed in;",
    "un cookie de protection contre la falsification de requêtes (CSRF), qui sécurise les formulaires ;": (
        "a cross-site request forgery (CSRF) protection cookie, which secures forms;"
    ),
    "un cookie qui mémorise la langue que vous avez choisie.": "a cookie that remembers the language you chose.",
    "Aucune mesure d'audience n'est réalisée et aucun cookie tiers n'est déposé. Les cookies strictement nécessaires étant dispensés de consentement (article 82 de la loi Informatique et Libertés), aucun bandeau de consentement ne vous est présenté.": (
        "No audience measurement is carried out and no third-party cookies are set. Since strictly "
        "necessary cookies are exempt from consent (article 82 of the French Data Protection Act), no "
        "consent banner is shown to you."
    ),
}
