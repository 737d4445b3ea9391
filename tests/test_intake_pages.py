"""`polyglot new` on saved web pages nobody here wrote, for the classes of site chrome
and lost text that benchmarks/intake_bench.py found: each test is a real page (or a real
page cut down to the part in question) from the test sets of trafilatura and readability
(tests/data/intake/pages/README.md lists them with their licences).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from polyglot_statement.config import load_settings
from polyglot_statement.intake import new_statement
from polyglot_statement.intake.boxes import name_words, without_boxes
from polyglot_statement.intake.chrome import chrome_reason
from polyglot_statement.intake.convert import html_tree
from polyglot_statement.intake.fields import page_title
from polyglot_statement.intake.pageparts import is_byline, without_teaser_cards
from polyglot_statement.intake.result import NewStatement
from polyglot_statement.intake.tidy import Tidying, plain_text, tidy_blocks
from polyglot_statement.intake.webpage import without_layout_tables

PAGES = Path(__file__).parent / "data" / "intake" / "pages"


def _new(workspace: Path, name: str) -> NewStatement:
    return new_statement(load_settings(workspace), PAGES / name, slug="case", dry_run=True)


def test_table_layout_site_is_not_read_whole_as_a_document(workspace: Path) -> None:
    # A party group's press page laid out in tables and divs, without <nav>, <header> or
    # <footer>: its body once passed for a document's export and came in whole, menus
    # and five teasers included.
    result = _new(workspace, "cdu-fraktion-erfurt.html")
    assert "Ein positives Signal gab es diese Woche für die Waldorfschule" in result.body
    assert "Die CDU-Fraktion setzt sich seit langem" in result.body
    assert "Mit Befremden nimmt CDU-Fraktionschef" not in result.body  # a teaser
    assert "weiter lesen" not in result.body


def test_alt_text_of_the_sites_images_is_not_text(workspace: Path) -> None:
    # The same page's slider: eleven pictures whose alt texts are the teasers' titles,
    # glued into one paragraph of the statement before.
    result = _new(workspace, "cdu-fraktion-erfurt.html")
    assert "Elefantengedächtnis" not in result.body
    assert "Kindergipfels" not in result.body
    assert any(
        item.reason.startswith("images on the site") and item.count >= 10 for item in result.dropped
    )


def test_alt_text_that_is_the_pictures_caption_stays(workspace: Path) -> None:
    # netzpolitik.org's WordPress figures: trafilatura keeps the <img> and its alt text,
    # not the <figcaption>; where the page shows the alt text as the caption, it is text.
    result = _new(workspace, "netzpolitik-figures.html")
    assert "\nDer Anwalt ist beeindruckt von seinem Mandanten.\n" in result.body
    assert "\nFirmen- und Beziehungsgeflecht der Cider Connection. Zum Vergrößern" in result.body


def test_blogger_post_marked_by_microformat_keeps_every_paragraph(workspace: Path) -> None:
    # blog.python.org (Blogger): no <article>, the post's text in hAtom's entry-content,
    # its paragraphs text between <br>s. trafilatura dropped one of them.
    result = new_statement(
        load_settings(workspace),
        PAGES.parent / "trafilatura-blog.python.org.html",
        slug="case",
        dry_run=True,
    )
    paragraphs = result.body.split("\n\n")
    assert (
        "Maintenance releases for the 3.6 series will follow at regular intervals starting "
        "in the first quarter of 2017." in paragraphs
    )
    assert "\xa0" not in result.body  # the page's "&nbsp; " spacing


def test_byline_under_the_title_and_posted_on_line_go(workspace: Path) -> None:
    # ebb.org's blog post: "Tuesday 15 October 2019 by Bradley M. Kuhn" under the title,
    # "Posted on Tuesday 15 October 2019 at 09:11 by Bradley M. Kuhn." and "← Previous:
    # …" after the text. The date is the front matter's.
    result = _new(workspace, "ebb-org.html")
    assert result.body.startswith("The last 33 days have been unprecedentedly difficult")
    assert "Posted on" not in result.body
    assert "Previous" not in result.body
    assert "As culture change becomes more rapid" in result.body
    assert ("date", "2019-10-15") in {(item.name, item.value) for item in result.found}


def test_breadcrumbs_above_the_title_and_the_date_under_it_go(workspace: Path) -> None:
    # A SPIP site's statement: "Accueil > Actualités et humeurs > Décisions de l’AG…"
    # above the title heading, "mercredi 11 septembre 2019" under it.
    result = _new(workspace, "sauvonsluniversite.html")
    assert result.body.startswith("L’AG Éducation Île-de-France inter-degrés a réuni")
    assert "Accueil" not in result.body
    assert "mercredi 11 septembre 2019" not in result.body
    title = next(item for item in result.found if item.name == "title")
    assert title.value == "Décisions de l’AG Éducation IDF du mardi 10 septembre"
    reasons = {item.reason for item in result.dropped}
    assert {"kickers, breadcrumbs and banners above the title", "bylines and dates"} <= reasons


def test_read_more_line_and_its_links_go(workspace: Path) -> None:
    # The end of a Washington Post article: "Read more:" and three links to other
    # articles, each its own paragraph. The credit line before them is the article's.
    result = _new(workspace, "wapo-read-more.html")
    assert result.body.rstrip().endswith("Heba Habib contributed to this report.")
    assert "Tunisia’s Islamists get a sobering lesson" not in result.body
    title = next(item for item in result.found if item.name == "title")
    assert title.value == "Attack stokes instability fears in North Africa"


def test_author_box_kicker_and_empty_section_go(workspace: Path) -> None:
    # Ars Technica: "Biz & IT —" above the title, the author's box ("Dan Goodin Dan is
    # the Security Editor…", a link to /author/) after the text, then the heading of a
    # video box whose video was dropped.
    result = _new(workspace, "ars-1.html")
    body = result.body.rstrip()
    assert body.endswith("will update this post if company officials respond.")
    assert "Security Editor" not in body
    assert "Biz & IT" not in body
    assert "Channel Ars Technica" not in body
    assert body.startswith("## Two-year-old bug exposes thousands of servers")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # Lines of the benchmark's pages (benchmarks/intake_bench.py), as the page has them.
        ("Related: Chicago is America's most segregated city", "“read also” teasers"),
        (
            "[Read: Why Tunisia, Arab Spring’s sole success story, suffers from Islamist violence]",
            "“read also” teasers",
        ),
        ("Learn More: Seven Tips for Repurposing Video Content", "“read also” teasers"),
        ("More to explore", "“read also” teasers"),
        ("Ähnliche Beiträge", "“read also” teasers"),
        ("Posted on Tuesday 15 October 2019 at 09:11 by Bradley M. Kuhn.", "bylines and dates"),
        ("Last Updated: January 7, 2025", "bylines and dates"),
        ("WEB18-Facebook-1160x768.jpg", "images' file names"),
        ("Permalink https://p.dw.com/p/3WRPd", "“Posted in” lines"),
        ("← Previous: Chasing Quick Fixes To Sustainability", "menus"),
        ("Watch video 02:17", "media players"),
        ("View Graphic", "media players"),
        # An advertisement's label where the advertisement was (LA Times, DW, Newsweek).
        ("Advertisement", "advertisements"),
        ("Story continues below advertisement", "advertisements"),
        # DW's article information list, item by item.
        ("Date 19.01.2020", "“Posted in” lines"),
        ("Author Ben Knight", "“Posted in” lines"),
        ("Feedback: Send us your feedback.", "“Posted in” lines"),
        ("Print Print this page", "share buttons"),
        # WIRED's subscription box inside the article.
        (
            "Subscribe to WIRED and stay smart with more of your favorite Ideas writers.",
            "promotions, newsletter, subscription and donation boxes",
        ),
        ("More Great WIRED Stories", "“read also” teasers"),
        ("You may also like...", "“read also” teasers"),
        # Leads of lists of other stories (CBS Sports, Express, Moneycontrol).
        ("Our Latest Stories", "“read also” teasers"),
        # Pictures' credits on lines of their own (Gizmodo, The Real Deal, Express, Wday).
        ("Photo: iFixit", "picture credits"),
        ("Credit: Getty Images", "picture credits"),
        ("(Image: GETTY )", "picture credits"),
        ("Фото: личный архив Андрея Рудькова", "picture credits"),
        ("Advert", "advertisements"),
        ("DON'T MISS", "“read also” teasers"),
        ("related news", "“read also” teasers"),
        (
            "This website and all documents on it are licensed under a Creative Commons "
            "Attribution-Share Alike 3.0 United States License.",
            "licence notes",
        ),
        # A statement's own lines stay:
        ("Read the open letter below.", None),
        ("More than 34 people have been killed since 7 December.", None),
        ("Related to this, the union calls a general strike.", None),
        ("3 of 5 workers were dismissed after the strike.", None),
        ("The union's manifesto is licensed under the workers' own assembly.", None),
        ("The author of the report, Ben Knight, was arrested.", None),
        ("Date of the strike: 19.01.2020 and every Monday after.", None),
        ("Sign up to join the march on 1 May.", None),
        ("The latest news from the congress is good.", None),
        ("Photo: Workers marching in Lima on 1 May", None),  # a caption, not a credit
    ],
)
def test_chrome_lines_of_real_pages(line: str, reason: str | None) -> None:
    assert chrome_reason(line) == reason


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        # <title> and og:site_name of the benchmark's pages.
        (
            "Berlin confronts Germany's colonial past with new initiative | DW | 19.01.2020",
            "DW",
            "Berlin confronts Germany's colonial past with new initiative",
        ),
        (
            "These Weeks in Firefox: Issue 85 – Firefox Nightly News",
            "Firefox Nightly News",
            "These Weeks in Firefox: Issue 85",
        ),
        # A title whose dash is its own stays whole.
        (
            "How we designed Dropbox’s ATF - an async task framework",
            "Dropbox",
            "How we designed Dropbox’s ATF - an async task framework",
        ),
    ],
)
def test_page_title_without_the_sites_name(title: str, site: str, expected: str) -> None:
    assert page_title(title, site) == expected


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Tuesday 15 October 2019 by Bradley M. Kuhn", True),
        ("Mike Conley December 18, 2020", True),
        ("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm", True),
        ("mercredi 11 septembre 2019", True),
        ("By Erin Cunningham", True),
        # cleveland.com's dateline, the dates without a year.
        ("Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM", True),
        # A statement's first lines:
        ("On 7 December 2022 the coup took place.", False),
        ("By unanimous decision, the congress adopted the following resolution.", False),
        ("Updated in 2019, the law still bars strikes in the mines.", False),
    ],
)
def test_bylines(line: str, byline: bool) -> None:
    assert is_byline({"t": "Para", "c": _inlines(line)}) is byline


def _inlines(text: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for word in text.split():
        if out:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": word})
    return out


def test_article_body_says_more_than_main(workspace: Path) -> None:
    # BBC News: <div role="main"> holds the story, its "More on this story" box and the
    # section's other stories; the story's text is marked property="articleBody".
    result = _new(workspace, "bbc-1-cut.html")
    assert result.body.rstrip().endswith("travels on to Ethiopia on Sunday.")
    assert "Obama urges UK to stay in European Union" not in result.body
    assert "US cinema gunman 'had violent past'" not in result.body  # the section's stories


def test_cards_of_other_articles_at_the_end_go() -> None:
    # The end of an ACLU blog post: its last paragraphs, the comment box's "Close"
    # button, and the "Related Stories" widget's cards (a linked title and a date each),
    # whose title is chrome already. The markup as the page has it.
    html = (PAGES / "aclu-related-cards.html").read_text("utf-8")
    web = Tidying(
        is_chrome=chrome_reason,
        link_rows_are_menus=True,
        image_target=lambda target: None,  # the thumbnails are on the site
        keeps_alt=lambda alt: False,
    )
    blocks = tidy_blocks(html_tree(html, Path("aclu"))["blocks"], web)
    dropped: Counter[str] = Counter()
    kept = without_teaser_cards(blocks, dropped)
    assert plain_text(kept[-1]).startswith("As we work to address the fallout")
    assert len(kept) == 2
    assert dropped == Counter({"cards of other articles (a linked title and a date each)": 11})


def test_a_statement_ending_with_its_own_links_keeps_them() -> None:
    # One linked heading is not a widget of cards.
    html = (
        "<p>We call on every union to join the strike.</p>"
        '<h2><a href="/letter.pdf">The open letter</a></h2>'
        '<p><a href="mailto:press@example.org">Press contact</a></p>'
    )
    blocks = tidy_blocks(html_tree(html, Path("own"))["blocks"], Tidying(link_rows_are_menus=True))
    assert without_teaser_cards(blocks, Counter()) == blocks


# What a page's own markup names or hides (intake/boxes.py), on real pages cut down to
# the article (tests/data/intake/pages/README.md says from where).


def test_video_players_captions_and_screen_reader_labels_go(workspace: Path) -> None:
    # BBC News: each video is a <figure class="media-item default-player"> whose caption
    # starts with a screen-reader label, <span class="off-screen">Media caption</span>.
    result = _new(workspace, "bbc-1-cut.html")
    assert "Media caption" not in result.body
    assert "Great Britain has always been our best partner" not in result.body
    assert "travels on to Ethiopia on Sunday." in result.body
    assert {"hidden elements", "video players and galleries"} <= _reasons(result)


def test_cards_and_call_to_action_boxes_go(workspace: Path) -> None:
    # GitLab's blog: after the post, cards of other posts (<a class="card">) and a
    # "We want to hear from you" box (<div class="contact-cta-container">).
    result = _new(workspace, "gitlab-blog-cut.html")
    assert "How we overhauled GitLab navigation" not in result.body
    assert "We want to hear from you" not in result.body
    assert "Read the full [2024 Global DevSecOps Report]" in result.body
    assert "cards of other articles (a linked title and a date each)" in _reasons(result)


def test_caption_trafilatura_left_out_comes_back_without_its_credit(workspace: Path) -> None:
    # The New York Times: the lead picture's <figcaption> (caption and credit), which
    # trafilatura dropped; the caption is the article's, the credit is not.
    result = _new(workspace, "nytimes-1-cut.html")
    assert "United Nations peacekeepers at a refugee camp in Sudan on Monday." in result.body
    assert "Agence France-Presse" not in result.body
    assert result.body.index("peacekeepers") < result.body.index("After nearly 20 years")


def test_article_information_list_goes(workspace: Path) -> None:
    # DW: "Date 19.01.2020 / Author Ben Knight / Feedback: Send us your feedback. / Print
    # Print this page", twice, in a <ul class="smallList"> after the article.
    result = _new(workspace, "dw-cut.html")
    assert "Ben Knight" not in result.body
    assert "Send us your feedback" not in result.body
    assert "Print this page" not in result.body
    assert "Bismarck hosted the infamous Berlin Conference" in result.body


def test_more_stories_list_and_subscription_box_go(workspace: Path) -> None:
    # WIRED: "More Great WIRED Stories", then a list whose items link to other stories
    # inside a sentence each; a subscription callout; a pull quote marked aria-hidden
    # (it repeats a sentence of the text, which stays once).
    result = _new(workspace, "aeb-wired-cut.html")
    assert "YouTubers must unionize" not in result.body
    assert "Subscribe to WIRED" not in result.body
    assert result.body.count("No one bothered mentioning that the sick state") == 1


def test_you_may_also_like_links_and_dateline_go(workspace: Path) -> None:
    # cleveland.com: "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM" under the title;
    # "You may also like..." and five links after the text.
    result = _new(workspace, "aeb-cleveland-cut.html")
    assert "You may also like" not in result.body
    assert "Who will make the Rock Hall" not in result.body
    assert "Posted Nov 19" not in result.body
    assert "The band unveiled its plans" in result.body


def test_advertisement_labels_in_the_text_go(workspace: Path) -> None:
    # The Los Angeles Times: "Advertisement" between paragraphs, in
    # <div class="GoogleDfpAd-adCaption"> (a class in camelCase).
    result = _new(workspace, "aeb-latimes-cut.html")
    assert "Advertisement" not in result.body
    assert "some issues" in result.body


def test_reprint_and_correction_buttons_go(workspace: Path) -> None:
    # Newsweek: <a class="btn-reprint">Request Reprint & Licensing</a> after the text.
    result = _new(workspace, "aeb-newsweek-cut.html")
    assert "Request Reprint" not in result.body
    assert "Cannabis" in result.body


def test_a_post_quoted_in_a_video_box_stays(workspace: Path) -> None:
    # MSPoweruser: a tweet the article quotes, in a <div class="video-container">; a
    # player's box with a quotation in it is the quotation, not a player's caption.
    result = _new(workspace, "aeb-mspoweruser-cut.html")
    assert "Interesting to see Stadia RDR2 capture out there" in result.body


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ("relatedContent alignNone", "related content align none"),
        ("GoogleDfpAd-adCaption", "google dfp ad ad caption"),
        ("contact-cta-container", "contact cta container"),
        ("shunno_share_block", "shunno share block"),
    ],
)
def test_class_names_are_read_as_words(names: str, words: str) -> None:
    import lxml.html

    assert name_words(lxml.html.fragment_fromstring(f'<div class="{names}"></div>')) == words


def test_a_box_name_on_the_article_itself_is_not_a_box() -> None:
    import lxml.html

    # WordPress names an article after its format and categories; a page may hide a
    # wrapper of everything while a dialog is open. The article stays.
    page = lxml.html.document_fromstring(
        '<html><body><div aria-hidden="true"><article class="post format-video '
        'category-promo"><h1>Statement</h1><p>The union calls a strike.</p></article>'
        '</div><div class="related"><article><a href="/x">Other news</a></article></div>'
        "</body></html>"
    )
    dropped = without_boxes(page)
    assert "The union calls a strike." in page.text_content()
    assert "Other news" not in page.text_content()
    assert dropped == Counter({"related-article lists": 1})


def _reasons(result: NewStatement) -> set[str]:
    return {item.reason for item in result.dropped}


# A standings table of autoracing.com.br (article-extraction-benchmark's page), its first
# rows as the page has them: rows named "player-2020-580" are data, not a video player.
_STANDINGS = """<table class="tablehead" cellspacing="1" cellpadding="3">
<tbody>
<tr class="colhead">
<td align="left"><strong>Pos.</strong></td>
<td align="left"><strong>Piloto</strong></td>
<td align="right"><strong>Pontos</strong></td>
</tr>
<tr class="oddrow player-2020-580">
<td class="sortcell" align="left">1</td>
<td align="left">Kyle Busch</td>
<td align="right">5040</td>
</tr>
<tr class="evenrow player-2020-416">
<td class="sortcell" align="left">2</td>
<td align="left">Martin Truex Jr.</td>
<td align="right">5035</td>
</tr>
</tbody></table>"""


def test_a_table_of_data_stays_a_table() -> None:
    import lxml.html

    page = lxml.html.document_fromstring(f"<html><body>{_STANDINGS}</body></html>")
    assert without_boxes(page) == Counter()
    assert "Martin Truex Jr." in page.text_content()
    assert without_layout_tables(_STANDINGS) == _STANDINGS


def test_a_page_laid_out_in_a_table_keeps_its_text_as_paragraphs(workspace: Path) -> None:
    # The Space Review: the article is a cell of the page's layout table (the picture and
    # its credit in a table of their own), which pandoc wrote as "[TABLE]" and lost.
    # The markup as the page has it, cut to the start of the article.
    html = without_layout_tables(
        '<table width="90%" cellspacing="3" cellpadding="2"><tbody><tr>'
        '<td width="60%" valign="top">'
        '<table align="right" width="300"><tbody><tr><td><div class="info2">The core stage '
        "of the first SLS at Michoud Assembly Facility after the installation in early "
        "November of its four RS-25 engines. (credit: NASA/Jude Guidry)</div></td></tr>"
        "</tbody></table>"
        '<h1 class="headline">Seeking a bigger role for a big rocket</h1>'
        "<p>Earlier this month, NASA announced the newest milestone in the development of "
        "its long-awaited (and long-delayed) Space Launch System.</p>"
        "<p>The SLS has been a key part of NASA’s exploration plans since the language in "
        "the 2010 NASA authorization act that directed the agency to develop it.</p>"
        '</td><td width="20%" valign="top"><p>Home</p></td></tr></tbody></table>'
    )
    blocks = html_tree(html, Path("thespacereview"))["blocks"]
    kinds = [block["t"] for block in blocks]
    assert "Table" not in kinds[1:]  # the picture's own little table may stay one
    texts = [plain_text(block) for block in blocks]
    assert "Seeking a bigger role for a big rocket" in texts
    assert any(text.startswith("Earlier this month, NASA announced") for text in texts)
    assert any(text.startswith("The SLS has been a key part") for text in texts)


def test_a_site_page_stays_one_when_its_boxes_go() -> None:
    # A page whose only site parts are boxes (a share bar in <nav>) is not a document's
    # export once they are dropped: its body is not read whole.
    from polyglot_statement.intake.webpage import main_element

    page = (
        '<html><body><nav class="social-share"><a href="/x">Share</a></nav>'
        "<div><p>The union calls a strike.</p></div></body></html>"
    )
    assert main_element(page, site_page=True) is None
    assert main_element(page, site_page=False) is not None


def test_posts_the_article_quotes_stay(workspace: Path) -> None:
    # NJ.com: five tweets the article quotes, each a <blockquote class="twitter-tweet">
    # in a <div class="social-media-embed">; the extractors dropped them for their names.
    result = _new(workspace, "aeb-nj-cut.html")
    assert "> Yes this is real and yes the state spent nearly half a million dollars" in result.body
    assert "> we’re. on. it." in result.body  # a quotation, as the page shows it
    assert "@\\_orabora" in result.body


def test_the_authors_box_after_a_post_goes() -> None:
    import lxml.html

    # The Anti-June Cleaver (WordPress, Soledad theme): the author's box after the post,
    # as the page has it (the social links' icons left out).
    page = lxml.html.document_fromstring(
        "<html><body><article><h1>Simple Hiking Survival Kit (with Kids)</h1>"
        "<p>Pack water, snacks and a map.</p>"
        '<div class="post-author"><div class="author-img"></div><div class="author-content">'
        '<h5><a href="https://theantijunecleaver.com/author/reganshae99/" title="Posts by '
        'Regan" rel="author">Regan</a></h5><p>Regan is a Southeastern Connecticut native now '
        "living in Central Massachusetts with her husband, two sons, and two cats.</p>"
        "</div></div></article></body></html>"
    )
    assert without_boxes(page) == Counter({"author boxes": 1})
    assert "Connecticut" not in page.text_content()
    assert "Pack water" in page.text_content()


@pytest.mark.parametrize(
    "dateline",
    [
        # As Reuters, oregonlive.com and The Detroit News have them, above or under the text.
        '<div class="ArticleHeader_date">November 19, 2019 /  12:21 AM / Updated 14 hours '
        "ago</div>",
        '<div class="dateline"><span class="dateline__published"><time '
        'datetime="2019-11-20T08:01:24.351Z">Today 12:01 AM </time></span></div>',
        '<div class="publish-date">Published 11:11 PM EST Nov 19, 2019</div>',
    ],
)
def test_blocks_named_for_the_date_go(dateline: str) -> None:
    import lxml.html

    page = lxml.html.document_fromstring(
        f"<html><body><article>{dateline}<p>The union calls a strike on "
        '<span class="date">1 May</span>.</p></article></body></html>'
    )
    assert without_boxes(page) == Counter({"bylines and dates": 1})
    assert " ".join(page.text_content().split()) == "The union calls a strike on 1 May."


def test_cookie_banners_named_so_go() -> None:
    import lxml.html

    # RT's cookie banner, as the page has it, after a paragraph of the article; a German
    # statement's sentence about cookies stays.
    page = lxml.html.document_fromstring(
        "<html><body><article><p>Die Datenschutzkonferenz prüft Cookies auf Behördenseiten."
        '</p></article><div class="cookies__banner js-cookies-banner"><div '
        'class="cookies__banner-wrapper"><p class="cookies__banner-text">This website uses '
        'cookies. Read RT <a href="https://www.rt.com/privacy-policy/" target="_blank">Privacy '
        'policy</a> to find out more.</p><a class="cookies__banner-button js-cookies-button">'
        "Accept cookies</a></div></div></body></html>"
    )
    assert without_boxes(page) == Counter({"cookie banners": 1})
    assert " ".join(page.text_content().split()) == (
        "Die Datenschutzkonferenz prüft Cookies auf Behördenseiten."
    )


def test_a_box_named_as_the_articles_content_stays() -> None:
    import lxml.html

    # chocolate.com (trafilatura's evaluation set): a slideshow article whose first
    # slide's text is in a "gallery" that is also the "article_content_top", as the page
    # has it.
    page = lxml.html.document_fromstring(
        '<html><body><div class="article-page-title gallery-title-wrap article_content_top">'
        "<h2>A Mysterious Woman</h2><p>She couldn't take her eyes off the woman. Could it be "
        "true? Was she trying to fool her all along?</p></div></body></html>"
    )
    assert without_boxes(page) == Counter()
    assert "Could it be true?" in page.text_content()
