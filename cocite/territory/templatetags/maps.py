"""`{% basemap_attributes %}`: what a map's element tells static/js/map.js about the basemap.

The tile URL and attribution come from the settings (COCITE_MAP_TILES_URL, COCITE_MAP_ATTRIBUTION;
empty: no tiles, the quartier outlines and their names alone), and Leaflet's zoom buttons get
their names in the page's language.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def basemap_attributes() -> SafeString:
    return format_html(
        ' data-tiles="{}" data-attribution="{}" data-zoom-in="{}" data-zoom-out="{}"',
        settings.COCITE_MAP_TILES_URL,
        settings.COCITE_MAP_ATTRIBUTION,
        _("Zoom avant"),
        _("Zoom arrière"),
    )
