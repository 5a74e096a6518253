"""Helper of scripts/bi-smoke.sh: drives a running Apache Superset through its REST API.

Standard library only, so any Python 3.11 runs it. Subcommands:

  api        the checks: a database connection as the reader role, a dataset per bi view, the documented
             queries in SQL Lab, refused writes, charts compared with psql. Prints PASS/FAIL per check.
  url        pieces of a PostgreSQL URL (dbname, maintenance, display, reader)
  token      a random URL-safe token
  free-port  the first free TCP port on 127.0.0.1 from a given one
  health     exit 0 when a URL answers 200 "OK"
  counts     passed and failed checks of a results file
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATABASE_NAME = "cabledb bi smoke"
CHART_PREFIX = "cabledb bi smoke"
HTTP_TIMEOUT = 180  # seconds, for any one request to Superset
NULL = "<null>"


# -- URLs -------------------------------------------------------------------------------------------------------


def _parse(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") and not parts.scheme.startswith("postgresql+"):
        raise SystemExit(f"bi-smoke: not a PostgreSQL URL: {url}")
    return parts


def _netloc(user: str | None, password: str | None, parts: urllib.parse.SplitResult) -> str:
    host = parts.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    auth = ""
    if user:
        auth = urllib.parse.quote(user, safe="")
        if password:
            auth += ":" + urllib.parse.quote(password, safe="")
        auth += "@"
    return f"{auth}{host}:{parts.port or 5432}"


def url_part(what: str, url: str, *extra: str) -> str:
    parts = _parse(url)
    dbname = urllib.parse.unquote(parts.path.lstrip("/")) or (parts.username or "postgres")
    if what == "dbname":
        return dbname
    if what == "maintenance":  # the same server and user, database postgres: to create the database
        return urllib.parse.urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    if what == "display":  # without the password
        return urllib.parse.urlunsplit(("postgresql", _netloc(parts.username, None, parts), parts.path, "", ""))
    if what == "reader":  # the reader's URL for Superset: same server and database, psycopg2 driver
        name, password = extra
        netloc = _netloc(name, password, parts)
        return urllib.parse.urlunsplit(("postgresql+psycopg2", netloc, "/" + urllib.parse.quote(dbname), "", ""))
    raise SystemExit(f"bi-smoke: unknown url part {what}")


# -- psql -------------------------------------------------------------------------------------------------------


def psql_json(url: str, query: str) -> Any:
    """Rows of a query as read by psql with the admin URL: a list of dicts."""
    wrapped = f"SELECT coalesce(json_agg(t), '[]'::json) FROM ({query}) t"
    out = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", _plain(url), "-c", wrapped],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return json.loads(out.stdout)


def psql_exec(url: str, statements: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", _plain(url), "-c", statements],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def _limit(sql: str) -> int | None:
    """The LIMIT at the end of a statement."""
    m = re.search(r"(?i)\blimit\s+(\d+)\s*;?\s*$", sql)
    return int(m.group(1)) if m else None


def _plain(url: str) -> str:
    """psql does not read SQLAlchemy's postgresql+driver:// scheme."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


# -- Superset's REST API ----------------------------------------------------------------------------------------


def rison(value: Any) -> str:
    """Encode a value as Rison, the URL notation of Superset's `q` parameters."""
    if value is True:
        return "!t"
    if value is False:
        return "!f"
    if value is None:
        return "!n"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("!", "!!").replace("'", "!'") + "'"
    if isinstance(value, list | tuple):
        return "!(" + ",".join(rison(v) for v in value) + ")"
    if isinstance(value, dict):
        return "(" + ",".join(f"{k}:{rison(v)}" for k, v in value.items()) + ")"
    raise TypeError(f"cannot encode {value!r} as rison")


class ApiError(Exception):
    def __init__(self, method: str, path: str, status: int, body: Any):
        self.status = status
        self.body = body
        super().__init__(f"{method} {path}: HTTP {status}: {error_text(body)}")


def error_text(body: Any) -> str:
    """The human part of a Superset error answer."""
    if isinstance(body, dict):
        if body.get("errors"):
            return "; ".join(str(e.get("message", e)) for e in body["errors"])
        if "message" in body:
            return json.dumps(body["message"]) if not isinstance(body["message"], str) else body["message"]
        if body.get("error"):
            return str(body["error"])
    return str(body)[:500]


