"""Pages of kinds of site the corpus has no frame for (a music store, an annotated-lyrics site, a
forum, a poetry site, an audio platform, a microblog, a wiki), to check the rules and not the corpus:
the piece comes out whole, its title is the page's name for it, and the page after the lyrics,
glued to the last chorus or in blocks of its own, is left out, listed in the preview, and read
for any field it carries ("Tempo: 96 BPM"). The files are in ``other_sites/``."""

from pathlib import Path

import pytest

from catalogue.importing import parse_bytes, parse_text

FOLDER = Path(__file__).parent / "other_sites"
NO_PAGE = {"document-footnotes-latent.txt", "bom-crlf-caps-header-waltz.txt", "plain-poem-with-rule-notes.txt"}  # files as their authors saved them
CHORUS_LAST = {
    "annotated-lyrics-attention.txt": "Attention is all",
    "forum-loss-curve.txt": "Down to the minimum, never alone",
    "music-store-softmax.txt": "Tell me how the odds feel",
}
EXPECTED = {
    # file: (title, kind, section labels, lines, author, written, tempo, key)
    "annotated-lyrics-attention.txt": ("Attention Is All", "song",  # its artist under the title
                                       ["Intro", "Verse 1", "Chorus", "Verse 2", "Chorus"], 17, "The Transformers",
                                       "2024-06-12", None, ""),
    "forum-loss-curve.txt": ("A little song I wrote about my loss curve", "song",
                             ["Verse 1", "Chorus", "Verse 2", "Chorus"], 12, "", None, 96, "A minor"),
    "music-store-softmax.txt": ("Softmax Serenade", "song",  # "from Temperature Zero by The Logit Brothers"
                                ["Verse 1", "Chorus", "Verse 2", "Chorus"], 16, "The Logit Brothers", "2025-03-03",
                                None, ""),
    "poetry-site-embedding.txt": ("Embedding Space", "poem", ["Stanza 1", "Stanza 2"], 8, "Mara Quill", None, None, ""),
    # Written after the rules above, and read right on the first try but for the title ("(lyrics)")
    # and the row of hashtags, which the rules then learnt in general terms.
    "audio-platform-vanishing.txt": ("Vanishing Gradient", "song", ["Verse", "Chorus"], 8, "", None, None, ""),
    "microblog-backpropagation.txt": ("Backpropagation", "poem", ["Stanza 1", "Stanza 2"], 8, "latentverse", None, None,
                                      ""),  # the poster's account name above "Follow"
    # A third set, written after those changes: the footer glued to a chorus held three questions
    # in a row (taken for a stanza), and a "Posted on …" line under a title stayed as verse.
    "annotated-lyrics-tokenizer.txt": ("Tokenizer Town", "song", ["Verse 1", "Chorus", "Bridge", "Chorus"], 14,
                                       "The Byte Pairs", "2025-03-01", None, ""),
    "poetry-blog-gradient.txt": ("Gradient at Dusk", "poem", ["Stanza 1", "Stanza 2"], 8, "Tomas Reyes",
                                 "2025-02-02", None, ""),
    "newsletter-beam-search.md": ("Beam Search at Midnight", "song", ["Verse 1", "Chorus"], 6, "", None, 82, "D minor"),
    # A fourth set: a lyrics database whose header block (site name, search box, "Login |
    # Register") was not read as chrome, so the site's name became the title; a forum post in
    # Windows-1252 with CRLF whose board menu and post header made it a poem.
    "lyrics-database-overfit.txt": ("Overfit Anthem", "song", ["Verse 1", "Chorus", "Verse 2", "Chorus"], 12,
                                    "Null Hypothesis", None, None, ""),
    "forum-cp1252-learning-rate.txt": ("The Learning Rate", "prose", ["Paragraph 1", "Paragraph 2"], 2,
                                       "wordsmith_ai", "2025-03-04", None, ""),
    # A fifth set, read blind: only the notes page came out right. A code snippet's table with
    # the section in a column of its own was refused; a platform's title lost to a button word
    # ("Extend") and its "by @handle", genre and duration; a post's author taken for its title.
    "code-snippet-table.txt": ("Attention Heads", "song", ["Verse 1", "Chorus"], 6, "Rosa Lind", None, None, ""),
    "publishing-platform-weight-decay.txt": ("Weight Decay", "poem", ["Stanza 1", "Stanza 2"], 8, "Iris Chen",
                                             "2025-01-14", None, ""),
    "music-generator-warmup.txt": ("Learning Rate Warmup", "song", ["Intro", "Verse", "Chorus"], 7, "warmup_kid",
                                   None, None, ""),
    "notes-page-clipping.md": ("Gradient Clipping Blues", "song", ["Verse 1", "Chorus"], 6, "Sam Okafor",
                               "2025-07-19", 72, ""),
    # A sixth set, read blind: none came out right. A video page's lyrics with bare markers
    # ("Verse 1:", "Chorus:") read as a poem, its title kept "(Official Lyric Video)" and its
    # channel was the title; a poem's footnote marks "[1]" stayed in the verse and the notes; a
    # newsletter's badge "∙ Paid" became the title.
    "video-page-overfitting.txt": ("Overfitting", "song", ["Verse 1", "Chorus"], 8, "The Validation Set",
                                   "2025-03-02", None, ""),  # its upload date, from "48,210 views  Mar 2, 2025"
    "document-footnotes-latent.txt": ("Latent Sonnet", "poem", ["Stanza 1", "Stanza 2"], 8, "Priya Natarajan",
                                      None, None, ""),
    "newsletter-patience.txt": ("On Patience in Training", "prose", ["Paragraph 1", "Paragraph 2"], 2, "Mina Park",
                                "2025-04-20", None, ""),
    # A seventh set, read blind: none right. A lyrics index's artist heading ("THE EMBEDDINGS
    # LYRICS") took the title from the quoted song title under it and its footer ("Thanks to … for
    # correcting", "property and copyright of", an A–Z row) stayed as a stanza; a repository's
    # README lost "*By L. Morris — 2025-06-02*" and "**Tempo:** 100 BPM · **Key:** G major"; a
    # social post's poster, job and "1d • Edited" came out as the title and a stanza.
    "lyrics-index-nearest-neighbour.txt": ("Nearest Neighbour", "song", ["Verse 1", "Chorus", "Verse 2", "Chorus"],
                                           16, "Jo Marsh, Dev Patel", None, None, ""),
    "code-repository-batch-norm.md": ("Batch Norm Ballad", "song", ["Verse 1", "Chorus"], 6, "L. Morris",
                                      "2025-06-02", 100, "G major"),
    "social-post-checkpoint.txt": ("Checkpoint", "poem", ["Stanza 1"], 4, "", None, None, ""),
    # An eighth set, read blind: the lyrics page came out right; the file with a BOM, CRLF and a
    # header in capitals dropped "POSTED BY: latent_lark" as a post's lead. (A chapbook excerpt
    # with its contents and page numbers, several poems in one file, was left out of scope.)
    "annotated-lyrics-dropout-dance.txt": ("Dropout Dance", "song", ["Intro", "Verse 1", "Chorus", "Outro"], 11, "",
                                           None, None, ""),
    "bom-crlf-caps-header-waltz.txt": ("THE VALIDATION WALTZ", "song", ["VERSE 1", "CHORUS"], 6, "latent_lark",
                                       "2025-09-30", 88, ""),
    # A ninth set, read blind: the gist table came out right. A lyrics service's artist took the
    # title ("Lyrics of" / title / artist) and its footer ("Lyrics powered by …", "Writer(s):")
    # stayed as a stanza; a static blog's Markdown song lost its date ("Posted on … · 3 min
    # read") and, silently, the author's word before the Suno prompt.
    "lyrics-service-tensor-love.txt": ("Tensor Love", "song", ["Verse 1", "Verse 2"], 8, "Kim Ra", None, None, ""),
    "static-blog-residual.md": ("Residual Connections", "song", ["Verse 1", "Chorus"], 6, "", "2025-08-12", 110,
                                "F major"),
    "gist-table-schedule.txt": ("Learning Rate Schedule", "song", ["Verse 1", "Chorus"], 4, "quanta", None, 140,
                                "A major"),
    # A tenth set, read blind: the poetry community's poem came out right. A personal blog's
    # menu ("Home  About  Poems  Contact", two spaces apart) became the title and "June 3, 2025
    # by Avery Quinn" a stanza, and "Notes:" right above its numbered notes was a line of verse;
    # a music generator's genre and duration on two lines were not read.
    "poetry-community-attention-span.txt": ("Attention Span", "poem", ["Stanza 1", "Stanza 2"], 8, "Morrow_K",
                                            None, None, ""),
    "personal-blog-tokenizer-lament.txt": ("The Tokenizer's Lament", "poem", ["Stanza 1", "Stanza 2"], 8,
                                           "Avery Quinn", "2025-06-03", None, ""),
    "music-generator-gradient-ghost.txt": ("Gradient Ghost", "song", ["Verse 1", "Chorus", "Outro"], 8,
                                           "echo_layers", None, None, ""),
    # An eleventh set, read blind: none right. A poem archive's header ("PoemHunter.com" and its
    # menu) stayed as a stanza, its "Cross-Entropy - Poem by Wren Alder" was the whole title and
    # its "Comments about …" a stanza; a streaming service's lyrics view took the artist for a
    # stanza, with its row of facts ("2024 · Feature Creep · 3:05 · 1,204,331") and "Lyrics
    # provided by …"; its "Artist" label above the name is now read as a field.
    "poem-archive-cross-entropy.txt": ("Cross-Entropy", "poem", ["Stanza 1", "Stanza 2"], 8, "Wren Alder", None,
                                       None, ""),
    "streaming-lyrics-feature-creep.txt": ("Feature Creep", "song", ["Verse 1", "Verse 2"], 8,
                                           "The Hyperparameters", None, None, ""),
    # A twelfth set, read blind: neither right. A music generator's form copied whole ("Title" /
    # value, "Style of Music" / value, "Lyrics") took "Title" for the title; a translations site's
    # "Epoch Nine - Backprop Lullaby lyrics" heading was the whole title.
    "music-generator-form-weights.txt": ("Weights and Biases", "song", ["Verse 1", "Chorus"], 6, "", None, 92, ""),
    "translations-site-backprop-lullaby.txt": ("Backprop Lullaby", "song", ["Verse 1", "Verse 2"], 6,
                                               "Epoch Nine", None, None, ""),
    # A thirteenth set, read blind: an art community's poem came out right (but for its author,
    # whom only a "©" line names); a published document's banner ("Published using Google Docs",
    # "Report abuse") became the title and "Lyrics by Tove Lind · 2025" was not read. (A photo
    # post's caption, a handle above a title inside one block, was left as it reads.)
    "art-community-early-stop.txt": ("Early Stop", "poem", ["Stanza 1"], 4, "", "2025-03-09", None, ""),
    "published-document-sparse-attention.txt": ("Sparse Attention", "song", ["Verse", "Chorus"], 6, "Tove Lind",
                                                None, None, ""),
    # A fourteenth set, read blind: neither right. A lyrics index's artist heading over the quoted
    # title, both in its header, named the song after the artist; a poetry academy's page kept
    # "Hal Brenner - 1979-", its copyright line, "About this Poem" with the poet's statement, a
    # biography and "Related Poems" as stanzas.
    "lyrics-index-l2-love-song.txt": ("L2 Love Song", "song", ["Verse 1", "Chorus", "Verse 2"], 10, "Ana Ridge",
                                      None, None, ""),
    # (dated by its "Originally published in Poem-a-Day on May 4, 2024": the page's date, since 2026-12-08)
    "poetry-academy-vanishing-gradient.txt": ("Vanishing Gradient", "poem", ["Stanza 1", "Stanza 2"], 8,
                                              "Hal Brenner", "2024-05-04", None, ""),
    # A fifteenth set, read blind: a hosted blog's song with bare markers came out right but for
    # its title, "Song: Learning to Forget". (A literary magazine's page holding two poems under
    # one heading, several pieces in one file, was left out of scope.)
    "hosted-blog-learning-to-forget.txt": ("Learning to Forget", "song", ["Verse 1", "Chorus", "Verse 2", "Chorus"],
                                           12, "marcus_d", "2025-11-14", None, ""),
    # A sixteenth set, read blind: an annotated-lyrics page with its heading glued to the first
    # marker came out right but for its artist (a nickname in quotes) and its date, which stood
    # between the page's header and the lyrics, where nothing was read for them.
    "annotated-lyrics-gradient-blues.txt": ("Gradient Descent Blues", "song", ["Verse 1", "Chorus", "Verse 2", "Chorus"],
                                            8, 'Sam "Slow Lr" Baker', "2025-01-05", None, ""),
    # A seventeenth set, read blind: a forum's poem came out right but for its title ("[OC]
    # Quantization") and its poster ("Posted by u/…"); a music generator's shared page took
    # 'Listen to "Embedding Drift" on Suno' for the title, lost "by @latentlane" and kept
    # "Made with Suno" as the chorus's last line.
    "forum-quantization.txt": ("Quantization", "poem", ["Stanza 1", "Stanza 2"], 8, "quantized_quill", None, None, ""),
    "music-generator-share-embedding-drift.txt": ("Embedding Drift", "song", ["Intro", "Verse", "Chorus"], 7,
                                                  "latentlane", None, None, ""),
    # An eighteenth set, read blind: neither right. A music store's album page kept its footer
    # ("released …", "about", "Streaming and Download help", "Redeem code") as chorus lines; a
    # publishing platform took "Top highlight" for the title and kept the title block ("Follow",
    # "2 min read", "--", "Listen", "Share") and the post's lead as stanzas.
    "music-store-overfitting-season.txt": ("Overfitting Season", "song", ["Verse 1", "Chorus"], 6, "Held-Out Set",
                                           "2025-02-02", None, ""),
    "publishing-platform-backprop-sonnet.txt": ("The Backprop Sonnet", "poem", ["Stanza 1", "Stanza 2", "Stanza 3",
                                                                                "Stanza 4"], 14, "Priya Ray",
                                                "2025-03-01", None, ""),
    # A nineteenth set, read blind: neither right. A lyrics database's footer ("Lyrics submitted
    # by …", "Rate these lyrics", a row of four-word links) stayed as a verse; a blog's glossed
    # poem took the blog's name for its title, its tagline for a stanza and its filing line
    # ("Posted in Poems | Tagged …") for another.
    "lyrics-database-linear-separable.txt": ("Linear Separable", "song", ["Verse 1", "Verse 2", "Verse 3"], 10,
                                             "The Perceptrons", None, None, ""),
    "blog-glossed-embedding-room.txt": ("The Embedding Room", "poem", ["Stanza 1", "Stanza 2"], 8, "", "2025-03-12",
                                        None, ""),
    # A twentieth set, read blind: the newsletter's poem came out right; the audio platform's
    # song too but for its uploader, a bare account name above the title.
    "newsletter-temperature.txt": ("Temperature", "poem", ["Stanza 1", "Stanza 2"], 6, "Lou Mercer", "2025-02-20",
                                   None, ""),
    "audio-platform-support-vector.txt": ("Support Vector Serenade", "song", ["verse", "chorus"], 6, "kernel_trick",
                                          None, None, ""),
    # A twenty-first set, read blind: a gist's glossed poem in Markdown came out right but for
    # its italic byline ("*by Ada L. Bot*", kept as a stanza) and its notes set as quotations.
    "gist-glossed-heads.txt": ("Where the Heads Look", "poem", ["Stanza 1", "Stanza 2"], 8, "Ada L. Bot", None, None,
                               ""),
    # A twenty-second set, read blind: neither right. A poetry magazine's "Poems" label above the
    # title and its byline made the title, the two a stanza; a music generator's genres and
    # duration with a "·" on a line of its own between them gave the tags ["·"].
    "poetry-magazine-regularization.txt": ("Regularization", "poem", ["Stanza 1", "Stanza 2"], 8, "Iona Marsh", None,
                                           None, ""),
    "music-generator-polka.txt": ("Prompt Injection Polka", "song", ["Verse", "Chorus"], 6, "polka_bot", None, None,
                                  ""),
    # A twenty-third set, read blind: an annotated-lyrics page came out right, writers and date
    # from its credits.
    "annotated-lyrics-cross-entropy.txt": ("Cross-Entropy Heartbreak", "song",
                                           ["Intro", "Verse 1", "Pre-Chorus", "Chorus", "Verse 2", "Pre-Chorus", "Chorus"],
                                           21, "Mia Loss & Joe Entropy", "2025-04-04", None, ""),
    # A twenty-fourth set, read blind: neither right. A lyrics fan site's footer ("Writer: …",
    # "Found an error? Let us know!", "… lyrics © …") stayed as a verse; a plain poem's note after
    # a rule ("---" / "Notes: …") stayed as a stanza with the rule in it.
    "lyrics-fansite-flip-and-rotate.txt": ("Flip and Rotate", "song", ["Verse 1", "Verse 2", "Verse 3"], 8,
                                           "T. Mirror", None, None, ""),
    "plain-poem-with-rule-notes.txt": ("Sigmoid", "poem", ["Stanza 1", "Stanza 2"], 8, "Rana Qadir", "2025-01-03",
                                       None, ""),
    # A twenty-fifth set, read blind: a news forum's post came out right but for its title, the
    # heading right above the lyrics under the post's own lines ("Attention (All You Need)");
    # the poster ("142 points by tlee …") is still not read.
    "news-forum-attention.txt": ("Attention (All You Need)", "song", ["Verse", "Chorus"], 6, "", None, None, ""),
    # A twenty-sixth set, read blind: a music generator's page lost its one-line outro ("Squawk",
    # taken for a footer label), took "Played 9,118 times" for the tags (a duration alone had
    # reset those read above it), and missed the display name over the handle and the date.
    "music-generator-stochastic-parrot.txt": ("Stochastic Parrot Blues v2", "song",
                                              ["Intro", "Verse 1", "Chorus", "Outro"], 8, "LatentCrooner",
                                              "2025-11-02", 84, ""),
    # A twenty-seventh set, read blind, in Windows-1252 with CRLF and curly apostrophes: a lyrics
    # hub's "Vector Database Love Lyrics - The Embedders" was the whole title.
    "cp1252-crlf-lyrics-hub-vector-love.txt": ("Vector Database Love", "song",
                                               ["Verse 1", "Chorus", "Verse 2", "Chorus"], 12, "The Embedders", None,
                                               None, ""),
    # A twenty-eighth set, read blind: an essay blog's post was read as a poem (its masthead, the
    # blog's name and tagline above its menu, kept; its facts row "June 30, 2025 · 6 min read ·
    # by Oren Hale" a stanza; "Share this essay" another), the essay as commentary.
    "essay-blog-validation-set.txt": ("What the Validation Set Knows", "prose",
                                      ["Paragraph 1", "Paragraph 2", "Paragraph 3"], 3, "Oren Hale", "2025-06-30",
                                      None, ""),
    # A twenty-ninth set, read blind: the microblog's poem came out right (its lower-case title
    # as written). A video page's description dropped its first chorus with the header block it
    # ran on from ("56K views", "Lyrics below!", "⬇️", then the chorus), split "Dropout - A Song
    # About Regularization" the wrong way round, and kept its one "Verse:" label as a line.
    "microblog-the-gradient.txt": ("the gradient", "poem", ["Stanza 1", "Stanza 2"], 6, "neuralnetpoetry", None, None,
                                   ""),
    "video-page-dropout.txt": ("Dropout", "song", ["Chorus", "Verse", "Chorus"], 8, "Neural Notes", None, None, ""),
}
CHORUS_LAST["video-page-dropout.txt"] = "Let the others carry it until they get it right"
CHORUS_LAST["cp1252-crlf-lyrics-hub-vector-love.txt"] = "Top-k of my heart, you’re what I’m dreaming of"
CHORUS_LAST["music-generator-stochastic-parrot.txt"] = "Squawk"
CHORUS_LAST["annotated-lyrics-cross-entropy.txt"] = "Minimise the pain for goodness' sake"
CHORUS_LAST["music-generator-polka.txt"] = "You can't jailbreak a dancer like me"
CHORUS_LAST["audio-platform-support-vector.txt"] = "Every boundary we made"
CHORUS_LAST["music-store-overfitting-season.txt"] = "We had all the answers and we didn't know the reason"
CHORUS_LAST["music-generator-share-embedding-drift.txt"] = "Every vector starts to shift"
CHORUS_LAST["hosted-blog-learning-to-forget.txt"] = "Every task I master is a task I lose, I bet"
CHORUS_LAST["lyrics-index-l2-love-song.txt"] = "But the simpler me is the one you save"
CHORUS_LAST["published-document-sparse-attention.txt"] = "Focus where it matters, that's my intention"
CHORUS_LAST["annotated-lyrics-dropout-dance.txt"] = "Turn it off, turn it on"
CHORUS_LAST["video-page-overfitting.txt"] = "Hold some data back before you're going"
CHORUS_LAST["music-generator-warmup.txt"] = "Learning rate rising like a beating heart"
CHORUS_LAST["lyrics-database-overfit.txt"] = "Too close to the data, can't let go of it"
CHORUS_LAST["audio-platform-vanishing.txt"] = "No one gave the weights a warning"
CHORUS_LAST["annotated-lyrics-tokenizer.txt"] = "Every word's a smaller sound"
CHORUS_LAST["newsletter-beam-search.md"] = "Only the likeliest stay alive"


