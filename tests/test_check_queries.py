"""Acceptance tests of `lantian check`: docs/verdict-rules.md, end to end through the CLI.

The registry is the fictional bundle in tests/fixtures/check_bundle/ (as of 2026-06-01),
imported once per module with `lantian registry import`; every query is answered by
`lantian check QUERY --json --today 2026-06-01` and compared with literal expectations.

A case with no certain match expects `match` null; its `match_kind` must then be null or
`fuzzy` (data-format.md lists `fuzzy`, verdict-rules.md says a similarity candidate is never a
match, so either reading of "the kind of a fuzzy result" is accepted).
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"
TODAY = "2026-06-01"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Agencies of the bundle (USCC) and what each one is there to exercise.
HUAYUE = (
    "91310106MA1FL3R23H"  # 上海华岳知识产权代理有限公司: active, both, A, 静安; phones, website
)
HUAYUE_PAT = "91310104MA1G2C8K1P"  # 上海华岳专利代理有限公司: registered, differs by industry word
HUAYUE_PD = "91310115MA1H4D7N4M"  # 华岳 浦东分公司: clean branch
HUAYUE_JD = "91310114MA1J6E3P0E"  # 华岳 嘉定分公司: branch on abnormal_operation itself
LANTAO = "91310110MA1K4R2X57"  # 上海澜涛知识产权代理有限公司: A+, target of typos and short name
CHENGCHUAN = "91310105MA1L7B5Q01"  # 澄川知识产权代理（上海）有限公司: trademark, B
HENGSHI = "91310101MA1M3T9U7N"  # 上海衡石知识产权代理有限公司: renamed twice, two websites
LANQIAO = "91310113MA1N8W2Y1K"  # 上海蓝桥专利代理有限公司: revoked, renamed
LANQIAO_MH = "91310112MA1P5A6B4T"  # 蓝桥 闵行分公司: active branch of a revoked head office
QIMING = "91310107MA1Q2G4H1U"  # 上海启明商标代理有限公司: cancelled
CHENXI = "91310109MA1R9J3K7Y"  # 上海晨曦商标代理有限公司: status filing_expired
JINCHENG = "91310117MA1T6L8M6N"  # 上海锦程商标代理有限公司: active, filed until 2026-03-31
HENGYUAN = "91310115MA1U3N5P15"  # 上海恒远专利代理有限公司: suspended until 2026-12-31
JIAHE = "91310112MA1W8Q2R62"  # 上海嘉禾专利代理有限公司: suspended until 2026-03-31 (ended)
DONGLI = "91310120MA1X4T7UXC"  # 上海东篱知识产权代理有限公司: grade C
XILING = "91310118MA1Y2W9X55"  # 上海西岭专利代理有限公司: grade D
JINSUI = "91310116MA1A7Y3C69"  # 上海金穗知识产权代理有限公司: serious_dishonest now
QINGHE = "91310151MA1B5D8E7Q"  # 上海青禾商标代理有限公司: abnormal_operation now, mobile only
YUNFAN = "91310115MA1C9F4G6W"  # 上海云帆知识产权代理有限公司: key_monitoring now
SONGFENG = "91310112MA1D3H6J7L"  # 上海松风专利代理有限公司: abnormal_operation removed 2024
CHANGFENG = "91310107MA1E8K2L47"  # 上海长风知识产权代理有限公司: fine on 2025-08-20
BAILU = "91310105MA1F6M7N8N"  # 上海白鹭专利代理有限公司: warning on 2021-04-15 only
MINGDE = "91310104MA1G4P3Q5U"  # 上海明德知识产权代理有限公司
MINGDE2 = "91310112MA1H9R5T6N"  # 上海明得知识产权代理有限公司: one character from 明德
SONGYAN_SH = "91310110MA1J2U8W18"  # 上海松岩知识产权代理有限公司 (上海)
SONGYAN_BJ = "91110108MA0K7X4Y7E"  # 松岩知识产权代理有限公司 (北京): same normalised name
XINGHE = "91310106MA1K3A9B8Q"  # 上海星河&海岸知识产权代理有限公司
BOYUAN = "91310101MA1L8C2D33"  # 上海<b>博远</b>专利代理有限公司
PUJIANG = "91310101084217353P"  # 上海市浦江专利事务所（普通合伙）
HAINA = "91310105MA1T9N7P6C"  # 上海海纳专利代理事务所（特殊普通合伙）
HANHAI = "91310115MA1N4E6F0G"  # 上海瀚海专利代理有限公司: 临港新片区
DINGXIN = "91310106MA1P7G3H1U"  # 上海鼎信商标代理有限公司: mobile only

UNREGISTERED_USCC = "91310115MA1W6Q3R14"  # valid check character, in no record
WRONG_CHECK_USCC = "91310106MA1FL3R230"  # HUAYUE with a wrong check character

# Practitioners (certificate numbers).
P_ZHOU = "3120150101"  # 周明远: practising, unique name
P_CHEN = "3120160214"  # 陈雨桐: not_practising
P_WANG = "3120120033"  # 王启航: revoked
P_LI_1 = "3120170345"  # 李文博 (at 华岳)
P_LI_2 = "3120190412"  # 李文博 (at 衡石)
P_ZHAO = "3120140520"  # 赵子谦: on key_monitoring now
P_SUN = "3120180623"  # 孙若溪: warning on 2025-09-01


@dataclass(frozen=True)
class Expect:
    """What `lantian check` must answer for one query."""

    level: str
    match_kind: str | None
    match_id: str | None
    candidate: str | None = None  # an id among the first 3 candidates (no match only)
    reason: str | None = None  # a reason code that must be present
    unregistered: bool = False  # about an unregistered or impersonating subject: never `ok`


CASES = [
    # --- exact names, after normalisation -------------------------------------------------
    pytest.param(
        "上海华岳知识产权代理有限公司",
        Expect("ok", "exact_name", HUAYUE, reason="licensed"),
        id="name-exact-full",
    ),
    pytest.param(
        "华岳知识产权代理",
        Expect("ok", "exact_name", HUAYUE),
        id="name-without-shanghai-and-company-form",
    ),
    pytest.param(
        "上海华岳知识产权代理",
        Expect("ok", "exact_name", HUAYUE),
        id="name-without-company-form",
    ),
    pytest.param(
        "华岳知识产权代理有限公司",
        Expect("ok", "exact_name", HUAYUE),
        id="name-without-shanghai",
    ),
    pytest.param(
        "上海市华岳知识产权代理有限公司",
        Expect("ok", "exact_name", HUAYUE),
        id="name-with-shanghai-shi",
    ),
    pytest.param(
        "  上海 华岳\u3000知识产权\t代理\n 有限公司  ",
        Expect("ok", "exact_name", HUAYUE),
        id="name-whitespace-heavy",
    ),
    pytest.param(
        "上海華嶽知識產權代理有限公司",
        Expect("ok", "exact_name", HUAYUE),
        id="name-traditional-characters",
    ),
    pytest.param(
        "澄川知识产权代理(上海)有限公司",
        Expect("ok", "exact_name", CHENGCHUAN, reason="filed"),
        id="name-bracket-shanghai-half-width",
    ),
    pytest.param(
        "澄川知识产权代理（上海）有限公司",
        Expect("ok", "exact_name", CHENGCHUAN),
        id="name-bracket-shanghai-full-width",
    ),
    pytest.param(
        "上海澄川知识产权代理有限公司",
        Expect("ok", "exact_name", CHENGCHUAN),
        id="name-bracket-shanghai-given-as-prefix",
    ),
    pytest.param(
        "澄川知識產權代理（上海）有限公司",
        Expect("ok", "exact_name", CHENGCHUAN),
        id="name-bracket-shanghai-traditional",
    ),
    pytest.param(
        "浦江专利事务所",
        Expect("ok", "exact_name", PUJIANG),
        id="name-partnership-short",
    ),
    pytest.param(
        "上海市浦江专利事务所(普通合伙)",
        Expect("ok", "exact_name", PUJIANG),
        id="name-partnership-half-width-brackets",
    ),
    pytest.param(
        "海纳专利代理事务所",
        Expect("ok", "exact_name", HAINA),
        id="name-special-partnership-short",
    ),
    pytest.param(
        "上海华岳专利代理有限公司",
        Expect("ok", "exact_name", HUAYUE_PAT),
        id="name-registered-sibling-other-industry-word",
    ),
    pytest.param(
        "明德知识产权代理",
        Expect("ok", "exact_name", MINGDE),
        id="name-one-char-pair-first",
    ),
    pytest.param(
        "上海明得知识产权代理有限公司",
        Expect("ok", "exact_name", MINGDE2),
        id="name-one-char-pair-second",
    ),
    pytest.param(
        "上海星河&海岸知识产权代理有限公司",
        Expect("ok", "exact_name", XINGHE),
        id="name-with-ampersand",
    ),
    pytest.param(
        "上海<b>博远</b>专利代理有限公司",
        Expect("ok", "exact_name", BOYUAN),
        id="name-with-html-tag",
    ),
    pytest.param(
        "上海瀚海专利代理有限公司",
        Expect("ok", "exact_name", HANHAI),
        id="name-lingang",
    ),
    # --- USCC, patent agency code, certificate number -------------------------------------
    pytest.param(
        HUAYUE,
        Expect("ok", "exact_id", HUAYUE),
        id="uscc-exact",
    ),
    pytest.param(
        "９１３１０１０６ＭＡ１ＦＬ３Ｒ２３Ｈ",
        Expect("ok", "exact_id", HUAYUE),
        id="uscc-full-width",
    ),
    pytest.param(
        "9131 0110-ma1k-4r2x 57",
        Expect("ok", "exact_id", LANTAO),
        id="uscc-lower-case-spaces-dashes",
    ),
    pytest.param(
        WRONG_CHECK_USCC,
        Expect(
            "unknown",
            None,
            None,
            candidate=HUAYUE,
            reason="invalid_uscc",
            unregistered=True,
        ),
        id="uscc-wrong-check-character",
    ),
    pytest.param(
        UNREGISTERED_USCC,
        Expect("unknown", None, None, unregistered=True),
        id="uscc-valid-not-registered",
    ),
    pytest.param(
        LANQIAO,
        Expect("danger", "exact_id", LANQIAO, reason="revoked"),
        id="uscc-revoked",
    ),
    pytest.param(
        LANQIAO_MH,
        Expect("danger", "exact_id", LANQIAO_MH, reason="head_office"),
        id="uscc-branch-of-revoked-head-office",
    ),
    pytest.param(
        SONGYAN_BJ,
        Expect("ok", "exact_id", SONGYAN_BJ),
        id="uscc-settles-shared-name",
    ),
    pytest.param(
        "31215",
        Expect("ok", "exact_id", HUAYUE),
        id="patent-agency-code",
    ),
    pytest.param(
        "31260",
        Expect("danger", "exact_id", HENGYUAN, reason="suspended"),
        id="patent-agency-code-suspended",
    ),
    pytest.param(
        "31999",
        Expect("unknown", None, None, unregistered=True),
        id="patent-agency-code-not-registered",
    ),
    pytest.param(
        P_ZHOU,
        Expect("ok", "exact_id", P_ZHOU),
        id="cert-practising",
    ),
    pytest.param(
        P_WANG,
        Expect("danger", "exact_id", P_WANG, reason="revoked"),
        id="cert-revoked",
    ),
    pytest.param(
        P_SUN,
        Expect("caution", "exact_id", P_SUN, reason="sanction"),
        id="cert-recent-sanction",
    ),
    # --- practitioners by name --------------------------------------------------------------
    pytest.param(
        "周明远",
        Expect("ok", "exact_name", P_ZHOU, reason="practising"),
        id="practitioner-unique-name",
    ),
    pytest.param(
        "陈雨桐",
        Expect("caution", "exact_name", P_CHEN, reason="not_practising"),
        id="practitioner-not-practising",
    ),
    pytest.param(
        "王启航",
        Expect("danger", "exact_name", P_WANG, reason="revoked"),
        id="practitioner-revoked",
    ),
    pytest.param(
        "赵子谦",
        Expect("caution", "exact_name", P_ZHAO, reason="key_monitoring"),
        id="practitioner-listed",
    ),
    pytest.param(
        "李文博",
        Expect("unknown", None, None, candidate=P_LI_1, reason="ambiguous"),
        id="practitioner-shared-name",
    ),
    pytest.param(
        "钱晓峰",
        Expect("unknown", None, None, unregistered=True),
        id="practitioner-unknown-name",
    ),
    # --- phones ---------------------------------------------------------------------------
    pytest.param(
        "+86 21 6123 4567",
        Expect("ok", "phone", HUAYUE),
        id="phone-plus86",
    ),
    pytest.param(
        "0086-21-61234567",
        Expect("ok", "phone", HUAYUE),
        id="phone-0086",
    ),
    pytest.param(
        "021 - 6123 - 4567",
        Expect("ok", "phone", HUAYUE),
        id="phone-dashes-and-spaces",
    ),
    pytest.param(
        "(021)61234567",
        Expect("ok", "phone", HUAYUE),
        id="phone-brackets",
    ),
    pytest.param(
        "（021）6123-4567",
        Expect("ok", "phone", HUAYUE),
        id="phone-full-width-brackets",
    ),
    pytest.param(
        "61234567",
        Expect("ok", "phone", HUAYUE),
        id="phone-8-digits-without-021",
    ),
    pytest.param(
        "139 1662 7788",
        Expect("ok", "phone", HUAYUE),
        id="phone-mobile",
    ),
    pytest.param(
        "+86-139-1662-7788",
        Expect("ok", "phone", HUAYUE),
        id="phone-mobile-plus86",
    ),
    pytest.param(
        "135 2467 8890",
        Expect("ok", "phone", DINGXIN),
        id="phone-mobile-only-registered",
    ),
    pytest.param(
        "18621345566",
        Expect("caution", "phone", QINGHE, reason="abnormal_operation"),
        id="phone-of-listed-agency",
    ),
    pytest.param(
        "021-56781234",
        Expect("danger", "phone", LANQIAO, reason="revoked"),
        id="phone-of-revoked-agency",
    ),
    pytest.param(
        "021-69998888",
        Expect("unknown", None, None, unregistered=True),
        id="phone-not-registered",
    ),
    # --- websites and e-mail --------------------------------------------------------------
    pytest.param(
        "https://www.huayue-ip.example/about/contact.html?from=search",
        Expect("ok", "website", HUAYUE),
        id="web-full-url-with-path",
    ),
    pytest.param(
        "huayue-ip.example",
        Expect("ok", "website", HUAYUE),
        id="web-bare-domain",
    ),
    pytest.param(
        "www.huayue-ip.example",
        Expect("ok", "website", HUAYUE),
        id="web-www",
    ),
    pytest.param(
        "HTTP://WWW.HUAYUE-IP.EXAMPLE/",
        Expect("ok", "website", HUAYUE),
        id="web-upper-case",
    ),
    pytest.param(
        "tm.huayue-ip.example",
        Expect("ok", "website", HUAYUE),
        id="web-sub-domain",
    ),
    pytest.param(
        "service@huayue-ip.example",
        Expect("ok", "website", HUAYUE),
        id="web-email-at-domain",
    ),
    pytest.param(
        "https://www.lantao-ip.example/team",
        Expect("ok", "website", LANTAO),
        id="web-registered-as-bare-domain",
    ),
    pytest.param(
        "chengchuan-ip.example",
        Expect("ok", "website", CHENGCHUAN),
        id="web-registered-as-url",
    ),
    pytest.param(
        "hengshi-patent.example",
        Expect("ok", "website", HENGSHI),
        id="web-second-registered-site",
    ),
    pytest.param(
        "www.lanqiao-ip.example",
        Expect("danger", "website", LANQIAO, reason="revoked"),
        id="web-of-revoked-agency",
    ),
    pytest.param(
        "huayue-ipr.example",
        Expect("unknown", None, None, unregistered=True),
        id="web-not-registered",
    ),
    pytest.param(
        "http://huayue-ip.example.fake-site.example/",
        Expect("unknown", None, None, unregistered=True),
        id="web-registered-domain-as-prefix",
    ),
    pytest.param(
        "myhuayue-ip.example",
        Expect("unknown", None, None, unregistered=True),
        id="web-registered-domain-as-suffix-without-dot",
    ),
    # --- former names ---------------------------------------------------------------------
    pytest.param(
        "上海衡石专利代理有限公司",
        Expect("ok", "former_name", HENGSHI),
        id="former-name",
    ),
    pytest.param(
        "衡石专利代理事务所",
        Expect("ok", "former_name", HENGSHI),
        id="former-name-partnership-normalised",
    ),
    pytest.param(
        "上海蓝桥商标代理有限公司",
        Expect("danger", "former_name", LANQIAO, reason="revoked"),
        id="former-name-current-status-revoked",
    ),
    pytest.param(
        "衡石知识产权代理",
        Expect("ok", "exact_name", HENGSHI),
        id="current-name-after-rename",
    ),
    # --- lookalikes: never a match ------------------------------------------------------
    pytest.param(
        "上海澜寿知识产权代理有限公司",
        Expect(
            "unknown",
            None,
            None,
            candidate=LANTAO,
            reason="lookalike",
            unregistered=True,
        ),
        id="typo-one-character",
    ),
    pytest.param(
        "上海涛澜知识产权代理有限公司",
        Expect(
            "unknown",
            None,
            None,
            candidate=LANTAO,
            reason="lookalike",
            unregistered=True,
        ),
        id="swapped-characters",
    ),
    pytest.param(
        "上海蓝涛知识产权代理有限公司",
        Expect(
            "unknown",
            None,
            None,
            candidate=LANTAO,
            reason="lookalike",
            unregistered=True,
        ),
        id="homophone",
    ),
    pytest.param(
        "上海华悦知识产权代理有限公司",
        Expect(
            "unknown",
            None,
            None,
            candidate=HUAYUE,
            reason="lookalike",
            unregistered=True,
        ),
        id="homophone-of-trade-name",
    ),
    pytest.param(
        "上海华岳知识产权服务有限公司",
        Expect(
            "unknown",
            None,
            None,
            candidate=HUAYUE,
            reason="lookalike",
            unregistered=True,
        ),
        id="clone-other-industry-word",
    ),
    pytest.param(
        "上海华岳商标代理有限公司",
        Expect("unknown", None, None, unregistered=True),
        id="clone-trademark-industry-word",
    ),
    pytest.param(
        "澜涛",
        Expect("unknown", None, None, candidate=LANTAO),
        id="short-name",
    ),
    pytest.param(
        "衡石",
        Expect("unknown", None, None, candidate=HENGSHI),
        id="short-name-of-renamed-agency",
    ),
    # --- branches -------------------------------------------------------------------------
    pytest.param(
        "上海华岳知识产权代理有限公司浦东分公司",
        Expect("ok", "exact_name", HUAYUE_PD),
        id="branch-by-name",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司嘉定分公司",
        Expect("caution", "exact_name", HUAYUE_JD, reason="abnormal_operation"),
        id="branch-own-listing",
    ),
    pytest.param(
        "上海蓝桥专利代理有限公司闵行分公司",
        Expect("danger", "exact_name", LANQIAO_MH, reason="head_office"),
        id="branch-of-revoked-head-office",
    ),
    # --- status, credit, lists, sanctions ------------------------------------------------
    pytest.param(
        "上海蓝桥专利代理有限公司",
        Expect("danger", "exact_name", LANQIAO, reason="revoked"),
        id="status-revoked",
    ),
    pytest.param(
        "上海启明商标代理有限公司",
        Expect("danger", "exact_name", QIMING, reason="cancelled"),
        id="status-cancelled",
    ),
    pytest.param(
        "上海晨曦商标代理有限公司",
        Expect("danger", "exact_name", CHENXI, reason="filing_expired"),
        id="status-filing-expired",
    ),
    pytest.param(
        "上海锦程商标代理有限公司",
        Expect("danger", "exact_name", JINCHENG, reason="filing_expired"),
        id="filing-end-date-passed",
    ),
    pytest.param(
        "上海恒远专利代理有限公司",
        Expect("danger", "exact_name", HENGYUAN, reason="suspended"),
        id="suspended-now",
    ),
    pytest.param(
        "上海嘉禾专利代理有限公司",
        Expect("ok", "exact_name", JIAHE),
        id="suspension-ended",
    ),
    pytest.param(
        "上海东篱知识产权代理有限公司",
        Expect("caution", "exact_name", DONGLI, reason="low_grade"),
        id="grade-c",
    ),
    pytest.param(
        "上海西岭专利代理有限公司",
        Expect("caution", "exact_name", XILING, reason="low_grade"),
        id="grade-d",
    ),
    pytest.param(
        "上海金穗知识产权代理有限公司",
        Expect("danger", "exact_name", JINSUI, reason="serious_dishonest"),
        id="serious-dishonest-now",
    ),
    pytest.param(
        "上海青禾商标代理有限公司",
        Expect("caution", "exact_name", QINGHE, reason="abnormal_operation"),
        id="abnormal-operation-now",
    ),
    pytest.param(
        "上海云帆知识产权代理有限公司",
        Expect("caution", "exact_name", YUNFAN, reason="key_monitoring"),
        id="key-monitoring-now",
    ),
    pytest.param(
        "上海松风专利代理有限公司",
        Expect("ok", "exact_name", SONGFENG, reason="delisted"),
        id="delisted-only",
    ),
    pytest.param(
        "上海长风知识产权代理有限公司",
        Expect("caution", "exact_name", CHANGFENG, reason="sanction"),
        id="sanction-recent",
    ),
    pytest.param(
        "上海白鹭专利代理有限公司",
        Expect("ok", "exact_name", BAILU, reason="old_sanction"),
        id="sanction-old-only",
    ),
    # --- one name, two provinces ----------------------------------------------------------
    pytest.param(
        "松岩知识产权代理",
        Expect("unknown", None, None, candidate=SONGYAN_SH, reason="ambiguous"),
        id="shared-name-normalised",
    ),
    pytest.param(
        "松岩知识产权代理有限公司",
        Expect("unknown", None, None, candidate=SONGYAN_BJ, reason="ambiguous"),
        id="shared-name-beijing-form",
    ),
    pytest.param(
        "上海松岩知识产权代理有限公司",
        Expect("unknown", None, None, candidate=SONGYAN_SH, reason="ambiguous"),
        id="shared-name-shanghai-form",
    ),
    # --- posing as a state organ ----------------------------------------------------------
    pytest.param(
        "国家知识产权局商标局上海受理窗口",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-acceptance-window",
    ),
    pytest.param(
        "专利局官方代办处",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-official-agent",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司官方代办",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-registered-name-plus-official",
    ),
    pytest.param(
        "上海市知识产权局官方指定商标代理中心",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-local-bureau-designated",
    ),
    pytest.param(
        "國家知識產權局官方指定代理機構",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-traditional",
    ),
    pytest.param(
        "国家 知识产权局\u3000商标局",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-spaced",
    ),
    pytest.param(
        "cnipa-gov.example",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-domain",
    ),
    pytest.param(
        "https://www.cnipa-gov.example/shangbiao/daiban",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-url",
    ),
    pytest.param(
        "daiban@cnipa-gov.example",
        Expect("danger", None, None, reason="impersonation", unregistered=True),
        id="state-organ-email",
    ),
    # --- not registered, and hostile input ------------------------------------------------
    pytest.param(
        "上海瑞丰知识产权代理有限公司",
        Expect("unknown", None, None, reason="not_registered", unregistered=True),
        id="unregistered-plausible-name",
    ),
    pytest.param(
        "' OR 1=1 --",
        Expect("unknown", None, None, unregistered=True),
        id="sql-injection",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司'; DROP TABLE agencies; --",
        Expect("unknown", None, None, unregistered=True),
        id="sql-injection-drop-table",
    ),
    pytest.param(
        '"华*" AND NEAR(',
        Expect("unknown", None, None, unregistered=True),
        id="fts-syntax",
    ),
    pytest.param(
        "%",
        Expect("unknown", None, None, unregistered=True),
        id="like-percent",
    ),
    pytest.param(
        "_",
        Expect("unknown", None, None, unregistered=True),
        id="like-underscore",
    ),
    pytest.param(
        "上海%知识产权代理有限公司",
        Expect("unknown", None, None, unregistered=True),
        id="like-percent-in-name",
    ),
    pytest.param(
        "上海华_知识产权代理有限公司",
        Expect("unknown", None, None, unregistered=True),
        id="like-underscore-in-name",
    ),
    pytest.param(
        "🦊狐狸知识产权代理有限公司",
        Expect("unknown", None, None, unregistered=True),
        id="emoji-name",
    ),
    pytest.param(
        "代理" * 2500,
        Expect("unknown", None, None, unregistered=True),
        id="query-5000-characters",
    ),
    pytest.param(
        "<script>alert('华岳')</script>",
        Expect("unknown", None, None, unregistered=True),
        id="html-in-query",
    ),
]

QUERIES = [pytest.param(case.values[0], id=case.id) for case in CASES]
CERTAIN_KINDS = {"exact_id", "exact_name", "former_name", "phone", "website"}


def explain(result: Result) -> str:
    """The exit code, the output and any traceback of one CLI run, for a failure message."""
    text = f"exit code {result.exit_code}\nstdout+stderr:\n{result.output}"
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        text += "\n" + "".join(traceback.format_exception(*result.exc_info))
    return text


def summary(answer: dict[str, Any]) -> str:
    """The parts of an answer that matter when a case fails."""
    match = answer.get("match")
    return (
        f"level={answer.get('level')!r} match_kind={answer.get('match_kind')!r} "
        f"match={match and match.get('id')!r} "
        f"reasons={[r.get('code') for r in answer.get('reasons', [])]} "
        f"candidates={[c.get('id') for c in answer.get('candidates', [])[:5]]}"
    )


@pytest.fixture(scope="module")
def cli() -> Any:
    """The CLI group, imported here so a missing module fails the tests, not the collection."""
    from bot.cli import cli as group

    return group


@pytest.fixture(scope="module")
def db(cli: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the fixture bundle, imported once through the CLI."""
    path = tmp_path_factory.mktemp("check") / "lantian.db"
    result = CliRunner().invoke(cli, ["registry", "import", str(BUNDLE), "--db", str(path)])
    assert result.exit_code == 0, explain(result)
    return path


