"""The closing chapters of the demo's year: the score review, the head and deputy elections
(one with a runoff), the bình xét with quotas, /summary, /export and /documents. Each is
played only when the bot has its command; reminders need no chapter of their own: they go out
as the clock moves (`Stage.walk`) through the last days before each deadline."""

from __future__ import annotations

from bot.demo.stage import Stage, vn
from bot.demo.year import ADMIN, Act, Cast, confirm

#: (reviewed unit, decisions) of the secretary's year-end review.
REVIEWS = {
    "QNM": "1.3 6 Chưa đủ biên bản kiểm tra môi trường\n- 1 Chậm nộp báo cáo quý III",
    "BDI": "+ 1 Sáng kiến được UBND tỉnh công nhận",
}
#: First round for the head: nobody has a majority (4, 4, 3), so DLK and DNG go to a runoff.
HEAD_FIRST = ["DNG", "DLK", "DNG", "DLK", "DLK", "DNG", "DLK", "DNG", "GLA", "GLA", "GLA"]
HEAD_RUNOFF = ["DLK", "DLK", "DNG", "DLK", "DLK", "DNG", "DLK", "DLK", "DNG", "DLK", "DNG"]
DEPUTY = ["DNG", "GLA", "GLA", "GLA", "DNG", "GLA", "GLA", "GLA", "GLA", "DNG", "GLA"]
#: Bình xét: the units each unit approves per title (title 1: Cờ thi đua, 2: Bằng khen);
#: a unit never approves itself, it picks the next one on the list instead.
APPROVE = {1: ["DLK", "GLA", "BDI"], 2: ["DNG", "KHA"], 3: ["BDI", "KTM"]}
#: How many units each unit approves per title (the flag's quota is raised to 2).
QUOTA = {1: 2, 2: 1, 3: 1}


async def review(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 12, 17), "The secretary reviews the year-end scores")
    await stage.say(ADMIN, "/review yearend", "group")
    for code, decisions in REVIEWS.items():
        await stage.press(ADMIN, code, exact=True)
        await stage.say(ADMIN, decisions)
        await stage.say(ADMIN, "/review yearend", "group")
    delegate = cast.delegate["QNM"]
    await stage.press(delegate, "✍️")
    await stage.say(delegate, "Đơn vị đã gửi bổ sung biên bản kiểm tra môi trường quý IV")
    for round_ in ("midyear", "yearend"):
        await stage.say(ADMIN, f"/review close {round_}", "group")
        await confirm(stage)


async def _vote_round(stage: Stage, cast: Cast, picks: list[str]) -> None:
    for code, pick in zip(cast.codes, picks, strict=True):
        user = cast.delegate[code]
        await stage.say(user, "/vote")
        await stage.press(user, pick, exact=True)
        await stage.press(user, "✅")


async def _close(stage: Stage) -> None:
    await stage.say(ADMIN, "/election close", "group")
    await confirm(stage)


async def elections(stage: Stage, cast: Cast) -> None:
    first, runoff, deputy = cast.votes or (HEAD_FIRST, HEAD_RUNOFF, DEPUTY)
    await stage.at(vn(2026, 12, 21), "Electing the bloc head for 2027")
    await stage.say(ADMIN, "/election open head", "group")
    await confirm(stage)
    await _vote_round(stage, cast, first)
    await _close(stage)  # no majority: the runoff opens at once
    await stage.at(vn(2026, 12, 22), "The runoff between DLK and DNG")
    await _vote_round(stage, cast, runoff)
    await _close(stage)
    await stage.at(vn(2026, 12, 23), "Electing the deputy")
    await stage.say(ADMIN, "/election open deputy", "group")
    await confirm(stage)
    await _vote_round(stage, cast, deputy)
    await _close(stage)
    await stage.say(ADMIN, "/units", "group")


async def binh_xet(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 12, 24), "Bình xét: two units may be proposed for the flag")
    await stage.say(ADMIN, "/election open commendation", "group")
    await stage.press(ADMIN, "➕", "group")  # the flag's quota: 2
    await confirm(stage)
    for code in cast.codes:
        user = cast.delegate[code]
        await stage.say(user, "/vote")
        for title, candidates in APPROVE.items():
            picked = [c for c in candidates if c != code][: QUOTA[title]]
            for other in picked:
                await stage.press(user, f"{title}·{other}")
        await stage.press(user, "Xem lại")
        await stage.press(user, "✅")
    await _close(stage)


async def summary(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 12, 28), "The year at a glance")
    await stage.say(cast.delegate["LDG"], "/summary", "group")


async def export(stage: Stage, cast: Cast) -> None:
    await stage.say(ADMIN, "/export", "group")
    await stage.press(ADMIN, "Gửi vào nhóm", "group")


LETTERHEAD = """Cơ quan chủ quản: ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK
Cơ quan ban hành: KHỐI THI ĐUA CÁC BAN QUẢN LÝ KCN, KKT TÂY NGUYÊN VÀ DUYÊN HẢI MIỀN TRUNG
Địa danh: Đắk Lắk
Chức vụ người ký: TRƯỞNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH ĐẮK LẮK
Họ tên người ký: Nguyễn Văn Hùng
Ký hiệu: KTĐ
Nơi nhận: Hội đồng Thi đua - Khen thưởng Trung ương; Các đơn vị thành viên; Lưu: VT"""
#: The documents the secretary drafts, by their button labels.
DRAFTS = [
    "Biên bản kiểm phiếu bầu",
    "Biên bản kiểm phiếu bình xét",
    "Biên bản họp bình xét",
    "Tờ trình đề nghị khen thưởng",
    "Bảng tổng hợp điểm",
    "Báo cáo tổng kết",
]


async def documents(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 12, 29), "The year-end documents")
    await stage.say(ADMIN, "/documents")
    await stage.press(ADMIN, "Thông tin ban hành")
    await stage.say(ADMIN, LETTERHEAD)  # saved, the list comes again with its forms
    await stage.press(ADMIN, "Ngày, địa điểm họp")
    await stage.say(ADMIN, "26/12/2026; Hội trường Ban Quản lý các KCN tỉnh Đắk Lắk")
    # asked in the group, sent to the secretary's own chat: the drafts go to the level above,
    # and they state why a unit was not ranked (a copy in the group would leave it out)
    await stage.say(ADMIN, "/documents", "group")
    await stage.press(ADMIN, "Gửi riêng cho tôi", "group")
    for label in DRAFTS:
        await stage.press(ADMIN, f"📄 {label}")


CLOSING: list[Act] = [
    Act("Score review (thẩm định)", "review", review),
    Act("Elections: the head (with a runoff) and the deputy", "election", elections),
    Act("Bình xét with quotas", "election", binh_xet),
    Act("/summary", "summary", summary),
    Act("/export", "export", export),
    Act("/documents", "documents", documents),
]