def test_a_poems_glosses_and_the_pages_tags_come_through_a_blog_page():
    piece = parse_bytes((FOLDER / "poetry-blog-gradient.txt").read_bytes())
    assert [gloss.anchors[0].quote for gloss in piece.glosses] == [
        "each step a little smaller than the last", "I wait there with momentum as my spark"]
    assert piece.metadata.tags == ["poetry", "optimisation", "gradient descent"]  # "Tags: …" in its footer


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_page_from_another_kind_of_site_gives_the_piece_and_only_the_piece(name):
    title, kind, labels, count, author, written, tempo, key = EXPECTED[name]
    piece = parse_bytes((FOLDER / name).read_bytes(), filename=name)
    assert (piece.title, piece.kind) == (title, kind)
    assert [section.label for section in piece.sections] == labels
    assert len(piece.lines) == count, [line.text for line in piece.lines]
    assert (piece.metadata.author, piece.metadata.written) == (author, written)
    assert (piece.metadata.tempo_bpm, piece.metadata.key) == (tempo, key)
    if name in CHORUS_LAST:
        assert piece.lines[-1].text == CHORUS_LAST[name]
    # What was left out is listed, so an admin can see a wrong drop (a document has no page).
    assert any(warning.startswith("left out as page text") for warning in piece.warnings) == (name not in NO_PAGE)


