"""Deterministic synthetic rosters and rounds, from 36 sites to the 84,094 of the 2015 census.

The roster is laid out like the census: 31 provinces, each with its cities and each city with
its counties; every region has a portal (门户网站), department sites (部门网站), a few special
sites (专项网站), sometimes a platform (网上办事大厅分厅), and in about a third of the counties
the departments are channels (频道) of the county portal instead of sites of their own. Names
are unique (the roster import requires it), short names nearly so, codes are unique and follow
the known formats (10 digits for local sites, NNBM + 6 digits for provincial verticals,
N + 9 digits for portal channels; platforms have none).

About 40% of the sites get findings across the checklist's basic categories, with counts,
periods and 办事指南 elements like those of real circulars; a few sites get a verdict override.

Everything comes from one seeded `random.Random`: the same (n, seed) gives the same roster,
the same findings and the same database, byte for byte in the exported circular.

    python benchmarks/synth.py 84094 /tmp/census.csv      # a roster CSV
    python benchmarks/synth.py 1000 /tmp/round.sqlite     # a database with one round
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inspect_tui import checklist as checklist_mod
from inspect_tui.checklist import Checklist
from inspect_tui.model import (
    Finding,
    Progress,
    Qualifier,
    RoundMeta,
    Scope,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
)
from inspect_tui.roster import export_roster, parse_roster
from inspect_tui.store import Store

CENSUS_SITES = 84_094  # 2015 全国政府网站普查
SEED = 2015
ROUND_KEY = "2015Q4"
FINDING_RATE = 0.4

# Province-level divisions with their administrative code prefix (GB/T 2260).
PROVINCES: tuple[tuple[str, int], ...] = (
    ("北京市", 11),
    ("天津市", 12),
    ("河北省", 13),
    ("山西省", 14),
    ("内蒙古自治区", 15),
    ("辽宁省", 21),
    ("吉林省", 22),
    ("黑龙江省", 23),
    ("上海市", 31),
    ("江苏省", 32),
    ("浙江省", 33),
    ("安徽省", 34),
    ("福建省", 35),
    ("江西省", 36),
    ("山东省", 37),
    ("河南省", 41),
    ("湖北省", 42),
    ("湖南省", 43),
    ("广东省", 44),
    ("广西壮族自治区", 45),
    ("海南省", 46),
    ("重庆市", 50),
    ("四川省", 51),
    ("贵州省", 52),
    ("云南省", 53),
    ("西藏自治区", 54),
    ("陕西省", 61),
    ("甘肃省", 62),
    ("青海省", 63),
    ("宁夏回族自治区", 64),
    ("新疆维吾尔自治区", 65),
)

# Departments: (full name, usual short form). Those marked vertical are often run by the
# province (codes NNBM + 6 digits).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("发展和改革委员会", "发改委"),
    ("教育局", "教育局"),
    ("科学技术局", "科技局"),
    ("经济和信息化局", "经信局"),
    ("公安局", "公安局"),
    ("民政局", "民政局"),
    ("司法局", "司法局"),
    ("财政局", "财政局"),
    ("人力资源和社会保障局", "人社局"),
    ("国土资源局", "国土局"),
    ("环境保护局", "环保局"),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通局"),
    ("水务局", "水务局"),
    ("农业局", "农业局"),
    ("林业局", "林业局"),
    ("商务局", "商务局"),
    ("文化广电新闻出版局", "文广新局"),
    ("卫生和计划生育局", "卫计局"),
    ("审计局", "审计局"),
    ("国有资产监督管理委员会", "国资委"),
    ("地方税务局", "地税局"),
    ("工商行政管理局", "工商局"),
    ("质量技术监督局", "质监局"),
    ("安全生产监督管理局", "安监局"),
    ("食品药品监督管理局", "食药监局"),
    ("统计局", "统计局"),
    ("旅游局", "旅游局"),
    ("城市管理行政执法局", "城管执法局"),
    ("人民防空办公室", "人防办"),
    ("档案局", "档案局"),
    ("机关事务管理局", "机关事务局"),
    ("信访局", "信访局"),
    ("粮食局", "粮食局"),
    ("物价局", "物价局"),
    ("体育局", "体育局"),
    ("民族宗教事务局", "民宗局"),
    ("外事侨务局", "外侨局"),
    ("残疾人联合会", "残联"),
    ("政务服务中心", "政务服务中心"),
    ("公共资源交易中心", "公共资源交易中心"),
    ("地震局", "地震局"),
    ("气象局", "气象局"),
    ("海洋与渔业局", "海洋渔业局"),
    ("城乡规划局", "规划局"),
    ("房产管理局", "房管局"),
    ("招商局", "招商局"),
    ("金融工作办公室", "金融办"),
    ("法制办公室", "法制办"),
    ("机构编制委员会办公室", "编办"),
    ("扶贫开发办公室", "扶贫办"),
    ("公路管理局", "公路局"),
    ("供销合作社联合社", "供销社"),
    ("住房公积金管理中心", "公积金中心"),
    ("行政审批局", "审批局"),
    ("监察局", "监察局"),
    ("农业机械管理局", "农机局"),
    ("畜牧兽医局", "畜牧局"),
    ("移民开发局", "移民局"),
    ("中小企业局", "中小企业局"),
)
VERTICAL = {"地方税务局", "工商行政管理局", "质量技术监督局", "气象局", "地震局"}
SPECIALS = ("政务公开网", "旅游网", "投资促进网", "信用网", "阳光政务网", "公共资源交易网")
# Characters of place names; two of them (rarely three) make a city or county name.
PLACE_CHARS = (
    "安平宁永兴华泰康昌德阳山江河湖海云龙凤鹤松柏桂兰青白金石清水城新东西南北中丰乐广长定远"
    "临沂襄樊洛阴溪源泉林峰岭川梅竹桃柳荷莲宝玉春秋明光武文盛隆福寿吉祥和顺通达"
)
TOWN_SUFFIXES = ("街道办事处", "镇人民政府", "乡人民政府")

# How findings look: per basic category, how often it is picked and its values.
CATEGORY_WEIGHTS = {
    "column_stale": 35,
    "guide_missing": 20,
    "guide_inaccurate": 30,
    "typo": 25,
    "rectify_late": 8,
}
QUALIFIERS = (Qualifier.NONE, Qualifier.MOST, Qualifier.SOME, Qualifier.FEW)
SCOPES = (Scope.NONE, Scope.LEGAL, Scope.PERSONAL, Scope.BOTH)
NOTES = ("截图已存档", "已电话告知主管单位", "复查时再核对一次", "栏目已迁移至新版网站")


@dataclass(frozen=True)
class _Region:
    name: str  # 河北省 / 河北省安平市 / 安平市永兴县
    short: str  # 河北省 / 安平市 / 永兴县
    level: int  # 0 province, 1 city, 2 county
    province: int  # administrative code prefix
    number: int  # unique within the province, for codes


class _Names:
    """Globally unique two- or three-character place names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, suffix: str) -> str:
        while True:
            length = 3 if self.rng.random() < 0.1 else 2
            name = "".join(self.rng.choice(PLACE_CHARS) for _ in range(length)) + suffix
            if name not in self.used:
                self.used.add(name)
                return name


