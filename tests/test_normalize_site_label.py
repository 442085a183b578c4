"""A host's site name (bot.normalize.site_label): the label before its public suffix, read with
the ICANN section of the public suffix list that publicsuffixlist ships.

The table holds the answers tldextract gave before it was replaced (issue 11), with the one
reading in which the two differ: a wildcard's parent (kawasaki.jp for *.kawasaki.jp), a public
suffix to the list's own test data, had a site name under tldextract. The rule test holds every
ICANN rule to the list's semantics, under several prefixes."""

from __future__ import annotations

import pytest

from bot.normalize import SUFFIX_LIST_RELEASE, ascii_suffixes, icann_suffixes, site_label


@pytest.mark.parametrize(
    ("host", "label"),
    [
        # one-label suffixes, known and unknown
        ("huayue-ip.com", "huayue-ip"),
        ("tm.huayue-ip.com", "huayue-ip"),
        ("huayue-ip.example", "huayue-ip"),
        ("tm.huayue-ip.example", "huayue-ip"),
        ("huayue-ip.example.evil.com", "evil"),
        ("a.b.c.d.e.unknown", "e"),
        ("huayue-ip.cn", "huayue-ip"),
        # longer suffixes
        ("huayue-ip.com.cn", "huayue-ip"),
        ("www.huayue-ip.com.cn", "huayue-ip"),
        ("shanghai.gov.cn", "shanghai"),
        ("huayue-ip.sh.cn", "huayue-ip"),
        ("huayue-ip.co.uk", "huayue-ip"),
        ("a.b.c.d.e.jp", "e"),
        ("huayue-ip.tokyo.jp", "huayue-ip"),
        # wildcards and their exceptions
        ("huayue-ip.any.kawasaki.jp", "huayue-ip"),
        ("any.kawasaki.jp", ""),
        ("city.kawasaki.jp", "city"),
        ("www.city.kawasaki.jp", "city"),
        ("huayue-ip.any.ck", "huayue-ip"),
        ("any.ck", ""),
        ("www.ck", "www"),
        ("huayue-ip.any.sch.uk", "huayue-ip"),
        # a wildcard's parent is a public suffix: tldextract named these kawasaki, sch, nom
        ("kawasaki.jp", ""),
        ("sch.uk", ""),
        ("nom.br", ""),
        # bare suffixes and single labels: no site name
        ("com", ""),
        ("com.cn", ""),
        ("gov.cn", ""),
        ("jp", ""),
        ("example", ""),
        # internationalised: Unicode or punycode, the same reading
        ("华岳.公司.cn", "华岳"),
        ("www.华岳.公司.cn", "华岳"),
        ("huayue.公司.cn", "huayue"),
        ("xn--tfr820b.xn--55qx5d.cn", "xn--tfr820b"),
        ("huayue.xn--55qx5d.cn", "huayue"),
        ("公司.cn", ""),
        ("xn--55qx5d.cn", ""),
        ("华岳.中国", "华岳"),
        ("huayue.xn--fiqs8s", "huayue"),
        ("华岳.示例", "华岳"),
        # the private section is left out: a hosted site is named by its host
        ("huayue-ip.github.io", "github"),
        ("huayue-ip.blogspot.com", "blogspot"),
    ],
)
def test_a_hosts_site_name_is_the_label_before_its_public_suffix(host: str, label: str) -> None:
    assert site_label(host) == label


def _hosts_under(rule: str) -> dict[str, str]:
    """Hosts under one rule and the site name the list's semantics give each."""
    if rule.startswith("!"):  # an exception to a wildcard: the rule's first label is the name
        named = rule.removeprefix("!")
        first = named.split(".", 1)[0]
        return {named: first, "www." + named: first}
    parent = rule.removeprefix("*.")
    suffix = parent if parent == rule else "any." + parent  # any label stands for the wildcard
    return {
        suffix: "",
        parent: "",
        "huayue-ip." + suffix: "huayue-ip",
        "www.huayue-ip." + suffix: "huayue-ip",
        "a.b.huayue-ip." + suffix: "huayue-ip",
    }


def test_every_icann_rule_names_the_label_before_it() -> None:
    """Every rule, wildcard and exception of the list's ICANN section, in Unicode and (as pasted
    text usually spells an internationalised host) in punycode."""
    rules = icann_suffixes()
    wrong = {}
    for rule in rules:
        for host, label in _hosts_under(rule).items():
            spellings = {host: label}
            if not host.isascii():
                spellings[_punycode(host)] = _punycode(label)
            for spelled, expected in spellings.items():
                if (found := site_label(spelled)) != expected:
                    wrong[spelled] = (found, expected)
    assert len(rules) > 5_000
    assert wrong == {}


def test_the_icann_section_alone_is_read() -> None:
    rules = set(icann_suffixes())
    assert {"com", "cn", "com.cn", "公司.cn", "*.kawasaki.jp", "!city.kawasaki.jp"} <= rules
    assert not {"github.io", "blogspot.com"} & rules  # the private section's
    assert all(rule == rule.strip().lower() and " " not in rule for rule in rules)


def _punycode(host: str) -> str:
    return ".".join(
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        for label in host.split(".")
    )


def test_the_installed_suffix_list_is_the_one_the_stored_site_names_were_built_with() -> None:
    """A new publicsuffixlist moves site names: it must come with a raised KEYS_VERSION, so
    a re-import rebuilds the registry's site keys instead of skipping an unchanged bundle."""
    from importlib.metadata import version

    assert version("publicsuffixlist") == SUFFIX_LIST_RELEASE, (
        "raise KEYS_VERSION and SUFFIX_LIST_RELEASE in bot/normalize.py with the new release"
    )


def test_every_rule_is_spelled_in_ascii_as_the_idna_codec_spells_it() -> None:
    """ascii_suffixes writes punycode without the codec's normalisation, which the list's own
    labels never need; a rule that did would differ here."""
    by_codec = []
    for rule in icann_suffixes():
        mark, bare = ("!", rule[1:]) if rule.startswith("!") else ("", rule)
        by_codec.append(mark + bare.encode("idna").decode("ascii"))
    assert list(ascii_suffixes()) == by_codec
    assert "xn--55qx5d.cn" in by_codec  # 公司.cn: the test holds internationalised rules
