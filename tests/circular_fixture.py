"""A hand-built `Circular` resembling the real seed circular (惠灣管辦函〔2018〕33號).

Text from /work/shared/seed/000_e2c1efec2e96bf3a.txt with the original full-width punctuation.
Page layout of the render (GB/T 9704-2012, 22 lines a page): main text pages 1–3, 附件一 with
two tables (35 + 1 rows) on pages 4–5, 附件二 (36 rows) on pages 6–7, 附件三 (14 rows, one cell
with four lines) on pages 8–9 — see `EXPECTED_PAGES`.
"""

from __future__ import annotations

from inspect_tui.circular.blocks import Attachment, Circular, Paragraph, Role, Table

EXPECTED_PAGES = 9

DOC_NUMBER = "惠灣管辦函〔2018〕33號"
ISSUER = "惠州大亞灣經濟技術開發區管理委員會辦公室"
DATE = "2018年4月2日"

_H1 = Role.HEADING1
_ITEM = Role.ITEM

BODY = (
    Paragraph(
        "根據《國務院辦公廳關于開展第一次全國政府網站普查的通知》（國辦發〔2015〕15號）要求，"
        "按照國家、省、市的做法，區政務公開領導小組辦公室委托第三方公司于3月13日-3月23日對全區"
        "各街道辦和各區屬單位網站（頻道或平臺）進行了抽查，現將有關情況通報如下："
    ),
    Paragraph("一、抽查總體情況", _H1),
    Paragraph(
        "抽查政府網站（頻道或平臺）36個，其中：網站頻道35個，網站平臺1個。從抽查結果看，大部分網站"
        "（頻道或平臺）管理單位能認真落實政府網站工作各項要求，網站抽查合格率為100%。"
    ),
    Paragraph("二、抽查發現的主要問題", _H1),
    Paragraph(
        "（一）根據抽查結果，政府網站（頻道或平臺）中出現應更新欄目但長期未更新的單位有："
        "區公用事業局、區民政局、區執法局。"
    ),
    Paragraph(
        "（二）根據抽查結果，政府網站（頻道或平臺）中出現辦事指南要素類別缺失的單位有：區民政局、"
        "區審計局、區市場監督管理局、區社保局、區財政局、澳頭街道辦。"
    ),
    Paragraph(
        "區網上辦事大廳領導小組辦公室（設在區工貿局）在收到第一季度網站整改通知后，未能履行網上辦事"
        "大廳大亞灣分廳平臺運維的職責，對抽查發現的問題未能按時整改到位，未及時提交整改報告。",
        _ITEM,
        lead="（三）存在整改不到位不及時問題。",
    ),
    Paragraph("三、下一步工作要求", _H1),
    Paragraph(
        "根據抽查結果，各單位進一步增強做好政府網站（頻道或平臺）工作的責任感和使命感，切實理順工作"
        "機制，明確責任主體，強化保障措施，完善監管機制，著力整改存在問題，不斷提升各單位政府網站"
        "（頻道或平臺）建設管理水平。"
    ),
    Paragraph(
        "各單位要進一步健全政府網站信息發布、網站運維等機制，切實加強對政府網站的常態化管理，及時更新"
        "欄目信息。特別是工作動態、要聞、通知公告、政策文件、人事、規劃計劃等各類欄目，要嚴格信息"
        "更新時限，堅決杜絕信息更新不及時現象。",
        _ITEM,
        lead="（一）加強對政府網站（頻道或平臺）的運維管理。",
    ),
    Paragraph(
        "各單位要立即組織力量對本單位網站（頻道或平臺）進行一次全面的自查，拿出切實可行的措施，充實"
        "欄目信息；要認真梳理辦事指南類信息，確保要素的完整、準確。從2018年第二季度開始，對上一季度"
        "存在問題整改不到位的單位，將發出整改督查通報，對有關人員實施問責。",
        _ITEM,
        lead="（二）認真開展政府網站（頻道或平臺）問題整改。",
    ),
    Paragraph(
        "要將網上交流作為獲取民意、為民答疑解惑的重要平臺，通過開通網站政民互動、政策解讀、輿情回應"
        "等欄目和利用政務微博、微信等新媒體，豐富拓展問政渠道。",
        _ITEM,
        lead="（三）加強政民互動交流、提升網站互動效果。",
    ),
    Paragraph(
        "此次普查中發現問題較多的單位（點名批評的），要采取有力措施進行整改，并于4月5日前將整改情況"
        "書面報區管委辦（蓋單位公章）。聯系人：張雯舒，電話：5562579。"
    ),
)

