"""The words of a registry import: a bad row, a bundle that cannot be read or is refused, a
download that failed, and what an import says while it runs and when it is done.

Column names (`uscc`, `status`, `meta.json`) stay as the bundle spells them in both languages:
they are what the person fixing the bundle looks for.
"""

from __future__ import annotations

from bot.words import Words, say

# --- a bad row (bot/registry/validate.py): named with its file and line ----------------------

ROW_EXTRA_CELLS: Words = ("比表头多出 {count} 列", "{count} more cells than header columns")
ROW_REQUIRED: Words = ("{column} 不能为空", "{column} is required")
ROW_TOO_LONG: Words = ("{column} 超过 {limit} 字", "{column} is longer than {limit} characters")
ROW_CONTROL: Words = ("{column} 含有控制字符", "{column} has control characters")
ROW_FORMULA: Words = (
    "{column} 以 {first} 开头，像是表格公式",
    "{column} starts with {first}, like a spreadsheet formula",
)
ROW_CHOICE: Words = (
    "{column} 的值 {value!r} 无效，应为 {allowed}",
    "unknown {column} {value!r}: use {allowed}",
)
ROW_DATE: Words = (
    "{column} 日期 {value!r} 无效，应为 YYYY-MM-DD",
    "{column} {value!r} is not a date: use YYYY-MM-DD",
)
ROW_INTEGER: Words = (
    "{column} 的值 {value!r} 不是整数，例如 85",
    "{column} {value!r} is not a whole number, e.g. 85",
)
ROW_DECIMAL: Words = (
    "{column} 的值 {value!r} 不是十进制数，例如 85 或 85.5",
    "{column} {value!r} is not a plain decimal number, e.g. 85 or 85.5",
)
ROW_RANGE: Words = (
    "{column} 的值 {value} 超出范围 {low:g}–{high:g}",
    "{column} {value} is out of range {low:g}–{high:g}",
)
ROW_PLACE: Words = ("{column} 的值 {value!r} 不是地名", "{column} {value!r} is not a place name")
USCC_LENGTH: Words = (
    "统一社会信用代码 {value!r} 应为 18 位",
    "the USCC {value!r} does not have 18 characters",
)
USCC_CHARACTERS: Words = (
    "统一社会信用代码 {value!r} 含有无效字符",
    "the USCC {value!r} has invalid characters",
)
USCC_CHECK: Words = (
    "统一社会信用代码 {value!r} 校验位错误，应为 {expected}",
    "the USCC {value!r} has a wrong check character: it should be {expected}",
)
WEBSITE_SCHEME: Words = (
    "websites 中 {site!r} 不是 http(s) 网址",
    "websites: {site!r} is not an http(s) address",
)
WEBSITE_INVALID: Words = (
    "websites 中 {site!r} 不是网址或域名",
    "websites: {site!r} is not a web address or domain",
)
NOT_PHONE: Words = ("phones 中 {phone!r} 不是电话号码", "phones: {phone!r} is not a phone number")
NOT_SHANGHAI_DISTRICT: Words = (
    "district 的值 {value!r} 不是上海的区，应为 {districts}（可带“区”字）",
    "district {value!r} is not a Shanghai district: use {districts}, with or without the "
    "word for district",
)
NOT_AGENCY_CODE: Words = (
    "patent_agency_code {value!r} 格式无效",
    "patent_agency_code {value!r} is not an agency code",
)
NOT_CERT_NO: Words = (
    "证书号 {value!r} 格式无效（只可含字母、数字和 . - /）",
    "cert_no {value!r} is not a certificate number (letters, digits and . - / only)",
)
REMOVED_BEFORE_LISTED: Words = ("removed_on 早于 listed_on", "removed_on is before listed_on")
MISSING_COLUMNS: Words = ("表头缺少列 {columns}", "the header lacks the columns {columns}")
DUPLICATE_COLUMNS: Words = ("表头中列 {columns} 重复", "the header repeats the columns {columns}")

# Checks across rows (bot/registry/staging.py): SQL fills the {placeholder} with the value.
DUPLICATE_USCC: Words = ("统一社会信用代码 {uscc} 重复", "duplicate USCC {uscc}")
UNKNOWN_HEAD_OFFICE: Words = (
    "parent_uscc {uscc} 不在 agencies 中",
    "unknown head office: parent_uscc {uscc} is not among the agencies",
)
DUPLICATE_CERT_NO: Words = ("证书号 {cert_no} 重复", "duplicate cert_no {cert_no}")
UNKNOWN_AGENCY: Words = (
    "agency_uscc {uscc} 不在 agencies 中",
    "unknown agency: agency_uscc {uscc} is not among the agencies",
)
UNKNOWN_SUBJECT: Words = (
    "subject_id {subject} 不是已知机构或从业人员",
    "unknown subject: subject_id {subject} is no known agency or practitioner",
)

