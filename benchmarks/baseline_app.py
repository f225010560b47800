"""The throughput yardstick: a bare Flask view rendering a 20-item Jinja list.

Served by the same gunicorn settings as the real app; every public page
should reach at least a quarter of its requests per second.
"""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader

TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
<h1>{{ title }}</h1>
<ol>
{% for item in items %}
  <li><a href="/items/{{ item.id }}">{{ item.title }}</a>
    <p>{{ item.summary }}</p>
    <p>{{ item.supports }} supporters</p></li>
{% endfor %}
</ol>
</main>
</body>
</html>
"""

ITEMS = [
    {
        "id": number,
        "title": f"Publish council spending over £500 as open data ({number})",
        "summary": "Every council should publish what it spends, monthly, in one format.",
        "supports": number * 17,
    }
    for number in range(1, 21)
]

app = Flask(__name__)
app.jinja_loader = DictLoader({"list.html": TEMPLATE})


@app.route("/")
def item_list():
    return render_template("list.html", title="Ideas", items=ITEMS)
