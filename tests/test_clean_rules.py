"""Each rule of the line cleaner removes its noise and keeps a body line that looks similar."""

from __future__ import annotations

import random

import pytest

from fixtures_ingest import article
from parley.ingest.clean import clean_text, load_rules, reader_comment_score

BODY = [
    "Mediators from three countries met in the capital on Tuesday to discuss a phased truce, officials said.",
    "The draft links a pause in fighting to an exchange of detainees and to the return of displaced families.",
    "A spokesman for one delegation said the talks had been serious but that gaps remained on the sequencing.",
]

# rule name -> (noise lines the rule removes, body lines that look alike and must stay)
CASES = {
    "advertisement": (
        [
            "Advertisement", "ADVERTISEMENT", "Advertisment", "- Advertisement -", "Sponsored content",
            "Story continues below advertisement", "Advertisement: Try our new weekly podcast - listen free",
        ],
        ["The advertisement campaign by the ministry drew criticism from both sides of the debate."],
    ),
    "share_buttons": (
        ["Share", "Share this article", "Facebook Twitter WhatsApp Email", "Share on | Facebook | X | Telegram", "Print"],
        ["Officials declined to share details of the proposal with reporters on Monday."],
    ),
    "breadcrumb": (
        ["Home > World > Middle East", "News › Middle East › Gaza talks", "Home / Politics"],
        ["Home to more than a million displaced people, the city is at the centre of the talks."],
    ),
    "cookie_notice": (
        [
            "We use cookies to improve your experience on our site.",
            "This website uses cookies. Accept all cookies",
            "Manage cookies",
            "Read our cookie policy",
            "Cookies help us run this site. By using this site you agree to our use of cookies. Learn more",
            "By continuing to use our website, you agree to our terms.",
        ],
        ["Negotiators ate cookies and drank tea while the lawyers checked the text, a participant said."],
    ),
    "newsletter": (
        [
            "Sign up for our daily newsletter",
            "Subscribe now to get breaking news alerts",
            "Get our Middle East newsletter in your inbox",
        ],
        [
            "Officials said they would sign up to the framework only if the guarantees were written down.",
            "Sign up to the plan came only after updates from the mediators, officials said.",
        ],
    ),
    "follow_us": (
        ["Follow us on Twitter and Facebook", "Join our Telegram channel for updates"],
        ["Follow-up talks are expected in Cairo next week, according to a diplomat."],
    ),
    "inline_link": (
        [
            "Also read: Mediators float a new text for a truce",
            "READ MORE: What is in the three-phase proposal?",
            "Related: Families of hostages rally in the capital",
            "Watch: the envoy speaks to reporters",
        ],
        ["Related talks on aid deliveries were held separately in another city on the same day."],
    ),
    "credit_line": (
        ["Photo: Reuters", "Image credit: AFP/Getty Images", "(Photo by A. Writer/Wire)"],
        ["A photo of the signed document was shown to reporters, a participant said."],
    ),
    "copyright": (
        ["© 2024 Example Media Group", "Copyright 2024 The Daily Example. All rights reserved.", "All rights reserved."],
        [
            "The dispute over the map has lasted for weeks, and neither side has moved, officials said.",
            "Copyright claims over the leaked draft were dismissed by the ministry.",
        ],
    ),
    "reading_time": (
        ["4 min read", "Reading time: 3 minutes", "Listen to this article 5:12"],
        ["The envoy said he would read the new text before deciding how to respond to it."],
    ),
    "separator": (
        ["---", "* * *", "______", "==="],
        ["- A bullet that carries reporting: envoys met for three hours in the capital on Sunday."],
    ),
    "url_only": (
        ["https://example.org/news/2024/06/03/talks.html", "www.example.com/world"],
        ["The text was published on the ministry website, www.example.gov, on Monday evening, officials said."],
    ),
    "link_list_heading": (
        ["Expanded Coverage:", "Related stories", "You may also like", "Read more:", "More from Example Wire"],
        ["Related questions about the border crossing were left for a later round, a diplomat said."],
    ),
    "comments_heading": (
        ["Comments", "12 comments", "Leave a comment", "Join the conversation"],
        ["Comments by the prime minister on Sunday were seen as a sign of flexibility, analysts said."],
    ),
    "comment_marker": (
        ["Reply", "Report abuse", "3 replies"],
        ["Reply letters from both delegations were handed to the mediators on Thursday, officials said."],
    ),
}


def test_every_rule_has_a_case():
    names = {rule.name for rule in load_rules().rules}
    assert names == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_removes_noise_and_keeps_body(rule):
    noise, body_like = CASES[rule]
    for line in noise:
        text = "\n\n".join([BODY[0], BODY[1], line, BODY[2]])
        cleaned = clean_text(text)
        assert line.strip() in [removed for name, removed in cleaned.removed if name == rule], line
        for sentence in BODY[:2]:
            assert sentence in cleaned.text
    for line in body_like:
        text = "\n\n".join([BODY[0], line, BODY[1], BODY[2]])
        cleaned = clean_text(text)
        assert line in cleaned.text, line
        assert all(sentence in cleaned.text for sentence in BODY)


def test_link_list_drops_the_links_but_not_the_next_paragraph():
    text = "\n".join(
        [BODY[0], BODY[1], "Related stories", "Truce talks resume in Doha", "- Envoy meets families", "", BODY[2]]
    )
    cleaned = clean_text(text)
    assert cleaned.removed_by("link_list_heading") == [
        "Related stories", "Truce talks resume in Doha", "- Envoy meets families"
    ]
    assert cleaned.text.endswith(BODY[2])


def test_comment_block_drops_everything_after_the_heading():
    text = "\n".join(BODY + ["Comments", "Reader123", "This deal is a sellout, everyone knows it."])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join(BODY)


def test_comment_heading_at_the_top_does_not_empty_the_report():
    cleaned = clean_text("\n".join(["Comments", *BODY]))
    assert all(line in cleaned.text for line in BODY)


@pytest.mark.parametrize(
    "paragraph, dropped",
    [
        ("This is NOT a deal, it is SURRENDER! I have said it for months! Who will pay for it? Not you?", True),
        ("WAKE UP people!!! My family lives there and you do not care. How long? How many more?", True),
        # reporting with a quoted exclamation and acronyms used in the body stays
        ("The spokesman shouted “enough!” and “no more!” before the IDF said its forces would stay.", False),
        ("Will the talks resume? Officials would not say whether the envoy will return next week.", False),
    ],
)
def test_trailing_reader_comment(paragraph, dropped):
    body = BODY + ["The IDF said the operation would continue while talks went on, according to a statement."]
    cleaned = clean_text("\n".join(body + [paragraph]))
    assert (paragraph not in cleaned.text) is dropped
    assert all(line in cleaned.text for line in body)


def test_reader_comment_is_scored_without_quoted_speech():
    settings = load_rules().reader_comment
    quoted = "“We will NEVER accept it! NEVER!” the minister said."
    assert reader_comment_score(quoted, quoted, settings) == 0


def test_long_paragraph_is_never_dropped_by_a_line_rule():
    line = "Advertisement " + " ".join(BODY)
    assert line in clean_text("\n".join([BODY[0], line])).text


def test_generated_reporting_is_never_touched():
    rng = random.Random(3)
    for _ in range(50):
        text = "\n\n".join(article(rng))
        cleaned = clean_text(text)
        assert cleaned.removed == [] and cleaned.text == text
