#!/usr/bin/env python3
# README's example requests, asked of a real daemon on the index `make run`
# builds (corpus/): every value README shows must be what the server answers,
# so the README cannot drift from the code.
#
# An example is a `$ curl -s URL` line in an indented block and the lines
# below it.  A JSON object: each "key":value README shows with a plain value
# (string, number, true, false, null) must be in the answer — the first hit's
# id and title among them — except took_ms and score, which vary; "…" marks
# what README leaves out.  A JSON array: each string README shows, in order.
# Anything else (RIS): each line README shows, in order.
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

README = os.path.join(polistest.ROOT, "README.md")
VARYING = {"took_ms", "score"}
PAIR = re.compile(r'"(\w+)":\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)')


def examples():
    lines = open(README, encoding="utf-8").read().split("\n")
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"^    \$ curl -s ['\"]?([^'\"\s]+)['\"]?\s*$", line)
        if not m:
            continue
        out = []
        for nxt in lines[i + 1:]:
            if not nxt.startswith("    ") or nxt.startswith("    $ "):
                break
            out.append(nxt[4:])
        found.append((i + 1, m.group(1), "\n".join(out)))
    return found


def pairs(obj, out):
    """Every (key, plain value) of a JSON value, at any depth."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                pairs(v, out)
            else:
                out.add((k, json.dumps(v, ensure_ascii=False)))
    elif isinstance(obj, list):
        for v in obj:
            pairs(v, out)
    return out


def check_json_object(t, where, shown, body):
    try:
        answer = json.loads(body)
    except ValueError:
        t.ok(False, where + ": the answer is JSON", body[:300])
        return
    have = pairs(answer, set())
    missing = []
    for key, raw in PAIR.findall(shown):
        if key in VARYING:
            continue
        if "…" in raw:
            # A value README cuts: the answer's must start as README's does.
            head = json.dumps(json.loads(raw.split("…")[0].rstrip() + '"'), ensure_ascii=False)[:-1]
            if not any(k == key and v.startswith(head) for k, v in have):
                missing.append("%s: %s" % (key, raw))
            continue
        value = json.dumps(json.loads(raw), ensure_ascii=False)
        if (key, value) not in have:
            missing.append("%s: %s" % (key, raw))
    t.ok(not missing, where + ": every value README shows", "\n".join(missing) + "\n" + body[:600])
    first = re.search(r'"hits":\[\{"id":("(?:[^"\\]|\\.)*")', shown.replace("\n", "").replace(" ", ""))
    if first and answer.get("hits"):
        t.is_(answer["hits"][0]["id"], json.loads(first.group(1)), where + ": the first hit")


def check_in_order(t, where, items, text):
    at, missing = 0, []
    for item in items:
        pos = text.find(item, at)
        if pos < 0:
            missing.append(item)
        else:
            at = pos + len(item)
    t.ok(not missing, where + ": what README shows, in order", "\n".join(missing) + "\n" + text[:600])


def main(t):
    d = polistest.searchd(t, ["--quiet"])
    shown_all = examples()
    t.ok(len(shown_all) >= 10, "README shows its examples (%d)" % len(shown_all))
    for line, url, shown in shown_all:
        target = re.sub(r"^(http://)?127\.0\.0\.1:8080", "", url)
        r = d.request("GET", target)
        where = "README line %d, %s" % (line, target)
        # README shows absolute URLs on the default address.
        body = r.body.decode("utf-8", "replace").replace(d.base, "http://127.0.0.1:8080")
        if shown.lstrip().startswith("{"):
            check_json_object(t, where, shown, body)
        elif shown.lstrip().startswith("["):
            shown = shown.replace("…", "")
            strings = [json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', shown)]
            check_in_order(t, where, [json.dumps(s, ensure_ascii=False) for s in strings],
                           json.dumps(json.loads(body), ensure_ascii=False))
        else:
            lines = [x.rstrip() for x in shown.replace("…", "").split("\n") if x.strip()]
            check_in_order(t, where, lines, body)
    d.stop()


polistest.run(main)