# meta.json
AS_OF_NOT_DATE: Words = ("as_of {value!r} 不是日期", "as_of {value!r} is not a date")
SOURCE_NOT_PLAIN: Words = (
    "source 含有控制字符或过长",
    "source has control characters or is too long",
)
SOURCE_SCRIPT: Words = ("source {value!r} 是脚本链接", "source {value!r} is a script link")
# Stored as the source of a bundle that names none, in both languages ("未注明来源 / unnamed
# source"): the registry's data, shown as it is.
UNNAMED_SOURCE: Words = ("未注明来源", "unnamed source")
# What `fictional` may say for yes, besides true and 1.
META_YES: Words = ("是", "yes")

# --- a bundle that cannot be read (bot/registry/refusals.py) -------------------------------

BUNDLE_MISSING: Words = ("找不到数据包：{path}", "No such bundle: {path}")
BUNDLE_WRONG_KIND: Words = (
    "数据包应为文件夹、.zip 或 .xlsx：{path}",
    "A bundle is a folder, a .zip or an .xlsx: {path}",
)
AGENCIES_MISSING: Words = (
    "数据包缺少 agencies.csv（或工作表 agencies）：{path}",
    "The bundle has no agencies.csv (or agencies sheet): {path}",
)
FILE_DAMAGED: Words = ("{file}：文件已损坏（{error}）", "{file}: damaged file ({error})")
ZIP_UNREADABLE: Words = (
    "无法读取 zip 文件：{path}（{error}）",
    "{path} is not a readable zip ({error})",
)
MEMBER_ENCRYPTED: Words = (
    "{archive}：{member} 已加密，请去掉密码后重新打包。",
    "{archive}: {member} is encrypted: zip it again without a password.",
)
MEMBER_COMPRESSION: Words = (
    "{archive}：{member} 的压缩方式（{method}）不受支持，请用普通 zip 重新打包。",
    "{archive}: {member} uses compression method {method}: zip it again with plain deflate.",
)
META_NOT_JSON: Words = ("meta.json 不是有效的 JSON：{error}", "meta.json is not JSON: {error}")
META_NOT_OBJECT: Words = ("meta.json 应为一个对象。", "meta.json must hold an object.")
CSV_MALFORMED: Words = ("{where}：CSV 格式错误：{error}", "{where}: malformed CSV: {error}")
NOT_UTF8: Words = (
    "{where}：不是 UTF-8 编码（请另存为“CSV UTF-8”）：{error}",
    "{where} is not UTF-8 (save it as “CSV UTF-8”): {error}",
)
WORKBOOK_UNREADABLE: Words = (
    "无法读取工作簿：{file}（{error}）",
    "{file} is not a readable .xlsx ({error})",
)
BUNDLE_AMBIGUOUS: Words = (
    "数据包有歧义：{first} 与 {second} 都可作为 {table}，无法确定使用哪一个。请只保留一个后重试。",
    "The bundle is ambiguous: both {first} and {second} could be {table}. "
    "Keep only one and try again.",
)
BUNDLE_EMPTY: Words = (
    "数据包 {origin} 的 agencies 中没有任何机构记录，已拒绝导入（这会清空登记库）。",
    "The bundle {origin} holds no agency rows; refused (importing it would empty the registry).",
)
BUNDLE_TOO_LARGE: Words = (
    "数据包超出读取上限：{where} {what}（上限 {limit}）。已拒绝导入，登记库未作任何修改。",
    "The bundle is over a read limit: {where} {what} (limit {limit}). Refused; nothing was "
    "changed.",
)
# Which read limit was passed: the {what} of BUNDLE_TOO_LARGE (bot/registry/limits.py).
OVER_TOTAL_SIZE: Words = ("解压后总大小超限", "uncompressed size too large")
OVER_FILE_SIZE: Words = ("文件大小超限", "file size too large")
OVER_LINE_LENGTH: Words = ("行长度超限", "line length too large")
OVER_CELL_SIZE: Words = ("单元格大小超限", "cell size too large")
OVER_RATIO: Words = (
    "压缩比超过 {ratio}（疑似压缩炸弹）",
    "inflates more than {ratio} (a zip bomb?)",
)
OVER_MEMBERS: Words = ("含 {count} 个文件，过多", "holds {count} files, too many")
OVER_ROWS: Words = ("超过 {limit} 行", "more than {limit} rows")
OVER_CELLS: Words = ("一行有 {count} 个单元格，过多", "has {count} cells, too many")
OVER_COLUMNS: Words = ("表头有 {count} 列，过多", "has {count} columns, too many")