class Superset:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.access_token: str | None = None
        self.csrf_token: str | None = None

    def call(self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None) -> Any:
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/json", "Referer": self.base + "/"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        if self.csrf_token and method != "GET":
            headers["X-CSRFToken"] = self.csrf_token
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            status = exc.code
        try:
            parsed: Any = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        if status >= 400:
            raise ApiError(method, path, status, parsed)
        return parsed

    def login(self, user: str, password: str) -> None:
        answer = self.call(
            "POST", "/api/v1/security/login",
            {"username": user, "password": password, "provider": "db", "refresh": True},
        )  # fmt: skip
        self.access_token = answer["access_token"]

    def fetch_csrf_token(self) -> None:
        # The token is tied to the session cookie this answer sets; the cookie jar sends it back.
        self.csrf_token = self.call("GET", "/api/v1/security/csrf_token/")["result"]

    def find(self, resource: str, column: str, opr: str, value: Any) -> list[dict[str, Any]]:
        q = {"filters": [{"col": column, "opr": opr, "value": value}], "page_size": 100}
        return self.call("GET", f"/api/v1/{resource}/", query={"q": rison(q)})["result"]

    def sql(self, database_id: int, sql: str, schema: str | None = None) -> dict[str, Any]:
        """Run a statement in SQL Lab, synchronously. Raises ApiError with the database's error."""
        body: dict[str, Any] = {
            "database_id": database_id,
            "sql": sql,
            "client_id": secrets.token_hex(5),  # Superset keeps at most 11 characters
            "runAsync": False,
            "queryLimit": 1000,
            "expand_data": True,
        }
        if schema:
            body["schema"] = schema
        answer = self.call("POST", "/api/v1/sqllab/execute/", body)
        if answer.get("status") not in ("success", None):
            raise ApiError("POST", "/api/v1/sqllab/execute/", 200, answer)
        return answer


# -- the documented queries -------------------------------------------------------------------------------------


@dataclass
class DocQuery:
    name: str
    sql: str
    expect_rows: bool = True  # False when the doc shows an empty result


def documented_queries(repo: Path) -> list[DocQuery]:
    """The SQL of docs/bi.md (fenced sql blocks, psql -c statements and inline SELECTs on bi views or
    cabledb_search) and docs/sql.md (fenced sql blocks), in document order. Statements the doc marks as an
    error (writes) are left out: the write checks cover them."""
    queries: list[DocQuery] = []
    for doc in ("docs/bi.md", "docs/sql.md"):
        path = repo / doc
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        heading = ""
        fence = None
        block: list[str] = []
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if fence is None and line.startswith("#"):
                heading = line.lstrip("#").strip()
            if line.startswith("```"):
                if fence is None:
                    fence = line[3:].strip()
                    block = []
                    continue
                if fence == "sql":
                    sql = "\n".join(block).strip().rstrip(";").strip()
                    name = f"{doc} {heading}" if heading else f"{doc} line {i}"
                    queries.append(DocQuery(name, sql, _doc_result_has_rows(lines, i + 1)))
                else:
                    for code_line in block:
                        m = re.search(r'\bpsql\s+"[^"]*"\s+-c\s+"([^"]+)"(.*)$', code_line)
                        if m and "ERROR" not in m.group(2) and _queries_bi(m.group(1)):
                            queries.append(DocQuery(f"{doc} psql: {m.group(1)}", m.group(1).strip().rstrip(";")))
                fence = None
                continue
            if fence is not None:
                block.append(line)
            elif doc == "docs/bi.md":
                for span in re.findall(r"`([^`]+)`", line):
                    if re.match(r"(?i)\s*select\b", span) and _queries_bi(span) and not re.search(r"\{\{|<\w", span):
                        queries.append(DocQuery(f"{doc} inline: {span}", span.strip().rstrip(";")))
    return queries


def _queries_bi(sql: str) -> bool:
    return bool(re.search(r"\bbi\.\w+|\bcabledb_search\s*\(", sql))