def test_the_page_glued_to_the_last_chorus_goes_and_is_listed():
    piece = parse_bytes((FOLDER / "annotated-lyrics-attention.txt").read_bytes())
    dropped = next(warning for warning in piece.warnings if warning.startswith("left out as page text"))
    assert "'Embed'" in dropped and "'A love song about the transformer architecture.'" in dropped


def test_a_last_stanza_that_only_looks_odd_is_kept_whole():
    # A date, a lowercase line and a "Label: value" line inside the verse, then a footer: the
    # lines of verse after them keep the cut from reaching into the stanza.
    piece = parse_text(
        "Checkpoint\n\nI saved you on March 3, 2025,\nthe loss still high,\n\n"
        "we learn\nListen: the fans are loud\nthe curve bends down\nand so do I\n\n"
        "Share\nPrivacy · Terms\n© 2026 Somewhere\n"
    )
    assert [line.text for line in piece.lines][-4:] == [
        "we learn", "Listen: the fans are loud", "the curve bends down", "and so do I"]
    assert len(piece.lines) == 6


def test_a_last_section_keeps_its_lines_when_nothing_page_like_follows():
    piece = parse_text("Short\n\n[Verse]\nla la la\n\n[Outro]\nfade\n\nfade away\n")
    assert [line.text for line in piece.lines] == ["la la la", "fade", "fade away"]


