"""English for the production checks and the error pages (issue 13: deployment, error pages)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    # cocite/core/checks.py (manage.py check --deploy)
    "Le manifeste des fichiers statiques de %(root)s est illisible : %(error)s.": (
        "The static files manifest of %(root)s cannot be read: %(error)s."
    ),
    "Relancez « manage.py collectstatic --noinput » avec ces réglages.": (
        "Run “manage.py collectstatic --noinput” again with these settings."
    ),
    "Aucun manifeste des fichiers statiques dans STATIC_ROOT (%(root)s) : chaque page répondrait « erreur 500 ».": (
        "No static files manifest in STATIC_ROOT (%(root)s): every page would answer “error 500”."
    ),
    "Lancez « manage.py collectstatic --noinput » avec ces réglages avant de démarrer le serveur.": (
        "Run “manage.py collectstatic --noinput” with these settings before starting the server."
    ),
    "%(count)d fichier statique manque au manifeste de %(root)s (%(example)s) : "
    "les pages qui le citent répondraient « erreur 500 ».": [
        "%(count)d static file is missing from the manifest of %(root)s (%(example)s): "
        "the pages citing it would answer “error 500”.",
        "%(count)d static files are missing from the manifest of %(root)s (for example %(example)s): "
        "the pages citing them would answer “error 500”.",
    ],
    "Relancez « manage.py collectstatic --noinput » après chaque mise à jour du code.": (
        "Run “manage.py collectstatic --noinput” again after every code update."
    ),
    # templates/errors/layout.html and the error pages (templates/400.html … 503.html)
    "Revenir à l'accueil": "Back to the home page",
    "Erreur 400": "Error 400",
    "Erreur 403": "Error 403",
    "Erreur 404": "Error 404",
    "Erreur 500": "Error 500",
    "Erreur 503": "Error 503",
    "Requête incorrecte": "Bad request",
    "Le site n'a pas pu comprendre cette demande : l'adresse ou le formulaire envoyé est incomplet ou mal formé.": (
        "The site could not understand this request: the address or the form sent is incomplete or malformed."
    ),
    "Vérifiez l'adresse, ou repartez de l'accueil et refaites votre démarche.": (
        "Check the address, or start again from the home page."
    ),
    "Accès refusé": "Access denied",
    "Vous n'avez pas le droit d'accéder à cette page ou de faire cette action.": (
        "You are not allowed to open this page or to do this action."
    ),
    "Si vous pensez devoir y accéder, demandez-le au service de la collectivité qui gère cette démarche.": (
        "If you think you should have access, ask the authority's department that runs this process."
    ),
    "Si vous avez un compte, connectez-vous : cette page est peut-être réservée aux participants inscrits "
    "ou aux agents.": (
        "If you have an account, sign in: this page may be reserved for registered participants or for staff."
    ),
    "Formulaire expiré": "Form expired",
    "Votre formulaire n'a pas pu être envoyé": "Your form could not be sent",
    "Pour votre sécurité, chaque formulaire porte un jeton lié à votre navigateur. Ce jeton manquait ou avait "
    "expiré : la page était peut-être ouverte depuis longtemps, ou votre navigateur bloque les cookies de ce site.": (
        "For your security, every form carries a token tied to your browser. The token was missing or had "
        "expired: the page may have been open for a long time, or your browser blocks this site's cookies."
    ),
    "Que faire ?": "What to do?",
    "Si vous aviez écrit un long texte, copiez-le d'abord : il n'a pas été enregistré.": (
        "If you had written a long text, copy it first: it was not saved."
    ),
    "Rechargez la page du formulaire, remplissez-le de nouveau et envoyez-le.": (
        "Reload the form's page, fill it in again and send it."
    ),
    "Si le problème revient, autorisez les cookies de ce site dans votre navigateur : ils servent seulement à "
    "votre session et à cette protection.": (
        "If the problem comes back, allow this site's cookies in your browser: they are only used for your "
        "session and for this protection."
    ),
    "Revenir au formulaire": "Back to the form",
    "Page introuvable": "Page not found",
    "Cette page n'existe pas, ou plus, ou elle ne vous est pas accessible.": (
        "This page does not exist, no longer exists, or is not available to you."
    ),
    "Si vous avez saisi l'adresse, vérifiez-la. Sinon, retrouvez les démarches en cours depuis l'accueil ; une "
    "page réservée à certaines personnes s'affiche une fois connecté avec le bon compte.": (
        "If you typed the address, check it. Otherwise, find the current processes from the home page; a page "
        "reserved for some people shows once you are signed in with the right account."
    ),
    "Erreur du serveur": "Server error",
    "Une erreur imprévue nous a empêchés d'afficher cette page. Elle a été enregistrée pour que l'équipe "
    "technique la corrige.": (
        "An unexpected error kept us from showing this page. It has been logged for the technical team to fix."
    ),
    "Réessayez dans quelques minutes. Si vous envoyiez un formulaire, vérifiez ensuite s'il a été pris en compte "
    "avant de le renvoyer.": (
        "Try again in a few minutes. If you were sending a form, check afterwards whether it was taken into "
        "account before sending it again."
    ),
    "Service momentanément indisponible": "Service temporarily unavailable",
    "Le site ne peut pas joindre sa base de données pour l'instant, par exemple pendant un redémarrage. Cela dure "
    "en général moins d'une minute.": (
        "The site cannot reach its database right now, for instance during a restart. This usually lasts less "
        "than a minute."
    ),
    "Ce que vous venez d'envoyer n'a sans doute pas été enregistré. Gardez-en une copie ; quand le site sera "
    "revenu, vérifiez avant de le renvoyer.": (
        "What you just sent was probably not saved. Keep a copy; when the site is back, check before sending it again."
    ),
    "Réessayez dans quelques instants.": "Try again in a moment.",
    "Réessayer": "Try again",
    # cocite/core/errorpages.py (JSON answer during a database outage)
    "Le service est momentanément indisponible. Réessayez dans quelques instants.": (
        "The service is temporarily unavailable. Try again in a moment."
    ),
}
