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
}