def test_a_glossed_poem_on_a_wiki_page_gives_the_poem_and_its_glosses():
    # Once a known gap: the article's lead, a "Text" and a "Notes" heading, notes shorter than a
    # gloss paragraph usually is (each quotes the verse above it), and "See also".
    piece = parse_bytes((FOLDER / "wiki-dropout.txt").read_bytes())
    assert (piece.title, piece.metadata.author) == ("Dropout", "Lena Ortiz")
    assert [line.text for line in piece.lines][0] == "Tonight I let half my neurons sleep,"
    assert len(piece.lines) == 4 and [gloss.anchors[0].line for gloss in piece.glosses] == [1, 4]
    assert any("'Notes' as a heading" in warning for warning in piece.warnings)


def test_a_platforms_genre_line_above_the_lyrics_fills_tags_and_duration():
    piece = parse_bytes((FOLDER / "music-generator-warmup.txt").read_bytes())
    assert (piece.metadata.tags, piece.metadata.duration) == (["synthwave", "retro", "driving"], "2:58")


def test_a_table_with_the_section_in_a_column_of_its_own_gives_every_line():
    piece = parse_bytes((FOLDER / "code-snippet-table.txt").read_bytes())
    assert piece.lines[1].text == "Each one sees what the others can't see"
    assert piece.lines[-1].echo == "every word"
    assert not any("column" in warning for warning in piece.warnings)


