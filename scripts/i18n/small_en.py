"""English of the strings added for issue 16's « small things a user notices » (helper: small)."""

TRANSLATIONS = {
    "Lire la synthèse publiée : « %(title)s »": "Read the published synthesis: “%(title)s”",
}
