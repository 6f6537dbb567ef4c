"""Producers' stories become HTML: the plain text typed so far is escaped and split into paragraphs."""

import html
import re

from django.db import migrations, models

_BLANK_LINES = re.compile(r"\n\s*\n")
_BREAK = re.compile(r"<br\s*/?>\n?", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p>\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def story_plain_to_html(text: str) -> str:
    """Frozen here (not imported) so this migration keeps doing what it did: escape, then blank lines
    → paragraphs and single line breaks → ``<br>``."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
    return "\n".join("<p>" + html.escape(part, quote=False).replace("\n", "<br>\n") + "</p>" for part in paragraphs)


def story_html_to_plain(story: str) -> str:
    """The way back, for unapplying: paragraphs → blank lines, ``<br>`` → line breaks, no tags."""
    text = _PARAGRAPH_END.sub("\n\n", _BREAK.sub("\n", story or ""))
    return html.unescape(_TAG.sub("", text)).strip()


def _convert(apps, function):
    Partner = apps.get_model("partner", "Partner")
    for producer in Partner.objects.exclude(story="").only("pk", "story").iterator(chunk_size=500):
        Partner.objects.filter(pk=producer.pk).update(story=function(producer.story))


def forwards(apps, schema_editor):
    _convert(apps, story_plain_to_html)


def backwards(apps, schema_editor):
    _convert(apps, story_html_to_plain)


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0010_partner_delivery_fee_other_province_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="story",
            field=models.TextField(
                blank=True,
                help_text="Formatted text: paragraphs, bold, italics, lists, links, headings and quotes.",
                verbose_name="Story",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