def _doc_result_has_rows(lines: list[str], start: int) -> bool:
    """After a sql block of docs/sql.md: does the 'Result on the shared corpus' table have data rows?"""
    table: list[str] = []
    for line in lines[start:]:
        if line.startswith("```") or line.startswith("#"):
            break
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    if not table:
        return True  # no result shown: expect some rows
    return len(table) > 2  # header and separator only: an empty result


# -- the checks -------------------------------------------------------------------------------------------------


@dataclass
class Checks:
    results: list[dict[str, Any]] = field(default_factory=list)

    def record(self, ok: bool, name: str, detail: str = "") -> bool:
        self.results.append({"ok": ok, "name": name, "detail": detail})
        line = f"{'PASS' if ok else 'FAIL'}  {name}"
        if detail:
            line += f": {detail}" if len(detail) <= 100 and "\n" not in detail else ""
        print(line, flush=True)
        if detail and (len(detail) > 100 or "\n" in detail):
            for part in detail.splitlines():
                print(f"      {part}", flush=True)
        return ok

    def info(self, text: str) -> None:
        print(f"      {text}", flush=True)

    @property
    def failed(self) -> int:
        return sum(not r["ok"] for r in self.results)


def short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Smoke:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.api = Superset(args.superset)
        self.checks = Checks()
        self.database_id: int | None = None
        self.datasets: dict[str, int] = {}  # bi view -> dataset id
        self.view_columns: dict[str, list[dict[str, Any]]] = {}

    def admin(self, query: str) -> list[dict[str, Any]]:
        return psql_json(self.args.admin_url, query)

    # 5. login, connection ----------------------------------------------------------------------------------

    def connect(self) -> bool:
        c = self.checks
        try:
            self.api.login(self.args.user, Path(self.args.password_file).read_text().strip())
            c.record(True, "API login (/api/v1/security/login) gives an access token")
        except (ApiError, OSError, KeyError) as exc:
            return c.record(False, "API login (/api/v1/security/login)", short(exc))
        try:
            self.api.fetch_csrf_token()
            c.record(True, "CSRF token (/api/v1/security/csrf_token/)")
        except (ApiError, OSError, KeyError) as exc:
            return c.record(False, "CSRF token (/api/v1/security/csrf_token/)", short(exc))
        self.clean_up()

        password = Path(self.args.reader_password_file).read_text().strip()
        uri = url_part("reader", self.args.admin_url, self.args.reader, password)
        try:
            answer = self.api.call(
                "POST", "/api/v1/database/test_connection/", {"database_name": DATABASE_NAME, "sqlalchemy_uri": uri}
            )
            c.record(True, "test connection as the reader role", short(error_text(answer)))
        except ApiError as exc:
            return c.record(False, "test connection as the reader role", short(exc))

        try:
            answer = self.api.call(
                "POST", "/api/v1/database/",
                {
                    "database_name": DATABASE_NAME,
                    "sqlalchemy_uri": uri,
                    "expose_in_sqllab": True,
                    # DML on: SQL Lab then sends writes to PostgreSQL, so the write checks test the reader role's
                    # privileges, not Superset's own guard against non-SELECT statements.
                    "allow_dml": True,
                    "allow_ctas": False,
                    "allow_cvas": False,
                    "allow_run_async": False,
                },
            )  # fmt: skip
            self.database_id = int(answer["id"])
            info = self.api.call("GET", f"/api/v1/database/{self.database_id}")["result"]
            ok = bool(info.get("expose_in_sqllab")) and info.get("backend") == "postgresql"
            c.record(
                ok, "database connection created, exposed in SQL Lab",
                f"id {self.database_id}, backend {info.get('backend')},"
                f" expose_in_sqllab {info.get('expose_in_sqllab')}",
            )  # fmt: skip
        except (ApiError, KeyError) as exc:
            return c.record(False, "create the database connection", short(exc))

        try:
            # SHOW, because Superset refuses current_user and current_setting() in SQL Lab.
            who = self.api.sql(self.database_id, "SHOW session_authorization")["data"][0]["session_authorization"]
            ro = self.api.sql(self.database_id, "SHOW transaction_read_only")["data"][0]["transaction_read_only"]
            c.record(
                who == self.args.reader and ro == "on", "SQL Lab sessions run as the reader, read-only",
                f"session_authorization {who}, transaction_read_only {ro}",
            )  # fmt: skip
        except (ApiError, KeyError, IndexError) as exc:
            c.record(False, "SQL Lab sessions run as the reader", short(exc))
        return True

    def clean_up(self) -> None:
        """Remove what an earlier run left: its charts, datasets and database connection."""
        try:
            for chart in self.api.find("chart", "slice_name", "sw", CHART_PREFIX):
                self.api.call("DELETE", f"/api/v1/chart/{chart['id']}")
            for db in self.api.find("database", "database_name", "eq", DATABASE_NAME):
                for ds in self.api.find("dataset", "database", "rel_o_m", db["id"]):
                    for chart in self.api.find("chart", "datasource_id", "eq", ds["id"]):
                        self.api.call("DELETE", f"/api/v1/chart/{chart['id']}")
                    self.api.call("DELETE", f"/api/v1/dataset/{ds['id']}")
                self.api.call("DELETE", f"/api/v1/database/{db['id']}")
                self.checks.info(f"removed the connection, datasets and charts of an earlier run (database {db['id']})")
        except ApiError as exc:
            self.checks.info(f"could not remove an earlier run's objects: {short(exc)}")

    # 6. datasets --------------------------------------------------------------------------------------------

    def datasets_of_bi_views(self) -> None:
        c = self.checks
        assert self.database_id is not None
        views = [
            r["name"]
            for r in self.admin(
                "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'bi' AND c.relkind IN ('v', 'm') ORDER BY 1"
            )
        ]
        c.record(bool(views), "psql lists the bi views", ", ".join(views) or "none")
        try:
            schemas = self.api.call("GET", f"/api/v1/database/{self.database_id}/schemas/")["result"]
            c.record("bi" in schemas, "Superset lists schema bi", ", ".join(schemas))
            q = rison({"schema_name": "bi", "force": True})
            tables = self.api.call("GET", f"/api/v1/database/{self.database_id}/tables/", query={"q": q})["result"]
            seen = sorted(t["value"] for t in tables)
            c.record(seen == views, "Superset lists the same bi views as psql", ", ".join(seen))
        except (ApiError, KeyError) as exc:
            c.record(False, "Superset lists the bi schema and its views", short(exc))

        for view in views:
            columns = self.admin(
                "SELECT a.attname AS name, col_description(a.attrelid, a.attnum) AS comment"
                f" FROM pg_attribute a WHERE a.attrelid = 'bi.{view}'::regclass AND a.attnum > 0"
                " AND NOT a.attisdropped ORDER BY a.attnum"
            )
            self.view_columns[view] = columns
            try:
                answer = self.api.call(
                    "POST", "/api/v1/dataset/", {"database": self.database_id, "schema": "bi", "table_name": view}
                )
                ds_id = int(answer["id"])
                self.datasets[view] = ds_id
                dataset = self.api.call("GET", f"/api/v1/dataset/{ds_id}")["result"]
            except (ApiError, KeyError) as exc:
                c.record(False, f"dataset bi.{view} created", short(exc))
                continue
            got = {col["column_name"]: col for col in dataset["columns"]}
            want = [col["name"] for col in columns]
            missing = [n for n in want if n not in got]
            extra = [n for n in got if n not in want]
            c.record(
                not missing and not extra,
                f"dataset bi.{view}: columns came through",
                f"{len(got)} of {len(want)}" + (f"; missing {missing}" if missing else "") + (
                    f"; unexpected {extra}" if extra else ""),
            )  # fmt: skip
            # docs/bi.md: every view and column has a description (COMMENT ON), and Superset imports them.
            uncommented = [col["name"] for col in columns if not col["comment"]]
            differing = [
                col["name"]
                for col in columns
                if col["comment"]
                and col["name"] in got
                and (got[col["name"]].get("description") or "") != col["comment"]
            ]
            detail = f"{len(columns) - len(uncommented) - len(differing)} of {len(columns)} columns"
            if uncommented:
                detail += f"; no COMMENT ON in the database: {uncommented}"
            if differing:
                detail += f"; description differs from the comment: {differing}"
            c.record(not uncommented and not differing, f"dataset bi.{view}: descriptions from COMMENT ON", detail)
            # Superset gives every dataset a metric "count" (COUNT(*)); a column of the same name is shadowed by
            # it in charts (the metric counts rows, and a query with both drops one of them).
            metrics = {m["metric_name"] for m in dataset.get("metrics", [])}
            clash = sorted(metrics & set(got))
            detail = f"metrics {sorted(metrics)}"
            if clash:
                detail = f"column and metric {clash}"
                if "count" in clash:
                    n = self.admin(f"SELECT count(*) AS rows, sum(count) AS total FROM bi.{view}")[0]
                    detail += (
                        f": the metric count (COUNT(*)) gives {n['rows']} (rows of the view),"
                        f" the column's SUM(count) {n['total']}"
                    )
            c.record(not clash, f"dataset bi.{view}: no column is named like a metric", detail)
            self.samples(view, ds_id)

    def samples(self, view: str, ds_id: int) -> None:
        """What Explore's "Samples" pane shows: every column of the dataset, a few rows (through the chart data
        API: /datasource/samples takes a browser session, not an API token)."""
        name = f"dataset bi.{view}: samples (all columns) load"
        try:
            answer = self.api.call(
                "POST", "/api/v1/chart/data",
                {
                    "datasource": {"id": ds_id, "type": "table"},
                    "force": True,
                    "queries": [{"row_limit": 5}],
                    "result_format": "json",
                    "result_type": "samples",
                },
            )  # fmt: skip
            result = answer["result"][0]
            if result.get("error"):
                raise ApiError("POST", "/api/v1/chart/data", 200, {"message": result["error"]})
            rows = result.get("data", [])
            cols = result.get("colnames", [])
            expected = self.admin(f"SELECT count(*) > 0 AS any FROM (SELECT 1 FROM bi.{view} LIMIT 1) s")[0]["any"]
            self.checks.record(
                bool(rows) == expected and len(cols) == len(self.view_columns[view]),
                name, f"{len(rows)} rows, {len(cols)} columns",
            )  # fmt: skip
        except (ApiError, KeyError, IndexError) as exc:
            self.checks.record(False, name, short(exc))

    def select_star(self) -> None:
        """SELECT * works, for the reader, on every bi view and on every normalized table it may read."""
        assert self.database_id is not None
        reader = self.args.reader.replace("'", "''")
        relations = [
            r["name"]
            for r in self.admin(
                "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname IN ('bi', 'public') AND c.relkind IN ('r', 'v', 'm', 'p')"
                f" AND (has_table_privilege('{reader}', c.oid, 'SELECT')"
                f"      OR has_any_column_privilege('{reader}', c.oid, 'SELECT'))"
                " ORDER BY n.nspname, c.relname"
            )
        ]
        # public.import_error is readable but for raw, on purpose (column privileges): SELECT * there is meant to
        # fail; bi.import_errors is the same rows without raw, and is checked with the other views.
        relations = [r for r in relations if r != "public.import_error"]
        for rel in relations:
            name = f"SQL Lab: SELECT * FROM {rel} as the reader"
            try:
                answer = self.api.sql(self.database_id, f"SELECT * FROM {rel} LIMIT 3")
                self.checks.record(True, name, f"{len(answer.get('data', []))} rows")
            except ApiError as exc:
                self.checks.record(False, name, short(exc))

    # 7. documented queries, writes -------------------------------------------------------------------------

    def documented(self) -> None:
        assert self.database_id is not None
        queries = documented_queries(Path(self.args.repo))
        self.checks.record(bool(queries), "documented queries found", f"{len(queries)} in docs/bi.md and docs/sql.md")
        for q in queries:
            name = f"SQL Lab: {short(q.name, 90)}"
            try:
                answer = self.api.sql(self.database_id, q.sql)
                rows = len(answer.get("data", []))
                ok = rows > 0 if q.expect_rows else rows == 0
                detail = f"{rows} rows" + ("" if q.expect_rows else " (the doc shows none)")
                own, ran = _limit(q.sql), _limit(answer.get("query", {}).get("executedSql") or "")
                if own is not None and ran is not None and ran > own:
                    detail += f"; Superset ran it with LIMIT {ran} instead of its LIMIT {own}"
                self.checks.record(ok, name, detail)
            except ApiError as exc:
                self.checks.record(False, name, short(exc))
        # SQL Lab sets search_path to the schema chosen in its schema picker; a user browsing bi picks bi.
        name = "SQL Lab with schema bi selected: public.cabledb_search(...)"
        try:
            answer = self.api.sql(
                self.database_id, "SELECT reference_id FROM public.cabledb_search('embassy', max_results => 3)", "bi"
            )
            self.checks.record(bool(answer.get("data")), name, f"{len(answer.get('data', []))} rows")
        except ApiError as exc:
            self.checks.record(False, name, short(exc))

    def writes_refused(self) -> None:
        """Writes through SQL Lab fail in PostgreSQL and change nothing. Every write is one that would change
        nothing even if it ran (WHERE false, a new table), so a broken role cannot damage the database."""
        assert self.database_id is not None
        probe = "bi_smoke_write_probe"
        counts = (
            "SELECT (SELECT count(*) FROM cable) AS cables, (SELECT count(*) FROM tag) AS tags,"
            f" to_regclass('public.{probe}') IS NOT NULL AS probe"
        )
        before = self.admin(counts)[0]
        # docs/bi.md: "the privileges refuse writes even if a tool turns [read-only] off". SQL Lab runs the
        # statements of one query in one transaction: the COMMIT makes the next one start read-write.
        off = "SET default_transaction_read_only = off; COMMIT; "
        statements = [
            f"CREATE TABLE {probe} (i int)",
            "DELETE FROM cable WHERE false",
            "DELETE FROM bi.cables WHERE false",
            "UPDATE cable SET subject = subject WHERE false",
            "INSERT INTO tag SELECT * FROM tag WHERE false",
            f"{off}CREATE TABLE {probe} (i int)",
            f"{off}CREATE TEMPORARY TABLE {probe} (i int)",
            f"{off}CREATE TABLE bi.{probe} (i int)",
            f"{off}DELETE FROM cable WHERE false",
            f"{off}UPDATE cable SET subject = subject WHERE false",
            f"{off}INSERT INTO tag SELECT * FROM tag WHERE false",
        ]
        for statement in statements:
            name = f"write refused: {statement}"
            try:
                self.api.sql(self.database_id, statement)
                self.checks.record(False, name, "it ran without an error")
            except ApiError as exc:
                self.checks.record(True, name, short(error_text(exc.body), 160))
        after = self.admin(counts)[0]
        probe_made = after["probe"]
        if probe_made or self.admin(f"SELECT to_regclass('bi.{probe}') IS NOT NULL AS made")[0]["made"]:
            psql_exec(self.args.admin_url, f"DROP TABLE IF EXISTS public.{probe}; DROP TABLE IF EXISTS bi.{probe}")
            probe_made = True
        self.checks.record(
            after == before and not probe_made, "writes changed nothing (psql)",
            f"cables {before['cables']} -> {after['cables']}, tags {before['tags']} -> {after['tags']},"
            f" table {probe} {'exists' if probe_made else 'absent'}",
        )  # fmt: skip

    # 8. charts ---------------------------------------------------------------------------------------------

    def chart(self, name: str, view: str, groupby: str, metric: Any, label: str) -> list[dict[str, Any]] | None:
        """Save a pie chart on a bi view and read its data back through /api/v1/chart/{id}/data/."""
        ds_id = self.datasets.get(view)
        if ds_id is None:
            self.checks.record(False, f"chart '{name}'", f"no dataset for bi.{view}")
            return None
        form_data = {
            "datasource": f"{ds_id}__table",
            "viz_type": "pie",
            "groupby": [groupby],
            "metric": metric,
            "adhoc_filters": [],
            "row_limit": 1000,
        }
        query_context = {
            "datasource": {"id": ds_id, "type": "table"},
            "force": True,
            "queries": [
                {
                    "columns": [groupby],
                    "metrics": [metric],
                    "orderby": [[metric, False]],
                    "filters": [],
                    "extras": {},
                    "row_limit": 1000,
                }
            ],
            "form_data": form_data,
            "result_format": "json",
            "result_type": "full",
        }
        try:
            chart = self.api.call(
                "POST", "/api/v1/chart/",
                {
                    "slice_name": f"{CHART_PREFIX}: {name}",
                    "viz_type": "pie",
                    "datasource_id": ds_id,
                    "datasource_type": "table",
                    "params": json.dumps(form_data),
                    "query_context": json.dumps(query_context),
                },
            )  # fmt: skip
            chart_id = int(chart["id"])
            answer = self.api.call("GET", f"/api/v1/chart/{chart_id}/data/", query={"format": "json", "force": "true"})
            result = answer["result"][0]
            if result.get("error"):
                raise ApiError("GET", f"/api/v1/chart/{chart_id}/data/", 200, {"message": result["error"]})
            rows = result["data"]
            self.checks.record(True, f"chart '{name}' saved (id {chart_id}) and its data fetched", f"{len(rows)} rows")
        except (ApiError, KeyError, IndexError) as exc:
            self.checks.record(False, f"chart '{name}' saved and its data fetched", short(exc))
            return None
        missing = [r for r in rows if label not in r]
        if missing:
            self.checks.record(False, f"chart '{name}': rows carry the metric '{label}'", f"first row {rows[0]}")
            return None
        return rows

    def charts(self) -> None:
        c = self.checks
        truth = self.admin(
            "SELECT coalesce(l.code, '') AS level, count(*) AS n FROM cable c"
            " LEFT JOIN classification_level l ON l.id = c.classification_id GROUP BY 1"
        )
        total = sum(r["n"] for r in truth)
        by_level = {r["level"] or NULL: r["n"] for r in truth}

        rows = self.chart("cables per classification level", "cables", "classification_level", "count", "count")
        if rows is not None:
            got = {(r["classification_level"] or NULL): r["count"] for r in rows}
            c.record(
                sum(got.values()) == total, "chart total equals SELECT count(*) FROM cable (psql)",
                f"chart {sum(got.values())}, psql {total}",
            )  # fmt: skip
            c.record(got == by_level, "chart per level equals the cable table's levels (psql)", _compare(got, by_level))

        # The pre-aggregated view: its cables per level must add up the same way.
        metric = {
            "expressionType": "SIMPLE",
            "column": {"column_name": "cable_count"},
            "aggregate": "SUM",
            "label": "cables",
        }
        rows = self.chart("cables per classification level (by month view)", "cables_by_month",
                          "classification_level", metric, "cables")  # fmt: skip
        if rows is not None:
            got = {(r["classification_level"] or NULL): r["cables"] for r in rows}
            c.record(
                got == by_level, "SUM(cable_count) of bi.cables_by_month per level equals the cable table (psql)",
                _compare(got, by_level),
            )  # fmt: skip

        # An ad-hoc query of the chart data API, the way Explore asks before saving: cables per month.
        ds_id = self.datasets.get("cables")
        if ds_id is not None:
            try:
                answer = self.api.call(
                    "POST", "/api/v1/chart/data",
                    {
                        "datasource": {"id": ds_id, "type": "table"},
                        "force": True,
                        "queries": [{
                            "columns": [{"label": "month", "sqlExpression": "date_trunc('month', created)",
                                         "expressionType": "SQL"}],
                            "metrics": ["count"],
                            "row_limit": 5000,
                        }],
                        "result_format": "json",
                        "result_type": "full",
                    },
                )  # fmt: skip
                data = answer["result"][0]["data"]
                c.record(
                    sum(r["count"] for r in data) == total, "chart data API: cables per month add up to table cable",
                    f"{len(data)} months, {sum(r['count'] for r in data)} cables, psql {total}",
                )  # fmt: skip
            except (ApiError, KeyError, IndexError) as exc:
                c.record(False, "chart data API: cables per month", short(exc))

    def joins(self) -> None:
        """docs/bi.md: joins are written once in SQL Lab and saved as a virtual dataset."""
        c = self.checks
        assert self.database_id is not None
        sql = "SELECT * FROM bi.cables JOIN bi.cable_tags USING (reference_id)"
        want = self.admin("SELECT count(*) AS n FROM bi.cables JOIN bi.cable_tags USING (reference_id)")[0]["n"]
        try:
            answer = self.api.call(
                "POST", "/api/v1/dataset/",
                {"database": self.database_id, "schema": "bi", "table_name": "cables_with_tags", "sql": sql},
            )  # fmt: skip
            ds_id = int(answer["id"])
            data = self.api.call(
                "POST", "/api/v1/chart/data",
                {
                    "datasource": {"id": ds_id, "type": "table"},
                    "force": True,
                    "queries": [{"columns": [], "metrics": ["count"], "row_limit": 10}],
                    "result_format": "json",
                    "result_type": "full",
                },
            )["result"][0]["data"]  # fmt: skip
            got = data[0]["count"]
            c.record(got == want, f"virtual dataset '{sql}': count", f"Superset {got}, psql {want}")
        except (ApiError, KeyError, IndexError) as exc:
            c.record(False, f"virtual dataset '{sql}'", short(exc))
        # Tags of a cable and the glossary that explains them: the tag code should have one name in both views,
        # so that the join reads like the others (USING).
        tags = {col["name"] for col in self.view_columns.get("cable_tags", [])}
        glossary = {col["name"] for col in self.view_columns.get("tag_glossary", [])}
        if tags and glossary:
            shared = ("tag" in tags and "tag" in glossary) or ("code" in tags and "code" in glossary)
            c.record(
                shared, "bi.cable_tags and bi.tag_glossary name the tag code alike",
                f"bi.cable_tags: {sorted(tags)}; bi.tag_glossary: {sorted(glossary)}",
            )  # fmt: skip

    def run(self) -> int:
        try:
            if self.connect():
                self.datasets_of_bi_views()
                self.select_star()
                self.documented()
                self.writes_refused()
                self.charts()
                self.joins()
        except (OSError, RuntimeError) as exc:  # Superset or psql gone: a failure, not a traceback
            self.checks.record(False, "API checks stopped", short(exc))
        if self.args.results:
            Path(self.args.results).write_text(json.dumps(self.checks.results, indent=1))
        return 1 if self.checks.failed else 0