NOTES = (
    "1. 第一季度政府網站（頻道或平臺）抽查名單",
    "2. 各單位網站（頻道或平臺）抽查情況",
    "3. 抽查存在問題的網站（頻道或平臺）名單",
)

_CHANNELS = [
    "工業貿易發展局",
    "公用事業局",
    "旅游局",
    "社會事務管理局",
    "環境保護局",
    "住房和規劃建設局",
    "區交通運輸局",
    "宣教局",
    "審計局",
    "社會保險基金管理局",
    "財政局",
    "市場監督管理局",
    "招商局",
    "政務服務中心",
    "安全生產監督管理局",
    "民政局",
    "口岸辦",
    "人力資源和社會保障局",
    "統計局",
    "紀委監察局",
    "海洋與漁業局",
    "司法局",
    "城市管理行政執法局",
    "衛生和計劃生育局",
    "市容環境衛生管理局",
    "國土資源局分局",
    "房產管理局",
    "公安局",
    "代建項目管理局",
    "動遷辦",
    "海防與打私辦",
    "公共資源交易中心分中心",
    "澳頭街道辦",
    "西區街道辦",
    "霞涌街道辦",
]

_UNITS = [
    "區工貿局",
    "區公用事業局",
    "區旅游局",
    "區社管局",
    "區環保局",
    "區住建局",
    "區交通運輸局",
    "區宣教局",
    "區審計局",
    "區社保局",
    "區財政局",
    "區市場監督管理局",
    "區招商局",
    "區政務服務中心",
    "區安監局",
    "區民政局",
    "區口岸辦",
    "區人社局",
    "區統計局",
    "區紀委監察局",
    "區海洋與漁業局",
    "區司法局",
    "區執法局",
    "區衛計局",
    "區環衛局",
    "區國土局",
    "區房管局",
    "區公安局",
    "區代建局",
    "區動遷辦",
    "區海防與打私辦",
    "區公共資源交易中心",
    "澳頭街道辦",
    "西區街道辦",
    "霞涌街道辦",
    "區工貿局（網上辦事大廳大亞灣分廳）",
]

_PROBLEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("區工貿局", "大亞灣工業貿易發展局", ("1. 多數辦事指南要素“辦理時間”“辦理地點”不準確",)),
    ("區公用事業局", "大亞灣公用事業局", ("1. 發現1個應更新欄目已超過1年未更新",)),
    ("區社管局", "大亞灣社會事務管理局", ("1. 辦事指南要素“辦理地點”不準確",)),
    ("區環保局", "大亞灣環境保護局", ("1. 辦事指南要素“辦理時間”不準確",)),
    ("區審計局", "大亞灣審計局", ("1. 辦事指南缺少3要素",)),
    ("區社保局", "大亞灣社會保險基金管理局", ("1. 辦事指南缺少1要素",)),
    ("區財政局", "大亞灣財政局", ("1. 辦事指南缺少5要素",)),
    ("區市場監督管理局", "大亞灣市場監督管理局", ("1. 辦事指南要素“辦理時間”“辦理地點”不準確",)),
    ("區安監局", "大亞灣安全生產監督管理局", ("1. 辦事指南要素“辦理地址”不準確",)),
    (
        "區民政局",
        "大亞灣民政局",
        (
            "1. 發現1個應更新欄目超過1年未更新",
            "2. 辦事指南缺少6要素",
            "3. 辦事指南要素“辦理條件”“辦理地點”不準確",
            "4. 發現1個錯別字",
        ),
    ),
    ("區執法局", "大亞灣城市管理行政執法局", ("1. 發現1個應更新欄目超過1年未更新",)),
    ("澳頭街道辦", "大亞灣澳頭街道辦", ("1. 辦事指南缺少3要素",)),
    ("霞涌街道辦", "大亞灣霞涌街道辦", ("1. 發現1個錯別字",)),
    (
        "區網上辦事大廳領導小組辦公室（設在區工貿局）",
        "網上辦事大廳大亞灣分廳",
        ("1. 法人事項和個人事項中多數辦事指南要素“辦理地點”“辦理時間”不準確",),
    ),
)


