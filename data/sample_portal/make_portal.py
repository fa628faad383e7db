#!/usr/bin/env python3
"""Generate the sample portal under data/sample_portal/sites/ from the seeds.

    python data/sample_portal/make_portal.py      (from the repository root)

Needs ../shared/seeds and tests/fixtures/scans beside it, LibreOffice (``soffice``) for the PDF
and DOCX attachments and pypdfium2 + Pillow for the image-only PDF. The files it
writes are committed, so tests and ``make demo`` need none of these.

Four sites, each a CMS family with its own markup idioms, plus an off-site mirror:

``trs``     乐清市 (TRS WCM): ``index.html``/``index_N.html`` lists paged by
            ``createPageHTML(N, …)``, ``./202401/t20240115_123456.html`` articles,
            PDF attachments linked plainly and in an iframe, a robots Disallow,
            an item linking off-site to the mirror.
``hanweb``  莆田市涵江区 (Hanweb 大汉), GBK: ``col/col1229/index.html?uid=4567&pageNum=N``
            lists whose records sit in a ``<script type="text/xml">`` datastore,
            ``art/2024/1/20/art_1229_5678.html`` articles, a DOCX opened by an
            onclick handler, a PDF behind ``viewer.html?file=``, a Crawl-delay.
``gd``      广州市天河区 (Guangdong 集约化 gkmlpt): ``content/post_1871569.html``
            articles with ArticleTitle/PubDate/ContentSource meta tags, a PDF in an
            ``<embed>``, a DOCX link, an image-only PDF, one PDF under two URLs.
``generic`` 泽州县, a home-grown site: a table list paged by 下一页 links, and a
            图片版 report: its tables pasted in as pictures (the ones
            tests/fixtures/scans/make_scans.py rendered: greyscale, 150 dpi), beside a
            logo, a share button and a picture on another host, none of them a table.
``mirror``  a copy of one report on another host, linked from ``trs``; the crawler
            must never ask it for anything.

Every number printed is a seed's truth; agencies and years vary (the prose's
names and years are replaced to match). ``expected.json`` lists each report
document with the seed whose numbers it prints.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from report_html import report_body  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SITES = HERE / "sites"


@dataclass(frozen=True)
class Report:
    site: str
    seed: int
    agency: str
    year: int
    form: str  # inline | pdf | docx | scan (an image-only PDF) | pictures (a 图片版 page)
    link: str = "plain"  # plain | iframe | embed | viewer | onclick
    article: str = ""  # the article's path on its site
    attachment: str = ""  # the attachment's path, for non-inline forms
    date: str = ""

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


REPORTS = [
    Report("trs", 0, "乐清市人力资源和社会保障局", 2023, "inline",
           article="/art/xxgk/ndbg/202401/t20240115_123456.html", date="2024-01-15"),
    Report("trs", 4, "乐清市人民政府办公室", 2023, "inline",
           article="/art/xxgk/ndbg/202401/t20240118_123501.html", date="2024-01-18"),
    Report("trs", 1, "乐清市财政局", 2022, "pdf", "plain",
           article="/art/xxgk/ndbg/202301/t20230120_118233.html",
           attachment="/art/xxgk/ndbg/202301/P020230120118233412.pdf", date="2023-01-20"),
    Report("trs", 2, "乐清市教育局", 2021, "pdf", "iframe",
           article="/art/xxgk/ndbg/202201/t20220125_98765.html",
           attachment="/art/xxgk/ndbg/202201/P020220125987650001.pdf", date="2022-01-25"),
    Report("trs", 3, "乐清市卫生健康局", 2024, "inline",
           article="/art/xxgk/ndbg/202501/t20250110_140021.html", date="2025-01-10"),
    Report("trs", 0, "乐清市人力资源和社会保障局", 2022, "inline",
           article="/art/xxgk/ndbg/202301/t20230112_117654.html", date="2023-01-12"),
    Report("hanweb", 1, "莆田市涵江区人力资源和社会保障局", 2023, "inline",
           article="/art/2024/1/20/art_1229_5678.html", date="2024-01-20"),
    Report("hanweb", 0, "莆田市涵江区民政局", 2023, "inline",
           article="/art/2024/1/22/art_1229_5690.html", date="2024-01-22"),
    Report("hanweb", 2, "莆田市涵江区市场监督管理局", 2022, "docx", "onclick",
           article="/art/2023/1/16/art_1229_4321.html",
           attachment="/module/download/downfile.jsp?classid=0&filename=2301161530.docx",
           date="2023-01-16"),
    Report("hanweb", 3, "莆田市涵江区住房和城乡建设局", 2023, "pdf", "viewer",
           article="/art/2024/1/25/art_1229_5712.html",
           attachment="/picture/0/2401251100123.pdf", date="2024-01-25"),
    Report("hanweb", 4, "莆田市涵江区人民政府办公室", 2024, "inline",
           article="/art/2025/1/15/art_1229_7001.html", date="2025-01-15"),
    Report("gd", 3, "广州市天河区人力资源和社会保障局", 2023, "inline",
           article="/gkmlpt/content/1/1871/post_1871569.html", date="2024-01-19"),
    Report("gd", 2, "广州市天河区发展和改革局", 2023, "pdf", "embed",
           article="/gkmlpt/content/1/1871/post_1871580.html",
           attachment="/attachment/0/187/187158/1871580.pdf", date="2024-01-23"),
    Report("gd", 4, "广州市天河区人民政府办公室", 2022, "inline",
           article="/gkmlpt/content/1/1402/post_1402233.html", date="2023-01-13"),
    Report("gd", 1, "广州市天河区司法局", 2023, "docx", "plain",
           article="/gkmlpt/content/1/1872/post_1872001.html",
           attachment="/attachment/0/187/187200/1872001.docx", date="2024-01-26"),
    Report("gd", 0, "广州市天河区科技工业和信息化局", 2021, "scan", "plain",
           article="/gkmlpt/content/1/988/post_988120.html",
           attachment="/attachment/0/98/98812/988120.pdf", date="2022-01-21"),
    Report("generic", 2, "泽州县人力资源和社会保障局", 2023, "inline",
           article="/zwgk/ndbg/2024-01-18/1039.html", date="2024-01-18"),
    Report("generic", 3, "泽州县自然资源局", 2022, "inline",
           article="/zwgk/ndbg/2023-01-17/877.html", date="2023-01-17"),
    Report("generic", 0, "泽州县民政局", 2023, "pictures",
           article="/zwgk/ndbg/2024-01-19/1046.html", date="2024-01-19"),
]

# The 图片版 page: a report's text with its six tables as pictures of the rendered tables.
PICTURE_PAGE = ROOT / "tests" / "fixtures" / "scans" / "w02_html_page_tables_as_pictures.html"
PICTURE_AGENCY = "乐清市人力资源和社会保障局"  # the agency the pictured page names
PICTURE_FOLDER = "/zwgk/ndbg/2024-01-19/W020240119"  # W020240119_1.png …
LOGO = "/images/zzx_top.png"  # declared 48×48 in the page: furniture by its size
SHARE_BUTTON = "/zwgk/images/share_wx.png"  # no size declared: the registry excludes its folder
FOREIGN_PICTURE = "/zwgk/ndbg/2024-01-19/W020240119_7.png"  # a table on the mirror host: never asked for

# The same PDF as 发展和改革局's, reposted by 区政务服务数据管理局 under another URL.
DUPLICATE = Report("gd", 2, "广州市天河区发展和改革局", 2023, "pdf", "plain",
                   article="/gkmlpt/content/1/1875/post_1875002.html",
                   attachment="/attachment/0/187/187500/1875002.pdf", date="2024-02-01")
MIRRORED = Report("mirror", 1, "乐清市财政局", 2022, "inline",
                  article="/art/ndbg/t20240110_999.html", date="2024-01-10")

# Items that are no report: notices, budgets, other reports with 年度 in the title.
OTHER_ITEMS = {
    "trs": [("关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
             "/art/xxgk/ndbg/202312/t20231220_112233.html", "2023-12-20"),
            ("乐清市2024年部门预算公开", "/art/xxgk/ndbg/202402/t20240205_130001.html", "2024-02-05"),
            ("乐清市2023年法治政府建设年度报告", "/art/xxgk/ndbg/202403/t20240301_131100.html",
             "2024-03-01")],
    "hanweb": [("涵江区2024年政务公开工作要点", "/art/2024/3/5/art_1229_6001.html", "2024-03-05"),
               ("涵江区2023年度部门决算公开", "/art/2024/8/30/art_1229_6502.html", "2024-08-30")],
    "gd": [("天河区2023年度安全生产工作报告", "/gkmlpt/content/1/1880/post_1880001.html", "2024-02-10"),
           ("关于公布2024年政府信息公开指南的公告", "/gkmlpt/content/1/1881/post_1881002.html",
            "2024-02-20")],
    "generic": [("泽州县2024年部门预算", "/zwgk/ndbg/2024-02-01/1100.html", "2024-02-01")],
}
SITE_NAMES = {"trs": "乐清市人民政府", "hanweb": "莆田市涵江区人民政府", "gd": "广州市天河区人民政府",
              "generic": "泽州县人民政府", "mirror": "某转载网站"}


def seed(index: int) -> tuple[str, dict]:
    text_path = sorted(SEEDS.glob("*.txt"))[index]
    truth = json.loads((SEEDS / "truth" / f"{text_path.stem}.json").read_text(encoding="utf-8"))
    return text_path.read_text(encoding="utf-8"), truth


def body_of(report: Report) -> str:
    text, truth = seed(report.seed)
    shift = report.year - truth["year"]
    text = re.sub(r"20\d\d", lambda m: str(int(m.group()) + shift), text)
    replacements = [(truth["agency"], report.agency)]
    old_place, new_place = place_of(truth["agency"]), place_of(report.agency)
    replacements.append((old_place, new_place))
    replacements.append((_last_place(old_place), _last_place(new_place)))
    return report_body(report.title, text, truth["cells"], replacements)


def place_of(agency: str) -> str:
    """The place an agency's name starts with: 乐清市, 莆田市涵江区, 泽州县."""
    return re.match(r"(?:.{2,3}市)?.{2,3}[市县区]", agency).group()


