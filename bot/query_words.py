"""The words around what people paste (data for bot/query_reading.py, matched and never shown).

Labels name the field that follows them ("统一社会信用代码：…"); filler is the question around a
name ("请帮我查一下…靠谱吗？"). Each filler entry is a regular expression fragment.
"""

from __future__ import annotations

LABELS = (
    "名称", "机构名称", "公司名称", "企业名称", "单位名称", "代理机构", "机构", "公司",
    "统一社会信用代码", "社会信用代码", "信用代码", "代码", "机构代码", "执业许可证号",
    "证书号", "资格证书号", "证号", "注册号",
    "电话", "联系电话", "手机", "手机号", "座机", "固话", "热线", "客服", "传真", "电话号码",
    "网址", "网站", "官网", "主页", "邮箱", "电子邮箱", "邮件", "地址", "联系人", "微信", "QQ",
    "name", "company", "uscc", "code", "tel", "phone", "mobile", "fax", "web", "website",
    "url", "email", "e-mail", "mail", "address", "contact", "邮编", "邮政编码", "传真号",
    "官方网站", "官网地址", "公司官网", "公司网址", "办公地址", "注册地址", "联系地址",
)  # fmt: skip
# Each at least two characters: a single one next to a name ("查…", "…吗") may be a clone's
# added letter, and a registered name with one letter added is never the registered firm.
# Labels whose value is no name nor a contact the check reads: the text after them is passed over.
SKIPPED_LABELS = frozenset(
    {"地址", "办公地址", "注册地址", "联系地址", "address", "联系人", "contact", "微信", "QQ",
     "邮编", "邮政编码"}
)  # fmt: skip
# Labels of a name: followed by a colon only ("公司 Tel" is the end of a name, not a label).
NAME_LABELS = frozenset(
    {
        "名称",
        "机构名称",
        "公司名称",
        "企业名称",
        "单位名称",
        "代理机构",
        "机构",
        "公司",
        "name",
        "company",
    }
)
FILLER_LEAD = (
    r"请问一下", r"请问", r"请帮我", r"请帮忙", r"帮我", r"帮忙", r"麻烦", r"我想", r"查一下",
    r"查询一下", r"核查一下", r"查查", r"查询", r"核查", r"看看", r"一下", r"问一下", r"问问",
    r"这家叫", r"一家叫", r"叫做", r"这家", r"这个", r"有一家", r"有家", r"有个叫", r"一个叫",
    r"名为", r"我想委托", r"想委托", r"准备委托", r"打算委托", r"委托", r"准备找", r"打算找",
    r"关于", r"对方是", r"对方", r"我们", r"您好", r"你好", r"这是", r"查下", r"帮我查下",
    r"\d{1,2}[.、)]\s*",
    r"please\s*check", r"check\s+", r"is\s+", r"about\s+",
)  # fmt: skip
FILLER_TRAIL = (
    r"这家公司", r"这家机构", r"这个公司", r"这个机构", r"这家",
    r"正规", r"合法", r"靠谱", r"可靠", r"可信", r"真的", r"真实", r"有资质", r"有没有资质",
    r"有资格", r"能不能信", r"能信", r"可以信任", r"值得信任", r"信得过", r"可以委托", r"能委托",
    r"能找", r"可以找", r"怎么样", r"如何", r"好不好", r"行不行", r"的机构", r"的公司",
    r"有没有问题", r"有问题", r"有执照", r"有牌照", r"备案了", r"登记了", r"注册了",
    r"是骗子", r"可靠不", r"可以", r"正规机构", r"有没有被处罚过", r"被处罚过",
    r"的电话是?", r"的官网是?", r"的网址是?", r"的邮箱是?",
    r"\s+legit", r"\s+legitimate", r"\s+trustworthy", r"\s+reliable", r"\s+ok", r"\s+safe",
)  # fmt: skip
# Before a trailing filler word ("是否正规", "是不是正规的") or a question mark only.
COPULAS = (r"是不是", r"是否", r"是")
PARTICLES = (r"的", r"吗", r"嘛", r"么", r"呢", r"啊", r"呀", r"吧", r"了")
# Where a name may end: its legal form, a branch's word, or the trade an agency is in.
NAME_ENDS = (
    r"有限责任公司", r"股份有限公司", r"有限公司", r"公司", r"分公司", r"分所", r"办事处",
    r"事务所", r"\((?:特殊)?普通合伙\)", r"\(有限合伙\)", r"中心", r"集团", r"代理", r"知识产权",
    r"专利", r"商标", r"局",
)  # fmt: skip
# A person on a business card, by their title: "张经理", "李老师" (not a name to look up).
TITLES = (
    "经理", "总经理", "总监", "总", "老师", "律师", "主任", "先生", "女士", "小姐", "顾问",
    "代理师", "专利代理师", "代理人", "商标代理人", "专员", "助理", "客服", "业务员", "顾问师",
)  # fmt: skip
# The header of a list to check (`lantian check --file`), in the spellings people use.
HEADERS = {
    "query": "query", "查询": "query", "核查": "query", "查询内容": "query",
    "name": "name", "名称": "name", "机构名称": "name", "公司名称": "name", "企业名称": "name",
    "phone": "phone", "电话": "phone", "联系电话": "phone", "手机": "phone",
    "website": "website", "网址": "website", "网站": "website", "官网": "website",
    "email": "website", "邮箱": "website",
}  # fmt: skip
# Quotes and brackets people wrap a name in, openers and their closers in the same order.
OPENERS = "([【《「『〈“‘\"'"
CLOSERS = ")]】》」』〉”’\"'"
BREAK = "｜"  # what a piece cut out of the text leaves: no name runs across it
# What the terminal demo suggests trying beside the registry's own records: a lookalike made
# from a registered name, and a name posing as a state organ.
EXAMPLE_SWAP = (("知识产权", "专利"), ("商标", "知识产权"))
EXAMPLE_IMPOSTOR = "国家知识产权局商标局受理窗口"
# The commonest surnames (about 85% of people), and the compound ones: an unregistered word of
# two to four characters beginning with one, beside a firm on a card, is a person there.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯",
    "轩辕", "令狐", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "申屠", "澹台",
)  # fmt: skip
# Hosts many people share (mail services, social and shop platforms): a firm's address there
# (someone@qq.com, weibo.com/somefirm) tells nothing about who else uses the host, so it is
# never a key by which a firm is found.
SHARED_HOSTS = frozenset(
    {
        "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "vip.163.com",
        "vip.126.com", "188.com", "sina.com", "sina.cn", "vip.sina.com", "sohu.com", "139.com",
        "189.cn", "wo.cn", "aliyun.com", "tom.com", "21cn.com", "263.net", "gmail.com",
        "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
        "weibo.com", "weibo.cn", "weixin.qq.com", "mp.weixin.qq.com", "douyin.com",
        "kuaishou.com", "xiaohongshu.com", "zhihu.com", "baidu.com", "taobao.com", "tmall.com",
        "jd.com", "1688.com", "alibaba.com", "bilibili.com", "toutiao.com", "wordpress.com",
        "github.io", "blogspot.com",
    }
)  # fmt: skip
