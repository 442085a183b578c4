"""What the check of a picture says beyond the verdicts it holds (bot/picture_check.py)."""

from __future__ import annotations

from bot.words import Words

HEADLINES: dict[str, Words] = {
    "nothing_read": (
        "图片中没有读到机构名称、统一社会信用代码、电话或网址，无法核查；请换一张更清晰的图片，或直接发送文字。",
        "No agency name, USCC, phone or web address could be read in the picture: send a clearer "
        "one, or type the text.",
    ),
    "flags_only": (
        "图片中没有读到可核查的机构信息，但宣传用语有违规迹象（见下方）。",
        "Nothing in the picture could be checked against the registry, but its wording has "
        "red flags (below).",
    ),
    "and_flags": (
        "另外，宣传用语有违规迹象（见下方）。",
        " Its wording also has red flags (below).",
    ),
}

NOT_A_PICTURE: Words = (
    "这不是可以识别的图片（支持 JPEG、PNG、WebP、BMP、GIF、TIFF）。",
    "This is not a picture Lantian can read (JPEG, PNG, WebP, BMP, GIF or TIFF).",
)
NOT_READ: Words = (
    "这次没能识别这张图片，请再发一次，或换一张更清晰的图片。",
    "This picture could not be read this time: send it again, or a clearer one.",
)
TOO_LARGE: Words = (
    "图片太大：最多 {megabytes} MB。请截取有文字的部分再发。",
    "The picture is too large: at most {megabytes} MB. Crop it to the part with the text.",
)
TOO_MANY_PIXELS: Words = (
    "图片像素太多：最多 {megapixels} 百万像素。请截取有文字的部分再发。",
    "The picture has too many pixels: at most {megapixels} megapixels. Crop it to the text.",
)

LABELS: dict[str, Words] = {
    "read": ("图片中读到的文字：", "Text read in the picture:"),
    "identities": ("逐一核查（{count}）：", "Each checked ({count}):"),
    "red_flags": ("宣传用语的违规迹象：", "Red flags in its wording:"),
    "flag": ("{text}——“{evidence}”（{category}）", "{text}: “{evidence}” ({category})"),
}

BUSY: Words = (
    "正在识别的图片较多，请稍等一两分钟再发。",
    "Many pictures are being read just now: send it again in a minute or two.",
)

CHAT: dict[str, Words] = {
    "reading": ("正在识别图片中的文字……", "Reading the text in the picture…"),
    "too_many": (
        "图片发得太快了：每 10 分钟最多识别 {limit} 张，请稍后再发。",
        "Pictures are coming too fast: at most {limit} are read every 10 minutes. Try later.",
    ),
    "one_at_a_time": (
        "上一张图片还在识别中，请等结果出来再发下一张。",
        "The last picture is still being read: wait for its answer before the next.",
    ),
    "report_this": ("🚨 用这张图片举报", "🚨 Report with this picture"),
    "report_gone": (
        "这张图片已过期，请重新发送图片后再点举报。",
        "That picture has expired: send it again, then press Report.",
    ),
    "report_from_picture": (
        "已把图片作为证据附上{category}。请继续回答下面的问题。",
        "The picture is attached as evidence{category}. Please answer the questions below.",
    ),
    "category_chosen": ("，类别已选：{category}", ", category: {category}"),
    "report_going_on": (
        "用这张图片的举报正在填写中，请继续回答上面的问题。",
        "The report with this picture is under way: please answer the question above.",
    ),
}