def _last_place(place: str) -> str:
    return re.split(r"(?<=市)(?=.)", place)[-1]


# ------------------------------------------------------------------ page chrome per family

def meta_tags(report_or_title, date: str, source: str) -> str:
    title = report_or_title if isinstance(report_or_title, str) else report_or_title.title
    return (f'<meta name="ArticleTitle" content="{html.escape(title)}">\n'
            f'<meta name="PubDate" content="{date} 09:30">\n'
            f'<meta name="ContentSource" content="{html.escape(source)}">')


def page(site: str, title: str, head: str, content: str) -> str:
    charset = "gb2312" if site == "hanweb" else "utf-8"
    return (f'<!DOCTYPE html>\n<html>\n<head>\n'
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            f"<title>{html.escape(title)}_{SITE_NAMES[site]}</title>\n{head}\n</head>\n<body>\n"
            f'<div class="header"><a href="/">{SITE_NAMES[site]}</a> | <a href="/zwgk/">政务公开</a>'
            f' | <a href="http://www.gov.cn/">中国政府网</a></div>\n{content}\n'
            f'<div class="footer">主办：{SITE_NAMES[site]}办公室</div>\n</body>\n</html>\n')


def attachment_markup(report: Report) -> str:
    name = html.escape(f"{report.title}.{'docx' if report.form == 'docx' else 'pdf'}")
    path = report.attachment
    if report.site == "trs":  # TRS writes attachment links relative to the article
        path = "./" + path.rsplit("/", 1)[1]
    if report.link == "iframe":
        return f'<iframe src="{path}" width="100%" height="800" frameborder="0"></iframe>'
    if report.link == "embed":
        return f'<embed src="{path}" type="application/pdf" width="100%" height="800">'
    if report.link == "viewer":
        return (f'<p><a href="/module/pdfviewer/web/viewer.html?file={path}" target="_blank">'
                f"在线阅读：{name}</a></p>")
    if report.link == "onclick":
        return (f'<p>附件：<a href="javascript:void(0)" onclick="window.open(\'{path}\')">'
                f"{name}</a></p>")
    return f'<p>附件：<a href="{path}">{name}</a></p>'


