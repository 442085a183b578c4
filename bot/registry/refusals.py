"""Why an import was refused, in words a person can act on (Chinese first, then English).

Each is also a `BundleUnreadable` or `BundleInvalid`, so callers that catch those keep working.
"""

from __future__ import annotations

from bot.errors import BundleInvalid, BundleUnreadable, Refusal, RowProblem


class BundleAmbiguous(Refusal, BundleUnreadable):
    zh = (
        "数据包有歧义：{first} 与 {second} 都可作为 {table}，无法确定使用哪一个。"
        "请只保留一个后重试。"
    )
    en = (
        "The bundle is ambiguous: both {first} and {second} could be {table}. "
        "Keep only one and try again."
    )


class BundleEmpty(Refusal, BundleUnreadable):
    zh = "数据包 {origin} 的 agencies 中没有任何机构记录，已拒绝导入（这会清空登记库）。"
    en = (
        "The bundle {origin} holds no agency rows; refused (importing it would empty the registry)."
    )


class BundleTooLarge(Refusal, BundleUnreadable):
    zh = "数据包超出读取上限：{where} {what}（上限 {limit}）。已拒绝导入，登记库未作任何修改。"
    en = (
        "The bundle is over a read limit: {where} {what_en} (limit {limit}). Refused; nothing "
        "was changed."
    )


class RegistryWouldShrink(Refusal):
    zh = (
        "导入将移除现有 {table_zh} {removed} / {current}（{share}），超过上限 {limit}，已拒绝。"
        "若确属正常（例如大批注销），请加 --allow-shrink 重新导入。\n将发生的变化：{changes}"
    )
    en = (
        "The import would remove {removed} of the {current} {table} ({share}), more than "
        "{limit}; refused. If that is expected (a mass cancellation, say), import again with "
        "--allow-shrink.\nWhat would change: {changes}"
    )


class RegistryBusy(Refusal):
    zh = "登记库正被另一个程序写入（{error}），本次导入未作任何修改。请稍后重试。"
    en = (
        "The registry is being written by another program ({error}); nothing was changed. "
        "Try again later."
    )


class TooManyProblems(BundleInvalid):
    """BundleInvalid for a bundle with more bad rows than are worth keeping in memory."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(problems)
        self.total = total
        shown = "\n".join(f"  {p}" for p in problems[:200])
        self.args = (
            f"导入未执行：数据包有 {total} 处错误，登记库未作任何修改。\n"
            f"The bundle has {total} problem(s); nothing was changed.\n{shown}\n"
            f"  … 另有 {total - min(len(problems), 200)} 处 / and "
            f"{total - min(len(problems), 200)} more",
        )
