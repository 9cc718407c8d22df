"""Theme grouping on French text, without the database."""

from __future__ import annotations

from cocite.analysis.grouping import group_texts, near_duplicates, vectorize
from cocite.analysis.text import FrenchAnalyzer, place_stems, stem_word

# Three obvious topics, written the way residents write: cycling, dog mess, street lighting.
CORPUS = {
    1: "Une piste cyclable pour aller au collège. Les vélos roulent au milieu des voitures, il faut une piste.",
    2: "Des arceaux pour garer les vélos devant la boulangerie, on attache son vélo aux grilles.",
    3: "Sécuriser la piste cyclable du boulevard : les cyclistes se font frôler par les voitures.",
    4: "Un garage à vélos fermé à la gare, mon vélo a été volé deux fois.",
    5: "Les crottes de chien partout sur le trottoir, il faudrait des sacs pour les déjections canines.",
    6: "Des distributeurs de sacs pour ramasser les crottes des chiens dans le parc.",
    7: "Déjections canines devant l'école : les enfants marchent dedans, verbaliser les maîtres des chiens.",
    8: "Un espace clos pour que les chiens courent, et moins de crottes sur les trottoirs.",
    9: "Le lampadaire de l'impasse est en panne depuis un mois, la rue est très sombre la nuit.",
    10: "Éclairage public trop faible : les lampadaires sont trop éloignés, la rue est sombre la nuit.",
    11: "Plusieurs lampadaires en panne près de l'arrêt de bus, il fait noir et on a peur la nuit.",
    12: "Pas de lampadaire sur le chemin du stade : la nuit, il est complètement sombre.",
}
TOPICS = {1: "velo", 2: "velo", 3: "velo", 4: "velo", 5: "chien", 6: "chien", 7: "chien", 8: "chien"}
TOPICS.update({9: "lumiere", 10: "lumiere", 11: "lumiere", 12: "lumiere"})


def _groups(result: object) -> list[set[int]]:
    return [set(theme.members) for theme in result.themes]  # type: ignore[attr-defined]


def test_stems_fold_accents_plurals_and_stop_words() -> None:
    assert stem_word("vélos") == stem_word("vélo") == "velo"
    assert stem_word("lampadaires") == stem_word("lampadaire")
    assert stem_word("les") == ""  # PostgreSQL's French stop list, as in search
    analyzer = FrenchAnalyzer()
    features = analyzer("Des pistes cyclables pour les vélos")
    assert "pist cyclabl" in features  # bigrams of consecutive content words
    assert analyzer.surface("pist cyclabl") == "pistes cyclables"


def test_place_names_are_left_out() -> None:
    stop = place_stems(["Bois-Joli", "La Plaine-Saint-Martin"])
    analyzer = FrenchAnalyzer(stop=stop)
    assert analyzer("Un banc au Bois-Joli, rue de la Plaine") == ["banc"]


def test_obviously_similar_texts_are_grouped_together() -> None:
    result = group_texts(list(CORPUS.items()))
    groups = _groups(result)
    assert result.k == 3
    for topic in {"velo", "chien", "lumiere"}:
        members = {pk for pk, t in TOPICS.items() if t == topic}
        assert members in groups, (topic, groups)
    assert result.unclassified == []


def test_labels_use_the_words_people_wrote() -> None:
    result = group_texts(list(CORPUS.items()))
    labels = {frozenset(theme.members): theme.label.casefold() for theme in result.themes}
    assert any(word in labels[frozenset({1, 2, 3, 4})] for word in ("vélo", "vélos", "piste", "cyclable"))
    assert any(word in labels[frozenset({5, 6, 7, 8})] for word in ("crottes", "chiens", "sacs", "canines"))
    assert any(word in labels[frozenset({9, 10, 11, 12})] for word in ("lampadaires", "nuit", "sombre", "panne"))


def test_grouping_is_deterministic_whatever_the_input_order() -> None:
    first = group_texts(list(CORPUS.items()))
    second = group_texts(list(reversed(CORPUS.items())))
    assert [(t.label, t.members) for t in first.themes] == [(t.label, t.members) for t in second.themes]


def test_progress_is_reported_in_order() -> None:
    seen: list[int] = []
    group_texts(list(CORPUS.items()), progress=lambda percent, step: seen.append(percent))
    assert seen == sorted(seen)
    assert seen[0] < 50 < seen[-1]


def test_empty_or_wordless_texts_are_unclassified() -> None:
    result = group_texts([(1, "!!!"), (2, "les de la")])
    assert result.themes == []
    assert result.unclassified == [1, 2]
    assert group_texts([]).themes == []


def test_near_duplicates_are_flagged_with_their_score() -> None:
    texts = [
        "Le lampadaire de la rue des Lilas est en panne depuis deux semaines.",
        "Lampadaire en panne rue des Lilas depuis deux semaines !",
        "Planter des arbres dans la cour de l'école maternelle.",
        "Des bancs à l'ombre sur la place du marché.",
    ]
    matrix, _features, _analyzer = vectorize(texts)
    pairs = near_duplicates(matrix, [10, 20, 30, 40], threshold=0.6)
    assert [(a, b) for a, b, _score in pairs] == [(10, 20)]
    assert 0.6 <= pairs[0][2] <= 1.0