def test_footnote_marks_leave_the_verse_and_their_notes_become_glosses():
    piece = parse_bytes((FOLDER / "document-footnotes-latent.txt").read_bytes())
    assert piece.lines[0].text == "Beneath the surface of the things we see"
    assert piece.lines[3].text == "of only what the encoder found between."
    assert [gloss.anchors[0].line for gloss in piece.glosses] == [1, 4]
    assert not any(gloss.body.startswith("[") for gloss in piece.glosses)


def test_bare_markers_are_markers_only_when_there_are_several_each_opening_a_section():
    song = parse_text("Song\n\nVERSE 1:\nfirst line\nsecond line\n\n(Chorus)\nla la\n")
    assert [(section.label, len(section.lines)) for section in song.sections] == [("VERSE 1", 2), ("Chorus", 1)]
    poem = parse_text("Refrain\n\nthe same words come back\nlike a chorus\n\nChorus\n")
    assert [line.text for line in poem.lines][:2] == ["the same words come back", "like a chorus"]
    assert poem.title == "Refrain"


@pytest.mark.parametrize("verse", [
    "Performed by the wind and rain", "Shared by many at the table", "Play it back", "Search the stars for me",
    "Re-learn the road", "See all the stars tonight", "Turning, turning", "Chorus of the machines",
])
def test_lines_of_verse_that_resemble_page_text_are_not_page_text(verse):
    from catalogue.importing.page_text import is_chrome

    assert not is_chrome(verse)
    piece = parse_text(f"Poem\n\nfirst line of it\n{verse}\nlast line of it\n\nShare\nPrivacy · Terms\n")
    assert [line.text for line in piece.lines] == ["first line of it", verse, "last line of it"]


