"""The notices a site puts between or after an article's paragraphs, a sentence or two
long, which chrome.py's short-line patterns do not reach: calls to subscribe to a
newsletter, a magazine or an app, affiliate-link disclosures, the author's address under
a story ("Write to … at …@…") and a dateline after it, and the invitations to comment or
share. Not the story's credit line ("… contributed to this report"): the hand-made
references of benchmarks/intake_bench.py keep it as the article's.

Each kind was found on several unrelated sites among benchmarks/intake_bench.py's
development pages (docs/performance.md lists them). Each pattern needs the words that
make a notice of it (a newsletter, an inbox, an app, a commission on links), never a
single word a statement could use in a sentence ("sign up", "commission", "newsletter"),
and the paragraph is short: a statement's paragraph that says more is left alone.
"""

from __future__ import annotations

import re

# A notice is a sentence or two.
_LONGEST_WORDS = 60

_NOTICES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "promotions, newsletter, subscription and donation boxes",
            # "Sign up for our email newsletters here", "Get the day's top headlines
            # delivered to your inbox every morning by subscribing to our newsletter",
            # "Subscribe to our sister title … Magazine", "Click here to get the Fox News
            # App", "Get access to … subscriptions service … for as little as Rs 599".
            # The call begins a sentence: "The strike begins on Monday;
            # subscribe to our newsletter for updates" is a statement's sentence.
            r"(^|[.?!]\s+)((sign(ing)?\s+up|subscrib\w*|get|receive)\b.{0,120}"
            r"\b(newsletters?|inbox)\b|newsletters?\b.{0,80}\b(sign(ing)?\s+up|subscrib\w*)\b|"
            r"subscrib\w*\s+to\s+(our|the)\s+(\S+\s+){0,4}(magazine|title|edition|podcast)\b|"
            r"(click(ing)?\s+here|tap\s+here)\b.{0,60}\b(app|subscrib\w*|newsletters?|"
            r"sign\s+up)\b|(get|download)\s+the\s+(\S+\s+){0,3}app\b.{0,40}$|"
            r"(get|stay)\s+.{0,40}\bon\s+the\s+go\s+by\s+clicking\s+here\b|"
            r"get\s+access\b.{0,80}\b(subscription|subscriptions)\s+service\b)",
        ),
        (
            "affiliate-link disclosures",
            # "Microsoft may earn an Affiliate Commission if you purchase something through
            # recommended links", "IGN may get a share of the sale", "We use income earning
            # auto affiliate links".
            r"\baffiliate\s+(commissions?|links?|partners?|programs?)\b|"
            # A commission or a share of a sale only with what earns it: "Workers will get
            # a share of the sales under the new agreement" is a statement's.
            r"\b(may|might|could|will)\s+(earn|receive|get|make)\s+(a|an)\s+(small\s+)?"
            r"(affiliate\s+)?(commission|share\s+of\s+(the\s+)?sales?)\b"
            r"(?=.{0,120}\b(links?|purchase\w*|buy|products?)\b)",
        ),
        (
            "bylines and dates",
            # The author's address under the story, and a dateline after it. (A news
            # story's credit line, "… contributed to this report", is the story's: the
            # references of benchmarks/intake_bench.py keep it.)
            r"^(write|writes|email|e-mail)\s+to\s+.{1,60}\s+at\s+\S+@\S+|"
            r"\bmay\s+be\s+reached\s+at\s+\S+@\S+|"
            # The call alone, a handle at most: "Follow us on Twitter, where we will post
            # where the march starts" is a statement's.
            r"^follow\s+(me|us|him|her)\s+on\s+(twitter|x|facebook|instagram|linkedin)"
            r"((\s*(,|and|&)\s*|\s+)(twitter|x|facebook|instagram|linkedin))*"
            r"(\s*(at|:)?\s*@\S+)?\s*[.!]?$|"
            r"^(first\s+)?(published|posted|updated)\s*:?\s+((mon|tues|wednes|thurs|fri|"
            r"satur|sun)day,?\s+)?\S+\s+\d{1,2},?\s+\d{4}.{0,30}$",
        ),
        (
            "comment forms",
            # "Comments", "Tell us what you think", "Share your thoughts with friends",
            # "Like this story? Share it with a friend!"
            r"^((\d+\s+)?comments?\s*)+$|^(tell\s+us\s+what\s+you\s+think|share\s+your\s+"
            r"thoughts|join\s+the\s+(conversation|discussion))\b.{0,60}$|"
            r"^(like|liked|enjoy|enjoyed)\s+this\s+(story|article|post)\b.{0,20}\bshare\b.{0,40}$",
        ),
    )
)


def notice_reason(line: str) -> str | None:
    """Why this block's text is one of the site's notices, or None."""
    text = " ".join(line.split())
    if not text or len(text.split()) > _LONGEST_WORDS:
        return None
    for reason, pattern in _NOTICES:
        if pattern.search(text):
            return reason
    return None


# A picture's credit at the end of its caption: "… lose its autonomy (Image: GETTY )",
# "… from a disposable nasal cannula (Photo Credit: PTI/File Photo)", "Photograph: AFP via
# Getty", "(AP Photo/Alan Diaz, File)", "Image via Getty Images". The caption is the
# article's; its credit is the site's (chrome.py drops a credit on a line of its own).
_TRAILING_CREDIT = re.compile(
    r"\s[(\[]?\s*((photo|photograph|image|picture|credit|photo\s+credit|image\s+credit|"
    r"foto|bild|фото|crédit|crédito)s?\s*:|(photo|image)\s+via\b|(\w+\s+)?photo\s*/)"
    r"\s*[^()\[\]:]{1,60}?\s*[)\]]?\s*$",
    re.IGNORECASE,
)
_LONGEST_CREDIT = 8
# The caption before a credit: a credit alone is chrome.py's.
_SHORTEST_CAPTION = 3


def trailing_credit(text: str) -> int:
    """How many words at the end of a paragraph are a picture's credit (0: none)."""
    text = " ".join(text.split())
    found = _TRAILING_CREDIT.search(text)
    if found is None:
        return 0
    credit = found.group().strip()
    source = re.split(r"[:/]|\bvia\b", credit, maxsplit=1)[-1].strip(" ()[]")
    # A name, or a credit in brackets: "photo: it was taken in Lima" is a sentence.
    named = credit[0] in "([" or (source[:1].isupper())
    before = len(text[: found.start()].split())
    words = len(credit.split())
    return words if named and words <= _LONGEST_CREDIT and before >= _SHORTEST_CAPTION else 0