def _attachments() -> tuple[Attachment, ...]:
    channels = Table(
        header=("序號", "網站頻道名稱", "網站標識碼"),
        rows=tuple(
            ((str(i),), (f"大亞灣{name}",), (f"N{7774 + i:09d}",))
            for i, name in enumerate(_CHANNELS, start=1)
        ),
        widths=(1, 4, 2),
        heading="大亞灣區門戶網站中的頻道",
    )
    platforms = Table(
        header=("序號", "網站平臺名稱", "平臺所屬單位名稱"),
        rows=((("1",), ("網上辦事大廳大亞灣分廳",), ("區工貿局",)),),
        widths=(1, 4, 2),
        heading="大亞灣區門戶網站中的平臺",
    )
    results = Table(
        header=("序號", "網站（頻道或平臺）名稱", "綜合考評結果"),
        rows=tuple(((str(i),), (u,), ("合格",)) for i, u in enumerate(_UNITS, start=1)),
        widths=(1, 5, 2),
    )
    problems = Table(
        header=("序號", "主管單位", "網站（頻道或平臺）名稱", "存在的問題"),
        rows=tuple(
            ((str(i),), (unit,), (site,), lines)
            for i, (unit, site, lines) in enumerate(_PROBLEMS, start=1)
        ),
        widths=(2, 5, 5, 9),
    )
    return (
        Attachment("附件一", "第一季度政府網站（頻道或平臺）抽查名單", (channels, platforms)),
        Attachment("附件二", "各單位網站（頻道或平臺）抽查情況", (results,)),
        Attachment("附件三", "抽查存在問題的網站（頻道或平臺）名單", (problems,)),
    )


def build_circular() -> Circular:
    return Circular(
        script="zh-Hant",
        title="惠州大亞灣經濟技術開發區管理委員會辦公室關於2018年第一季度政府網站抽查情況的通報",
        doc_number=DOC_NUMBER,
        addressees="各街道辦事處，各區屬單位：",
        body=BODY,
        attachment_notes=NOTES,
        attachment_intro="附件：",
        issuer=ISSUER,
        date=DATE,
        note="（此件公開發布）",
        attachments=_attachments(),
    )


FULL_LINE_TEXT = (
    "政府网站是各级政府在互联网上履行职能面向社会提供服务的官方网站是政府联系群众的重要桥梁"
)


def build_full_page_circular(paragraphs: int = 12) -> Circular:
    """Only body paragraphs of plain 漢字 (no punctuation, no Latin): page 1 is 22 full text
    lines, and every line but a paragraph's first holds exactly 28 字."""
    text = FULL_LINE_TEXT * 3  # 3 × 43 字 = 129 字 = 26 + 28 × 3 + 19 → 5 lines a paragraph
    return Circular(
        script="zh-Hans",
        title="",
        doc_number="",
        addressees="",
        body=tuple(Paragraph(text) for _ in range(paragraphs)),
        attachment_notes=(),
        attachment_intro="",
        issuer="",
        date="",
        note="",
        attachments=(),
    )