def test_what_a_markdown_song_says_before_its_prompt_is_kept_as_a_note():
    piece = parse_bytes((FOLDER / "static-blog-residual.md").read_bytes())
    assert piece.commentary[0].body.startswith("I wrote this one for the skip connections")
    assert piece.commentary[1].heading == "Notes" and piece.commentary[1].anchors[0].line == 4


def test_numbered_notes_under_a_notes_heading_are_glosses_without_their_numbers():
    piece = parse_bytes((FOLDER / "personal-blog-tokenizer-lament.txt").read_bytes())
    assert [gloss.anchors[0].line for gloss in piece.glosses] == [2, 6]
    assert piece.glosses[0].body.startswith('"the prefixes, the suffixes, the hearts" —')


def test_a_genre_line_and_a_duration_on_the_next_line_above_the_lyrics_fill_both():
    piece = parse_bytes((FOLDER / "music-generator-gradient-ghost.txt").read_bytes())
    assert (piece.metadata.tags, piece.metadata.duration) == (["indie folk", "haunting", "male vocals"], "2:43")


def test_prose_on_a_fiction_archive_page_is_prose():
    # Once a known gap: the "Summary:" block under the title and the author, then "Work Text:".
    piece = parse_bytes((FOLDER / "fiction-archive-loss-landscape.txt").read_bytes())
    assert (piece.title, piece.kind, len(piece.lines)) == ("Loss Landscape", "prose", 2)
    assert (piece.metadata.author, piece.metadata.written) == ("quiet_optimizer", "2025-02-14")
    assert any("'Summary:'" in warning and "'Work Text:'" in warning for warning in piece.warnings)


