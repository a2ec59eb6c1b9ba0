#!/usr/bin/env python3
"""Convert a gongshi site folder into an equivalent Hugo site.

Usage: python3 bench/hugo_site.py SITE OUT

SITE is a gongshi site folder, normally one written by examples/synth.rs;
OUT must not exist. The Hugo site contains the same records at the same URL
paths (`commitments/2024/<stem>/`), the same Markdown bodies and the
same front-matter values, with:

- one list per record kind, 20 records a page, newest first;
- one archive per unit (the taxonomy `units`), 20 records a page: the
  records naming the unit, and for an evaluation the units it scores;
- a unit profile (the archive's first page shows the unit's fields);
- the free pages under `pages/`, the home page and sitemap.xml.

Hugo's RSS feeds and 404 page are switched off. The benchmark compares
gongshi's full build with a Hugo build without search, feeds or
minification, as docs/benchmarks.md explains.
Needs Python 3.11 or later (tomllib).
"""

import sys
import tomllib
from pathlib import Path

KINDS = {
    "commitments": "公开承诺",
    "disclosures": "政务公开",
    "criticisms": "失信通报",
    "evaluations": "评价结果",
}

# Front-matter keys shown as a table of facts on a record page, in order,
# with their Chinese labels. Keys not listed here are not shown.
FACTS = [
    ("category", "类别"),
    ("doc_no", "文号"),
    ("index_no", "索引号"),
    ("status", "状态"),
    ("deadline", "承诺期限"),
    ("rectify_by", "整改期限"),
    ("rectification", "整改情况"),
    ("rectified_on", "整改完成日期"),
    ("period", "评价周期"),
    ("stage", "阶段"),
]

CONFIG = """\
baseURL = "https://www.example.gov.cn/zwcx/"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
title = {title}
disableKinds = ["rss", "404"]
enableRobotsTXT = false

[pagination]
pagerSize = 20

[taxonomies]
unit = "units"

[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range $kind, $label := site.Params.kinds }}<a href="{{ relURL $kind }}/">{{ $label }}</a> {{ end }}<a href="{{ relURL "units" }}/">信用档案</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Params.sponsor }}</footer>
</body>
</html>
"""

RECORD_LIST = """\
<ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>{{ with .Params.category }} {{ . }}{{ end }}{{ with .Params.status }} {{ . }}{{ end }}</li>
{{ end }}</ul>
<nav>{{ with .Paginator.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} 第 {{ .Paginator.PageNumber }} / {{ .Paginator.TotalPages }} 页 {{ with .Paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</nav>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<dl>
<dt>发布日期</dt><dd>{{ .Date.Format "2006-01-02" }}</dd>
{{ with .Params.updated }}<dt>更新日期</dt><dd>{{ . }}</dd>{{ end }}
{{ with .GetTerms "units" }}<dt>单位</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ range site.Params.facts }}{{ $label := index . 1 }}{{ with index $.Params (index . 0) }}<dt>{{ $label }}</dt><dd>{{ . }}</dd>{{ end }}{{ end }}
</dl>
{{ with .Params.progress }}<h2>进展</h2><ol>{{ range . }}<li>{{ .date }} {{ .text }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.results }}<h2>结果</h2><table><tr><th>单位</th><th>得分</th></tr>{{ range . }}<tr><td>{{ .unit }}</td><td>{{ .score }}</td></tr>{{ end }}</table>{{ end }}
{{ .Content }}
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
""" + RECORD_LIST + """\
{{ end }}
"""

TERM = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ if eq .Paginator.PageNumber 1 }}<dl>{{ range $key, $value := .Params.unit }}<dt>{{ $key }}</dt><dd>{{ $value }}</dd>{{ end }}</dl>{{ end }}
""" + RECORD_LIST + """\
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ range $kind, $label := site.Params.kinds }}{{ $pages := where site.RegularPages "Section" $kind }}
<section><h2><a href="{{ relURL $kind }}/">{{ $label }}</a> {{ len $pages }}</h2>
<ul>{{ range first 5 $pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul></section>
{{ end }}
{{ end }}
"""


def toml_value(value):
    """Format a Python value from tomllib back as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    # datetime.date
    return value.isoformat()


def front_matter(values):
    return "+++\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in values.items()) + "+++\n"


def split_markdown(text):
    """Split a `+++` TOML front matter from its Markdown body."""
    _, front, body = text.split("+++\n", 2)
    return tomllib.loads(front), body


def record(path, kind):
    """Read one record's front matter and Markdown body in the form Hugo reads."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        values = tomllib.loads(text)
        body = values.pop("method", "") + "\n\n" + values.pop("body", "")
        values["units"] = [result["unit"] for result in values.get("results", [])]
    else:
        values, body = split_markdown(text)
    values.setdefault("units", [])
    # Progress dates become strings, which a template prints as written.
    for entry in values.get("progress", []):
        entry["date"] = entry["date"].isoformat()
    return values, body


def convert(site, out):
    config = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    write(out / "hugo.toml", CONFIG.format(title=toml_value(config["title"])) + params(config))
    layouts = out / "layouts"
    write(layouts / "baseof.html", BASEOF)
    write(layouts / "page.html", SINGLE)
    write(layouts / "list.html", LIST)
    write(layouts / "term.html", TERM)
    write(layouts / "taxonomy.html", TAXONOMY)
    write(layouts / "home.html", HOME)

    content = out / "content"
    records = 0
    for kind, label in KINDS.items():
        write(content / kind / "_index.md", front_matter({"title": label}))
        for path in sorted((site / "content" / kind).rglob("*")):
            if path.suffix not in (".md", ".toml"):
                continue
            values, body = record(path, kind)
            relative = path.relative_to(site / "content").with_suffix(".md")
            write(content / relative, front_matter(values) + body)
            records += 1

    write(content / "units" / "_index.md", front_matter({"title": "信用档案"}))
    for path in sorted((site / "content" / "units").glob("*.toml")):
        unit = tomllib.loads(path.read_text(encoding="utf-8"))
        values = {"title": unit["name"], "unit": {k: v for k, v in unit.items() if isinstance(v, str)}}
        write(content / "units" / path.stem / "_index.md", front_matter(values))

    for path in sorted((site / "content" / "pages").glob("*.md")):
        values, body = split_markdown(path.read_text(encoding="utf-8"))
        values.pop("menu", None)
        write(content / "pages" / path.name, front_matter(values) + body)
    return records


def params(config):
    lines = ["\n[params]", f"sponsor = {toml_value(config.get('footer', {}).get('sponsor', ''))}"]
    lines.append("facts = " + toml_value([[key, label] for key, label in FACTS]))
    lines.append("[params.kinds]")
    lines += [f"{kind} = {toml_value(label)}" for kind, label in KINDS.items()]
    return "\n".join(lines) + "\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 bench/hugo_site.py SITE OUT")
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    if out.exists():
        sys.exit(f"hugo_site.py: {out} exists; pass a new folder")
    records = convert(site, out)
    print(f"hugo_site.py: wrote {records} records to {out}")


if __name__ == "__main__":
    main()
