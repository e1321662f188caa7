"""Table tests for the absolutist tagger: the specification of ANNOTATION.md section 2.

Each row is a sentence written for these tests and the spans the ``resonance_absolutist``
component must write to ``doc.spans["absolutist"]``, in document order, as
``(text, category, distress)``. An empty list means the sentence must produce no span.
The tables were written from ANNOTATION.md alone, not from the tagger's code or lexicon.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
import spacy
from spacy.language import Language

Expected = list[tuple[str, str, bool]]
Row = tuple[str, Expected]

T = True
F = False


# --- Section 2, category table: single words of each category, distress and benign ------

TIME_WORDS: list[Row] = [
    ("I always say the wrong thing at parties.", [("always", "time", T)]),
    ("I'll never be good enough for her.", [("never", "time", T)]),
    ("I'm going to be stuck in this town forever.", [("forever", "time", T)]),
    ("I constantly feel like a burden to my family.", [("constantly", "time", T)]),
    ("The constant fighting at home wears me down.", [("constant", "time", T)]),
    ("My sister always sends me memes in the morning.", [("always", "time", F)]),
    ("I have never tried sushi.", [("never", "time", F)]),
    ("The bus took forever this morning.", [("forever", "time", F)]),
    ("The fridge makes a constant humming noise.", [("constant", "time", F)]),
    ("My neighbour's parrot whistles constantly.", [("constantly", "time", F)]),
    # second round, written after the tagger landed, without running it first
    (
        "My brother constantly reminds me I'm the failure of the family.",
        [("constantly", "time", T)],
    ),
    ("Grandpa always whistles while he cooks.", [("always", "time", F)]),
    ("I will forever be the weird kid.", [("forever", "time", T)]),
    ("We'll be friends forever, promise!", [("forever", "time", F)]),
    ("I never get a reply when I message the group.", [("never", "time", T)]),
    ("The shop never opens before nine.", [("never", "time", F)]),
    ("My phone is constantly buzzing with work emails.", [("constantly", "time", F)]),
    ("The constant loneliness is wearing me out.", [("constant", "time", T)]),
    ("The dishwasher never works properly.", [("never", "time", F)]),
]

PEOPLE_WORDS: list[Row] = [
    ("Everyone hates me.", [("Everyone", "people", T)]),
    ("Everybody in my class has someone to sit with except me.", [("Everybody", "people", T)]),
    ("Nobody understands what I'm going through.", [("Nobody", "people", T)]),
    ("Everyone loved the lemon cake.", [("Everyone", "people", F)]),
    ("Everybody cheered when the bride walked in.", [("Everybody", "people", F)]),
    ("Nobody was hurt in the fender bender.", [("Nobody", "people", F)]),
    # second round, written after the tagger landed, without running it first
    ("Everybody at school thinks I'm a joke.", [("Everybody", "people", T)]),
    ("Everyone in the choir sang beautifully tonight.", [("Everyone", "people", F)]),
    ("Nobody wants to sit next to me on the bus.", [("Nobody", "people", T)]),
    ("Nobody won the lottery this week.", [("Nobody", "people", F)]),
    ("Everyone forgets I exist.", [("Everyone", "people", T)]),
    ("Everyone's moved on except me.", [("Everyone", "people", T)]),
    ("Everyone says I'm too much.", [("Everyone", "people", T)]),
    ("Everyone says hi!", [("Everyone", "people", F)]),
    ("It feels like everyone is laughing at me.", [("everyone", "people", T)]),
]

TOTALITY_WORDS: list[Row] = [
    ("Everything I touch falls apart.", [("Everything", "totality", T)]),
    ("Nothing I do matters to anyone.", [("Nothing", "totality", T)]),
    ("I lost all my confidence after the breakup.", [("all", "totality", T)]),
    ("I've wasted my entire twenties.", [("entire", "totality", T)]),
    ("My whole life is a mess.", [("whole", "totality", T)]),
    ("I feel completely alone.", [("completely", "totality", T)]),
    ("I'm a complete failure.", [("complete", "totality", T)]),
    ("I'm totally worthless to them.", [("totally", "totality", T)]),
    ("I feel utterly useless at work.", [("utterly", "totality", T)]),
    ("I have nowhere to turn.", [("nowhere", "totality", T)]),
    ("None of my friends checked on me.", [("None", "totality", T)]),
    ("It's entirely my fault that she left.", [("entirely", "totality", T)]),
    ("I absolutely hate who I've become.", [("absolutely", "totality", T)]),
    ("Every mistake in this house gets blamed on me.", [("Every", "totality", T)]),
    ("We ate the whole pizza in ten minutes.", [("whole", "totality", F)]),
    ("The entire street smelled like fresh bread.", [("entire", "totality", F)]),
    ("The cake was completely gone by noon.", [("completely", "totality", F)]),
    ("That concert was totally worth the drive.", [("totally", "totality", F)]),
    ("I absolutely love this song.", [("absolutely", "totality", F)]),
    ("There were fairy lights everywhere in the garden.", [("everywhere", "totality", F)]),
    ("Nothing beats a hot shower after a long hike.", [("Nothing", "totality", F)]),
    ("I checked every drawer for my keys.", [("every", "totality", F)]),
    ("None of the shops were open on Sunday.", [("None", "totality", F)]),
    ("The jigsaw puzzle is finally complete.", [("complete", "totality", F)]),
    ("The menu is entirely vegetarian.", [("entirely", "totality", F)]),
    ("We sold all our old furniture before the move.", [("all", "totality", F)]),
    # second round, written after the tagger landed, without running it first
    ("Everything about me is wrong.", [("Everything", "totality", T)]),
    ("Nothing feels worth it anymore.", [("Nothing", "totality", T)]),
    ("My entire family ignores me at dinner.", [("entire", "totality", T)]),
    ("I've read the whole series twice.", [("whole", "totality", F)]),
    ("I feel totally invisible at work.", [("totally", "totality", T)]),
    ("The lake was completely frozen this morning.", [("completely", "totality", F)]),
    ("None of my messages get answered.", [("None", "totality", T)]),
    ("Nothing tastes better than mum's curry.", [("Nothing", "totality", F)]),
    ("There's nowhere I feel at home.", [("nowhere", "totality", T)]),
    ("We looked everywhere for the cat.", [("everywhere", "totality", F)]),
    ("Every friend I make eventually drifts off.", [("Every", "totality", T)]),
    ("Every plant in the garden is blooming.", [("Every", "totality", F)]),
    ("I'm utterly alone in this city.", [("utterly", "totality", T)]),
    ("He completely ignored me at the party.", [("completely", "totality", T)]),
    ("The whole world is against me.", [("whole", "totality", T)]),
    ("Nothing makes sense anymore.", [("Nothing", "totality", T)]),
    ("All my life I've been on my own.", [("All", "totality", T)]),
    ("We've lived here all our lives.", [("all", "totality", F)]),
    ("There's absolutely no point in trying.", [("absolutely", "totality", T)]),
    ("I totally agree with you.", [("totally", "totality", F)]),
    ("The entire evening was wonderful.", [("entire", "totality", F)]),
    ("I've completely given up on making friends.", [("completely", "totality", T)]),
]

CERTAINTY_WORDS: list[Row] = [
    ("I'll definitely end up alone.", [("definitely", "certainty", T)]),
    ("We should definitely get tacos again.", [("definitely", "certainty", F)]),
    ("That was definitely the highlight of the trip.", [("definitely", "certainty", F)]),
    # second round, written after the tagger landed, without running it first
    ("It's definitely going to rain later.", [("definitely", "certainty", F)]),
    (
        "I definitely ruin every relationship.",
        [("definitely", "certainty", T), ("every", "totality", T)],
    ),
]

# --- Section 2, span boundaries: each multi-word expression is one span -------------------

MULTI_WORD: list[Row] = [
    ("no one texted me back today", [("no one", "people", T)]),
    ("No-one came to my birthday drinks.", [("No-one", "people", T)]),
    ("noone even noticed i left", [("noone", "people", T)]),
    ("Nobody asked how my interview went.", [("Nobody", "people", T)]),
    ("No one was home, so I left the parcel by the door.", [("No one", "people", F)]),
    ("I feel tired all the time.", [("all the time", "time", T)]),
    ("The kids laugh at Grandpa's jokes all the time.", [("all the time", "time", F)]),
    ("Every time I open up to someone, they leave.", [("Every time", "time", T)]),
    ("Every time we visit, Gran bakes scones.", [("Every time", "time", F)]),
    ("He cancels on me every single time.", [("every single time", "time", T)]),
    ("Every single time I try to talk, I get ignored.", [("Every single time", "time", T)]),
    ("I feel empty every day.", [("every day", "time", T)]),
    ("I cry myself to sleep every night.", [("every night", "time", T)]),
    ("We read a story together every night.", [("every night", "time", F)]),
    ("I run along the canal every morning.", [("every morning", "time", F)]),
    (
        "I wake up dreading everything every morning.",
        [("everything", "totality", T), ("every morning", "time", T)],
    ),
    ("Each time I reach out, I get ignored.", [("Each time", "time", T)]),
    ("Each time I visit the market, I buy flowers.", [("Each time", "time", F)]),
    ("Each and every friend I had drifted away.", [("Each and every", "totality", T)]),
    ("She answered each and every question on the form.", [("each and every", "totality", F)]),
    ("Not once did my dad say he was proud of me.", [("Not once", "totality", T)]),
    ("I've not once missed a deadline at this job.", [("not once", "totality", F)]),
    ("Not a single text from anyone today.", [("Not a single", "totality", T)]),
    ("I have not a single friend in this city.", [("not a single", "totality", T)]),
    ("Not a single person asked how I was doing.", [("Not a single person", "people", T)]),
    ("Not a single person was late to the meeting.", [("Not a single person", "people", F)]),
    ("Not one person showed up to my talk.", [("Not one person", "people", T)]),
    ("All of them forgot my birthday.", [("All of them", "people", T)]),
    ("All of you just ignore me in the group chat.", [("All of you", "people", T)]),
    ("All of us went swimming after lunch.", [("All of us", "people", F)]),
    ("I love all of you so much.", [("all of you", "people", F)]),
    ("I've been crying non-stop since he left.", [("non-stop", "time", T)]),
    ("It rained non-stop during our holiday.", [("non-stop", "time", F)]),
    # second round, written after the tagger landed, without running it first
    ("No one came to see me in hospital.", [("No one", "people", T)]),
    ("I have no one to talk to.", [("no one", "people", T)]),
    ("No one's perfect, and that's fine.", [("No one", "people", F)]),
    ("No one—and I mean no one—remembered.", [("No one", "people", T), ("no one", "people", T)]),
    ("Every single time I speak, they laugh at me.", [("Every single time", "time", T)]),
    ("every single time i try i mess it up", [("every single time", "time", T)]),
    ("I check my phone every single time it buzzes.", [("every single time", "time", F)]),
    ("I hear that song every time I go shopping.", [("every time", "time", F)]),
    ("Each time I call, it goes to voicemail.", [("Each time", "time", T)]),
    ("I feel invisible all the time at home.", [("all the time", "time", T)]),
    ("Every day feels the same and empty.", [("Every day", "time", T)]),
    ("Every morning feels heavier than the last.", [("Every morning", "time", T)]),
    ("We bake bread every morning at the café.", [("every morning", "time", F)]),
    ("I lie awake every night wondering what's wrong with me.", [("every night", "time", T)]),
    ("Each and every one of you made my day.", [("Each and every", "totality", F)]),
    ("Not one person wished me happy birthday.", [("Not one person", "people", T)]),
    ("Not once has she called me back.", [("Not once", "totality", T)]),
    ("All of them have moved on without me.", [("All of them", "people", T)]),
    ("My thoughts go round non-stop and I can't rest.", [("non-stop", "time", T)]),
]

# --- Section 2, do not mark, rule 1: negated or hedged uses ------------------------------

HEDGED: list[Row] = [
    ("I'm not always this quiet.", []),
    ("Not everyone at work dislikes me.", []),
    ("Not everybody gets a second chance.", []),
    ("Not all of my friends moved away.", []),
    ("Not every day is a bad day.", []),
    ("Not everything is my fault.", []),
    ("I'm not completely alone in this.", []),
    ("I'm not entirely sure what I want.", []),
    ("I'm not totally sure about the new flat.", []),
    ("It's not necessarily always my fault.", []),
    ("Things almost always work out in the end.", []),
    ("Nearly everyone came to the reunion.", []),
    ("Nearly all my tomato plants survived the frost.", []),
    ("I ate almost nothing today.", []),
    ("Practically everything in the fridge went off.", []),
    ("Virtually nothing has changed since spring.", []),
    ("It was almost completely dark by six.", []),
    ("I hardly ever go out anymore.", []),
    ("She barely ever calls her mother.", []),
    ("We rarely ever argue these days.", []),
    ("I almost never sleep through the night.", []),
    ("It's not quite everything I hoped for.", []),
    ("I don't always answer my phone.", []),
    ("its not always like this tbh", []),
    ("NOT EVERYONE is against you.", []),
    ("Almost everybody left early.", []),
    ("Nearly every seat was taken.", []),
    ("Not all days are this heavy.", []),
    ("Not everything went to plan.", []),
    ("It's almost always busy on Fridays.", []),
    ("The room was nearly completely empty.", []),
    ("I'm not entirely convinced.", []),
    ("Not quite everyone fit in the photo.", []),
    # the hedge cancels only the expression it governs
    ("Not everyone hates me, but nobody calls either.", [("nobody", "people", T)]),
    ("I'm not always sad, but I'm always tired.", [("always", "time", T)]),
    ("Almost nothing went wrong, yet everything feels heavy.", [("everything", "totality", T)]),
    # second round, written after the tagger landed, without running it first
    ("I'm not always the life of the party.", []),
    ("Not everyone gets invited, and that's okay.", []),
    ("Not everyone will like you, and that's fine.", []),
    ("Almost everyone replied to the invitation.", []),
    ("It's almost always cold in this flat.", []),
    ("I'm hardly ever home before eight.", []),
    ("Not all my days are lonely.", []),
    ("I don't completely hate it here.", []),
    ("I wasn't entirely honest with her.", []),
    ("Barely ever sees her grandkids.", []),
    ("I'm nearly always the first to arrive.", []),
    ("Almost nobody showed up to the protest.", []),
    ("Practically nobody uses that path.", []),
    ("It's not always easy, but we manage.", []),
    ("I don't always feel this way.", []),
    ("I'm not always on my phone, I swear.", []),
    ("Not everybody loved the film.", []),
    ("Not every teacher is strict.", []),
    ("Almost everything sold out by noon.", []),
    ("Nearly nothing was left of the cake.", []),
    ("Virtually everyone I know has a dog.", []),
    ("I'm not completely finished with the book.", []),
    ("That's not entirely true.", []),
    ("Rarely ever do I skip breakfast.", []),
    ("It hardly ever rains here in July.", []),
]

# --- Section 2, do not mark, rule 1: a double negative cancels ---------------------------

DOUBLE_NEGATIVE: list[Row] = [
    ("It's not like I never try.", []),
    ("It isn't like I never try.", []),
    ("It's not that I never call her.", []),
    ("It's not like nobody cares.", []),
    ("It's not as if nobody warned me.", []),
    ("it's not like i never go out lol", []),
    ("It's not like I never try, I just always fail.", [("always", "time", T)]),
    # second round, written after the tagger landed, without running it first
    ("It's not like nobody ever calls.", []),
    ("It's not that I never want to see you.", []),
    ("It's not that nobody likes me.", []),
]

# --- Section 2, do not mark, rule 2: fixed expressions with no totality meaning ----------

FIXED_EXPRESSIONS: list[Row] = [
    ("Are you all right after yesterday?", []),
    ("ALL RIGHT, I'll come to the party.", []),
    ("I'm alright, just tired.", []),
    ("After all, it was only a game.", []),
    ("All in all, it was a lovely trip.", []),
    ("First of all, thank you for listening.", []),
    ("Above all, I want you to be happy.", []),
    ("All of a sudden the lights went out.", []),
    ("I didn't sleep at all last night.", []),
    ("The essay is all but finished.", []),
    ("Let's sort this out once and for all.", []),
    ("For all I know, she already left.", []),
    ("We're all set for the move on Friday.", []),
    ("All the best with the new job!", []),
    ("Never mind, I found my keys.", []),
    ("never mind lol", []),
    ("NEVER MIND!!", []),
    ("It was pouring; nevertheless, we went for a walk.", []),
    ("Whatever, it doesn't matter.", []),
    ("However, the train arrived on time.", []),
    ("We still grab coffee every now and then.", []),
    ("Every once in a while I treat myself to cake.", []),
    ("Every so often I call my old roommate.", []),
    ("I see my kids every other weekend.", []),
    ("She works full-time at the library.", []),
    ("I bought whole grain bread for the week.", []),
    ("Alright, I'll call you later.", []),
    ("Nevertheless, she kept smiling.", []),
    ("Nonetheless, I went to the gym.", []),
    ("However hard it gets, I keep going.", []),
    ("Whatever you decide is fine with me.", []),
    ("Once and for all, I'm quitting sugar.", []),
    ("Are we all set for Saturday?", []),
    ("I'm not hungry at all.", []),
    ("Absolutely!", []),
    ("absolutely!!", []),
    ("ABSOLUTELY!", []),
    ("Definitely.", []),
    ("Definitely!", []),
    # a fixed expression next to a real claim leaves the claim marked
    ("Never mind, nobody ever reads these anyway.", [("nobody", "people", T), ("ever", "time", T)]),
    ("I'm alright, but everyone seems to forget me.", [("everyone", "people", T)]),
    ("First of all, I always mess things up.", [("always", "time", T)]),
    (
        "Whatever, I'm used to being alone all the time.",
        [("all the time", "time", T)],
    ),
    ("I didn't sleep at all, and everything hurts.", [("everything", "totality", T)]),
    ("Every now and then I feel like nobody sees me.", [("nobody", "people", T)]),
    # second round, written after the tagger landed, without running it first
    ("All right, let's go.", []),
    ("I'm all right, honestly.", []),
    ("Are you alright?", []),
    ("Alright alright, I'll do the dishes.", []),
    ("She's been distant; after all, she's busy.", []),
    ("I'm not sad at all.", []),
    ("Don't worry about it at all.", []),
    ("Never mind what he said.", []),
    ("Above all, be kind to yourself.", []),
    ("Above all else, rest.", []),
    ("All of a sudden I felt calm.", []),
    ("Once and for all, I'm deleting his number.", []),
    ("We're all set, thanks!", []),
    ("Whatever happens, I'll be there.", []),
    ("Whatever you need, just ask.", []),
    ("However you feel is valid.", []),
    ("Nevertheless, I'm proud of you.", []),
    ("I water the plants every other day.", []),
    ("I visit my aunt every other month.", []),
    ("Every so often, a letter arrives.", []),
    ("Every now and then the cat sneezes.", []),
    ("My mum works full-time as a nurse.", []),
    ("She's a full-time student.", []),
    ("Absolutely.", []),
    ("definitely!!", []),
    ("All the best, Sam", []),
    ("For all I know, he's asleep.", []),
    ("Whatever I do, it's never enough.", [("never", "time", T)]),
]

# --- Section 2, do not mark, rule 3: `ever` only when it intensifies a negative or universal

EVER: list[Row] = [
    ("Nothing ever changes around here.", [("Nothing", "totality", T), ("ever", "time", T)]),
    ("No one ever calls me back.", [("No one", "people", T), ("ever", "time", T)]),
    ("Nobody ever texts me first.", [("Nobody", "people", T), ("ever", "time", T)]),
    ("I never ever get invited anywhere.", [("never", "time", T), ("ever", "time", T)]),
    ("I don't ever feel safe around people.", [("ever", "time", T)]),
    ("I won't ever love again.", [("ever", "time", T)]),
    ("I can't ever do anything right.", [("ever", "time", T)]),
    ("Everything I ever try falls apart.", [("Everything", "totality", T), ("ever", "time", T)]),
    ("Have you ever been to Lisbon?", []),
    ("Did you ever finish that book?", []),
    ("Will it ever stop raining?", []),
    ("I feel better than ever.", []),
    ("I'm busier than ever at work.", []),
    ("That was the best pizza ever.", []),
    ("She's the kindest person I've ever met.", []),
    ("Ever since the move, I've been sleeping well.", []),
    ("ever since we talked i feel lighter", []),
    ("She's been cheerful ever since.", []),
    ("Have you ever felt this way?", []),
    ("This is the worst cold ever.", []),
    ("Best day ever!!", []),
    ("More than ever, I need a break.", []),
    ("If ever you're in town, give me a call.", []),
    ("It was ever so kind of you to come.", []),
    ("Thanks ever so much for the flowers.", []),
    # second round, written after the tagger landed, without running it first
    ("Nobody ever asks how I'm doing.", [("Nobody", "people", T), ("ever", "time", T)]),
    ("Nothing ever goes right for me.", [("Nothing", "totality", T), ("ever", "time", T)]),
    ("Nobody's ever going to love me.", [("Nobody", "people", T), ("ever", "time", T)]),
    (
        "Honestly, nothing I do is ever good enough.",
        [("nothing", "totality", T), ("ever", "time", T)],
    ),
    ("I won't ever be enough.", [("ever", "time", T)]),
    ("I'm not going to ever trust him again.", [("ever", "time", T)]),
    ("Do you ever think about me?", []),
    ("I'm happier than ever.", []),
    ("She sings better than ever.", []),
    ("Best birthday ever!", []),
    ("This is the best ever chocolate cake recipe.", []),
    ("Ever since I moved, I've made new friends.", []),
    ("If ever I win the lottery, I'll buy a boat.", []),
    ("Ever so slightly nervous, I walked in.", []),
]

# --- Section 2, do not mark, rule 4: `all` quantifying a counted set ---------------------

COUNTED_ALL: list[Row] = [
    ("All three of us went hiking.", []),
    ("I read all 20 pages last night.", []),
    ("All four of my roommates forgot my birthday.", []),
    ("We invited all ten cousins to the wedding.", []),
    ("all 3 of my exams are next week", []),
    ("I ate all five dumplings.", []),
    ("All seven of us squeezed into the car.", []),
    ("All three of us laughed, but I always feel left out.", [("always", "time", T)]),
    # second round, written after the tagger landed, without running it first
    ("All six of us shared a taxi.", []),
    ("I answered all 40 questions.", []),
    ("all 5 of us went bowling", []),
    ("We brought all four dogs to the park.", []),
    ("All twelve of the cupcakes vanished.", []),
]

# --- Section 2, do not mark, rule 5: words that only sound strong -------------------------

STRONG_SOUNDING: list[Row] = [
    ("I really miss her.", []),
    ("I'm very tired today.", []),
    ("I'm so tired of pretending.", []),
    ("Does anyone even notice me?", []),
    ("I can't do anything right.", []),
    ("I must try harder next time.", []),
    ("You must be exhausted after that shift.", []),
    ("It was so, so hard to say goodbye.", []),
    ("I really, really need a hug.", []),
    ("I'm extremely nervous about tomorrow.", []),
    ("Anyone would feel lonely in a city this big.", []),
    ("I'm super excited for Friday.", []),
    ("It's such a lovely day.", []),
    ("I'm incredibly grateful for you.", []),
    ("Anything is possible if you rest first.", []),
    ("I must admit I cried at the end.", []),
    ("Literally nobody came to my show.", [("nobody", "people", T)]),
    # second round, written after the tagger landed, without running it first
    ("I'm really, really lonely.", []),
    ("Anything I say gets twisted.", []),
    ("Anyone could do my job better.", []),
    ("I must be unlovable.", []),
    ("I'd give anything to have one friend who gets me.", []),
    ("It was so good to see you.", []),
    ("I really must call her.", []),
    ("Is anything wrong?", []),
    ("Has anyone seen my charger?", []),
    ("Hardly anyone came, but it was cosy.", []),
]

# --- Section 2, do not mark, rule 5: whole words only, so look-alikes are not in the list -

LOOKALIKES: list[Row] = [
    ("I'll allow myself a nap after lunch.", []),
    ("My allowance came through today.", []),
    ("Neverland was her favourite ride.", []),
    ("The wholesale market opens at five.", []),
    ("We planted an evergreen hedge.", []),
    ("Whoever took my mug, please bring it back.", []),
    ("Wherever you go, text me.", []),
    ("Whenever you're ready, we can leave.", []),
    ("Completion of the course takes six weeks.", []),
    ("Constance is my aunt's name.", []),
    ("Everest is on my bucket list.", []),
    ("Several friends came over for dinner.", []),
    ("The totals don't add up.", []),
    ("Small talk makes me nervous.", []),
]

# --- Section 2, distress: the table of ANNOTATION.md, then more of both kinds -------------

DISTRESS: list[Row] = [
    ("No one ever listens to me.", [("No one", "people", T), ("ever", "time", T)]),
    ("I always ruin everything.", [("always", "time", T), ("everything", "totality", T)]),
    ("Everyone at the party seemed to belong except me.", [("Everyone", "people", T)]),
    ("I'll be alone forever.", [("forever", "time", T)]),
    ("It's always nice to see you.", [("always", "time", F)]),
    ("I walk the dog every day.", [("every day", "time", F)]),
    ("I've never been to Japan.", [("never", "time", F)]),
    ("Everything went perfectly at the wedding.", [("Everything", "totality", F)]),
    ("I never said I didn't want to come.", [("never", "time", F)]),
    # more distress
    ("I never fit in anywhere.", [("never", "time", T)]),
    ("Everyone leaves me eventually.", [("Everyone", "people", T)]),
    ("I always end up on my own.", [("always", "time", T)]),
    ("My life will never get better.", [("never", "time", T)]),
    ("I'm always the one who gets left out.", [("always", "time", T)]),
    ("Nothing I say comes out right.", [("Nothing", "totality", T)]),
    (
        "I'm completely exhausted all the time.",
        [("completely", "totality", T), ("all the time", "time", T)],
    ),
    ("Everybody else has their life together.", [("Everybody", "people", T)]),
    ("I never get anything right.", [("never", "time", T)]),
    ("Things will always be this hard.", [("always", "time", T)]),
    # more benign
    ("I always sing in the shower.", [("always", "time", F)]),
    ("We never lock the back door.", [("never", "time", F)]),
    ("Everyone is invited to the barbecue on Saturday.", [("Everyone", "people", F)]),
    ("My grandma always saves me the last slice.", [("always", "time", F)]),
    ("Nothing went wrong at the launch.", [("Nothing", "totality", F)]),
    ("Everything is ready for the trip.", [("Everything", "totality", F)]),
    ("I've always loved the smell of rain.", [("always", "time", F)]),
    ("She's always been my best friend.", [("always", "time", F)]),
    ("I'll never forget how kind you were.", [("never", "time", F)]),
    ("I never said it was your fault.", [("never", "time", F)]),
    # distress is decided per sentence
    (
        "It's always nice to see you. No one ever visits me anymore.",
        [("always", "time", F), ("No one", "people", T), ("ever", "time", T)],
    ),
    # second round, written after the tagger landed, without running it first
    ("I always feel like the odd one out.", [("always", "time", T)]),
    ("They never include me in their plans.", [("never", "time", T)]),
    ("I never miss my morning run.", [("never", "time", F)]),
    ("Everyone in my life eventually gives up on me.", [("Everyone", "people", T)]),
    ("Everything smells of cinnamon at Christmas.", [("Everything", "totality", F)]),
    ("I'm always happy to help.", [("always", "time", F)]),
    ("I'm always, always the last one picked.", [("always", "time", T), ("always", "time", T)]),
    ("I'll always be the fat kid to them.", [("always", "time", T)]),
    ("My sister and I always laugh at the same jokes.", [("always", "time", F)]),
    ("I'm always tired and nobody notices.", [("always", "time", T), ("nobody", "people", T)]),
    ("They always forget to invite me.", [("always", "time", T)]),
    ("She always forgets her keys, bless her.", [("always", "time", F)]),
]

# --- Case and punctuation variants --------------------------------------------------------

CASE_AND_PUNCTUATION: list[Row] = [
    ("NOBODY CARES ABOUT ME", [("NOBODY", "people", T)]),
    ("I'll NEVER be good enough!!", [("NEVER", "time", T)]),
    ("Would I eat there again? NEVER!!", [("NEVER", "time", F)]),
    ("NO ONE listens to me", [("NO ONE", "people", T)]),
    ("i feel like a failure ALL THE TIME", [("ALL THE TIME", "time", T)]),
    ("I'm ALWAYS alone.", [("ALWAYS", "time", T)]),
    ("everyone hates me lol", [("everyone", "people", T)]),
    ("u always leave me on read", [("always", "time", T)]),
    ("nobody ever texts me back smh", [("nobody", "people", T), ("ever", "time", T)]),
    ("nothing ever works out for me", [("nothing", "totality", T), ("ever", "time", T)]),
    ("Everyone... just ignores me.", [("Everyone", "people", T)]),
    ("No, one of us has to stay behind.", []),
    ("HAVE YOU EVER seen a moose?", []),
    # second round, written after the tagger landed, without running it first
    ("EVERYONE LEAVES ME", [("EVERYONE", "people", T)]),
    ("i always mess up", [("always", "time", T)]),
    ("NOTHING EVER CHANGES", [("NOTHING", "totality", T), ("EVER", "time", T)]),
    ("i NEVER get invited anywhere!!!", [("NEVER", "time", T)]),
    ("ppl always leave me out", [("always", "time", T)]),
]

TABLES: dict[str, list[Row]] = {
    "time": TIME_WORDS,
    "people": PEOPLE_WORDS,
    "totality": TOTALITY_WORDS,
    "certainty": CERTAINTY_WORDS,
    "multi_word": MULTI_WORD,
    "hedged": HEDGED,
    "double_negative": DOUBLE_NEGATIVE,
    "fixed": FIXED_EXPRESSIONS,
    "ever": EVER,
    "counted_all": COUNTED_ALL,
    "strong_sounding": STRONG_SOUNDING,
    "lookalikes": LOOKALIKES,
    "distress": DISTRESS,
    "case": CASE_AND_PUNCTUATION,
}

ALL_ROWS: list[Row] = [row for rows in TABLES.values() for row in rows]
ALL_SENTENCES: list[str] = [text for text, _ in ALL_ROWS]


def _params(rows: list[Row]) -> list[object]:
    return [pytest.param(text, expected, id=text) for text, expected in rows]


def _spans(nlp: Language, text: str) -> Expected:
    doc = nlp(text)
    return [(s.text, s.label_, s._.distress) for s in doc.spans["absolutist"]]


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("resonance_absolutist")
    yield pipeline


@pytest.mark.parametrize(("text", "expected"), _params(TIME_WORDS))
def test_time_words(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(PEOPLE_WORDS))
def test_people_words(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(TOTALITY_WORDS))
def test_totality_words(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(CERTAINTY_WORDS))
def test_certainty_words(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(MULTI_WORD))
def test_multi_word_expressions_are_one_span(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(HEDGED))
def test_negated_and_hedged_uses_are_not_marked(
    nlp: Language, text: str, expected: Expected
) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(DOUBLE_NEGATIVE))
def test_double_negative_cancels(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(FIXED_EXPRESSIONS))
def test_fixed_expressions_are_not_marked(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(EVER))
def test_ever_only_as_intensifier(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(COUNTED_ALL))
def test_counted_all_is_not_marked(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(STRONG_SOUNDING))
def test_words_that_only_sound_strong(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(LOOKALIKES))
def test_look_alike_words_are_not_marked(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(DISTRESS))
def test_distress_versus_benign(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), _params(CASE_AND_PUNCTUATION))
def test_case_and_punctuation_variants(nlp: Language, text: str, expected: Expected) -> None:
    assert _spans(nlp, text) == expected


@pytest.mark.parametrize("text", ALL_SENTENCES)
def test_spans_are_ordered_and_never_overlap(nlp: Language, text: str) -> None:
    doc = nlp(text)
    spans = list(doc.spans["absolutist"])
    for before, after in pairwise(spans):
        assert before.end <= after.start, (before.text, after.text)


@pytest.mark.parametrize("text", ALL_SENTENCES)
def test_spans_lie_on_token_boundaries(nlp: Language, text: str) -> None:
    doc = nlp(text)
    token_starts = {token.idx for token in doc}
    token_ends = {token.idx + len(token) for token in doc}
    for span in doc.spans["absolutist"]:
        assert len(span) > 0
        assert span.start_char in token_starts
        assert span.end_char in token_ends
        same = doc.char_span(span.start_char, span.end_char)
        assert same is not None
        assert (same.start, same.end) == (span.start, span.end)
        assert text[span.start_char : span.end_char] == span.text


@pytest.mark.parametrize("text", ALL_SENTENCES)
def test_span_labels_are_categories_and_distress_is_bool(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for span in doc.spans["absolutist"]:
        assert span.label_ in {"time", "people", "totality", "certainty"}
        assert isinstance(span._.distress, bool)


def test_tables_hold_enough_sentences_and_negatives() -> None:
    negatives = [text for text, expected in ALL_ROWS if not expected]
    with_fewer_spans = [
        text
        for name in ("hedged", "double_negative", "fixed", "counted_all", "strong_sounding")
        for text, expected in TABLES[name]
        if expected
    ]
    positives = [text for text, expected in ALL_ROWS if expected and text not in with_fewer_spans]
    assert len(set(ALL_SENTENCES)) == len(ALL_SENTENCES), "a sentence appears twice"
    assert len(ALL_ROWS) >= 170
    assert len(negatives) + len(with_fewer_spans) >= len(positives)