def test_a_heading_after_the_poem_over_prose_is_a_note_on_the_poem():
    piece = parse_bytes((FOLDER / "poetry-academy-vanishing-gradient.txt").read_bytes())
    [note] = piece.commentary
    assert note.heading == "About this Poem" and "residual connection" in note.body and "—Hal Brenner" in note.body
    assert any("Copyright © 2024 by Hal Brenner" in warning for warning in piece.warnings)


def test_a_song_without_markers_is_a_song_when_its_page_calls_it_lyrics_or_it_has_a_chorus_and_echoes():
    piece = parse_bytes((FOLDER / "lyrics-index-nearest-neighbour.txt").read_bytes())
    assert piece.sections[3].repeat_of == 1 and piece.sections[3].kind == "chorus"
    echoed = parse_text("Loss Song\n\nDown we go\nto the floor (the floor)\n\nCarry me home\nnever alone (alone)\n\n"
                        "Up again\nand round we go\n\nCarry me home\nnever alone (alone)\n")
    assert echoed.kind == "song" and [s.label for s in echoed.sections] == ["Verse 1", "Chorus", "Verse 2", "Chorus"]
    assert echoed.lines[1].echo == "the floor"
    # A poem that comes back to a stanza, with no echoes and no page calling it lyrics, stays a poem.
    poem = parse_text("Refrain Poem\n\nthe same words\ncome back\n\nsomething else\nin between\n\n"
                      "the same words\ncome back\n")
    assert poem.kind == "poem"