@pytest.fixture(scope="module")
def ask(cli: Any, db: Path) -> Callable[[str], dict[str, Any]]:
    """Run `lantian check QUERY --json` once per query and return the parsed answer."""
    answers: dict[str, dict[str, Any]] = {}

    def ask(query: str) -> dict[str, Any]:
        if query not in answers:
            args = ["check", query, "--json", "--db", str(db), "--today", TODAY]
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 0, explain(result)
            answers[query] = json.loads(result.stdout)
        return answers[query]

    return ask


@pytest.mark.parametrize(("query", "expect"), CASES)
def test_check_answers(ask: Callable[[str], dict[str, Any]], query: str, expect: Expect) -> None:
    answer = ask(query)
    shown = summary(answer)
    assert answer["level"] == expect.level, shown
    if expect.match_id is None:
        assert expect.match_kind is None
        assert answer["match"] is None, shown
        assert answer["match_kind"] in (None, "fuzzy"), shown
    else:
        assert answer["match"] is not None, shown
        assert answer["match"]["id"] == expect.match_id, shown
        assert answer["match_kind"] == expect.match_kind, shown
        assert answer["match_kind"] in CERTAIN_KINDS, shown
    if expect.candidate is not None:
        first_three = [c["id"] for c in answer["candidates"][:3]]
        assert expect.candidate in first_three, shown
    if expect.reason is not None:
        assert expect.reason in {r["code"] for r in answer["reasons"]}, shown


