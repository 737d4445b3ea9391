"""The third round of site chrome `polyglot new` drops from web pages (benchmarks/
intake_bench.py's development pages found each kind on several unrelated sites): notices
a sentence or two long (newsletter and app calls, affiliate disclosures, a news story's
credit line, comment headings), "More:" and "Topics" leads with their links, another
article's headline in capitals between the paragraphs, and a table of nothing but links.
Each page here is small and written to show one kind, with a statement's own sentences
beside it that must stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_statement.config import load_settings
from polyglot_statement.intake import new_statement
from polyglot_statement.intake.chrome import chrome_reason, page_chrome_reason, teaser_lead
from polyglot_statement.intake.notices import trailing_credit

_TEXT = (
    "<p>The federation condemns the killing of three miners in the south of the country "
    "and calls for an independent inquiry.</p>"
    "<p>Workers must sign up for the union by May, the congress decided; members will "
    "receive a report from the Commission.</p>"
)


def _page(title: str, inside: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{inside}</article><footer>Site</footer></body></html>"
    )


def _body(workspace: Path, html: str) -> str:
    path = workspace / "page.html"
    path.write_text(html, "utf-8")
    result = new_statement(load_settings(workspace), path, slug="case", dry_run=True)
    assert "The federation condemns the killing of three miners" in result.body
    assert "Workers must sign up for the union by May" in result.body
    return result.body


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # Calls to subscribe, as news sites word them between or after paragraphs.
        (
            "Get the day’s top headlines delivered to your inbox every morning by subscribing"
            " to our newsletter.",
            "promotions, newsletter, subscription and donation boxes",
        ),
        (
            "Click here to subscribe to The Paradigm newsletter",
            "promotions, newsletter, subscription and donation boxes",
        ),
        (
            "Need more space? Subscribe to our sister title “All About Space” Magazine",
            "promotions, newsletter, subscription and donation boxes",
        ),
        (
            "CLICK HERE TO GET THE FOX NEWS APP",
            "promotions, newsletter, subscription and donation boxes",
        ),
        (
            "Get Fox Business on the go by clicking here",
            "promotions, newsletter, subscription and donation boxes",
        ),
        (
            "There's plenty more where that came from. Sign up for The Water Coolest today to "
            "get the free daily newsletter delivered to your inbox daily.",
            "promotions, newsletter, subscription and donation boxes",
        ),
        # Affiliate disclosures.
        (
            "Microsoft may earn an Affiliate Commission if you purchase something through "
            "recommended links in this article.",
            "affiliate-link disclosures",
        ),
        ("FTC: We use income earning auto affiliate links. More.", "affiliate-link disclosures"),
        # The author's address and a dateline under the story; its credit line stays.
        (
            "Associated Press writers Alan Fram and Jill Colvin contributed to this report.",
            None,
        ),
        ("Write to Al Root at allen.root@dowjones.com", "bylines and dates"),
        ("First published: Tuesday, November 19, 2019 08:38 AM", "bylines and dates"),
        # Comment headings and calls to share.
        ("Comments", "comment forms"),
        ("Tell us what you think", "comment forms"),
        ("Like this story? Share it with a friend!", "comment forms"),
        # Teasers under the article.
        ("Explore further: Unravelling the neural network of torpor", "“read also” teasers"),
        ("Also on RT.com: Journalists threatened with arrests", "“read also” teasers"),
        # A statement's sentences with the same words.
        ("Workers must sign up for the union by May.", None),
        ("The Commission will receive the report of the inquiry.", None),
        ("Also on Monday, the union met the minister of labour.", None),
        ("Members will receive the federation's statement by email.", None),
        (
            "Our newsletter of March reported the strike; we call on every affiliate to "
            "join the day of action on 1 May and to sign up new members in every workplace, "
            "in every region, in every sector of the economy, without exception, because "
            "the attacks on the right to organise concern every worker, whatever the trade.",
            None,
        ),
    ],
)
def test_notices_of_real_pages(line: str, reason: str | None) -> None:
    assert page_chrome_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        ("More:", True),
        ("Topics", True),
        ("Partner news", True),
        ("Most popular in the section", True),
        ("More workers joined the strike.", False),
    ],
)
def test_more_and_topics_lead_the_links_after_them(line: str, lead: bool) -> None:
    assert teaser_lead(line) is lead


def test_newsletter_call_authors_address_and_comments_heading_go(workspace: Path) -> None:
    body = _body(
        workspace,
        _page(
            "Miners killed",
            _TEXT + "<p><strong>Sign up for our free daily newsletter, delivered to your inbox."
            "</strong></p><p>Write to Ana Ruiz at ana.ruiz@example.org</p><h3>Comments</h3>",
        ),
    )
    assert "newsletter" not in body
    assert "Ana Ruiz" not in body
    assert "Comments" not in body


def test_more_lead_and_its_links_go(workspace: Path) -> None:
    # Al Jazeera's "More:" box inside the text, its items headings that are links.
    body = _body(
        workspace,
        _page(
            "Miners killed",
            "<p>The federation condemns the killing of three miners in the south of the "
            "country and calls for an independent inquiry.</p><h4>More:</h4><ul>"
            "<li><h4><a href='/a'>The New Space Race</a></h4></li>"
            "<li><h4><a href='/b'>China completes landing test</a></h4></li></ul>"
            "<p>Workers must sign up for the union by May, the congress decided.</p>",
        ),
    )
    assert "Space Race" not in body
    assert "More:" not in body


def test_another_articles_headline_in_capitals_goes(workspace: Path) -> None:
    # Fox News puts other articles' headlines, a link in capitals, between paragraphs.
    body = _body(
        workspace,
        _page(
            "Miners killed",
            "<p>The federation condemns the killing of three miners in the south of the "
            "country and calls for an independent inquiry.</p>"
            "<p><a href='/x'>SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'</a></p>"
            "<p><a href='/report.pdf'>Read the report of the inquiry</a></p>"
            "<p>Workers must sign up for the union by May, the congress decided.</p>",
        ),
    )
    assert "SPICER" not in body
    assert "[Read the report of the inquiry](/report.pdf)" in body  # not in capitals


def test_a_table_of_nothing_but_links_goes_and_a_table_of_data_stays(workspace: Path) -> None:
    # PanARMENIAN's "related news": a table a link, a picture's cell left empty.
    related = "".join(
        f"<table><tr><td><img src='/{n}.jpg'></td><td><a href='/{n}'>Relic number {n} "
        "unearthed</a></td></tr></table>"
        for n in range(3)
    )
    data = (
        "<table><tr><th>Region</th><th>Killed</th></tr><tr><td><a href='/south'>South</a>"
        "</td><td>3</td></tr></table>"
    )
    body = _body(workspace, _page("Miners killed", _TEXT + data + related))
    assert "Relic number" not in body
    assert "Killed" in body and "[South](/south)" in body


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Protesters do not want Hong Kong to lose its autonomy (Image: getty )", 3),
        ("Oxygen from a disposable nasal cannula (Photo Credit: PTI/File Photo)", 4),
        ("Aguiar loads garage door trims into his pickup truck. (AP Photo/Alan Diaz, File)", 4),
        ("Police brutality has magnified these protests. Photograph: AFP via Getty", 4),
        ("The former ambassador to Ukraine. Image Via Getty Images", 4),
        # A credit alone is chrome.py's line; a sentence after "photo:" is the author's.
        ("Photo: Getty Images", 0),
        ("We reject this photo: it is a fake", 0),
        ("The union wrote to the minister: we demand an answer", 0),
    ],
)
def test_a_pictures_credit_at_the_end_of_its_caption(text: str, words: int) -> None:
    assert trailing_credit(text) == words


def test_caption_keeps_its_words_and_loses_its_credit(workspace: Path) -> None:
    body = _body(
        workspace,
        _page(
            "Miners killed",
            _TEXT + "<figure><img src='https://example.org/a.jpg' alt=''><figcaption>Miners "
            "at the gate of the pit (Image: GETTY )</figcaption></figure>"
            "<p>The strike goes on (<em>Photo: Ana Ruiz</em>)</p>",
        ),
    )
    assert "Miners at the gate of the pit\n" in body
    assert "GETTY" not in body
    assert "Ana Ruiz" in body  # a credit in emphasis stays: only plain words are cut


def test_a_credit_or_information_list_in_a_definition_list_goes(workspace: Path) -> None:
    # wday.ru's slider: <dl><dt>Фото:</dt><dd>личный архив …</dd></dl> under each picture.
    body = _body(
        workspace,
        _page(
            "Miners killed",
            _TEXT + "<dl><dt>Фото:</dt><dd>личный архив Андрея Рудькова</dd></dl>"
            "<dl><dt>Strike</dt><dd>A stoppage of work by the workers of a trade.</dd></dl>",
        ),
    )
    assert "архив" not in body
    assert "A stoppage of work by the workers of a trade." in body


@pytest.mark.parametrize(
    "line",
    [
        "Also on RT.com: Journalists, politicians from Morales’ party threatened with sedition "
        "arrests as Bolivia purges ‘socialist elements’",
        "Text size",
        "Related Roundup: MacBook Pro",
        "Tag: digitimes.com",
        "5 min read",
        "Tempo de leitura: 1 minuto",
        "Lesezeit: 3 Min.",
    ],
)
def test_long_teaser_after_its_lead_readers_controls_and_reading_time(line: str) -> None:
    assert chrome_reason(line) is not None


def test_a_sentence_about_minutes_or_a_related_subject_stays() -> None:
    assert chrome_reason("The strike lasted 90 minutes and the police read the order.") is None
    assert chrome_reason("Related demands of the miners were heard by the court.") is None


_LONG_TEXT = "".join(
    f"<p>Paragraph {n} of the statement: the federation calls on every union to act.</p>"
    for n in range(5)
)


def test_a_list_of_other_articles_after_the_text_goes(workspace: Path) -> None:
    # Live Science and Space.com: three linked headlines after the last paragraph, the
    # widget's title gone with its box; the republication note after them stays.
    body = _body(
        workspace,
        _page(
            "Miners killed",
            _TEXT + _LONG_TEXT + "<ul><li><a href='/64955-star-images.html'>15 Amazing Images "
            "of Stars</a></li><li><a href='/63847-facts.html'>11 Fascinating Facts About Our "
            "Galaxy</a></li><li><a href='/64113-dark-matter.html'>The Biggest Unanswered "
            "Questions</a></li></ul><p><em>Originally published on</em> <a href='/x'><em>Live "
            "Science</em></a>.</p>",
        ),
    )
    assert "Amazing Images" not in body
    # A republication note is the article's attribution (the benchmark's references
    # keep it), like a story's credit line.
    assert "Originally published" in body
    assert "Paragraph 4 of the statement" in body


def test_a_statements_own_list_of_documents_stays(workspace: Path) -> None:
    documents = (
        "<ul><li><a href='/resolution.pdf'>The full text of the resolution</a></li>"
        "<li><a href='/letter.docx'>The open letter to the minister</a></li>"
        "<li><a href='/appeal.pdf'>The appeal of the congress</a></li></ul>"
    )
    body = _body(workspace, _page("Miners killed", _TEXT + _LONG_TEXT + documents))
    assert "[The open letter to the minister](/letter.docx)" in body
    # A short statement that is mostly its links keeps them, pages or not.
    short = documents.replace(".pdf", ".html").replace(".docx", ".html")
    body = _body(workspace, _page("Miners killed", _TEXT + short))
    assert "[The open letter to the minister](/letter.html)" in body


@pytest.mark.parametrize(
    "line",
    [
        # A statement's own sentences that name a newsletter, an inbox, a share of the
        # sales, a network or a subject: found by a second reading of the change.
        "The strike begins on Monday at six at every depot; subscribe to our newsletter "
        "for updates, and bring your union card to the picket line.",
        "Members receive ballot papers by post, and we ask every member to check their "
        "inbox for the reply form.",
        "Follow us on Twitter, where we will post where the march starts.",
        "Workers will get a share of the sales under the new agreement, the union said.",
        "Related demands: an end to zero-hours contracts.",
        "Topics: pay, pensions and safety.",
    ],
)
def test_a_statements_sentence_naming_a_newsletter_or_a_network_stays(line: str) -> None:
    assert page_chrome_reason(line) is None
    assert chrome_reason(line) is None


def test_a_pasted_text_keeps_its_notices_as_the_authors_words() -> None:
    # Notices are a web page's: in a pasted text or an office file they are the author's.
    line = (
        "Microsoft may earn an Affiliate Commission if you purchase something through "
        "recommended links in this article."
    )
    assert page_chrome_reason(line) is not None
    assert chrome_reason(line) is None
