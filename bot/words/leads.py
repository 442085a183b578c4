"""The workbook of `lantian leads scan`: sheet names and column headings."""

from __future__ import annotations

from bot.words import Words

SHEETS: dict[str, Words] = {
    "pictures": ("图片", "Pictures"),
    "identities": ("身份", "Identities"),
}
PICTURE_COLUMNS: dict[str, Words] = {
    "file": ("文件", "File"),
    "level": ("结论", "Verdict"),
    "headline": ("说明", "Headline"),
    "identities": ("识别到的身份", "Identities read"),
    "red_flags": ("违规迹象", "Red flags"),
    "text": ("读到的文字", "Text read"),
}
IDENTITY_COLUMNS: dict[str, Words] = {
    "file": ("文件", "File"),
    "query": ("身份", "Identity"),
    "level": ("结论", "Verdict"),
    "headline": ("说明", "Headline"),
    "match_id": ("登记代码", "Registered id"),
    "match_name": ("登记名称", "Registered name"),
    "red_flags": ("图片的违规类别", "The picture's violation categories"),
}
PROGRESS: Words = ("识别图片", "reading pictures")
WRITTEN: Words = (
    "已写入 {out}：{pictures} 张图片，{flagged} 张有问题",
    "Written {out}: {pictures} pictures, {flagged} with findings",
)
NO_PICTURES: Words = (
    "文件夹 {folder} 中没有图片（{suffixes}）",
    "No pictures in {folder} ({suffixes})",
)
