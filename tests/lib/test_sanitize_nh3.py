"""Event descriptions cleaned by nh3 keep exactly what bleach kept: nothing added, nothing executable."""

from softlanding.lib.sanitize import clean_html, description_to_html


def test_links_are_stored_as_written_with_no_rel_added():
    assert clean_html('<a href="https://rcpch.ac.uk">RCPCH</a>') == '<a href="https://rcpch.ac.uk">RCPCH</a>'


def test_attributes_every_tag_would_otherwise_allow_are_dropped():
    assert clean_html('<p title="t" lang="fr" class="c" style="color:red">Bonjour</p>') == "<p>Bonjour</p>"


def test_code_and_embedded_documents_lose_their_bodies_not_just_their_tags():
    cleaned = clean_html('<template><p>hidden</p></template><noscript>ns</noscript>'
                         '<object data="x">fallback</object><!-- note --><p>shown</p>')
    assert cleaned == "<p>shown</p>"


def test_mailto_links_lose_their_address_and_plain_text_is_escaped():
    assert clean_html('<a href="mailto:a@b.org">mail</a>') == "<a>mail</a>"
    assert description_to_html("A < B & C\n\nNext") == "<p>A &lt; B &amp; C</p><p>Next</p>"
