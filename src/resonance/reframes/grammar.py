"""Small English grammar helpers for rewrites: verb agreement, articles, capitals.

They work on tokens from a blank spaCy pipeline (no tagger or parser), so they rely on
closed word lists and spelling, and are deliberately conservative: when unsure they leave
a word alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Third-person singular forms and their plural counterparts ("everyone is" -> "people are").
SINGULAR_TO_PLURAL = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "'s": "are",
    "isnt": "arent",
    "wasnt": "werent",
    "hasnt": "havent",
    "doesnt": "dont",
}
# Verbs that do not change with the number of their subject.
NON_AGREEING = frozenset(
    {
        "can",
        "could",
        "will",
        "would",
        "should",
        "might",
        "must",
        "may",
        "shall",
        "'ll",
        "'d",
        "did",
        "didnt",
        "ca",
        "wo",
        "cant",
        "wont",
        "gonna",
        "had",
        "used",
        "got",
        "seemed",
    }
)
# Words skipped while looking for the verb after a subject.
SKIPPABLE = frozenset(
    {
        "ever",
        "really",
        "just",
        "still",
        "even",
        "always",
        "never",
        "also",
        "actually",
        "literally",
        "kinda",
        "probably",
        "already",
        "all",
        "else",
        "totally",
        "completely",
        "truly",
        "honestly",
        "seriously",
        "barely",
        "only",
        "sometimes",
        "often",
        "rarely",
        "now",
        "here",
        "there",
    }
)
PERSONAL_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they", "it", "u", "ya"})
NOUN_MARKERS = frozenset(
    {
        "the",
        "a",
        "an",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "in",
        "at",
        "on",
        "of",
        "from",
        "with",
        "around",
        "about",
        "for",
        "to",
        "near",
        "like",
        "except",
        "but",
        "than",
        "some",
        "many",
        "other",
        "few",
    }
)
NOT_VERBS = frozenset(
    {
        "this",
        "thus",
        "plus",
        "yes",
        "us",
        "always",
        "sometimes",
        "perhaps",
        "besides",
        "unless",
        "whereas",
        "others",
        "news",
        "lots",
        "less",
        "nevertheless",
        "afterwards",
        "towards",
    }
)
PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "on",
        "of",
        "from",
        "with",
        "around",
        "about",
        "for",
        "near",
        "except",
        "like",
        "into",
        "across",
        "behind",
        "outside",
        "inside",
    }
)
MODALS = frozenset({"will", "'ll", "ll", "can", "could", "would", "'d", "shall", "wo", "ca"})
VOWEL_SOUND_EXCEPTIONS = frozenset({"hour", "honest", "honestly", "honour", "honor", "heir"})
CONSONANT_SOUND_EXCEPTIONS = frozenset(
    {
        "one",
        "once",
        "user",
        "university",
        "unique",
        "usual",
        "useful",
        "useless",
        "european",
        "uni",
    }
)


PARTICIPLES = frozenset(
    {
        "been",
        "gone",
        "got",
        "gotten",
        "done",
        "left",
        "had",
        "lost",
        "found",
        "made",
        "given",
        "forgotten",
        "taken",
        "seen",
        "known",
        "grown",
        "become",
        "said",
        "told",
        "heard",
        "felt",
    }
)


def plural_verb(word: str, following: str = "") -> str:
    """The plural present form of a third-person singular verb ("hates" -> "hate").

    ``following`` is the next word, which tells "'s" as "has" ("'s moved on") from "is".
    Keeps the capitalisation of ``word``. Words that are not singular present forms come
    back unchanged.
    """
    low = word.lower()
    nxt = following.lower()
    if low == "'s" and (nxt in PARTICIPLES or nxt.endswith("ed")):
        plural = "have"
    elif low in SINGULAR_TO_PLURAL:
        plural = SINGULAR_TO_PLURAL[low]
    elif low.endswith("ies") and len(low) > 4:
        plural = low[:-3] + "y"
    elif low.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        plural = low[:-2]
    elif _looks_singular_present(low):
        plural = low[:-1]
    else:
        return word
    return match_case(plural, word)


def _looks_singular_present(low: str) -> bool:
    return (
        len(low) > 2
        and low.endswith("s")
        and low not in NOT_VERBS
        and not low.endswith(("ss", "us", "is", "'s", "ous"))
    )


def agreeing_verb(doc: Doc | Span, start: int, end: int) -> int | None:
    """Index in ``doc`` of the verb that agrees with the subject ending at ``end``.

    Scans at most eight tokens up to the end of ``end``'s sentence, skipping adverbs,
    prepositional phrases ("everyone *in my class* hates me") and a short relative clause
    ("everything *I do* is wrong"). Returns None when the verb does not inflect for number
    or none is found.
    """
    tokens = doc.doc if isinstance(doc, Span) else doc
    sent_end = tokens[end - 1].sent.end if tokens.has_annotation("SENT_START") else len(tokens)
    limit = min(len(tokens), end + 8, sent_end)
    k = end
    if k < limit and tokens[k].lower_ in PERSONAL_PRONOUNS:
        k += 2
    in_phrase = False
    while k < limit:
        token = tokens[k]
        low = token.lower_
        if token.is_punct or token.is_space:
            return None
        if low in SINGULAR_TO_PLURAL:
            return k
        if low in NON_AGREEING or (low.endswith("ed") and k > end):
            return None
        in_phrase = in_phrase or low in PREPOSITIONS
        if low in SKIPPABLE or low in NOUN_MARKERS or _after_noun_marker(tokens, k, end):
            k += 1
            continue
        if plural_verb(token.text) != token.text:
            return k
        if not in_phrase:
            return None
        k += 1
    return None


def starts_with_verb(doc: Doc, end: int) -> bool:
    """Whether the words right after ``end`` begin with a singular present verb
    ("the way everyone *looks* at me"): then the expression before is a subject."""
    k = end
    while k < len(doc) and doc[k].lower_ in SKIPPABLE:
        k += 1
    if k >= len(doc):
        return False
    low = doc[k].lower_
    if low == "'s":
        return False
    return low in SINGULAR_TO_PLURAL or (doc[k].is_alpha and _looks_singular_present(low))


def _after_noun_marker(doc: Doc, k: int, end: int) -> bool:
    return k > end and doc[k - 1].lower_ in NOUN_MARKERS


def match_case(word: str, model: str) -> str:
    """Give ``word`` the capitalisation of ``model`` (lower, Title or UPPER)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def capitalize_first(text: str) -> str:
    """Upper-case the first letter of ``text``."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def lower_first(token: Token, stop_words: frozenset[str] | set[str]) -> str:
    """The token's text, lower-cased if it is a common word that only had a capital as the
    first word of its sentence ("My", "Everything"); names and "I" keep their capitals."""
    if token.text == "I" or token.lower_.startswith("i'") or token.is_upper:
        return token.text
    return token.lower_ if token.lower_ in stop_words else token.text


def fix_articles(words: list[str]) -> list[str]:
    """Turn "a"/"an" into the form the next word needs ("an entire day" -> "a day")."""
    fixed = list(words)
    for i, word in enumerate(fixed[:-1]):
        if word.lower() not in ("a", "an"):
            continue
        article = "an" if _vowel_sound(fixed[i + 1]) else "a"
        fixed[i] = match_case(article, word)
    return fixed


def _vowel_sound(word: str) -> bool:
    low = word.lower().strip("\"'“”‘’")
    if not low or not low[0].isalpha():
        return False
    if any(low.startswith(w) for w in VOWEL_SOUND_EXCEPTIONS):
        return True
    if any(low.startswith(w) for w in CONSONANT_SOUND_EXCEPTIONS):
        return False
    return low[0] in "aeiou"
