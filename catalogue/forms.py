"""The catalogue's filters and sort, read from the URL so any view of the list can be shared."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet

from .models import Piece, Tag

SORTS = {
    "title": ("Title", ["title", "pk"]),
    "newest": ("Newest first", [F("written").desc(nulls_last=True), "title", "pk"]),
    "oldest": ("Oldest first", [F("written").asc(nulls_last=True), "title", "pk"]),
    "glosses": ("Most glosses", ["-gloss_count", "title", "pk"]),
}


class PieceFilterForm(forms.Form):
    """Every field is optional; a value that cannot be used is reported and left out, never fatal."""

    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Piece.Kind.choices])
    tag = forms.ChoiceField(required=False, label="Genre")
    key = forms.ChoiceField(required=False)
    tempo_min = forms.IntegerField(required=False, min_value=1, max_value=999, label="Tempo from")
    tempo_max = forms.IntegerField(required=False, min_value=1, max_value=999, label="to")
    author = forms.CharField(required=False, max_length=100)
    glossed = forms.BooleanField(required=False, label="Has glosses")
    sort = forms.ChoiceField(required=False, choices=[(name, label) for name, (label, _) in SORTS.items()])

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # Two small queries: the genres and keys the catalogue actually has.
        self.fields["tag"].choices = [("", "Any genre"), *Tag.objects.values_list("slug", "name")]
        keys = Piece.objects.exclude(key="").order_by("key").values_list("key", flat=True).distinct()
        self.fields["key"].choices = [("", "Any key"), *((key, key) for key in keys)]
        self.fields["tag"].error_messages["invalid_choice"] = "There is no genre “%(value)s” in the catalogue."
        self.fields["key"].error_messages["invalid_choice"] = "No piece is in the key “%(value)s”."
        self.fields["sort"].error_messages["invalid_choice"] = "“%(value)s” is not a way to sort; sorted by title."

    def clean(self):
        data = super().clean()
        low, high = data.get("tempo_min"), data.get("tempo_max")
        if low is not None and high is not None and low > high:
            self.add_error("tempo_max", f"The tempo range is empty: {low} BPM is above {high} BPM.")
            del data["tempo_min"]  # half an impossible range is not what the reader asked for either
        return data

    def filter(self, pieces: QuerySet[Piece]) -> QuerySet[Piece]:
        """The pieces matching every filter that was given and valid, in the chosen order."""
        data = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the fields that are valid, and only those
            data = self.cleaned_data
        if data.get("kind"):
            pieces = pieces.filter(kind=data["kind"])
        if data.get("tag"):
            pieces = pieces.filter(tags__slug=data["tag"])
        if data.get("key"):
            pieces = pieces.filter(key=data["key"])
        if data.get("tempo_min") is not None:
            pieces = pieces.filter(tempo_bpm__gte=data["tempo_min"])
        if data.get("tempo_max") is not None:
            pieces = pieces.filter(tempo_bpm__lte=data["tempo_max"])
        if data.get("author"):
            pieces = pieces.filter(author__icontains=data["author"])
        if data.get("glossed"):
            pieces = pieces.filter(gloss_count__gt=0)
        return pieces.order_by(*SORTS[data.get("sort") or "title"][1])

    @property
    def problems(self) -> list[str]:
        """What was left out of the filter and why, in words for the list's notice."""
        if not self.is_bound or self.is_valid():
            return []
        return [
            f"{self.fields[name].label or name.replace('_', ' ').capitalize()}: {message}"
            if name != "__all__" else message
            for name, messages in self.errors.items()
            for message in messages
        ]
