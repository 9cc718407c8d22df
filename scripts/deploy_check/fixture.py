"""What `make deploy-check` needs beyond the demo (run with `manage.py shell -c`; prints one JSON object).

An image on a contribution of the agents-only démarche (visitors may not see it), and a
session for the contribution's author (who may), so the check asks nginx for the image as both.
Written with the contributions' own image cleaner, as the submission form stores images.
"""

import io
import json
import secrets

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cached_db import SessionStore
from django.http import Http404
from PIL import Image

from cocite.contributions.images import clean_image
from cocite.contributions.models import Contribution, ContributionImage
from cocite.contributions.queries import image_get_for

contribution = Contribution.objects.filter(demarche__audience="agents").order_by("pk").first()
assert contribution is not None, "the demo has no agents-only contribution"
picture = io.BytesIO()
Image.new("RGB", (64, 48), (0, 0, 145)).save(picture, format="PNG")
picture.seek(0)
image = ContributionImage.objects.create(
    contribution=contribution, image=clean_image(picture, name=secrets.token_urlsafe(18)), alt_text="Essai"
)
author = contribution.author
image_get_for(author, contribution.pk, image.pk, image.file_name)  # the author may see it
try:
    image_get_for(AnonymousUser(), contribution.pk, image.pk, image.file_name)
    raise AssertionError("a visitor may see the agents-only image")
except Http404:
    pass
session = SessionStore()
session[SESSION_KEY] = str(author.pk)
session[BACKEND_SESSION_KEY] = "cocite.accounts.backends.ModelBackend"
session[HASH_SESSION_KEY] = author.get_session_auth_hash()
session.create()
print(json.dumps({"url": image.get_absolute_url(), "file": image.image.path, "session": session.session_key}))
