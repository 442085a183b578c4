"""Fictional registry data in the bundle format (data-format.md §1), for demos and benchmarks.

Everything written here is invented: every agency name contains 示例, websites use the reserved
`.example` top-level domain, practitioners are called 张某甲 and meta.json says
`"fictional": true`. The shape is realistic on purpose (branches, renamed firms, clone-like
names, every status, list and sanction) so that the checker and the benchmarks meet what a real
registry holds. The output depends only on the seed and the scale: no clock, no global random.

Certificate numbers of practitioners (our own documented format, not CNIPA's):
`PPYYNNNNN.C` - PP the 2-digit province code, YY the year of qualification, NNNNN a serial and
C the Luhn check digit of the nine digits, e.g. `312104517.7`. Without the dot it has ten digits,
so it can never be mistaken for an 11-digit mobile number or a landline with its area code.
"""

from __future__ import annotations

import csv
import json
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Generic, Literal, TypeVar

from stdnum.cn import uscc as stdnum_uscc

from bot.reports.categories import CATEGORIES, label

Scale = Literal["shanghai", "national", "national3x"]
SCALES: tuple[Scale, ...] = ("shanghai", "national", "national3x")

AS_OF = date(2026, 10, 31)
SOURCE = "蓝天示例数据（虚构，仅供演示）"
FIRST_DAY = date(2019, 1, 1)  # sanctions and lists are spread from here to AS_OF

AGENCY_COLUMNS = (
    "uscc", "name", "former_names", "kind", "patent_agency_code", "trademark_filed_until",
    "status", "status_since", "suspended_until", "province", "city", "district", "address",
    "phones", "websites", "parent_uscc", "credit_grade", "credit_score", "credit_as_of",
)  # fmt: skip
PRACTITIONER_COLUMNS = ("cert_no", "name", "agency_uscc", "status", "credit_grade")
LISTING_COLUMNS = (
    "subject_id", "list", "reason", "authority", "decision_no", "listed_on", "removed_on",
)  # fmt: skip
SANCTION_COLUMNS = (
    "subject_id", "decided_on", "authority", "decision_no", "violation", "sanction",
    "amount_yuan", "suspend_months", "summary",
)  # fmt: skip

# (agencies including branches, practitioners) per scale.
_SIZES: dict[str, tuple[int, int]] = {
    "shanghai": (3_000, 2_000),
    "national": (100_000, 60_000),
    "national3x": (300_000, 180_000),  # three times the nation: the benchmarks' headroom
}
_BRANCH_SHARE = 0.05
_SHANGHAI_SHARE = 0.08  # of a national bundle

T = TypeVar("T")