def _compare(got: dict[str, Any], want: dict[str, Any]) -> str:
    if got == want:
        return ", ".join(f"{k} {v}" for k, v in sorted(want.items()))
    keys = sorted(set(got) | set(want))
    return "; ".join(f"{k}: chart {got.get(k)}, psql {want.get(k)}" for k in keys if got.get(k) != want.get(k))


# -- small subcommands ------------------------------------------------------------------------------------------


def free_port(start: int) -> int:
    for port in range(start, start + 100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"bi-smoke: no free port in {start}-{start + 99}")


def health(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("api", help="run the REST API checks")
    p.add_argument("--superset", required=True, help="Superset's base URL")
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", required=True)
    p.add_argument("--admin-url", required=True, help="the cabledb database, as its owner (for psql)")
    p.add_argument("--reader", required=True, help="the reader role's name")
    p.add_argument("--reader-password-file", required=True, help="the reader role's password")
    p.add_argument("--repo", required=True, help="the cabledb repository (for its docs)")
    p.add_argument("--results", help="write the checks here as JSON")
    p = sub.add_parser("url")
    p.add_argument("part", choices=["dbname", "maintenance", "display", "reader"])
    p.add_argument("url")
    p.add_argument("extra", nargs="*")
    p = sub.add_parser("token")
    p.add_argument("nbytes", nargs="?", type=int, default=18)
    p = sub.add_parser("free-port")
    p.add_argument("start", type=int)
    p = sub.add_parser("health")
    p.add_argument("url")
    p = sub.add_parser("counts")
    p.add_argument("results")
    p = sub.add_parser("queries", help="list the documented queries the api checks run")
    p.add_argument("repo")
    args = parser.parse_args(argv)

    if args.command == "api":
        return Smoke(args).run()
    if args.command == "url":
        print(url_part(args.part, args.url, *args.extra))
    elif args.command == "token":
        print(secrets.token_urlsafe(args.nbytes))
    elif args.command == "free-port":
        print(free_port(args.start))
    elif args.command == "health":
        return 0 if health(args.url) else 1
    elif args.command == "counts":
        results = json.loads(Path(args.results).read_text())
        print(sum(r["ok"] for r in results), sum(not r["ok"] for r in results))
    elif args.command == "queries":
        for q in documented_queries(Path(args.repo)):
            print(f"-- {q.name}{'' if q.expect_rows else ' (no rows expected)'}\n{q.sql};\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
