# ruff: noqa: E501
"""English translations for « Télécharger mes données » and « Supprimer mon compte » (profile, deletion page)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    # Profile
    "Mes données personnelles": "My personal data",
    "Téléchargez une copie de tout ce que la plateforme conserve sur vous (compte, contributions, soutiens, commentaires, abonnements…), dans un fichier JSON lisible et réutilisable.": "Download a copy of everything the platform keeps about you (account, contributions, supports, comments, follows…) in a readable, reusable JSON file.",
    "Télécharger mes données": "Download my data",
    "Supprimer mon compte": "Delete my account",
    "Vos données personnelles seront effacées ; vos contributions et commentaires resteront publiés sous « Compte supprimé ».": "Your personal data will be erased; your contributions and comments will remain published under “Deleted account”.",
    # Deletion page
    "La suppression de votre compte est définitive : elle ne peut pas être annulée.": "Deleting your account is permanent: it cannot be undone.",
    "Ce qui se passe": "What happens",
    "Vos données personnelles sont effacées : adresse électronique, prénom, nom, quartier, pseudonyme et mot de passe.": "Your personal data is erased: email address, first name, last name, neighbourhood, pseudonym and password.",
    "Vos abonnements, vos notifications et vos préférences de courriel sont supprimés.": "Your follows, your notifications and your email preferences are deleted.",
    "Vos contributions, soutiens, votes et commentaires restent publiés et comptés, car ils font partie du débat public, mais ils ne sont plus rattachés à votre personne : ils apparaissent sous le nom « Compte supprimé ».": "Your contributions, supports, votes and comments remain published and counted, because they are part of the public debate, but they are no longer linked to you: they appear under the name “Deleted account”.",
    "Vous êtes déconnecté·e de tous vos appareils et ne pouvez plus vous connecter avec ce compte.": "You are signed out on all your devices and can no longer sign in with this account.",
    "Vous pourrez créer un nouveau compte avec la même adresse électronique si vous le souhaitez.": "You may create a new account with the same email address if you wish.",
    "Avant de supprimer votre compte, vous pouvez télécharger une copie de vos données depuis votre profil.": "Before deleting your account, you can download a copy of your data from your profile.",
    "Retour à mon profil": "Back to my profile",
    "Confirmer la suppression": "Confirm the deletion",
    "Supprimer définitivement mon compte": "Permanently delete my account",
    "Votre mot de passe actuel": "Your current password",
    "Ce mot de passe est incorrect.": "This password is incorrect.",
    "Votre compte a été supprimé. Vos données personnelles ont été effacées ; vos contributions restent publiées sous « Compte supprimé ».": "Your account has been deleted. Your personal data has been erased; your contributions remain published under “Deleted account”.",
}
