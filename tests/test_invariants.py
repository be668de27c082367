from __future__ import annotations

import pytest

import p2skb
from p2skb.invariants import extract


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("証明書が見つかりませんでした。(エラー 798)", ("798",)),
        ("(錯誤 798) ", ("798",)),
        ("unexpected or badly formatted (Error 0x80090326)", ("0x80090326",)),
        ("(Error 8007026f)", ("8007026f",)),
        ('returns "KDC_ERR_C_PRINCIPAL_UNKNOWN" error', ("KDC_ERR_C_PRINCIPAL_UNKNOWN",)),
        ("Fehler 503. Der Server ist ausgelastet.", ("503",)),
        ("オフラインであったため(エラー 0x80092013)", ("0x80092013",)),
        ("error: the thing failed", ()),
        ("as a REG_DWORD key", ()),
        ("Windows 10 version 1607", ()),
    ],
)
def test_error_codes(text: str, codes: tuple[str, ...]) -> None:
    assert extract([text]).error_codes == codes


def test_kb_numbers_registry_keys_paths_and_urls() -> None:
    found = extract(
        [
            "[KB4057142] and kb 4089848",
            r"C:\Users\<UserName>\AppData\Roaming\Microsoft\Network\Connections\Cm\<GUID> に移動し",
            "クライアントが http://crl3.digicert.com/ssca-sha2-g1.crl と",
        ],
        inline_code=[r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\DisableDomainCreds"],
        link_targets=["./reset-gateway.md", "./reset-gateway.md"],
    )
    assert found.kb_numbers == ("KB4057142", "KB4089848")
    assert found.paths == (
        r"C:\Users\<UserName>\AppData\Roaming\Microsoft\Network\Connections\Cm\<GUID>",
    )
    assert found.urls == ("http://crl3.digicert.com/ssca-sha2-g1.crl",)
    assert found.registry_keys == (
        r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\DisableDomainCreds",
    )
    assert found.link_targets == ("./reset-gateway.md",)


def test_section_invariants_see_text_split_by_html_tags() -> None:
    article = p2skb.parse(
        "# T\n\n## S\n\n1. Go to C:\\Users\\u<UserName>\\AppData\\x and run `mmc.exe`.\n"
        "2. See [KB4057142](https://support.microsoft.com/help/4057142).\n"
    )
    invariants = article.sections[0].invariants
    # <UserName> is an HTML tag to markdown-it; the path stays whole all the same.
    assert invariants.paths == ("C:\\Users\\u<UserName>\\AppData\\x",)
    assert invariants.inline_code == ("mmc.exe",)
    assert invariants.kb_numbers == ("KB4057142",)
    assert invariants.link_targets == ("https://support.microsoft.com/help/4057142",)


def test_the_seed_sections_carry_their_codes(seed_ja: object) -> None:
    article = p2skb.parse_file(str(seed_ja))
    codes = {
        code for s in article.sections for c in s.sections for code in c.invariants.error_codes
    }
    codes |= {code for s in article.sections for code in s.invariants.error_codes}
    assert {"798", "0x80090326", "8007026f", "KDC_ERR_C_PRINCIPAL_UNKNOWN", "0x80092013"} <= codes


def test_file_names_outside_paths_and_urls_are_invariants() -> None:
    text = (
        "Install AzureRoot.cer and VpnClientSetupAmd64.exe from (*.cer) "
        "C:\\Users\\a\\b.cer and https://example.com/c.zip; Node.js is no file."
    )
    found = extract([text])
    assert found.file_names == ("AzureRoot.cer", "VpnClientSetupAmd64.exe")
    assert extract(["AzureRoot .cer"]).file_names == ()
