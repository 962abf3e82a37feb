"""What an editor types: a new gloss (with its anchor), an edit of one, piece-level commentary."""

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


class GlossForm(forms.Form):
    """A new gloss on a line, a range of lines, or a phrase within them.

    The phrase and its offsets come from the text an editor selected in the page (static/js);
    without JavaScript an editor types the line numbers and, if they like, the phrase, and the
    phrase is looked for within those lines.
    """

    first_line = forms.IntegerField(min_value=1, label="From line")
    last_line = forms.IntegerField(min_value=1, required=False, label="to line")
    exact = forms.CharField(
        required=False, strip=False, max_length=PHRASE_MAX_CHARS, label="Phrase",
        help_text="Words from these lines to gloss; leave empty to gloss the whole lines.",
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    body = body_field
    concepts = ConceptsField()
    status = status_field

    def __init__(self, *args, lines: NumberedLines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.anchor = None

    def clean(self):
        data = super().clean()
        first = data.get("first_line")
        if first is None:
            return data
        last = data.get("last_line") or first
        first, last = min(first, last), max(first, last)
        try:
            if data.get("exact", "").strip():
                self.anchor = anchor_phrase(
                    self.lines, first, data.get("start") or 0, last, data.get("end") or 0, data["exact"]
                )
            else:
                self.anchor = anchor_lines(self.lines, first, last)
        except AnchorError as error:
            raise forms.ValidationError(str(error), code="anchor") from error
        return data


class GlossEditForm(forms.Form):
    """Changing a gloss's words or status. ``version`` is the version the editor started from."""

    body = body_field
    concepts = ConceptsField()
    status = status_field
    version = forms.IntegerField(
        min_value=1, widget=forms.HiddenInput,
        error_messages={"required": "The form did not say which version it edits; open the gloss again.",
                        "invalid": "The form did not say which version it edits; open the gloss again."},
    )


class CommentaryForm(forms.Form):
    heading = forms.CharField(max_length=300, required=False, label="Heading")
    body = forms.CharField(
        label="Commentary (Markdown)", max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 10})
    )
    status = status_field
    # Required when editing; a new note has no version yet.
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