class _Codes:
    """10-digit site codes of one region: its 6-digit prefix and a serial number."""

    def __init__(self, prefix: str, offset: int) -> None:
        self.prefix = prefix
        self.serial = offset

    def next(self) -> str:
        self.serial += 1
        return f"{self.prefix}{self.serial:04d}"


def _regions(rng: random.Random) -> Iterator[_Region]:
    names = _Names(rng)
    for province, code in PROVINCES:
        number = 0
        yield _Region(province, province, 0, code, number)
        for _ in range(rng.randint(8, 12)):
            city = names.new("区" if province.endswith("市") else "市")
            number += 1
            yield _Region(f"{province}{city}", city, 1, code, number)
            for _ in range(rng.randint(7, 13)):
                county = names.new(rng.choice("县县县区"))
                number += 1
                yield _Region(f"{city}{county}", county, 2, code, number)


def make_sites(n: int, seed: int = SEED) -> list[Site]:
    """`n` sites of a census-like roster, in seq order 1…n."""
    rng = random.Random(seed)
    sites: list[Site] = []
    channel_serial = 0
    vertical_serial = 0
    rounds = 0
    while len(sites) < n:
        for region in _regions(rng):
            portal = f"{region.name}人民政府门户网站"
            if rounds:  # past the census size: the same layout again, as a second "year"
                portal = f"{region.name}人民政府门户网站（第{rounds + 1}批）"
            office = f"{region.short}人民政府办公室"
            host = f"www.r{region.province:02d}{region.number:04d}{rounds or ''}.gov.cn"
            codes = _Codes(f"{region.province:02d}{region.number:04d}", rounds * 500)
            code = codes.next
            batch = [
                Site(
                    0,
                    SiteKind.PORTAL,
                    portal,
                    f"{region.short}政府",
                    office,
                    "",
                    code(),
                    f"http://{host}/",
                )
            ]
            as_channels = region.level == 2 and rng.random() < 0.35
            depth = (rng.randint(45, 60), rng.randint(28, 40), rng.randint(16, 26))[region.level]
            for dept, dept_short in rng.sample(DEPARTMENTS, depth):
                name = f"{region.name}{dept}" if not rounds else f"{portal}{dept}"
                short = f"{region.short}{dept_short}"
                url = f"http://{host}/{len(batch):02d}/"
                if as_channels:
                    channel_serial += 1
                    batch.append(
                        Site(
                            0,
                            SiteKind.CHANNEL,
                            name,
                            short,
                            short,
                            "",
                            f"N{channel_serial:09d}",
                            url,
                            portal,
                        )
                    )
                    continue
                if dept in VERTICAL and region.level > 0 and rng.random() < 0.5:
                    vertical_serial += 1
                    site_code = f"{region.province:02d}BM{vertical_serial % 1_000_000:06d}"
                    if vertical_serial >= 1_000_000:
                        site_code = code()
                else:
                    site_code = code()
                batch.append(Site(0, SiteKind.DEPT, name, short, short, "", site_code, url))
            for special in rng.sample(SPECIALS, rng.randint(0, 2)):
                batch.append(
                    Site(
                        0,
                        SiteKind.SPECIAL,
                        f"{portal.removesuffix('人民政府门户网站')}{special}",
                        f"{region.short}{special}",
                        office,
                        "",
                        code(),
                        f"http://{special[:2]}.{host}/",
                    )
                )
            if region.level < 2 or rng.random() < 0.3:
                for town in range(rng.randint(1, 4)):
                    channel_serial += 1
                    place = f"{region.short}{PLACE_CHARS[town]}{PLACE_CHARS[region.number % 40]}"
                    suffix = TOWN_SUFFIXES[town % 3]
                    batch.append(
                        Site(
                            0,
                            SiteKind.CHANNEL,
                            f"{portal}·{place}{suffix}",
                            f"{place}{suffix[:2]}",
                            f"{place}{suffix[:2]}",
                            "",
                            f"N{channel_serial:09d}",
                            f"http://{host}/town{town}/",
                            portal,
                        )
                    )
            if rng.random() < 0.4:
                owner = f"{region.short}政务服务中心"
                batch.append(
                    Site(
                        0,
                        SiteKind.PLATFORM,
                        f"网上办事大厅{region.name}分厅{rounds or ''}",
                        f"{owner}（网上办事大厅{region.short}分厅）",
                        f"{region.short}网上办事大厅领导小组办公室（设在{owner}）",
                        owner,
                        "",
                        f"http://bs.{host}/",
                        portal,
                    )
                )
            for site in batch:
                if len(sites) >= n:
                    return sites
                sites.append(_renumber(site, len(sites) + 1))
        rounds += 1
        rng = random.Random(seed + rounds)
    return sites