def article_page(report: Report, agency_source: str | None = None) -> str:
    source = agency_source or report.agency
    if report.form == "inline":
        inner = body_of(report)
    elif report.form == "pictures":
        inner = picture_body(report)
    else:
        inner = f"<h1>{html.escape(report.title)}</h1>\n<p>详见附件。</p>\n{attachment_markup(report)}"
    wrapper = {"trs": '<div class="TRS_Editor">{}</div>', "hanweb": '<div id="zoom">{}</div>',
               "gd": '<div class="article-content">{}</div>', "generic": '<div class="content">{}</div>',
               "mirror": "<div>{}</div>"}[report.site]
    return page(report.site, report.title, meta_tags(report, report.date, source),
                wrapper.format(inner))


def picture_body(report: Report) -> str:
    """The pictured page's paragraphs (its agency renamed), each table an ``<img>`` beside
    the article, with the site's logo, a share button and another host's picture."""
    text = PICTURE_PAGE.read_text(encoding="utf-8")
    article = re.search(r'<div class="article">\n(.*?)</div>', text, re.S).group(1)
    article = article.replace(PICTURE_AGENCY, report.agency)
    article = re.sub(r'src="[^"]*/table(\d)\.png" style="width:100%"',
                     lambda m: f'src="./W020240119_{m.group(1)}.png" width="966"', article)
    return (f'<p><img src="{LOGO}" width="48" height="48" alt="泽州县人民政府"></p>\n'
            f"<h1>{html.escape(report.title)}</h1>\n{article}"
            f'<p>分享到：<img src="{SHARE_BUTTON}" alt="微信"></p>\n'
            f'<p><img src="{{{{site:mirror}}}}{FOREIGN_PICTURE}" width="966"></p>')