def test_zero_ok_for_unregistered_or_impersonating(
    ask: Callable[[str], dict[str, Any]],
) -> None:
    flagged = [case for case in CASES if case.values[1].unregistered]
    assert len(flagged) >= 20
    offenders = [
        f"{case.id}: {case.values[0][:60]!r}"
        for case in flagged
        if ask(case.values[0])["level"] == "ok"
    ]
    assert not offenders, "answered ok for an unregistered or impersonating subject:\n" + (
        "\n".join(offenders)
    )


@pytest.mark.parametrize("query", QUERIES)
def test_answer_carries_as_of_and_sources(ask: Callable[[str], dict[str, Any]], query: str) -> None:
    answer = ask(query)
    assert answer["query"] == query
    assert answer["as_of"] == TODAY
    assert answer["fictional"] is True
    assert isinstance(answer["headline"], str)
    assert answer["headline"].strip()
    for reason in answer["reasons"]:
        assert isinstance(reason["code"], str)
        assert reason["code"]
        assert isinstance(reason["text"], str)
        assert reason["text"].strip()
        assert isinstance(reason["source"], str)
        assert reason["source"].strip(), reason
        assert isinstance(reason["date"], str)
        assert DATE.fullmatch(reason["date"]), reason
        assert reason["severity"] in {"danger", "caution", "info"}, reason
    for candidate in answer["candidates"]:
        assert candidate["kind"] in {"agency", "practitioner"}, candidate
        assert candidate["id"]
        assert candidate["name"]
        assert isinstance(candidate["score"], int | float)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            "上海华岳知识产权代理有限公司",
            {
                "kind": "agency",
                "id": HUAYUE,
                "name": "上海华岳知识产权代理有限公司",
                "status": "active",
                "credit_grade": "A",
                "district": "静安",
            },
            id="agency",
        ),
        pytest.param(
            "上海华岳知识产权代理有限公司嘉定分公司",
            {
                "kind": "agency",
                "id": HUAYUE_JD,
                "name": "上海华岳知识产权代理有限公司嘉定分公司",
                "status": "active",
                "district": "嘉定",
            },
            id="branch",
        ),
        pytest.param(
            "上海蓝桥专利代理有限公司",
            {
                "kind": "agency",
                "id": LANQIAO,
                "name": "上海蓝桥专利代理有限公司",
                "status": "revoked",
                "credit_grade": "D",
                "district": "宝山",
            },
            id="revoked-agency",
        ),
        pytest.param(
            P_ZHOU,
            {
                "kind": "practitioner",
                "id": P_ZHOU,
                "name": "周明远",
                "status": "practising",
                "credit_grade": "A",
            },
            id="practitioner",
        ),
    ],
)
def test_exact_hit_match_object(
    ask: Callable[[str], dict[str, Any]], query: str, expected: dict[str, str]
) -> None:
    match = ask(query)["match"]
    assert match is not None
    if match["kind"] == "agency":
        for key in ("kind", "id", "name", "status", "credit_grade", "district"):
            assert key in match, f"match has no {key!r}: {match}"
    assert {key: match[key] for key in expected} == expected


@pytest.mark.parametrize("args", [pytest.param([""], id="empty"), pytest.param([], id="missing")])
def test_empty_query_is_a_usage_error(cli: Any, db: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["check", *args, "--json", "--db", str(db), "--today", TODAY])
    assert result.exit_code == 2, explain(result)
