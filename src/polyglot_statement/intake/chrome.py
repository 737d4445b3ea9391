"""Site chrome: the lines a website's theme puts around every page (skip links, menus,
share buttons, "Posted in", theme credits, cookie banners, comment forms), which a text
copied from the page or an extractor's leftovers still hold. Never a statement's words.

Each pattern matches a whole short line, so a sentence of the statement that mentions
cookies or comments is never taken for chrome.
"""

from __future__ import annotations

import re

from polyglot_statement.intake.notices import notice_reason

# A line of chrome is short: menus and credits are a few words, never a paragraph.
_LONGEST = 120
# Longer, and still chrome: a cookie banner, a licence note, and a teaser's headline
# after its lead ("Also on RT.com: …", "Explore further: …").
_LONG_CHROME = re.compile(
    r"cookie|\blicensed\s+under\b|^(also\s+on\s+\S+\.[a-z]{2,4}|explore\s+further)\b",
    re.IGNORECASE,
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "skip links",
            r"(press\s+[\"“”']?enter[\"“”']?\s+to\s+)?skip\s+to\s+(the\s+)?(main\s+)?(content|navigation|menu)\.?",
        ),
        ("theme credits", r".{0,60}\btheme\s+by\s+.{1,60}"),
        ("theme credits", r"(proudly\s+)?powered\s+by\s+\S.{0,60}"),
        ("theme credits", r"(site\s+)?(designed|built|made)\s+(by|with)\s+\S.{0,40}"),
        ("theme credits", r"(copyright\s*)?(©|\(c\))\s*\d{4}.{0,80}"),
        (
            "“read also” teasers",
            r"((read|see)\s+(also|more)|lea(\s+(también|más))?|lee\s+también|lire\s+aussi|"
            r"à\s+lire\s+aussi|leia\s+também|czytaj\s+(więcej|też|także)|"
            r"mehr\s+(aus|zum|zu|interessantes)|das\s+könnte\s+sie\s+auch\s+interessieren|"
            # A lead and a colon, or a lead and a few words: "See also the report of the
            # ILO." is a sentence of the statement.
            r"viel\s+gelesen)\b(\s*:.{0,150}|(\s+\S+){0,4})",
        ),
        # phys.org's "Explore further: …" and "Also on RT.com: …" under the article, a
        # site's name after "also on", not a sentence's "also on Monday".
        (
            "“read also” teasers",
            r"(explore\s+further|also\s+on\s+\S+\.[a-z]{2,4})\b\s*:?.{0,150}",
        ),
        (
            "“read also” teasers",
            # Only with a colon, in brackets or not: "Related: Chicago is America's most
            # segregated city", "[Read: Why Tunisia … suffers from Islamist violence]".
            r"\[?(related|read|learn\s+more|watch)\s*:.{1,150}",
        ),
        # A video's or a gallery's controls: "Watch video 02:17", "View Graphic".
        (
            "media players",
            r"(watch|play)\s+(the\s+)?(video|audio)(\s+\d{1,2}:\d{2})?|"
            r"view\s+(graphic|photos?|gallery|slideshow|video)|\d+\s+of\s+\d+(\s+(photos|images))?",
        ),
        # The site's licence under every page, not the statement's words.
        (
            "licence notes",
            r"(this\s+(website|site|blog)|all\s+content|content\s+on\s+this\s+(site|website)|"
            r"except\s+where\s+otherwise\s+noted).{0,80}\blicensed\s+under\b.{0,200}",
        ),
        # A picture's file name where the picture was: "WEB18-Facebook-1160x768.jpg".
        ("images' file names", r"\S{1,80}\.(jpe?g|png|gif|webp|svg|tiff?)"),
        # A picture's credit on a line of its own: "Photo: iFixit", "Credit: Getty Images",
        # "Фото: личный архив Андрея Рудькова", "(Image: GETTY)". A few words: a caption
        # the author wrote after "Photo:" is longer.
        (
            "picture credits",
            r"\(?(photo|photograph|image|picture|credit|photo\s+credit|image\s+credit|foto|"
            r"bild|фото|crédit|crédito)s?\s*:\s*\S+(\s+\S+){0,4}?\s*\)?",
        ),
        # An article's information list: "Permalink https://p.dw.com/p/3WRPd".
        (
            "“Posted in” lines",
            r"(permalink|keywords|related\s+subjects|short\s+url)\b\s*:?\s.{1,200}",
        ),
        (
            "bylines and dates",
            r"(posted|published|written)\s+(on|by)\s.{1,100}|(last\s+)?(updated|modified)\s*:.{1,60}",
        ),
        ("“Posted in” lines", r"(posted|filed|published)\s+(in|under)\b.{0,100}"),
        # ("Topics: pay, pensions and safety." can be a statement's line: not taken.)
        ("“Posted in” lines", r"(tags?|tagged|categories|category|topic)\s*:.{0,100}"),
        # "Related Roundup: MacBook Pro", "Related Topics: …": the site's index of the
        # subject (not "Related demands: …", a statement's).
        (
            "“read also” teasers",
            r"related\s+(roundups?|topics?|coverage|stories|articles|links|content|posts|"
            r"news|reading|videos?|galleries|subjects)\s*:.{1,100}",
        ),
        (
            "share buttons",
            r"(share\s+(this|on|via)\b.{0,60}|(click\s+to\s+)?share\s*:?|tweet|"
            r"(print\s+)?print\s+this\s+(page|article|story))",
        ),
        # An advertisement's label, left where the advertisement was.
        (
            "advertisements",
            r"advert|advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|"
            r"sponsored(\s+content)?|((story|article)\s+continues\s+)?below(\s+this)?\s+"
            r"(advertisement|ad)|(story|article)\s+continues\s+below",
        ),
        # An article's information list: "Date 19.01.2020", "Author Ben Knight",
        # "Feedback: Send us your feedback." (DW; German ministries' "Datum", "Autor").
        (
            "“Posted in” lines",
            r"(date|datum|fecha|publication\s+date)\s*:?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|"
            r"(author|autor|autorin|auteur)\s*:?\s*(?-i:[A-Z][\w'.-]*)(\s+(?-i:[A-Z][\w'.-]*)){1,3}|"
            r"(feedback\s*:?\s*)?send\s+us\s+your\s+feedback\.?",
        ),
        # A newsletter's or a subscription's call, where a promotion box stood.
        (
            "promotions, newsletter, subscription and donation boxes",
            r"subscribe(\s+(now|today|here))?|subscribe\s+to\s+\S.{0,100}|"
            r"sign\s+up\s+(for|to)\s+(our|the)\s+(\S+\s+){0,2}newsletters?\b.{0,100}",
        ),
        (
            "share buttons",
            r"((facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|reddit|pinterest)[\s,|·•/]*){2,}",
        ),
        (
            "menus",
            r"(toggle\s+)?(navigation|menu|main\s+menu|open\s+menu|close\s+menu|search(\s+for)?:?|home)",
        ),
        ("menus", r"(previous|next)\s+(post|article|story)\s*:?.{0,100}"),
        # A reader's controls left as text: "Text size", "Font size".
        ("menus", r"(text|font)\s+size"),
        # The reading time under a title: "5 min read", "Tempo de leitura: 1 minuto",
        # "Lesezeit: 3 Min.".
        (
            "bylines and dates",
            r"\d+\s*(min|mins|minutes?|minutos?|minuten)\.?\s+(read|de\s+leitura|de\s+lectura)|"
            r"(reading\s+time|read\s+time|tempo\s+de\s+leitura|tiempo\s+de\s+lectura|lesezeit|"
            r"temps\s+de\s+lecture)\s*:?\s*\d+\s*(min|mins|minutes?|minutos?|minuten)?\.?",
        ),
        # Post navigation: "← Previous: Chasing Quick Fixes To Sustainability".
        ("menus", r"[←‹«<]?\s*(previous|next|older|newer)\s*:.{1,100}"),
        ("menus", r"(read\s+more|continue\s+reading)\b.{0,60}"),
        ("cookie banners", r".{0,100}\b(this\s+(web)?site|we)\s+uses?\s+cookies\b.{0,300}"),
        (
            "cookie banners",
            r"(accept|reject|decline)(\s+all)?(\s+cookies)?|cookie\s+(settings|policy|preferences)",
        ),
        (
            "comment forms",
            r"(leave\s+a\s+(reply|comment)|post\s+comment|\d+\s+comments?|no\s+comments(\s+yet)?|comments\s+are\s+closed\.?)",
        ),
        (
            "comment forms",
            r"(your\s+email\s+address\s+will\s+not\s+be\s+published\.?.{0,100}|required\s+fields\s+are\s+marked.{0,20})",
        ),
        ("comment forms", r"(name|email|website|comment)\s*\*?"),
        ("comment forms", r"save\s+my\s+name,\s+email,?\s+and\s+website.{0,100}"),
        (
            "menus",
            r"(related\s+(posts|articles)|you\s+may\s+also\s+like|recent\s+posts|archives)\s*:?",
        ),
    )
)


