"""Sent on commit by the moderation actions; the notifications app tells the person concerned.

`person_told(action=ModerationAction, url=str)`: the author of a hidden object, a warned,
suspended or banned person, or the author of an appeal just decided.
"""

from django.dispatch import Signal

person_told = Signal()
