"""English of the msgids added by the `oidc` branch (identity providers), applied by `make messages`."""

TRANSLATIONS = {
    "Un compte Cocité utilise déjà l’adresse électronique que %(provider)s nous a transmise. Par sécurité, "
    "Cocité ne relie une identité à un compte existant que si cette adresse est vérifiée des deux côtés (par le "
    "fournisseur d’identité et par Cocité), ce qui n’est pas le cas ici : aucun compte n’a été relié ni créé. "
    "Connectez-vous avec votre mot de passe, ou confirmez d’abord votre adresse.": (
        "A Cocité account already uses the email address %(provider)s sent us. For security, Cocité links an "
        "identity to an existing account only when that address is verified on both sides (by the identity "
        "provider and by Cocité), which is not the case here: no account was linked or created. Log in with "
        "your password, or confirm your address first."
    ),
    "La signature du jeton d’identité ne correspond pas aux clés du fournisseur : connexion refusée. "
    "Recommencez depuis la page de connexion.": (
        "The identity token's signature does not match the provider's keys: login refused. "
        "Start again from the login page."
    ),
    "Ce jeton d’identité a déjà servi ou ne répond pas à votre demande de connexion : connexion refusée. "
    "Recommencez depuis la page de connexion.": (
        "This identity token was already used or does not answer your login request: login refused. "
        "Start again from the login page."
    ),
    "Ce jeton d’identité n’était pas destiné à Cocité : connexion refusée.": (
        "This identity token was not meant for Cocité: login refused."
    ),
    "Le jeton d’identité a expiré : connexion refusée. Recommencez depuis la page de connexion.": (
        "The identity token has expired: login refused. Start again from the login page."
    ),
    "Ce jeton d’identité ne vient pas du fournisseur attendu : connexion refusée.": (
        "This identity token does not come from the expected provider: login refused."
    ),
    "Le niveau de garantie de votre identité (eIDAS) est inférieur à celui demandé : connexion refusée.": (
        "The assurance level of your identity (eIDAS) is lower than the one required: login refused."
    ),
    "Cette demande de connexion a expiré ou a été commencée dans un autre navigateur. "
    "Recommencez depuis la page de connexion.": (
        "This login request has expired or was started in another browser. Start again from the login page."
    ),
    "Vous avez annulé la connexion : aucun compte n’a été créé ni ouvert.": (
        "You cancelled the login: no account was created or opened."
    ),
    "Le fournisseur d’identité a refusé la connexion ou n’a pas renvoyé de code : aucun compte n’a été créé ni "
    "ouvert. Recommencez depuis la page de connexion.": (
        "The identity provider refused the login or sent no code back: no account was created or opened. "
        "Start again from the login page."
    ),
    "La réponse du fournisseur d’identité n’est pas valide : connexion refusée.": (
        "The identity provider's answer is not valid: login refused."
    ),
    "Le fournisseur d’identité ne répond pas. Réessayez dans quelques minutes.": (
        "The identity provider does not answer. Try again in a few minutes."
    ),
    "le fournisseur d’identité": "the identity provider",
    "Ce fournisseur d’identité n’est pas proposé ici.": "This identity provider is not offered here.",
    "Déconnexion": "Logout",
    "Vous êtes déconnecté·e de Cocité et de %(name)s.": "You are logged out of Cocité and of %(name)s.",
    "Ce retour de déconnexion n’a pas été reconnu (lien ancien ou modifié). Si vous vous êtes déconnecté·e de "
    "Cocité, c’est bien fait ; fermez votre navigateur sur un ordinateur partagé.": (
        "This return from a logout was not recognised (an old or altered link). If you logged out of Cocité, "
        "that is done; close your browser on a shared computer."
    ),
    "Qu’est-ce que FranceConnect ? (nouvelle fenêtre)": "What is FranceConnect? (new window)",
    "Qu’est-ce que FranceConnect ?": "What is FranceConnect?",
    "Qu’est-ce que ProConnect ? (nouvelle fenêtre)": "What is ProConnect? (new window)",
    "Qu’est-ce que ProConnect ?": "What is ProConnect?",
    "Vous vous êtes identifié·e avec %(name)s. Dernière étape : choisissez le pseudonyme sous lequel vous "
    "participerez. Votre nom réel n’est jamais publié.": (
        "You identified yourself with %(name)s. Last step: choose the pseudonym you will take part under. "
        "Your real name is never published."
    ),
    "Ou avec une identité numérique": "Or with a digital identity",
    "Habitants : FranceConnect ; agents de la commune : ProConnect, quand ils sont proposés ci-dessous. Cocité "
    "ne relie une identité à un compte existant que si l’adresse électronique est vérifiée des deux côtés.": (
        "Residents: FranceConnect; the commune's staff: ProConnect, when they are offered below. Cocité links an "
        "identity to an existing account only when the email address is verified on both sides."
    ),
    "Revenir à l’accueil": "Back to the home page",
    "Connexion refusée": "Login refused",
    "Retour à la page de connexion": "Back to the login page",
    "S’identifier avec": "Sign in with",
    "Se connecter avec %(name)s": "Log in with %(name)s",
    "Créer votre compte": "Create your account",
    "Créer mon compte": "Create my account",
}
