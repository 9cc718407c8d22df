TRANSLATIONS = {
    "Vous avez beaucoup écrit récemment : vous pourrez recommencer à partir de %(moment)s.": (
        "You have written a lot recently: you can start again from %(moment)s."
    ),
}