def _renumber(site: Site, seq: int) -> Site:
    return Site(
        seq,
        site.kind,
        site.name,
        site.short_name,
        site.supervisor,
        site.owner,
        site.code,
        site.url,
        site.parent,
    )


def roster_csv(n: int, seed: int = SEED) -> bytes:
    """The roster as the CSV a user imports (UTF-8 with BOM, English header)."""
    return export_roster(make_sites(n, seed))


def make_findings(
    sites: list[Site], checklist: Checklist, seed: int = SEED, rate: float = FINDING_RATE
) -> list[Finding]:
    """Findings on about `rate` of the sites, across the checklist's basic categories."""
    rng = random.Random(seed * 7 + 1)
    script = Script.HANS
    weights = {c: w for c, w in CATEGORY_WEIGHTS.items() if checklist.has(c)}
    categories, cweights = list(weights), list(weights.values())
    element_names = checklist.element_names(script)
    # 办理时间 and 办理地点 are what inspectors find wrong most often; core elements next.
    eweights = [
        12 if e.id in ("hours", "location") else 4 if e.core else 1 for e in checklist.elements
    ]
    findings: list[Finding] = []
    for site in sites:
        if rng.random() >= rate:
            continue
        count = min(len(categories), rng.choice((1, 1, 1, 2, 2, 3)))
        chosen: set[str] = set()
        while len(chosen) < count:
            chosen.add(rng.choices(categories, cweights)[0])
        for category in sorted(chosen, key=categories.index):
            uid = site.uid
            if category == "column_stale":
                finding = Finding(
                    uid, category, count=rng.choice((1, 1, 2, 2, 3, 4, 6, 12)), age="1年"
                )
            elif category in ("guide_missing", "typo"):
                finding = Finding(uid, category, count=rng.choice((1, 1, 2, 3, 5, 8)))
            elif category == "guide_inaccurate":
                picked: list[str] = []
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    name = rng.choices(element_names, eweights)[0]
                    if name not in picked:
                        picked.append(name)
                finding = Finding(
                    uid,
                    category,
                    elements=tuple(picked),
                    qualifier=rng.choice(QUALIFIERS),
                    scope=rng.choice(SCOPES),
                )
            else:
                finding = Finding(uid, category)
            if rng.random() < 0.03:
                finding = finding.with_changes(note=rng.choice(NOTES))
            if rng.random() < 0.01:
                sentence = checklist.problem_sentence(finding, script)
                finding = finding.with_changes(wording=f"经复核，{sentence}（已截图存证）")
            findings.append(finding)
    return findings