class _Weighted(Generic[T]):
    """Items with weights; a pick is one bisect on precomputed cumulative weights (fast)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _District:
    name: str  # the `district` cell; Shanghai's as in the domain brief (黄浦 … 浦东新区)
    division: str  # administrative division code, digits 3-8 of a USCC
    label: str  # used in branch names: 上海某某有限公司浦东分公司
    address: str  # what an address starts with: 上海市浦东新区
    office: str  # what a local authority's name starts with
    abbr: str  # decision numbers: 沪浦知罚〔2025〕12号


@dataclass(frozen=True)
class _Region:
    prefix: str  # first word of agency names: 上海, 北京, 江苏, 杭州
    province: str
    city: str
    abbr: str  # one-character province abbreviation used in decision numbers
    slug: str  # latin, for domains
    area_code: str
    local_digits: int
    districts: tuple[_District, ...]


_SHANGHAI_DISTRICTS = (
    # name, division, weight, decision abbreviation; Pudong is the largest by far.
    ("黄浦", "310101", 5.0, "沪黄"),
    ("徐汇", "310104", 8.0, "沪徐"),
    ("长宁", "310105", 5.0, "沪长"),
    ("静安", "310106", 8.0, "沪静"),
    ("普陀", "310107", 5.0, "沪普"),
    ("虹口", "310109", 4.0, "沪虹"),
    ("杨浦", "310110", 5.0, "沪杨"),
    ("闵行", "310112", 9.0, "沪闵"),
    ("宝山", "310113", 6.0, "沪宝"),
    ("嘉定", "310114", 7.0, "沪嘉"),
    ("浦东新区", "310115", 22.0, "沪浦"),
    ("金山", "310116", 2.0, "沪金"),
    ("松江", "310117", 7.0, "沪松"),
    ("青浦", "310118", 4.0, "沪青"),
    ("奉贤", "310120", 3.5, "沪奉"),
    ("崇明", "310151", 3.0, "沪崇"),
    # Lingang has its own regulators, but its firms are registered under Pudong's code.
    ("临港新片区", "310115", 3.0, "沪临"),
)
_LINGANG = "中国（上海）自由贸易试验区临港新片区"

# prefix, province, city, abbr, slug, area code, local digits, weight, "district:code …"
_OTHER_REGIONS = (
    ("北京", "北京市", "北京市", "京", "bj", "010", 8, 12.0,
     "东城区:110101 西城区:110102 朝阳区:110105 丰台区:110106 海淀区:110108"),
    ("天津", "天津市", "天津市", "津", "tj", "022", 8, 2.0,
     "和平区:120101 南开区:120104 滨海新区:120116"),
    ("重庆", "重庆市", "重庆市", "渝", "cq", "023", 8, 2.0,
     "渝中区:500103 江北区:500105 渝北区:500112"),
    ("广东", "广东省", "广州市", "粤", "gd", "020", 8, 3.0,
     "越秀区:440104 海珠区:440105 天河区:440106 黄埔区:440112"),
    ("广州", "广东省", "广州市", "粤", "gz", "020", 8, 6.0,
     "越秀区:440104 海珠区:440105 天河区:440106 黄埔区:440112"),
    ("深圳", "广东省", "深圳市", "粤", "sz", "0755", 8, 8.0,
     "福田区:440304 南山区:440305 宝安区:440306 龙岗区:440307"),
    ("东莞", "广东省", "东莞市", "粤", "dg", "0769", 8, 1.5, ":441900"),
    ("江苏", "江苏省", "南京市", "苏", "js", "025", 8, 3.0,
     "玄武区:320102 秦淮区:320104 鼓楼区:320106 江宁区:320115"),
    ("南京", "江苏省", "南京市", "苏", "nj", "025", 8, 3.0,
     "玄武区:320102 秦淮区:320104 鼓楼区:320106 江宁区:320115"),
    ("苏州", "江苏省", "苏州市", "苏", "suz", "0512", 8, 4.0,
     "吴中区:320506 相城区:320507 姑苏区:320508 苏州工业园区:320571"),
    ("无锡", "江苏省", "无锡市", "苏", "wx", "0510", 8, 1.5,
     "滨湖区:320211 梁溪区:320213 新吴区:320214"),
    ("浙江", "浙江省", "杭州市", "浙", "zj", "0571", 8, 3.0,
     "上城区:330102 西湖区:330106 滨江区:330108 余杭区:330110"),
    ("杭州", "浙江省", "杭州市", "浙", "hz", "0571", 8, 5.0,
     "上城区:330102 西湖区:330106 滨江区:330108 余杭区:330110"),
    ("宁波", "浙江省", "宁波市", "浙", "nb", "0574", 8, 2.0,
     "海曙区:330203 江北区:330205 鄞州区:330212"),
    ("山东", "山东省", "济南市", "鲁", "sd", "0531", 8, 2.0,
     "历下区:370102 市中区:370103 槐荫区:370104"),
    ("济南", "山东省", "济南市", "鲁", "jn", "0531", 8, 1.5,
     "历下区:370102 市中区:370103 槐荫区:370104"),
    ("青岛", "山东省", "青岛市", "鲁", "qd", "0532", 8, 2.0,
     "市南区:370202 市北区:370203 崂山区:370212"),
    ("安徽", "安徽省", "合肥市", "皖", "ah", "0551", 8, 1.5,
     "瑶海区:340102 蜀山区:340104 包河区:340111"),
    ("合肥", "安徽省", "合肥市", "皖", "hf", "0551", 8, 1.5,
     "瑶海区:340102 蜀山区:340104 包河区:340111"),
    ("福建", "福建省", "福州市", "闽", "fj", "0591", 8, 1.0,
     "鼓楼区:350102 台江区:350103 仓山区:350104"),
    ("厦门", "福建省", "厦门市", "闽", "xm", "0592", 7, 1.5, "思明区:350203 湖里区:350206"),
    ("湖北", "湖北省", "武汉市", "鄂", "hb", "027", 8, 1.5,
     "江岸区:420102 武昌区:420106 洪山区:420111"),
    ("武汉", "湖北省", "武汉市", "鄂", "wh", "027", 8, 2.5,
     "江岸区:420102 武昌区:420106 洪山区:420111"),
    ("湖南", "湖南省", "长沙市", "湘", "hn", "0731", 8, 1.0,
     "芙蓉区:430102 天心区:430103 岳麓区:430104"),
    ("长沙", "湖南省", "长沙市", "湘", "cs", "0731", 8, 1.5,
     "芙蓉区:430102 天心区:430103 岳麓区:430104"),
    ("四川", "四川省", "成都市", "川", "sc", "028", 8, 1.5,
     "锦江区:510104 青羊区:510105 武侯区:510107"),
    ("成都", "四川省", "成都市", "川", "cd", "028", 8, 2.5,
     "锦江区:510104 青羊区:510105 武侯区:510107"),
    ("河南", "河南省", "郑州市", "豫", "ha", "0371", 8, 1.0,
     "中原区:410102 二七区:410103 金水区:410105"),
    ("郑州", "河南省", "郑州市", "豫", "zz", "0371", 8, 1.5,
     "中原区:410102 二七区:410103 金水区:410105"),
    ("河北", "河北省", "石家庄市", "冀", "he", "0311", 8, 1.0,
     "长安区:130102 桥西区:130104 裕华区:130108"),
    ("陕西", "陕西省", "西安市", "陕", "sn", "029", 8, 1.0,
     "新城区:610102 碑林区:610103 雁塔区:610113"),
    ("西安", "陕西省", "西安市", "陕", "xa", "029", 8, 1.5,
     "新城区:610102 碑林区:610103 雁塔区:610113"),
    ("辽宁", "辽宁省", "沈阳市", "辽", "ln", "024", 8, 0.8,
     "和平区:210102 沈河区:210103 浑南区:210112"),
    ("大连", "辽宁省", "大连市", "辽", "dl", "0411", 8, 0.6,
     "中山区:210202 西岗区:210203 沙河口区:210204"),
    ("江西", "江西省", "南昌市", "赣", "jx", "0791", 8, 0.8,
     "东湖区:360102 西湖区:360103 红谷滩区:360113"),
    ("广西", "广西壮族自治区", "南宁市", "桂", "gx", "0771", 7, 0.6,
     "兴宁区:450102 青秀区:450103"),
    ("云南", "云南省", "昆明市", "滇", "yn", "0871", 8, 0.6, "五华区:530102 盘龙区:530103"),
    ("黑龙江", "黑龙江省", "哈尔滨市", "黑", "hl", "0451", 8, 0.6,
     "道里区:230102 南岗区:230103"),
    ("吉林", "吉林省", "长春市", "吉", "jl", "0431", 8, 0.5, "南关区:220102 朝阳区:220104"),
    ("山西", "山西省", "太原市", "晋", "sx", "0351", 7, 0.5, "小店区:140105 迎泽区:140106"),
    ("贵州", "贵州省", "贵阳市", "黔", "gzh", "0851", 8, 0.5, "南明区:520102 云岩区:520103"),
    ("内蒙古", "内蒙古自治区", "呼和浩特市", "蒙", "nm", "0471", 7, 0.3,
     "新城区:150102 赛罕区:150105"),
    ("新疆", "新疆维吾尔自治区", "乌鲁木齐市", "新", "xj", "0991", 7, 0.3,
     "天山区:650102 沙依巴克区:650103"),
    ("甘肃", "甘肃省", "兰州市", "甘", "gs", "0931", 7, 0.3, "城关区:620102 七里河区:620103"),
    ("海南", "海南省", "海口市", "琼", "hi", "0898", 8, 0.4,
     "秀英区:460105 龙华区:460106 美兰区:460108"),
    ("宁夏", "宁夏回族自治区", "银川市", "宁", "nx", "0951", 7, 0.2,
     "兴庆区:640104 金凤区:640106"),
    ("青海", "青海省", "西宁市", "青", "qh", "0971", 7, 0.15, "城东区:630102 城西区:630104"),
    ("西藏", "西藏自治区", "拉萨市", "藏", "xz", "0891", 7, 0.1, "城关区:540102"),
)  # fmt: skip


def _shanghai() -> tuple[_Region, _Weighted[_District]]:
    districts = []
    for name, division, weight, abbr in _SHANGHAI_DISTRICTS:
        if name == "临港新片区":
            district = _District(name, division, name, _LINGANG, _LINGANG, abbr)
        else:
            full = name if name.endswith("区") else f"{name}区"
            label = "浦东" if name == "浦东新区" else name
            district = _District(name, division, label, f"上海市{full}", f"上海市{full}", abbr)
        districts.append((district, weight))
    region = _Region(
        "上海", "上海市", "上海市", "沪", "sh", "021", 8, tuple(d for d, _ in districts)
    )
    return region, _Weighted(districts)


def _other_region(row: tuple[str, str, str, str, str, str, int, float, str]) -> _Region:
    prefix, province, city, abbr, slug, area, digits, _, spec = row
    districts = []
    for item in spec.split():
        name, division = item.split(":")
        # Branch labels drop 区 (海淀分公司) but keep words that would read oddly without it.
        label = name[:-1] if name.endswith("区") and not name.endswith(("新区", "园区")) else name
        town = city if province == city else f"{province}{city}"
        districts.append(
            _District(name, division, label or city[:-1], f"{town}{name}", f"{city}{name}", "")
        )
    return _Region(prefix, province, city, abbr, slug, area, digits, tuple(districts))


# --- names ------------------------------------------------------------------------------------

# Invented trade names combine two of these characters; the pinyin makes the .example domains.
_SYLLABLES = (
    "澄cheng 禾he 华hua 诚cheng 信xin 德de 源yuan 瑞rui 博bo 景jing 智zhi 汇hui 佳jia 嘉jia "
    "恒heng 泰tai 鼎ding 盛sheng 弘hong 明ming 启qi 晟sheng 睿rui 卓zhuo 越yue 创chuang 锦jin "
    "天tian 海hai 蓝lan 青qing 正zheng 本ben 立li 方fang 远yuan 达da 通tong 科ke 安an 康kang "
    "乐le 文wen 雅ya 思si 维wei 谷gu 峰feng 岳yue 川chuan 林lin 森sen 石shi 金jin 玉yu 宝bao "
    "星xing 辰chen 月yue 阳yang 光guang 晨chen 曦xi 朗lang 悦yue 欣xin 融rong 沐mu 澜lan "
    "泓hong 沛pei 润run 泽ze 浩hao 淳chun 清qing 知zhi 慧hui 聚ju 合he 众zhong 诺nuo 优you "
    "凯kai 铭ming 骏jun 翔xiang 鹏peng 鸿hong 奕yi 承cheng 永yong 久jiu 誉yu 航hang 策ce "
    "衡heng 律lv 勤qin 毅yi 尚shang 品pin 禹yu 舟zhou 桥qiao 原yuan 杉shan 榕rong 樟zhang "
    "桐tong 枫feng 竹zhu 梧wu 荷he 云yun 雨yu 霖lin 露lu 霞xia 岚lan 溪xi 泉quan 湖hu 江jiang "
    "河he 洲zhou 屿yu 帆fan 舒shu 恬tian 宁ning 静jing 和he 睦mu 谦qian 儒ru 贤xian 哲zhe "
    "道dao 行xing 致zhi 远yuan 拓tuo 展zhan 新xin 元yuan 初chu 朴pu 素su 简jian 衡heng 杰jie "
    "英ying 豪hao 盈ying 丰feng 裕yu 益yi 兴xing 隆long 昌chang 祥xiang 福fu 禄lu 寿shou"
)
_PINYIN: dict[str, str] = {word[0]: word[1:] for word in _SYLLABLES.split()}
_CHARS = tuple(_PINYIN)
# Homophones that clone firms swap in (澄禾 / 澄和): same sound, so the same pinyin.
_HOMOPHONE_PAIRS = (
    "禾:和 华:桦 诚:城 澄:橙 信:鑫 德:得 源:元 瑞:睿 博:搏 景:境 智:志 汇:惠 佳:嘉 恒:衡 "
    "泰:太 鼎:顶 盛:晟 弘:宏 明:铭 启:企 卓:灼 越:悦 锦:金 天:添 蓝:兰 青:清 正:政 立:力 "
    "方:芳 远:源 通:同 科:可 文:闻 雅:亚 思:斯 维:唯 峰:锋 林:霖 星:兴 辰:晨 阳:扬 光:广 "
    "融:荣 澜:岚 泽:择 浩:皓 知:智 慧:惠 聚:巨 众:中 优:悠 凯:恺 骏:俊 翔:祥 鹏:朋 鸿:宏 "
    "承:诚 誉:裕 航:杭 尚:上 云:芸 雨:宇 溪:熙 宁:凝 哲:喆 杰:洁 英:瑛 丰:峰 益:逸 兴:星"
)
_HOMOPHONES: dict[str, str] = {
    plain: variant for plain, variant in (pair.split(":") for pair in _HOMOPHONE_PAIRS.split())
}
for _plain, _variant in _HOMOPHONES.items():
    _PINYIN.setdefault(_variant, _PINYIN[_plain])

# Names whose characters test escaping in CSV, HTML, SQL and URLs; all are Shanghai firms.
_SPECIAL_TRADES = {"A&B": "a-and-b", "D'Art": "dart", "1+1": "one-plus-one"}

_INDUSTRIES = _Weighted(
    [("知识产权代理", 40.0), ("商标代理", 30.0), ("知识产权服务", 17.0), ("专利代理", 8.0),
     ("专利商标代理", 5.0)]
)  # fmt: skip
_TRADEMARK_INDUSTRIES = _Weighted(
    [("知识产权代理", 45.0), ("商标代理", 35.0), ("知识产权服务", 20.0)]
)
_DOMAIN_WORD = {
    "知识产权代理": "ip",
    "商标代理": "tm",
    "知识产权服务": "ipservice",
    "专利代理": "patent",
    "专利商标代理": "pt",
}
_KIND_BY_INDUSTRY = {
    "知识产权代理": _Weighted([("trademark", 75.0), ("both", 15.0), ("patent", 10.0)]),
    "商标代理": _Weighted([("trademark", 95.0), ("both", 5.0)]),
    "知识产权服务": _Weighted([("trademark", 90.0), ("both", 10.0)]),
    "专利代理": _Weighted([("patent", 80.0), ("both", 20.0)]),
    "专利商标代理": _Weighted([("both", 90.0), ("patent", 5.0), ("trademark", 5.0)]),
}
_COMPANY_FORMS = _Weighted([("有限公司", 75.0), ("有限责任公司", 20.0), ("股份有限公司", 5.0)])
_PARTNERSHIP_FORMS = ("事务所（普通合伙）", "事务所（特殊普通合伙）")
_ROADS = (
    "示例路", "示例大道", "示例东路", "示例西路", "示例南路", "示例北路", "示例一路", "示例二路",
    "示例三路", "示例中路", "示例支路", "示例街",
)  # fmt: skip

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
_GIVEN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # 张某甲: unmistakably a placeholder


# --- statuses, credit, lists, sanctions -------------------------------------------------------

_STATUS_BY_KIND = {
    "trademark": _Weighted(
        [("active", 86.0), ("suspended", 1.5), ("cancelled", 7.0), ("filing_expired", 5.5)]
    ),
    "patent": _Weighted(
        [("active", 89.0), ("suspended", 2.0), ("revoked", 3.0), ("cancelled", 6.0)]
    ),
    "both": _Weighted(
        [("active", 86.0), ("suspended", 2.0), ("revoked", 2.5), ("cancelled", 5.0),
         ("filing_expired", 4.5)]
    ),
}  # fmt: skip
_BRANCH_STATUS = _Weighted([("active", 93.0), ("cancelled", 7.0)])
_GRADES = _Weighted([("A+", 3.0), ("A", 30.0), ("B", 50.0), ("C", 12.0), ("D", 5.0)])
# Score bands of the credit rules: A 90-100, B 80-<90, C 60-<80, D <60, A+ above 100 by bonus.
_SCORE_RANGE = {"A+": (101, 110), "A": (90, 100), "B": (80, 89), "C": (60, 79), "D": (20, 59)}
_PATENT_GRADED_ON = ("2025-12-31", "2026-06-30")
_TRADEMARK_GRADED_ON = "2026-03-31"  # end of the Shanghai trademark credit pilot

_PRACTITIONER_STATUS = _Weighted([("practising", 89.0), ("not_practising", 10.0), ("revoked", 1.0)])

_ABNORMAL_REASONS = (
    "未按规定期限公示年度报告",
    "通过登记的住所或者经营场所无法联系",
    "公示企业信息隐瞒真实情况、弄虚作假",
    "未在责令的期限内公示有关企业信息",
)
_KEY_REASONS = (
    "代理非正常专利申请数量较多",
    "涉嫌代理恶意抢注商标",
    "投诉举报集中",
    "涉嫌以承诺包授权等方式不正当招揽业务",
    "涉嫌冒用国家机关名义招揽业务",
)
_DISHONEST_REASONS = (
    "因严重违法行为受到较重行政处罚",
    "列入经营异常名录届满3年仍未履行相关义务",
    "代理非正常专利申请情节严重",
    "代理恶意商标注册申请情节严重",
)

# What each violation looks like in a sanction's summary; the codes are the categories'
# (bot.reports.categories), and one without a phrase here is summarised by its label.
_DETAILS = {
    "tm_squat": "代理他人恶意抢注商标申请{n}件",
    "tm_hoard": "代理囤积热词商标申请{n}件",
    "tm_harmful": "代理具有重大不良社会影响的商标申请{n}件",
    "tm_collusion": "与商标注册工作人员勾连谋取不正当利益",
    "online": "通过网络平台以低价包过方式代理商标申请{n}件",
    "impersonation": "在宣传材料中冒用国家机关名义招揽业务",
    "forgery": "伪造委托人签名及印章{n}处",
    "conflict": "同时接受利益冲突双方委托",
    "unlicensed": "未取得专利代理机构执业许可证开展专利代理业务",
    "abnormal_patent": "代理非正常专利申请{n}件",
    "licence_renting": "出借专利代理资质",
    "identity_misuse": "冒用他人身份信息办理代理业务",
    "not_in_agency_name": "未以代理机构名义签订委托协议",
    "false_filing": "备案信息与实际情况不符",
    "solicitation": "以承诺包授权方式不正当招揽业务",
    "other": "其他违反代理管理规定的行为",
}
_ALL_VIOLATIONS = tuple(category.code for category in CATEGORIES)
_PATENT_VIOLATIONS = (
    "abnormal_patent", "licence_renting", "unlicensed", "not_in_agency_name", "identity_misuse",
    "forgery", "solicitation", "conflict", "false_filing", "other",
)  # fmt: skip
_TRADEMARK_VIOLATIONS = (
    "tm_squat", "tm_hoard", "tm_harmful", "tm_collusion", "online", "forgery", "solicitation",
    "conflict", "false_filing", "impersonation", "other",
)  # fmt: skip
_REVOKE_VIOLATIONS = ("licence_renting", "forgery", "abnormal_patent", "impersonation")
_PERSON_VIOLATIONS = ("identity_misuse", "licence_renting", "forgery", "abnormal_patent")
_EXTRA_SANCTIONS = _Weighted(
    [("warning", 30.0), ("fine", 30.0), ("criticism", 18.0), ("confiscation", 8.0),
     ("suspend_new_business", 14.0)]
)  # fmt: skip

_CNIPA = "国家知识产权局"


# --- identifiers ------------------------------------------------------------------------------

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC alphabet: no I, O, S, V, Z
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code check


def _org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(ch, 36) * weight for ch, weight in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def fictional_uscc(rng: random.Random, division: str) -> str:
    """A valid but invented USCC of an enterprise registered in `division` (6 digits).

    Digits 9-17 are a well-formed organisation code (GB 11714 check character included):
    the MA… form of codes issued since 2015, or an older all-digit one.
    """
    if len(division) != 6 or not division.isdigit():
        raise ValueError(f"division must be 6 digits, got {division!r}")
    if rng.random() < 0.6:
        org = "MA" + "".join(rng.choice(_ORG_ALPHABET) for _ in range(6))
    else:
        org = str(rng.randint(5, 7)) + "".join(rng.choice("0123456789") for _ in range(7))
    body = f"91{division}{org}{_org_check(org)}"
    check: str = stdnum_uscc.calc_check_digit(body)
    return body + check


def _luhn_digit(digits: str) -> str:
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def _day(first: date, last: date, rng: random.Random) -> date:
    """A uniformly random day in [first, last]."""
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- records ----------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Agency:
    uscc: str
    name: str
    kind: str
    region: _Region
    district: _District
    partnership: bool
    parent: _Agency | None = None
    former_names: list[str] = field(default_factory=list)
    patent_code: str = ""
    filed_until: date | None = None
    status: str = "active"
    status_since: date | None = None
    suspended_until: date | None = None
    suspend_months: int = 0
    address: str = ""
    phones: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    grade: str = ""
    score: str = ""
    graded_on: str = ""
    size: float = 1.0  # how many practitioners it attracts

    def row(self) -> list[str]:
        district = self.district
        return [
            self.uscc, self.name, ";".join(self.former_names), self.kind, self.patent_code,
            _iso(self.filed_until), self.status, _iso(self.status_since),
            _iso(self.suspended_until), self.region.province, self.region.city, district.name,
            self.address, ";".join(self.phones), ";".join(self.websites),
            self.parent.uscc if self.parent else "", self.grade, self.score, self.graded_on,
        ]  # fmt: skip


@dataclass(slots=True, eq=False)
class _Practitioner:
    cert_no: str
    name: str
    agency: _Agency | None
    status: str
    grade: str
    region: _Region

    def row(self) -> list[str]:
        agency = self.agency.uscc if self.agency else ""
        return [self.cert_no, self.name, agency, self.status, self.grade]


@dataclass(frozen=True)
class DemoSummary:
    """What write_demo_bundle wrote: row counts (agencies include branches) and where."""

    out_dir: Path
    agencies: int
    branches: int
    practitioners: int
    listings: int
    sanctions: int


# --- the generator ----------------------------------------------------------------------------


_TWO_CHAR_TRADES = len(_CHARS) * (len(_CHARS) - 1)


class _Builder:
    """Holds the random source and everything that must stay unique across one bundle."""

    def __init__(self, rng: random.Random, scale: Scale) -> None:
        self.rng = rng
        self.shanghai, self.shanghai_districts = _shanghai()
        others = [(_other_region(row), row[7]) for row in _OTHER_REGIONS]
        self.others = _Weighted(others)
        self.national = scale != "shanghai"
        self.usccs: set[str] = set()
        self.certs: set[str] = set()
        self.phones: set[str] = set()
        self.domains: set[str] = set()
        self.names: set[str] = set()
        self.name_keys: set[tuple[str, str, str]] = set()  # (region, trade, industry)
        self.trades: dict[str, set[str]] = {}  # trade names already used in a region
        self.trade_list: dict[str, list[str]] = {}  # the same, in order, to draw from
        self.specials = list(_SPECIAL_TRADES)
        self.patent_serials: dict[str, list[int]] = {}
        self.decision_counts: dict[str, int] = {}

    # places

    def location(self, index: int) -> tuple[_Region, _District]:
        # The first head offices cover every Shanghai district, so each one always occurs.
        if index < len(self.shanghai.districts):
            return self.shanghai, self.shanghai.districts[index]
        return self.random_location()

    def random_location(self) -> tuple[_Region, _District]:
        if not self.national or self.rng.random() < _SHANGHAI_SHARE:
            return self.shanghai, self.shanghai_districts.pick(self.rng)
        region = self.others.pick(self.rng)
        return region, self.rng.choice(region.districts)

    def address(self, district: _District) -> str:
        rng = self.rng
        street = f"{district.address}{rng.choice(_ROADS)}{rng.randint(1, 1999)}号"
        roll = rng.random()
        if roll < 0.45:
            return f"{street}{rng.randint(2, 28)}层{rng.randint(1, 30):02d}室"
        if roll < 0.75:
            return f"{street}{rng.randint(1, 12)}幢{rng.randint(1, 9)}{rng.randint(1, 20):02d}室"
        return street

    # identifiers

    def uscc(self, district: _District) -> str:
        while True:
            code = fictional_uscc(self.rng, district.division)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def patent_serials_left(self, district: _District) -> int:
        return len(self._serials(district.division[:2]))

    def patent_code(self, district: _District) -> str:
        prefix = district.division[:2]
        return f"{prefix}{self._serials(prefix).pop():03d}"

    def _serials(self, prefix: str) -> list[int]:
        # 5-digit codes leave 999 per province: once they run out, new firms are trademark-only.
        if prefix not in self.patent_serials:
            serials = list(range(1, 1000))
            self.rng.shuffle(serials)
            self.patent_serials[prefix] = serials
        return self.patent_serials[prefix]

    def phone_list(self, region: _Region) -> list[str]:
        roll = self.rng.random()
        count = 0 if roll < 0.04 else 1 if roll < 0.8 else 2
        return [self._phone(region) for _ in range(count)]

    def _phone(self, region: _Region) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.7:
                first = "6" if region is self.shanghai else str(rng.randint(2, 8))
                rest = rng.randrange(10 ** (region.local_digits - 1))
                number = f"{region.area_code}-{first}{rest:0{region.local_digits - 1}d}"
            else:
                number = f"13{rng.randrange(10**9):09d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def website(self, trade: str, industry: str, region: _Region) -> str:
        slug = _SPECIAL_TRADES.get(trade) or "".join(_PINYIN[ch] for ch in trade)
        base = f"{slug}-{_DOMAIN_WORD[industry]}"
        for candidate in (base, f"{base}-{region.slug}"):
            if candidate not in self.domains:
                break
        else:
            number = 2
            while f"{base}{number}" in self.domains:
                number += 1
            candidate = f"{base}{number}"
        self.domains.add(candidate)
        return f"www.{candidate}.example" if self.rng.random() < 0.8 else f"{candidate}.example"

    def number_decisions(self, rows: list[list[str]], day_column: int, number_column: int) -> None:
        """Turn each row's decision prefix into a number: 沪浦知罚 → 沪浦知罚〔2025〕12号.

        Rows come in date order, so numbers rise through the year as an authority's do.
        """
        for row in rows:
            key = f"{row[number_column]}〔{row[day_column][:4]}〕"
            self.decision_counts[key] = self.decision_counts.get(key, 0) + 1
            row[number_column] = f"{key}{self.decision_counts[key]}号"

    # names

    def trade_name(self, region: _Region, *, special: bool = False) -> str:
        """A trade name new to the region; across regions they repeat, as in reality."""
        used = self.trades.setdefault(region.prefix, set())
        if special and region is self.shanghai and self.specials:
            trade = self.specials.pop(0)
            used.add(trade)
            return trade  # not offered for reuse: these few names stay unique
        # A region of a three-times-national registry runs out of two-character trade names
        # (北京 alone would need more than the 26,406 there are): then it uses three, as
        # crowded regions do.
        length = 2 if len(used) < _TWO_CHAR_TRADES * 0.8 else 3
        trade = "".join(self.rng.sample(_CHARS, length))
        while trade in used:
            trade = "".join(self.rng.sample(_CHARS, length))
        used.add(trade)
        self.trade_list.setdefault(region.prefix, []).append(trade)
        return trade

    def lookalike_trade(self, region: _Region) -> str | None:
        """An earlier trade name of the region, or a homophone of one (澄禾 / 澄和)."""
        earlier = self.trade_list.get(region.prefix)
        if not earlier:
            return None
        trade = self.rng.choice(earlier)
        if self.rng.random() < 0.5:
            return trade  # the same trade name in another industry
        swaps = [i for i, ch in enumerate(trade) if ch in _HOMOPHONES]
        if not swaps:
            return None
        i = self.rng.choice(swaps)
        variant = trade[:i] + _HOMOPHONES[trade[i]] + trade[i + 1 :]
        if variant in self.trades[region.prefix]:
            return None
        self.trades[region.prefix].add(variant)
        return variant

    def claim(self, region: _Region, trade: str, industry: str) -> bool:
        """Reserve a name (ignoring the company form); False when the region already has it."""
        key = (region.prefix, trade, industry)
        if key in self.name_keys:
            return False
        self.name_keys.add(key)
        return True

    def compose(self, region: _Region, trade: str, industry: str, form: str) -> str:
        bracketed = region is self.shanghai and "公司" in form and self.rng.random() < 0.1
        if bracketed:  # 澄禾示例知识产权代理（上海）有限公司
            return f"{trade}示例{industry}（{region.prefix}）{form}"
        return f"{region.prefix}{trade}示例{industry}{form}"

    def form(self, industry: str) -> str:
        if "代理" in industry and self.rng.random() < 0.12:
            return self.rng.choice(_PARTNERSHIP_FORMS)
        return _COMPANY_FORMS.pick(self.rng)

    def former_names(self, region: _Region, trade: str, industry: str, form: str) -> list[str]:
        """One or two earlier names: another industry word, another trade name or form."""
        names = []
        for _ in range(1 if self.rng.random() < 0.7 else 2):
            roll = self.rng.random()
            old_trade, old_industry, old_form = trade, industry, form
            if roll < 0.4:
                old_industry = _TRADEMARK_INDUSTRIES.pick(self.rng)
            elif roll < 0.8:
                old_trade = self.trade_name(region)
            else:
                old_form = "有限责任公司" if form == "有限公司" else "有限公司"
            same_key = (old_trade, old_industry) == (trade, industry)
            if not same_key and not self.claim(region, old_trade, old_industry):
                continue
            name = f"{region.prefix}{old_trade}示例{old_industry}{old_form}"
            if name not in self.names:
                self.names.add(name)
                names.append(name)
        return names


# --- agencies ---------------------------------------------------------------------------------


def _head_office(builder: _Builder, index: int) -> _Agency:
    rng = builder.rng
    region, district = builder.location(index)
    patent_room = builder.patent_serials_left(district) > 100  # keep some for branches
    while True:
        industry = (_INDUSTRIES if patent_room else _TRADEMARK_INDUSTRIES).pick(rng)
        trade = builder.lookalike_trade(region) if rng.random() < 0.05 else None
        trade = trade or builder.trade_name(region, special=True)
        if builder.claim(region, trade, industry):
            break
    kind = _KIND_BY_INDUSTRY[industry].pick(rng) if patent_room else "trademark"
    form = builder.form(industry)
    name = builder.compose(region, trade, industry, form)
    builder.names.add(name)
    agency = _Agency(
        uscc=builder.uscc(district),
        name=name,
        kind=kind,
        region=region,
        district=district,
        partnership="合伙" in form,
        address=builder.address(district),
        phones=builder.phone_list(region),
        size=rng.paretovariate(1.3),
    )
    if rng.random() < 0.05:
        agency.former_names = builder.former_names(region, trade, industry, form)
    if rng.random() < 0.6:
        agency.websites = [builder.website(trade, industry, region)]
    if kind != "trademark":
        agency.patent_code = builder.patent_code(district)
    _set_status(agency, _STATUS_BY_KIND[kind].pick(rng), rng)
    _set_credit(agency, rng)
    return agency


def _set_status(agency: _Agency, status: str, rng: random.Random) -> None:
    agency.status = status
    if status == "suspended":
        # Some suspensions have already ended by AS_OF, some run on past it.
        agency.status_since = AS_OF - timedelta(days=rng.randint(30, 540))
        agency.suspend_months = rng.randint(6, 12)
        agency.suspended_until = _add_months(agency.status_since, agency.suspend_months)
    elif status in ("revoked", "cancelled"):
        agency.status_since = _day(date(2019, 3, 1), AS_OF - timedelta(days=10), rng)
    if agency.kind == "patent":
        return
    if status == "filing_expired":
        agency.filed_until = _day(date(2023, 5, 1), AS_OF - timedelta(days=1), rng)
        agency.status_since = agency.filed_until + timedelta(days=1)
    elif status in ("active", "suspended"):
        agency.filed_until = _day(AS_OF + timedelta(days=1), AS_OF + timedelta(days=3 * 365), rng)
    else:
        agency.filed_until = _day(date(2021, 1, 1), date(2028, 12, 31), rng)


def _set_credit(agency: _Agency, rng: random.Random) -> None:
    # Patent agencies are graded; trademark agencies only in Shanghai's pilot.
    shanghai = agency.region.prefix == "上海"
    share = 0.85 if agency.kind != "trademark" else 0.6 if shanghai else 0.0
    if agency.status == "cancelled" or rng.random() >= share:
        return
    if agency.status == "revoked":
        grade, score = "D", 0  # licence revoked: -100
    elif agency.status == "suspended":
        grade, score = "D", rng.randint(20, 40)  # ordered to stop new business: -60
    else:
        grade = _GRADES.pick(rng)
        score = rng.randint(*_SCORE_RANGE[grade])
    agency.grade, agency.score = grade, str(score)
    patent = agency.kind != "trademark"
    agency.graded_on = rng.choice(_PATENT_GRADED_ON) if patent else _TRADEMARK_GRADED_ON


def _branch(builder: _Builder, parent: _Agency) -> _Agency | None:
    """A branch of `parent` in another district or city, or None when no place suits it."""
    rng = builder.rng
    region, district = parent.region, rng.choice(parent.region.districts)
    if builder.national and rng.random() < 0.4:
        region, district = builder.random_location()
    if region is parent.region and district is parent.district:
        return None
    patent = parent.kind != "trademark"
    if patent and builder.patent_serials_left(district) == 0:
        return None
    label = district.label if region is parent.region else region.city.removesuffix("市")
    name = f"{parent.name}{label}{'分所' if parent.partnership else '分公司'}"
    if name in builder.names:
        return None
    builder.names.add(name)
    branch = _Agency(
        uscc=builder.uscc(district),
        name=name,
        kind=parent.kind,
        region=region,
        district=district,
        partnership=parent.partnership,
        parent=parent,
        address=builder.address(district),
        phones=builder.phone_list(region),
        size=rng.paretovariate(1.3) / 2,
    )
    if patent:
        branch.patent_code = builder.patent_code(district)
    # A head office in trouble takes most branches with it; the rest are left to the checker.
    in_trouble = parent.status in ("revoked", "cancelled") and rng.random() < 0.6
    status = "cancelled" if in_trouble else _BRANCH_STATUS.pick(rng)
    _set_status(branch, status, rng)
    return branch


def _agencies(builder: _Builder, total: int) -> list[_Agency]:
    heads = [_head_office(builder, i) for i in range(round(total * (1 - _BRANCH_SHARE)))]
    branches: list[_Agency] = []
    attempts = 0
    while len(heads) + len(branches) < total and attempts < total:
        attempts += 1
        branch = _branch(builder, builder.rng.choice(heads))
        if branch is not None:
            branches.append(branch)
    return heads + branches


# --- practitioners ----------------------------------------------------------------------------


def _person_name(rng: random.Random) -> str:
    surname = rng.choice(_COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(_SURNAMES)
    return f"{surname}某{rng.choice(_GIVEN)}"


def _cert_no(builder: _Builder, province: str) -> str:
    """PPYYNNNNN.C (see the module docstring), unique in the bundle."""
    rng = builder.rng
    while True:
        digits = f"{province}{rng.randint(5, 25):02d}{rng.randrange(100_000):05d}"
        cert = f"{digits}.{_luhn_digit(digits)}"
        if cert not in builder.certs:
            builder.certs.add(cert)
            return cert


def _practitioners(builder: _Builder, total: int, agencies: list[_Agency]) -> list[_Practitioner]:
    rng = builder.rng
    offices = [a for a in agencies if a.kind != "trademark"]
    # A few large firms employ many agents: Pareto sizes, picked in one call for speed.
    workplaces = rng.choices(
        offices, cum_weights=list(accumulate(a.size for a in offices)), k=total
    )
    people = []
    for agency in workplaces:
        status = _PRACTITIONER_STATUS.pick(rng)
        place: _Agency | None = agency
        if status == "revoked" or (status == "not_practising" and rng.random() < 0.7):
            place = None
        elif rng.random() < 0.03:
            place = None  # agency not recorded
        grade = ""
        if status == "revoked":
            grade = "D"
        elif rng.random() < 0.3:
            grade = _GRADES.pick(rng)
        province = agency.district.division[:2]
        cert = _cert_no(builder, province)
        people.append(_Practitioner(cert, _person_name(rng), place, status, grade, agency.region))
    return people


# --- lists ------------------------------------------------------------------------------------


def _local(builder: _Builder, agency: _Agency, body: str, code: str) -> tuple[str, str]:
    """A district authority: (its name, the prefix of its decision numbers)."""
    district = agency.district
    abbr = district.abbr if agency.region is builder.shanghai else ""
    abbr = abbr or agency.region.abbr + district.label[:1]
    return f"{district.office}{body}", abbr + code


def _provincial(subject: _Agency | _Practitioner, body: str, code: str) -> tuple[str, str]:
    """A provincial (for Shanghai: city) authority: (its name, its decision number prefix)."""
    region = subject.region
    return f"{region.province}{body}", region.abbr + code


def _ip_office(subject: _Agency | _Practitioner, code: str = "知罚") -> tuple[str, str]:
    return _provincial(subject, "知识产权局", code)


def _listing(
    builder: _Builder,
    subject: str,
    kind: str,
    reason: str,
    office: tuple[str, str],
    listed: date,
    removed: date | None,
) -> list[str]:
    authority, prefix = office  # the prefix is numbered once all rows are sorted
    return [subject, kind, reason, authority, prefix, _iso(listed), _iso(removed)]


def _removal(rng: random.Random, listed: date, kind: str) -> date | None:
    """When an entry came off its list, or None while it is still on it."""
    if kind == "serious_dishonest":
        published = _add_months(listed, 36)  # published for three years
        if published <= AS_OF:
            return published
        early = listed + timedelta(days=365)  # credit repair after one year
        return _day(early, AS_OF, rng) if early < AS_OF and rng.random() < 0.15 else None
    first, share = (15, 0.4) if kind == "abnormal_operation" else (90, 0.25)
    start = listed + timedelta(days=first)
    return _day(start, AS_OF, rng) if start < AS_OF and rng.random() < share else None


def _agency_listings(builder: _Builder, agency: _Agency) -> list[list[str]]:
    rng, rows = builder.rng, []
    since = agency.status_since
    troubled = agency.status in ("revoked", "suspended") and since is not None
    low = agency.status == "active" and agency.grade == "D"
    if (troubled and rng.random() < 0.5) or (low and rng.random() < 0.2):
        listed = _day(since or FIRST_DAY, AS_OF, rng) if troubled else _day(FIRST_DAY, AS_OF, rng)
        reason = "被吊销专利代理机构执业许可证" if agency.status == "revoked" else None
        office = _provincial(agency, "市场监督管理局", "市监严")
        if agency.kind != "trademark" and rng.random() < 0.3:
            office = (_CNIPA, "国知信")
        reason = reason or rng.choice(_DISHONEST_REASONS)
        removed = _removal(rng, listed, "serious_dishonest")
        rows.append(
            _listing(builder, agency.uscc, "serious_dishonest", reason, office, listed, removed)
        )
    if agency.status != "revoked" and rng.random() < 0.04:
        # A cancelled firm was listed before it was cancelled, and stays listed.
        last = since if agency.status == "cancelled" and since else AS_OF
        listed = _day(FIRST_DAY, last, rng)
        removed = (
            None if agency.status == "cancelled" else _removal(rng, listed, "abnormal_operation")
        )
        office = _local(builder, agency, "市场监督管理局", "市监异")
        reason = rng.choice(_ABNORMAL_REASONS)
        rows.append(
            _listing(builder, agency.uscc, "abnormal_operation", reason, office, listed, removed)
        )
    if agency.status in ("active", "suspended") and rng.random() < 0.015:
        listed = _day(date(2023, 5, 1), AS_OF, rng)  # handed down for the 2023 campaign
        office = _local(builder, agency, "知识产权局", "知监")
        office = office if rng.random() < 0.5 else _ip_office(agency, "知监")
        removed = _removal(rng, listed, "key_monitoring")
        reason = rng.choice(_KEY_REASONS)
        rows.append(
            _listing(builder, agency.uscc, "key_monitoring", reason, office, listed, removed)
        )
    return rows


def _person_listings(builder: _Builder, person: _Practitioner) -> list[list[str]]:
    rng = builder.rng
    if person.status == "revoked" and rng.random() < 0.5:
        listed = _day(FIRST_DAY, AS_OF, rng)
        removed = _removal(rng, listed, "serious_dishonest")
        return [
            _listing(builder, person.cert_no, "serious_dishonest", "专利代理师资格证被吊销",
                     (_CNIPA, "国知信"), listed, removed)
        ]  # fmt: skip
    if person.status != "revoked" and rng.random() < 0.003:
        listed = _day(date(2023, 5, 1), AS_OF, rng)
        removed = _removal(rng, listed, "key_monitoring")
        return [
            _listing(builder, person.cert_no, "key_monitoring", "涉嫌挂靠执业",
                     _ip_office(person, "知监"), listed, removed)
        ]  # fmt: skip
    return []


# --- sanctions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sanction:
    subject: str
    day: date
    office: tuple[str, str]
    violation: str
    sanction: str
    months: int = 0

    def row(self, builder: _Builder, person: bool = False) -> list[str]:
        rng = builder.rng
        authority, prefix = self.office
        amount = ""
        if self.sanction == "fine":
            amount = str(rng.randint(5, 100) * 1000)  # 5,000-100,000 yuan, as the rules allow
        elif self.sanction == "confiscation":
            amount = str(rng.randint(20, 3000) * 100)  # the illegal income taken
        detail = _DETAILS.get(self.violation, label(self.violation, "zh")).format(
            n=rng.randint(3, 240)
        )
        action = {
            "warning": "给予警告",
            "fine": f"处罚款{amount}元",
            "confiscation": f"没收违法所得{amount}元",
            "suspend_new_business": f"责令停止承接新的代理业务{self.months}个月",
            "revoke_licence": "吊销专利代理师资格证" if person else "吊销执业许可证",
            "criticism": "予以通报批评",
        }[self.sanction]
        months = str(self.months) if self.months else ""
        summary = f"（示例）{detail}，{action}。"
        return [
            self.subject, _iso(self.day), authority, prefix, self.violation, self.sanction,
            amount, months, summary,
        ]  # fmt: skip


def _violation_for(rng: random.Random, kind: str) -> str:
    return rng.choice(_TRADEMARK_VIOLATIONS if kind == "trademark" else _PATENT_VIOLATIONS)


def _status_sanctions(builder: _Builder, agency: _Agency) -> list[_Sanction]:
    """The sanctions that explain a revoked or suspended status."""
    rng, since = builder.rng, agency.status_since
    if since is None or agency.parent is not None:
        return []
    if agency.status == "revoked":
        found = []
        earlier = since - timedelta(days=rng.randint(60, 720))
        if earlier >= FIRST_DAY and rng.random() < 0.5:
            office = _local(builder, agency, "知识产权局", "知罚")
            found.append(_Sanction(agency.uscc, earlier, office, "abnormal_patent", "fine"))
        violation = rng.choice(_REVOKE_VIOLATIONS)
        found.append(
            _Sanction(agency.uscc, since, (_CNIPA, "国知专代罚"), violation, "revoke_licence")
        )
        return found
    if agency.status == "suspended":
        # Patent agencies are ordered by the provincial office; trademark ones by CNIPA.
        office = _ip_office(agency) if agency.kind != "trademark" else (_CNIPA, "国知商代罚")
        violation = _violation_for(rng, agency.kind)
        months = agency.suspend_months
        return [_Sanction(agency.uscc, since, office, violation, "suspend_new_business", months)]
    return []


def _extra_sanction(builder: _Builder, agency: _Agency, index: int) -> _Sanction:
    rng = builder.rng
    sanction = _EXTRA_SANCTIONS.pick(rng)
    # The first few cycle through every category so each one always occurs.
    violation = _ALL_VIOLATIONS[index] if index < len(_ALL_VIOLATIONS) else ""
    violation = violation or _violation_for(rng, agency.kind)
    last = agency.status_since if agency.status == "cancelled" and agency.status_since else AS_OF
    if sanction == "suspend_new_business" and agency.status == "active":
        # An old suspension, served and over: the firm is active again.
        day = _day(FIRST_DAY, AS_OF - timedelta(days=400), rng)
        office = _ip_office(agency) if agency.kind != "trademark" else (_CNIPA, "国知商代罚")
        return _Sanction(agency.uscc, day, office, violation, sanction, rng.randint(6, 12))
    if sanction == "suspend_new_business":
        sanction = "fine"
    day = _day(FIRST_DAY, last, rng)
    trademark = violation.startswith("tm_") or violation == "online"
    if sanction == "criticism":
        office = _ip_office(agency, "知通")
    elif trademark:
        office = _local(builder, agency, "市场监督管理局", "市监罚")
    else:
        office = _local(builder, agency, "知识产权局", "知罚")
    return _Sanction(agency.uscc, day, office, violation, sanction)


def _person_sanction(builder: _Builder, person: _Practitioner) -> _Sanction | None:
    rng = builder.rng
    if person.status == "revoked":
        day = _day(FIRST_DAY, AS_OF, rng)
        violation = rng.choice(_PERSON_VIOLATIONS)
        return _Sanction(person.cert_no, day, (_CNIPA, "国知专代罚"), violation, "revoke_licence")
    if rng.random() < 0.01:
        sanction = rng.choice(("warning", "criticism", "fine"))
        violation = rng.choice(_PERSON_VIOLATIONS)
        day = _day(FIRST_DAY, AS_OF, rng)
        return _Sanction(person.cert_no, day, _ip_office(person), violation, sanction)
    return None


def _sanction_rows(
    builder: _Builder, agencies: list[_Agency], people: list[_Practitioner]
) -> list[list[str]]:
    rng = builder.rng
    found = [s for agency in agencies for s in _status_sanctions(builder, agency)]
    candidates = [a for a in agencies if a.parent is None and a.status != "revoked"]
    for index in range(round(len(agencies) * 0.05)):
        found.append(_extra_sanction(builder, rng.choice(candidates), index))
    rows = [s.row(builder) for s in found]
    for person in people:
        sanction = _person_sanction(builder, person)
        if sanction is not None:
            rows.append(sanction.row(builder, person=True))
    rows.sort(key=lambda row: (row[1], row[0], row[3]))  # by date, like a published register
    builder.number_decisions(rows, day_column=1, number_column=3)
    return rows


# --- writing ----------------------------------------------------------------------------------


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_demo_bundle(out_dir: Path, scale: Scale = "shanghai", *, seed: int = 426) -> DemoSummary:
    """Write a fictional bundle into `out_dir` (created if needed); same arguments, same bytes."""
    if scale not in _SIZES:
        raise ValueError(f"scale must be one of {', '.join(_SIZES)}, got {scale!r}")
    total_agencies, total_people = _SIZES[scale]
    builder = _Builder(random.Random(seed), scale)
    agencies = _agencies(builder, total_agencies)
    people = _practitioners(builder, total_people, agencies)
    listings = [row for agency in agencies for row in _agency_listings(builder, agency)]
    listings += [row for person in people for row in _person_listings(builder, person)]
    listings.sort(key=lambda row: (row[5], row[0], row[1]))
    builder.number_decisions(listings, day_column=5, number_column=4)
    sanctions = _sanction_rows(builder, agencies, people)

    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(out_dir / "agencies.csv", AGENCY_COLUMNS, [a.row() for a in agencies])
    _write_csv(out_dir / "practitioners.csv", PRACTITIONER_COLUMNS, [p.row() for p in people])
    _write_csv(out_dir / "listings.csv", LISTING_COLUMNS, listings)
    _write_csv(out_dir / "sanctions.csv", SANCTION_COLUMNS, sanctions)
    meta = {"source": SOURCE, "as_of": AS_OF.isoformat(), "fictional": True}
    (out_dir / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return DemoSummary(
        out_dir=out_dir,
        agencies=len(agencies),
        branches=sum(1 for a in agencies if a.parent is not None),
        practitioners=len(people),
        listings=len(listings),
        sanctions=len(sanctions),
    )
