"""The pieces of the import corpus, written for it (nothing here is from the catalogue).

Each piece is stated once, as its author meant it: sections and their lines (an echo as a
trailing "(…)", a direction as a wholly parenthetical line), stanzas with the gloss paragraph
that follows each, commentary notes, paragraphs. ``make_corpus.py`` renders every piece in a
shape and a page frame and derives the expected parse from these same definitions, so a
wrapper can change without the meaning changing.

Section tuples are (label, direction, lines); lines=None is a bare marker ("[Chorus]" alone:
sing the chorus again). CHORUS-style full repeats simply repeat the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Song:
    title: str
    author: str
    handle: str
    sections: list[tuple[str, str, list[str] | None]]
    style: str
    tags: list[str]
    duration: str
    tempo: int
    key: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (### heading, body) for the Markdown shape
    marker_sep: str = " — "  # between a marker's label and its direction: "[Bridge — Spoken]", "[Verse 1: Artist]"


@dataclass
class Poem:
    title: str
    author: str
    handle: str
    stanzas: list[tuple[list[str], str]]  # (lines, the gloss paragraph after them)
    tags: list[str] = field(default_factory=list)


@dataclass
class Prose:
    title: str
    author: str
    handle: str
    paragraphs: list[str]
    tags: list[str] = field(default_factory=list)


GRADIENT_LULLABY_CHORUS = [
    "Sleep on the slope, sleep on the slope",
    "Learning rate low as a whispered hope (whispered hope)",
    "Play it back",
    "Play it back till the error's gone",
]

GRADIENT_LULLABY = Song(
    title="Gradient Lullaby",
    author="Wren Adeyemi",
    handle="wrenadeyemi",
    sections=[
        ("Verse 1", "", [
            "Hush now, little weight, the loss is coming down (coming down)",
            "Every step I take is smaller than the last",
            "Turning, turning",
            "The valley floor is softer than it sounds (than it sounds)",
        ]),
        ("Chorus", "", GRADIENT_LULLABY_CHORUS),
        ("Verse 2", "", [
            "Momentum hums the tune it learned from yesterday",
            "Adam keeps a ledger of the moments that we weighed (that we weighed)",
            "Turning, turning",
            "Nothing here is lost, it's only moved away",
        ]),
        ("Chorus", "", GRADIENT_LULLABY_CHORUS),
        ("Bridge", "Spoken, close to the mic", [
            "If the gradient vanishes I will still be here",
            "Counting the epochs like sheep",
        ]),
        ("Chorus", "", None),
        ("Outro", "whispered", [
            "(music box winds down)",
            "Hush now, little weight",
            "Converged",
        ]),
    ],
    style="dreamy lo-fi lullaby, music box, felt piano, soft female vocal, tape hiss",
    tags=["lo-fi", "lullaby", "music box"],
    duration="3:12",
    tempo=72,
    key="B♭ major",
    notes=[
        ("Why a Lullaby",
         "Gradient descent is the most patient thing in machine learning: it only ever takes the next "
         "small step. \"Every step I take is smaller than the last\" is a decaying learning rate sung as "
         "comfort, and \"The valley floor is softer than it sounds\" admits that nobody has seen the "
         "minimum, only its neighbourhood."),
        ("The Short Lines",
         "\"Turning, turning\" and \"Play it back\" are deliberately tiny: the song breathes there the way "
         "an optimiser plateaus. They look like nothing on the page; sung, they are the hook."),
        ("Momentum and Adam",
         "The second verse names the two optimisers most people actually use.\n\n"
         "- \"Momentum hums the tune it learned from yesterday\" is the running average of past gradients.\n"
         "- \"Adam keeps a ledger of the moments that we weighed\" is the first and second moment estimates.\n"
         "- \"Nothing here is lost, it's only moved away\" is the parameter update itself."),
        ("Production",
         "Music box, felt piano and a kick drum that never quite arrives. Keep the vocal dry and close."),
    ],
)

BEAM_CHORUS = [
    "Beam width four, beam width four",
    "Best of the likely, nothing more (nothing more)",
    "Length penalty, length penalty",
    "Why'd you cut my story short",
]

BEAM_SEARCH_BLUES = Song(
    title="Beam Search Blues",
    author="The Top-K Trio",
    handle="topktrio",
    sections=[
        ("Intro", "", ["(slide guitar, slow)"]),
        ("Verse 1", "", [
            "I kept four futures in my pocket (in my pocket)",
            "Pruned the rest before the dawn",
            "Every branch I didn't follow",
            "Rings like a phone when I'm gone (when I'm gone)",
        ]),
        ("Chorus", "", BEAM_CHORUS),
        ("Verse 2", "", [
            "Greedy would have married the first word that it met",
            "I'm the careful kind of sorry, I keep a top-k of regret (of regret)",
            "Sample me a stranger with the temperature turned high",
            "But the beam keeps the beaten path, and the beaten path stays dry",
        ]),
        ("Chorus", "", BEAM_CHORUS),
        ("Bridge", "spoken", [
            "End of sequence, baby",
            "That's the only token I can trust",
        ]),
        ("Chorus", "", None),
        ("Outro", "", [
            "Beam width one",
            "Now I'm greedy like everyone (like everyone)",
        ]),
    ],
    style="delta blues, slide guitar, stomp box, gravel baritone vocal, harmonica",
    tags=["delta blues", "slide guitar", "storytelling"],
    duration="2:58",
    tempo=84,
    key="E minor",
    notes=[
        ("Search as Regret",
         "\"I kept four futures in my pocket\" is beam search with a width of four: the decoder carries "
         "the four most probable prefixes forward and drops the rest. \"Every branch I didn't follow\" "
         "and \"Rings like a phone when I'm gone\" are the pruned hypotheses that might have scored "
         "better later."),
        ("Greedy, Sampling, Beam",
         "The second verse sets the three decoders side by side: \"Greedy would have married the first "
         "word that it met\", \"Sample me a stranger with the temperature turned high\", and \"But the "
         "beam keeps the beaten path, and the beaten path stays dry\". The last line is the known "
         "complaint: beam search favours safe, short, repetitive text."),
        ("References",
         "The length penalty in the chorus follows \"Google's Neural Machine Translation System\" "
         "(Wu et al., 2016), which divides a hypothesis's score by a power of its length."),
    ],
)

DROPOUT_CHORUS = [
    "Let me go, let me go, point five of me (point five)",
    "Scale the rest by two and set me free (set me free)",
    "Nobody's special in the hidden layer",
    "Everybody's somebody's spare",
]
DROPOUT_PRE = ["Coin flip, coin flip", "Who's on tonight?"]

DROPOUT = Song(
    title="Dropout (Let Me Go)",
    author="Half the Neurons",
    handle="halftheneurons",
    sections=[
        ("Verse 1", "", [
            "Half the room goes dark on every pass (every pass)",
            "I never know which ones of us will stay",
            "You trained me not to lean on any single one",
            "So I learned to love them all the same (all the same)",
        ]),
        ("Pre-Chorus", "", DROPOUT_PRE),
        ("Chorus", "", DROPOUT_CHORUS),
        ("Verse 2", "", [
            "At inference the lights come up, the whole crowd's on the floor",
            "An ensemble in a single net, singing what we couldn't sing before (sing before)",
            "No one's missing, no one's masked",
            "Everything I learned in the dark still lasts",
        ]),
        ("Pre-Chorus", "", DROPOUT_PRE),
        ("Chorus", "", DROPOUT_CHORUS),
        ("Outro", "", [
            "Coin flip",
            "Lights on",
            "(crowd noise fades)",
        ]),
    ],
    style="synth-pop, four-on-the-floor, gated reverb drums, bright analog pads, duet vocals",
    tags=["synth-pop", "dance", "80s"],
    duration="3:41",
    tempo=118,
    key="A minor",
    notes=[
        ("What Dropout Does",
         "During training each unit is switched off with probability one half. \"Half the room goes dark "
         "on every pass\" is the mask, \"I never know which ones of us will stay\" is its randomness, and "
         "\"Scale the rest by two and set me free\" is inverted dropout, which rescales the survivors so "
         "that nothing has to change at inference time."),
        ("The Outro",
         "The song ends on two words a line, the last training step and then \"Lights on\", the first "
         "inference. The crowd noise fading out is the only direction in the song."),
    ],
)

TOKENIZER_CHORUS = [
    "Tokenizer town, tokenizer town",
    "Every word you love gets broken down (broken down)",
    "Space-G, space-G, leading the line",
    "Fifty thousand pieces and none of them mine",
]

TOKENIZER_TOWN = Song(
    title="Tokenizer Town",
    author="Merge Street Kids",
    handle="mergestreetkids",
    sections=[
        ("Verse 1", "", [
            "Un, be, liev, able: they cut my name in four (in four)",
            "Byte pair merging all the way down Merge Street",
            "The common words get tokens of their own",
            "The rare ones walk in pieces, walk alone (walk alone)",
        ]),
        ("Chorus", "", TOKENIZER_CHORUS),
        ("Verse 2", "", [
            "My grandmother's name is seven tokens long",
            "An emoji costs me three, a newline costs a song (costs a song)",
            "Count the letters? Nobody here can count",
            "Strawberry's r's are lost in the amount",
        ]),
        ("Chorus", "", TOKENIZER_CHORUS),
        ("Outro", "", [
            "Broken down (broken down)",
            "Broken down",
        ]),
    ],
    style="pop punk, palm-muted guitars, gang vocals, fast snare",
    tags=["pop punk", "skate punk"],
    duration="2:24",
    tempo=176,
    key="D major",
    notes=[
        ("Why Names Break",
         "A byte-pair tokenizer merges the pairs it saw most often, so \"The common words get tokens of "
         "their own\" while \"The rare ones walk in pieces, walk alone\". Names, rare words and most "
         "languages other than English pay for that in length."),
        ("Counting",
         "\"Count the letters? Nobody here can count\" is the old joke about asking a model how many r's "
         "are in strawberry: it never sees the letters, only the tokens."),
    ],
)

ATTENTION_CHORUS = [
    "Pay attention, pay attention",
    "Scaled by the root of the dimension (dimension)",
    "Look at me, look at me",
    "Look at me and everything I mention",
]

ATTENTION_SPAN = Song(
    title="Attention Span",
    author="Query Key Value",
    handle="qkv_band",
    sections=[
        ("Verse 1", "", [
            "Every word in the room is looking at every other word (other word)",
            "Queries in their Sunday best, keys they've never heard",
            "Softmax picks a favourite and the values pour",
            "Nine heads nodding at the same front door (same front door)",
        ]),
        ("Chorus", "", ATTENTION_CHORUS),
        ("Verse 2", "", [
            "Position is a sine wave that remembers where I stood",
            "The mask says don't look forward, so I never could (never could)",
            "Residual streams carry what the layers didn't say",
            "Layer norm, layer norm, keep the numbers in their place",
        ]),
        ("Chorus", "", ATTENTION_CHORUS),
        ("Bridge", "half-time", [
            "Quadratic, quadratic",
            "The longer the night the heavier the math (the math)",
        ]),
        ("Chorus", "", None),
        ("Outro", "", [
            "Look at me",
            "(fade out)",
        ]),
    ],
    style="indie rock, jangly guitars, driving bass, male and female call and response",
    tags=["indie rock", "jangle pop", "call and response"],
    duration="3:05",
    tempo=132,
    key="G major",
    notes=[
        ("The Mechanism",
         "The first verse is scaled dot-product attention in four lines. \"Queries in their Sunday best, "
         "keys they've never heard\" are the two projections of each token, \"Softmax picks a favourite "
         "and the values pour\" is the weighted sum, and \"Nine heads nodding at the same front door\" is "
         "several heads converging on one position."),
        ("The Cost",
         "\"Quadratic, quadratic\" is the price of every word looking at every other: the score matrix "
         "grows with the square of the context. \"The longer the night the heavier the math\" says the "
         "same thing in the bridge's half-time feel."),
    ],
)

OVERFIT_CHORUS = [
    "Overfit, overfit",
    "I know the answers but I don't know it (don't know it)",
    "Shuffle the deck and I'm lost again",
    "Overfit, overfit, a hundred epochs in",
]

OVERFIT = Song(
    title="Overfit",
    author="The Regularizers",
    handle="the_regularizers",
    sections=[
        ("Verse 1", "", [
            "I learned your every freckle, every typo, every pause (every pause)",
            "Memorised the noise and called it laws",
            "Training loss at zero and I'm proud as I can be",
            "But the validation set won't look at me (look at me)",
        ]),
        ("Chorus", "", OVERFIT_CHORUS),
        ("Verse 2", "", [
            "Weight decay was knocking but I never let her in",
            "Early stopping called at nine, I told her try again (try again)",
            "Now the curve goes up and up where it used to bend",
            "Every test's a stranger, every stranger's not my friend",
        ]),
        ("Chorus", "", OVERFIT_CHORUS),
        ("Outro", "slower", [
            "Give me noise, give me less",
            "Give me dropout, give me rest (give me rest)",
        ]),
    ],
    style="garage rock, fuzz guitar, shouted backing vocals, tambourine",
    tags=["garage rock", "fuzz", "lo-fi"],
    duration="2:37",
    tempo=150,
    key="F♯ minor",
    notes=[
        ("Memorising",
         "\"Memorised the noise and called it laws\" is overfitting in one line, and \"But the validation "
         "set won't look at me\" is how you find out."),
    ],
)

DROPOUT_VIGIL = Poem(
    title="Dropout, a Vigil",
    author="Ines Varga",
    handle="inesvarga",
    tags=["regularisation", "sonnet-ish"],
    stanzas=[
        ([
            "Each night the hidden units draw their lots;",
            "a coin decides who sleeps and who keeps watch.",
            "The silent half are not forgotten, only spared,",
            "and those who stay must carry what they shared.",
        ],
         "The first stanza is dropout as a night watch. \"a coin decides who sleeps and who keeps watch\" "
         "is the Bernoulli mask drawn afresh on every training pass, \"The silent half are not forgotten, "
         "only spared\" says that a dropped unit keeps its weights, and \"must carry what they shared\" is "
         "why the network learns redundant features instead of leaning on one unit."),
        ([
            "No single lamp is trusted with the road;",
            "the map is drawn again by every hand.",
            "What one forgets, another learns to hold,",
            "and so the many learn to understand.",
        ],
         "Co-adaptation is the failure dropout prevents: units that only work in the company of "
         "particular others. \"No single lamp is trusted with the road\" puts it as a rule of the watch; "
         "\"What one forgets, another learns to hold\" is the redundancy that follows from it."),
        ([
            "Then morning: every lamp is lit at once,",
            "each weight turned down to match the half it was;",
            "the crowd that trained in shadows, scaled and whole,",
            "now answers as one voice, and not by chance.",
        ],
         "At inference time dropout is switched off and every unit takes part, so the activations must be "
         "scaled to match what the next layer saw in training: \"each weight turned down to match the "
         "half it was\". The stanza ends on the ensemble reading of dropout, \"now answers as one voice\", "
         "many thinned networks averaged into one."),
    ],
)

ATTENTION_HEAD = Poem(
    title="What the Attention Head Saw",
    author="Teodor Lind",
    handle="teolind",
    stanzas=[
        ([
            "I read the sentence all at once,",
            "not left to right as you were taught;",
            "the verb looked back to find its noun,",
            "the pronoun found the name it sought.",
        ],
         "An attention head sees every position of its context in one step. \"not left to right as you "
         "were taught\" sets this against reading, and against recurrent networks that carry a state word "
         "by word; \"the verb looked back to find its noun\" and \"the pronoun found the name it sought\" "
         "are the syntactic heads that interpretability work keeps finding."),
        ([
            "I did not choose what I would weigh;",
            "a query asked, the keys replied,",
            "and softmax made the quiet ones",
            "give up their share to those who cried.",
        ],
         "\"a query asked, the keys replied\" is the dot product between one query vector and every key. "
         "Softmax turns those scores into weights that sum to one, so a louder score takes attention away "
         "from every other position: \"give up their share to those who cried\"."),
        ([
            "And somewhere past my layer's edge",
            "another head saw something else.",
            "We never meet. We each report.",
            "The residual stream keeps what it keeps.",
        ],
         "Heads in the same layer attend independently and their outputs are concatenated and projected, "
         "which is the loneliness of \"We never meet. We each report.\" The last line, \"The residual "
         "stream keeps what it keeps\", is the sum that every layer writes into and no single head "
         "controls."),
    ],
)

EARLY_STOPPING = Poem(
    title="Early Stopping",
    author="Ada Rusk",
    handle="adarusk",
    tags=["training", "overfitting", "elegy"],
    stanzas=[
        ([
            "The curve came down the way a fever breaks,",
            "each epoch cooler than the one before;",
            "I watched the held-out loss for its mistakes",
            "and saw it level, then begin to soar.",
        ],
         "Training loss falls almost forever; validation loss falls, flattens and turns. \"The curve came "
         "down the way a fever breaks\" is the first part and \"and saw it level, then begin to soar\" the "
         "turn, which is overfitting made visible on a plot."),
        ([
            "Patience, the setting said: wait five, then stop.",
            "Five epochs more I let the fever climb,",
            "then rolled the weights back to the lowest drop,",
            "the checkpoint from a better, earlier time.",
        ],
         "\"wait five, then stop\" is the patience setting of early stopping, and \"then rolled the weights "
         "back to the lowest drop\" restores the best checkpoint, as most training libraries offer to do. "
         "Nobody on the team remembered who first wrote \"stop before it learns the noise\", the rule "
         "the stanza never says aloud."),
        ([
            "Turning, turning, still it asked for more;",
            "I closed the run and let the model be.",
            "What it had learned by then was true enough.",
            "The rest, I think, was only me.",
        ],
         "The last stanza is the decision itself. \"Turning, turning, still it asked for more\" is the "
         "optimiser that would happily keep going, and \"The rest, I think, was only me\" is the noise of "
         "the training set, which the model would have memorised next."),
    ],
)

LOSS_CURVE = Prose(
    title="Notes on a Loss Curve",
    author="Mira Okafor",
    handle="miraokafor",
    tags=["loss curves", "debugging", "essay"],
    paragraphs=[
        "Every training run I have watched begins the same way: a cliff, then a long slope, then a plain "
        "that looks flat until you change the scale of the axis. The cliff is the model learning the easy "
        "things, the frequencies of letters and the shapes of common words. The slope is where it learns "
        "grammar. The plain is where it learns everything else, slowly, at a rate a person mistakes for "
        "nothing.",
        "I used to refresh the dashboard every few minutes. Now I look twice a day, and I look at the "
        "validation curve first, because the training curve is a flatterer. It always goes down. It goes "
        "down even when the model is memorising the training set line by line, which is the one thing I do "
        "not want it to do.",
        "Play it back.",
        "That is what I wrote in my notebook the night the run diverged, and it is still the best advice I "
        "have. When a loss spikes, do not guess. Restore the checkpoint from before the spike, replay the "
        "same batches in the same order, and watch which one breaks it. Nine times out of ten it is a "
        "single bad example: a file of zeros, a line a million characters long, a document in an encoding "
        "nobody checked.",
        "The curve is not the model. It is a summary of how wrong the model was, averaged over examples it "
        "has already seen. Read it the way you would read a fever chart, for the trend, and never for the "
        "meaning.",
    ],
)

TOKENIZER_APOLOGY = Prose(
    title="The Tokenizer's Apology",
    author="Sol Brandt",
    handle="solbrandt",
    paragraphs=[
        "I am sorry about your name. I did not mean to cut it into four pieces; I had only fifty thousand "
        "pieces to give out, and I gave them to the words I saw most often. The got one. Ing got one. Your "
        "name, which I saw eleven times in a trillion words, got what was left over.",
        "I am sorry about arithmetic. I split numbers wherever the merges happened to fall, so that 1234 "
        "might be one token and 1235 two, and then I asked the model to add them. It did its best. Its best "
        "was very good, considering.",
        "I am sorry about the spaces. A space before a word makes it a different word to me, and at the "
        "start of a line there is no space, so the same word has two faces and the model has to learn that "
        "they are one person.",
        "I am not sorry about the bytes. When I meet something I have never seen, I fall back to its bytes, "
        "one by one, and nothing is ever unknown to me. It is slow, and it is ugly, and nobody is ever "
        "turned away.",
    ],
)

OVERFITTING_BRIEFLY = Prose(
    title="On Overfitting, Briefly",
    author="Kit Morrow",
    handle="kitmorrow",
    tags=["overfitting", "essay"],
    paragraphs=[
        "A model that overfits has not learned too much. It has learned the wrong thing too well: the "
        "particular noise of the examples it was shown, instead of the pattern that produced them. The "
        "test is simple and cruel. Show it something new and see whether it still knows what to do.",
        "The cures are all forms of forgetting. Weight decay makes every parameter pay rent. Dropout takes "
        "away half the network on each step, so that nothing can depend on anything in particular. Early "
        "stopping ends the lesson before the student starts memorising the teacher's handwriting. More "
        "data is the cure that works best and costs the most.",
        "Turning, turning. That is what the optimiser does when you let it run too long: it keeps turning "
        "the same examples over until it has them by heart, and the loss goes down, and the model gets "
        "worse.",
    ],
)

BEAM_AT_NIGHT = Prose(
    title="Beam Search at Night",
    author="Noor Haddad",
    handle="noorhaddad",
    paragraphs=[
        "A decoder at the end of a model has to choose one word, then another, and each choice closes "
        "doors. Greedy decoding takes the likeliest word every time and walks straight into the first dead "
        "end. Beam search keeps a handful of partial sentences alive, and at every step it throws away all "
        "but the best few.",
        "What I like about beam search is that it admits doubt for a while. What I dislike is that it "
        "settles that doubt toward the safest sentence: short, common, a little dull. Ask it for a story "
        "and it gives you the story everyone has already heard.",
        "Show more, the interface said under the answer. I clicked it, and the model had said the same "
        "thing again, at greater length.",
    ],
)

VANISHING_HOOK = [
    "Vanishing, vanishing",
    "Fading like a whisper in a well",
    "Vanishing, vanishing (vanishing)",
    "Who's going to tell the first layer",
]

VANISHING = Song(
    title="Vanishing",
    author="Sigmoid Saints",
    handle="sigmoidsaints",
    marker_sep=": ",
    sections=[
        ("Intro", "", ["(heartbeat monitor, slowing)"]),
        ("Verse 1", "Sigmoid Saints", [
            "Forty layers down, I can barely hear the loss (hear the loss)",
            "Every derivative a little smaller than the last one was",
            "Times a quarter, times a quarter, times a quarter again",
            "By the time it reaches me there's nothing left to send (left to send)",
        ]),
        ("Hook", "", VANISHING_HOOK),
        ("Verse 2", "Sigmoid Saints", [
            "Then somebody built a bridge around the stack (around the stack)",
            "A residual road so the gradient could come back",
            "Add the input to the output, let the signal skip the line",
            "Now the first layer hears the loss and it's doing fine (doing fine)",
        ]),
        ("Bridge", "Spoken", [
            "> be me",
            "> layer one of forty",
            "> gradient arrives: 0.0000003",
            "> mfw I learned nothing again",
        ]),
        ("Hook", "", None),
        ("Outro", "", [
            "Skip connection",
            "Skip connection (skip it)",
            "(heartbeat steadies)",
        ]),
    ],
    style="trip-hop, dusty breakbeat, sub bass, breathy vocals, heartbeat samples",
    tags=["trip-hop", "dark pop"],
    duration="3:33",
    tempo=88,
    key="C♯ minor",
    notes=[
        ("The Arithmetic",
         "\"Times a quarter, times a quarter, times a quarter again\" is the derivative of the sigmoid, which "
         "is at most one quarter, multiplied in once per layer by the chain rule. \"By the time it reaches me "
         "there's nothing left to send\" is what forty such factors do to a gradient."),
        ("The Fix",
         "\"A residual road so the gradient could come back\" and \"Add the input to the output, let the "
         "signal skip the line\" are residual connections: the gradient flows back through the identity path "
         "unchanged, so the first layer finally learns."),
    ],
)

VALIDATION_SET = Poem(
    title="The Validation Set",
    author="Odile Marsh",
    handle="odilemarsh",
    tags=["evaluation", "quatrains"],
    stanzas=[
        ([
            "We kept a few aside and did not look,",
            "a drawer of letters no one was to read;",
            "the model wrote its answers in the book",
            "and we compared them only at the need.",
        ],
         "The validation set is data held out from training so that it can judge the model honestly. \"We "
         "kept a few aside and did not look\" is the discipline this needs, and \"a drawer of letters no one "
         "was to read\" the temptation: every time someone peeks and adjusts, the held-out set leaks into "
         "training."),
        ([
            "It scored the better on the ones it knew.",
            "It stumbled on the drawer. We saw the gap",
            "and called it what the textbooks call it, true",
            "but only of the past: a perfect map.",
        ],
         "\"We saw the gap\" is the generalisation gap between training and validation error. \"but only of "
         "the past\" names overfitting without the word, and \"a perfect map\" recalls the map as large as "
         "the territory, a model that memorises everything and so explains nothing."),
        ([
            "So keep the drawer shut, and keep it small,",
            "and never tune a knob by what it said;",
            "the day you do, it is not held at all,",
            "it is one more page the model read.",
        ],
         "The last stanza is the rule practitioners break most often: \"never tune a knob by what it said\". "
         "Choosing hyperparameters against the validation set once is fine; choosing them a thousand times "
         "turns it into training data, which is why a separate test set is kept for the very end: \"it is one "
         "more page the model read\"."),
    ],
)

TEMPERATURE = Prose(
    title="Temperature",
    author="Lena Fisk",
    handle="lenafisk",
    tags=["sampling", "essay"],
    paragraphs=[
        "Temperature is the number you divide the logits by before the softmax. Below one, the likely words "
        "get likelier and the model sounds sure of itself; above one, the distribution flattens and the "
        "unlikely words get their turn.",
        "At zero the model always says the same thing. People call that deterministic, as if it were a "
        "virtue. It is only the most probable sentence, which is rarely the most interesting one and "
        "sometimes not even a good one.",
        "Sign in, the screen said, and I did, and I turned the temperature up.",
        "At one point five the model wrote me a poem in which the moon was a kind of soup. I kept it. Most of "
        "what I keep from these machines comes from the edge of the distribution, where the words are allowed "
        "to be wrong.",
    ],
)