def make_overrides(sites: list[Site], seed: int = SEED) -> list[VerdictOverride]:
    """A verdict override on about one site in a thousand (at least one)."""
    rng = random.Random(seed * 7 + 2)
    picked = [s for s in sites if rng.random() < 0.001] or sites[:1]
    return [
        VerdictOverride(s.uid, rng.choice((Verdict.PASS, Verdict.FAIL)), "经集体复核认定")
        for s in picked
    ]


def make_progress(sites: list[Site], findings: list[Finding]) -> dict[str, Progress]:
    """A round nine-tenths walked: sites up to there done, later ones with findings started."""
    flagged = {f.site_uid for f in findings}
    walked = int(len(sites) * 0.9)
    progress: dict[str, Progress] = {}
    for i, site in enumerate(sites):
        if i < walked:
            progress[site.uid] = Progress.DONE
        elif site.uid in flagged:
            progress[site.uid] = Progress.IN_PROGRESS
    return progress


def import_roster(store: Store, data: bytes, key: str = ROUND_KEY) -> int:
    """What `roster import` + `rounds new` do: parse, replace the roster, create a round."""
    result = parse_roster(data, "synthetic.csv")
    store.replace_roster(result.sites, source="synthetic.csv")
    store.create_round(key, "政府网站普查（合成数据）", script=Script.HANS)
    return len(result.sites)


def build_db(path: Path, n: int, seed: int = SEED, key: str = ROUND_KEY) -> Path:
    """A database with an `n`-site roster and round `key` holding synthetic findings."""
    with Store(path, actor="bench") as store:
        import_roster(store, roster_csv(n, seed), key)
        sites = store.round_sites(key)
        cl = checklist_mod.load_default()
        findings = make_findings(sites, cl, seed)
        meta = RoundMeta(
            doc_number="国办函〔2015〕99号",
            period="2015年4月至11月",
            issuer="国务院办公厅",
            date="2015年12月15日",
            deadline="2016年1月15日",
        )
        store.update_round(key, meta=meta)
        store.write_round(
            store.round(key),
            checklist_id=cl.id,
            checklist_source=cl.source,
            sites=sites,
            findings=findings,
            overrides=make_overrides(sites, seed),
            progress=make_progress(sites, findings),
            source="synthetic",
            replace_contents=True,
        )
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python benchmarks/synth.py N OUT.csv|OUT.sqlite", file=sys.stderr)
        return 2
    n, out = int(argv[0]), Path(argv[1])
    if out.suffix == ".csv":
        out.write_bytes(roster_csv(n))
    else:
        build_db(out, n)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
