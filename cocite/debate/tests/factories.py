from __future__ import annotations

import factory
from django.contrib.contenttypes.models import ContentType

from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.markdown import render_markdown
from cocite.debate.models import Comment, Stance


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    """A top-level comment on a contribution; pass `parent=` for a reply (thread fields follow).

    Factories write rows directly: counters on the target are not maintained here (use the
    actions for that, or `bulk_create` with explicit counters in query-count tests).
    """

    class Meta:
        model = Comment

    class Params:
        # The commented object (a new contribution unless given); unused for replies.
        on = factory.Maybe("parent", yes_declaration=None, no_declaration=factory.SubFactory(ContributionFactory))

    content_type = factory.LazyAttribute(
        lambda o: o.parent.content_type if o.parent else ContentType.objects.get_for_model(o.on)
    )
    object_id = factory.LazyAttribute(lambda o: o.parent.object_id if o.parent else o.on.pk)
    parent = None
    root = factory.LazyAttribute(lambda o: (o.parent.root or o.parent) if o.parent else None)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    author = factory.SubFactory("cocite.accounts.tests.factories.UserFactory")
    stance = factory.LazyAttribute(lambda o: "" if o.parent else Stance.FOR)
    body = factory.Sequence(lambda n: f"Un argument numéro {n}, **bien** étayé.")
    body_html = factory.LazyAttribute(lambda o: str(render_markdown(o.body)))