def test_notes_set_as_markdown_quotations_are_glosses_without_the_mark():
    piece = parse_bytes((FOLDER / "gist-glossed-heads.txt").read_bytes())
    assert [gloss.body[:19] for gloss in piece.glosses] == ['"one follows names"', '"concatenate what e']


def test_genres_and_a_duration_with_separators_between_them_fill_both():
    piece = parse_bytes((FOLDER / "music-generator-polka.txt").read_bytes())
    assert (piece.metadata.tags, piece.metadata.duration) == (["polka", "accordion", "comedic", "upbeat"], "3:12")


def test_a_note_after_a_rule_below_a_poem_is_a_note_on_it():
    piece = parse_bytes((FOLDER / "plain-poem-with-rule-notes.txt").read_bytes())
    assert [(note.heading, note.body[:30]) for note in piece.commentary] == [("Notes", "the second stanza is about sat")]


def test_verse_glued_to_a_block_of_page_text_at_either_end_stays_verse():
    # The page's header runs into the first lines, its footer straight after the last ones.
    poem = parse_text("Poem Title\n\nSign in\nShare\n12 likes\nthe first line of the poem\nthe second line of it\n\n"
                      "and the last stanza of all\nends on this final line\nShare\nLike\nComments (3)\nReport\n")
    assert [line.text for line in poem.lines] == ["the first line of the poem", "the second line of it",
                                                  "and the last stanza of all", "ends on this final line"]
    assert poem.title == "Poem Title" and any("'Comments (3)'" in warning for warning in poem.warnings)