# A line that only announces links to other articles ("Read more:", "Related stories"):
# chrome itself, and the links after it are teasers (tidy.py drops them with it).
_TEASER_LEAD = re.compile(
    r"\[?(read\s+(more|also|next)|see\s+also|related(\s+(posts|articles|stories|content|"
    r"coverage|links|reading))?|more\s+(on\s+this\s+(story|topic)|to\s+explore|(\S+\s+){0,2}stories|"
    r"articles\s+in\s+\S+)|most\s+(read|popular|viewed|shared)(\s+\S+){0,3}|"
    r"you\s+may\s+also\s+like|further\s+reading|(our\s+)?latest\s+(stories|news|articles|posts)|"
    r"don[’']?t\s+miss|related\s+news|top\s+stories|trending(\s+now)?|editor[’']?s\s+picks|"
    r"recommended(\s+(for\s+you|stories|articles|reading))?|popular\s+(now|stories|articles|posts)|lesen\s+sie\s+(auch|mehr)|mehr\s+zum\s+thema|"
    r"(ähnliche|verwandte)\s+(beiträge|artikel)|(à\s+)?lire\s+aussi|articles\s+(similaires|"
    r"connexes)|lea\s+también|leer\s+más|(noticias|artículos)\s+relacionad[oa]s|"
    r"leia\s+também|leggi\s+anche|explore\s+further|(related\s+)?topics|partner\s+news|more(?=\s*:))\s*(:|\.{3}|…)?\]?",
    re.IGNORECASE,
)


def teaser_lead(line: str) -> bool:
    return _TEASER_LEAD.fullmatch(" ".join(line.split())) is not None


def page_chrome_reason(line: str) -> str | None:
    """chrome_reason, and the notices a site puts between a story's paragraphs: for a web
    page only (a pasted text or an office document holds the author's own sentences)."""
    return notice_reason(line) or chrome_reason(line)


def chrome_reason(line: str) -> str | None:
    """Why this line (a block's text) is site chrome, or None when it may be the statement's."""
    text = " ".join(line.split())
    # Cookie banners and licence notes are a sentence or two, longer than a menu line.
    if not text or (len(text) > _LONGEST and not _LONG_CHROME.search(text)):
        return None
    if len(text) > 400:
        return None
    if teaser_lead(text):
        return "“read also” teasers"
    for reason, pattern in _PATTERNS:
        if pattern.fullmatch(text):
            return reason
    return None
