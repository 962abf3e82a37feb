"""What an editor types: a new gloss (on a place or on the whole piece), an edit of one, a place for an anchor."""

from __future__ import annotations

from django import forms

from .anchoring import PHRASE_MAX_CHARS, AnchorError, NumberedLines, anchor_lines, anchor_phrase
from .concepts import ConceptNameError, parse_names
from .markdown import MAX_CHARS as BODY_MAX_CHARS
from .models import Status


body_field = forms.CharField(
    label="Gloss (Markdown)",
    max_length=BODY_MAX_CHARS,
    widget=forms.Textarea(attrs={"rows": 8}),
    help_text="Markdown: *emphasis*, **strong**, lists, [links](https://…). HTML is shown as text.",
)
status_field = forms.ChoiceField(
    choices=Status.choices, initial=Status.PUBLISHED, widget=forms.RadioSelect, label="Show to"
)


class ConceptsField(forms.CharField):
    """Concept names separated by commas → a list of distinct names (case does not count)."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False, label="Concepts",
            help_text="Separated by commas, e.g. softmax, temperature. New ones are created; "
                      "capitals do not matter.",
            **kwargs,
        )

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, (list, tuple)) else value

    def to_python(self, value):
        try:
            return parse_names(super().to_python(value))
        except ConceptNameError as error:
            raise forms.ValidationError(str(error), code="concepts") from error


def version_field():
    message = "The form did not say which version it edits; open the gloss again."
    return forms.IntegerField(min_value=1, widget=forms.HiddenInput,
                              error_messages={"required": message, "invalid": message})


class PlaceForm(forms.Form):
    """Where in the piece: a line, a range of lines, or a phrase within them.

    The phrase and its offsets come from the text an editor selected in the page (static/js);
    without JavaScript an editor types the line numbers and, if they like, the phrase, and the
    phrase is looked for within those lines. ``place`` is the checked result (anchoring.Place),
    None when no line was given and none is required.
    """

    place_required = True

    first_line = forms.IntegerField(min_value=1, label="From line")
    last_line = forms.IntegerField(min_value=1, required=False, label="to line")
    exact = forms.CharField(
        required=False, strip=False, max_length=PHRASE_MAX_CHARS, label="Phrase",
        help_text="Words from these lines; leave empty for the whole lines.",
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, lines: NumberedLines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.place = None
        self.fields["first_line"].required = self.place_required

    def clean(self):
        data = super().clean()
        first = data.get("first_line")
        if first is None:
            return data
        last = data.get("last_line") or first
        first, last = min(first, last), max(first, last)
        try:
            if data.get("exact", "").strip():
                self.place = anchor_phrase(
                    self.lines, first, data.get("start") or 0, last, data.get("end") or 0, data["exact"]
                )
            else:
                self.place = anchor_lines(self.lines, first, last)
        except AnchorError as error:
            raise forms.ValidationError(str(error), code="anchor") from error
        return data


class GlossForm(PlaceForm):
    """A new gloss: on the place an editor chose, or, with no line given, on the piece as a whole."""

    place_required = False

    heading = forms.CharField(max_length=300, required=False, label="Heading",
                              help_text="Optional, e.g. “Compositional notes”.")
    body = body_field
    concepts = ConceptsField()
    status = status_field


class GlossEditForm(forms.Form):
    """Changing a gloss's words, heading, tags or status; ``version`` is the one the editor started from."""

    heading = GlossForm.base_fields["heading"]
    body = body_field
    concepts = ConceptsField()
    status = status_field
    version = version_field()


class AnchorForm(PlaceForm):
    """Another place for a gloss, or a new place for one of its anchors, at a known version."""

    version = version_field()