# --- an import refused (bot/registry/importer.py) ------------------------------------------

REGISTRY_WOULD_SHRINK: Words = (
    "导入将移除现有{table} {removed} / {current}（{share}），超过上限 {limit}，已拒绝。"
    "若确属正常（例如大批注销），请加 --allow-shrink 重新导入。\n将发生的变化：{changes}",
    "The import would remove {removed} of the {current} {table} ({share}), more than "
    "{limit}; refused. If that is expected (a mass cancellation, say), import again with "
    "--allow-shrink.\nWhat would change: {changes}",
)
# What would shrink: the {table} of REGISTRY_WOULD_SHRINK.
SHRINKING: dict[str, Words] = {
    "agencies": ("机构", "agencies"),
    "practitioners": ("代理师", "practitioners"),
    "listings": ("在列名单记录", "listings in force"),
    "sanctions": ("处罚记录", "sanctions"),
    "danger_statuses": (
        "吊销、注销、停业或备案过期状态",
        "revoked, cancelled, suspended or expired statuses",
    ),
}

NOT_MAIN_DATABASE: Words = (
    "这是登记库文件（lantian-registry.db），不是主数据库：--db 应指向它旁边的 lantian.db。"
    "文件未作任何修改。",
    "This is the registry file (lantian-registry.db), not the main database: --db takes the "
    "lantian.db beside it. The file was not changed.",
)

DISK_FULL: Words = (
    "磁盘已满（{error}），导入已停止；登记库未作任何修改。请腾出空间后重试。",
    "The disk is full ({error}); the import stopped and the registry was not changed. Free some "
    "space and try again.",
)

IMPORT_RUNNING: Words = (
    "另一次导入正在进行，本次导入未作任何修改。请等它完成后再试。",
    "Another import is running; nothing was changed. Try again when it has finished.",
)

# --- a download (bot/registry/fetch.py) -----------------------------------------------------

DOWNLOAD_TOO_SLOW: Words = (
    "下载 {url} 超过 {seconds:g} 秒仍未完成，已中止（登记库未作任何修改）。",
    "Downloading {url} took longer than {seconds:g} s; stopped (nothing was changed).",
)
NOT_A_BUNDLE_TYPE: Words = (
    "网址必须提供 .zip 或 .xlsx 格式的数据包，但 {url} 返回的是 {served}。",
    "A URL must serve a .zip or .xlsx bundle, but {url} served {served}.",
)
UNKNOWN_TYPE: Words = ("未知类型", "an unknown type")
SOURCE_UNREACHABLE: Words = (
    "无法下载数据包 {url}：{reason}（共尝试 {attempts} 次）。",
    "Could not fetch the bundle {url}: {reason} (after {attempts} attempt(s)).",
)
COMPRESSED_AS: Words = (
    "服务器以 {encoding!r} 压缩了应答",
    "the server compressed the answer as {encoding!r}",
)
DOWNLOAD_TOO_LARGE: Words = (
    "{url} 的数据包超过 {size}，已拒绝下载。",
    "The bundle at {url} is larger than {size}; refused.",
)

# --- what an import changed (bot/registry/importer.py) --------------------------------------

CHANGES: Words = (
    "新增 {added} · 移除 {removed} · 更名 {renamed} · 状态变化 {status} · 等级变化 {grade} · "
    "新列入名单 {newly_listed} · 移出名单 {delisted} · "
    "代理师 +{practitioners_added} -{practitioners_removed}",
    "added {added} · removed {removed} · renamed {renamed} · status changes {status} · "
    "grade changes {grade} · newly listed {newly_listed} · delisted {delisted} · "
    "practitioners +{practitioners_added} -{practitioners_removed}",
)
STATUS_CHANGED: Words = ("状态：{name}：{before} → {after}", "status: {name}: {before} → {after}")
GRADE_CHANGED: Words = ("等级：{name}：{before} → {after}", "grade: {name}: {before} → {after}")
NEWLY_LISTED: Words = ("列入{list}：{name}", "on the {list}: {name}")


def filled(words: Words, /, **fields: object) -> Words:
    """`words` with their {placeholders} filled in both languages: a value for another entry's
    placeholder (a refusal says a Words-valued argument in its own language)."""
    return say(words, "zh", **fields), say(words, "en", **fields)