def picture_files() -> dict[tuple[str, str], bytes]:
    """(site, path) → bytes of every picture the 图片版 page shows."""
    from PIL import Image

    folder = PICTURE_PAGE.with_name(PICTURE_PAGE.stem + "_files")
    files = {("generic", f"{PICTURE_FOLDER}_{n}.png"): (folder / f"table{n}.png").read_bytes()
             for n in range(1, 7)}
    for site, path, size in (("generic", LOGO, (48, 48)), ("generic", SHARE_BUTTON, (24, 24)),
                             ("mirror", FOREIGN_PICTURE, (966, 300))):
        buffer = io.BytesIO()
        Image.new("L", size, 128).save(buffer, "PNG")
        files[(site, path)] = buffer.getvalue()
    return files


def notice_page(site: str, title: str, date: str) -> str:
    return page(site, title, meta_tags(title, date, SITE_NAMES[site]),
                f"<h1>{html.escape(title)}</h1>\n<p>各有关单位：现将有关事项通知如下。2024年1月31日前完成。</p>")


def items_of(site: str) -> list[tuple[str, str, str]]:
    """(title, href, date) of every list item of a site, newest first."""
    items = [(r.title, r.article, r.date) for r in REPORTS if r.site == site]
    if site == "gd":
        items.append((DUPLICATE.title + "（转载）", DUPLICATE.article, DUPLICATE.date))
    items += OTHER_ITEMS.get(site, [])
    if site == "trs":
        items.append(("乐清市2023年政府信息公开工作年度报告（草稿）",
                      "/private/ndbg/t20240102_100001.html", "2024-01-02"))
        items.append((MIRRORED.title + "（镜像）", "{{site:mirror}}" + MIRRORED.article, MIRRORED.date))
    return sorted(items, key=lambda item: item[2], reverse=True)


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def trs_lists() -> dict[str, str]:
    base = "/art/xxgk/ndbg/"
    pages = chunks(items_of("trs"), 4)
    out = {}
    for number, chunk in enumerate(pages):
        lis = "\n".join(
            f'<li><a href="{_trs_href(href)}" target="_blank" title="{html.escape(t)}">'
            f"{html.escape(t)}</a><span>{d}</span></li>" for t, href, d in chunk)
        script = (f'<script type="text/javascript">\nvar currentPage = {number};\n'
                  f'createPageHTML({len(pages)}, {number}, "index", "html");\n</script>')
        name = "index.html" if number == 0 else f"index_{number}.html"
        out[base + name] = page("trs", "政府信息公开年报", "",
                                f'<ul class="list">\n{lis}\n</ul>\n<div class="page">{script}</div>')
    return out


def _trs_href(href: str) -> str:
    prefix = "/art/xxgk/ndbg/"
    return "./" + href[len(prefix):] if href.startswith(prefix) else href


def hanweb_lists() -> dict[str, str]:
    pages = chunks(items_of("hanweb"), 4)
    total = len(items_of("hanweb"))
    out = {}
    for number, chunk in enumerate(pages, 1):
        records = "\n".join(
            f'<record><![CDATA[<li><a href="{href}" target="_blank" title="{html.escape(t)}">'
            f'{html.escape(t)}</a><span class="bt-data-time">{d}</span></li>]]></record>'
            for t, href, d in chunk)
        datastore = (f'<script type="text/xml"><datastore>\n<nextgroup><![CDATA[<a href="/module/web/'
                     f'jpage/dataproxy.jsp?page=1&webid=12&path=/&columnid=1229&unitid=4567">'
                     f"</a>]]></nextgroup>\n<recordset>\n{records}\n</recordset>\n"
                     f"<totalrecord>{total}</totalrecord><totalpage>{len(pages)}</totalpage>\n"
                     f"</datastore></script>")
        content = (f'<div class="bt-left-title">政府信息公开年报</div>\n<div id="4567">{datastore}</div>\n'
                   f'<script language="javascript" src="/module/web/jpage/jpage.js"></script>')
        html_page = page("hanweb", "政府信息公开年报", "", content)
        out[f"/col/col1229/index.html?uid=4567&pageNum={number}"] = html_page
        if number == 1:
            out["/col/col1229/index.html"] = html_page
    return out


def gd_lists() -> dict[str, str]:
    pages = chunks(items_of("gd"), 4)
    out = {}
    for number, chunk in enumerate(pages, 1):
        lis = "\n".join(
            f'<li><a href="{href}" target="_blank">{html.escape(t)}</a><span class="date">{d}</span></li>'
            for t, href, d in chunk)
        links = " ".join(f'<a href="{_gd_page(n)}">{n}</a>' for n in range(1, len(pages) + 1))
        if number < len(pages):
            links += f' <a class="next" href="{_gd_page(number + 1)}">下一页</a>'
        out["/zwgk/ndbg/" + _gd_page(number)] = page(
            "gd", "政府信息公开年报", "",
            f'<div class="list-box"><ul>\n{lis}\n</ul></div>\n<div class="pagination">{links}</div>')
    return out


def _gd_page(number: int) -> str:
    return "index.html" if number == 1 else f"index_{number}.html"


def generic_lists() -> dict[str, str]:
    pages = chunks(items_of("generic"), 2)
    out = {}
    for number, chunk in enumerate(pages, 1):
        rows = "\n".join(f'<tr><td><a href="{href}">{html.escape(t)}</a></td><td>{d}</td></tr>'
                         for t, href, d in chunk)
        name = "list.html" if number == 1 else f"list.html?page={number}"
        nav = (f'<a href="/zwgk/ndbg/list.html?page={number + 1}">下一页</a>'
               if number < len(pages) else "")
        out["/zwgk/ndbg/" + name] = page("generic", "年度报告", "",
                                        f"<table>\n{rows}\n</table>\n<p>{nav}</p>")
    return out


ROBOTS = {
    "trs": "User-agent: *\nDisallow: /private/\n",
    "hanweb": "User-agent: *\nCrawl-delay: 0.3\nDisallow: /module/search/\n",
    "gd": "User-agent: *\nDisallow: /gkmlpt/search\n",
    "generic": "User-agent: *\nDisallow:\n",
    "mirror": "User-agent: *\nDisallow:\n",
}


# ------------------------------------------------------------------ attachments

def convert(report: Report, work: Path) -> bytes:
    """The report rendered by LibreOffice as PDF or DOCX (scan: a PDF of page images)."""
    source = work / f"{report.site}_{report.seed}_{report.year}.html"
    source.write_text(f'<html><head><meta charset="utf-8"><title>{html.escape(report.title)}</title>'
                      f"</head><body>{body_of(report)}</body></html>", encoding="utf-8")
    target = "docx:MS Word 2007 XML" if report.form == "docx" else "pdf:writer_pdf_Export"
    # Read as a Writer document: the default Writer/Web import drops the first paragraph
    # (the title) and starts the PDF with a blank page.
    subprocess.run(["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", target,
                    "--outdir", str(work), str(source)], check=True, capture_output=True, timeout=180)
    produced = source.with_suffix(".docx" if report.form == "docx" else ".pdf")
    return scan(produced) if report.form == "scan" else produced.read_bytes()


def scan(pdf: Path) -> bytes:
    """Every page as a greyscale picture, wrapped back into a PDF: a report with no text."""

    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(str(pdf))
    pictures = [document[i].render(scale=1.3).to_pil().convert("L") for i in range(len(document))]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "PDF", resolution=94, save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


def site_path(site: str, path: str) -> Path:
    relative = path.lstrip("/").replace("?", "@")
    return SITES / site / relative


def write(site: str, path: str, data: bytes | str) -> None:
    target = site_path(site, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("gb18030" if site == "hanweb" else "utf-8")
    target.write_bytes(data)


def main() -> None:
    if SITES.exists():
        shutil.rmtree(SITES)
    expected = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        converted: dict[tuple, bytes] = {}
        for report in REPORTS + [DUPLICATE, MIRRORED]:
            write(report.site, report.article, article_page(report))
            document = report.article
            if report.form not in ("inline", "pictures"):
                key = (report.seed, report.agency, report.year, report.form)
                if key not in converted:  # a reposted document is the very same bytes
                    converted[key] = convert(report, work)
                data = converted[key]
                write(report.site, report.attachment, data)
                document = report.attachment
            if report.site != "mirror":
                expected.append({"site": report.site, "url_path": document, "seed": report.seed,
                                 "agency": report.agency, "year": report.year, "form": report.form,
                                 "title": report.title})
    duplicate_bytes = site_path("gd", DUPLICATE.attachment).read_bytes()
    assert duplicate_bytes == site_path("gd", REPORTS[12].attachment).read_bytes()
    for site, items in OTHER_ITEMS.items():
        for title, href, date in items:
            write(site, href, notice_page(site, title, date))
    write("trs", "/private/ndbg/t20240102_100001.html",
          notice_page("trs", "乐清市2023年政府信息公开工作年度报告（草稿）", "2024-01-02"))
    lists = {"trs": trs_lists(), "hanweb": hanweb_lists(), "gd": gd_lists(), "generic": generic_lists()}
    for site, pages in lists.items():
        for path, text in pages.items():
            write(site, path, text)
    for (site, path), data in picture_files().items():
        write(site, path, data)
    for site, robots in ROBOTS.items():
        write(site, "/robots.txt", robots)
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
