// cmd/retort/demo_test.go

package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/internal/testdb"
)

// runDemoOutput runs "retort demo" with args and returns what it printed.
func runDemoOutput(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(t.Context(), append([]string{"demo"}, args...), &out, &errb); code != 0 {
		t.Fatalf("retort demo exited %d; stderr:\n%s", code, errb.String())
	}
	if errb.Len() > 0 {
		t.Errorf("retort demo wrote to stderr:\n%s", errb.String())
	}
	return out.String()
}

var titleLine = regexp.MustCompile(`(?m)^([1-9])\. .*\n=+$`)

// numSections is how many numbered sections the demo prints: six query
// patterns and the loading strategies.
const numSections = 7

// countsTitle heads the last section, which follows the patterns.
const countsTitle = "\nStatements issued\n=================\n"

// sections splits the demo's output by pattern: sections[n] is pattern n.
// The "Statements issued" section that follows them is sections[0].
func sections(t *testing.T, out string) map[int]string {
	t.Helper()
	out, counts, ok := strings.Cut(out, countsTitle)
	if !ok {
		t.Fatalf("output lacks the Statements issued section:\n%s", out)
	}
	locs := titleLine.FindAllStringSubmatchIndex(out, -1)
	secs := map[int]string{}
	for i, loc := range locs {
		end := len(out)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		var n int
		fmt.Sscan(out[loc[2]:loc[3]], &n)
		secs[n] = out[loc[0]:end]
	}
	if len(secs) != numSections {
		t.Fatalf("found %d sections, want %d; output:\n%s", len(secs), numSections, out)
	}
	secs[0] = countsTitle + counts
	return secs
}

// hasRow reports whether a line of s has exactly these whitespace-separated
// fields, so that column widths do not matter.
func hasRow(s string, fields ...string) bool {
	want := strings.Join(fields, " ")
	for _, line := range strings.Split(s, "\n") {
		if strings.Join(strings.Fields(line), " ") == want {
			return true
		}
	}
	return false
}

// user1 works out, from the data formulas rather than from SQL, user 1's
// order count and total, and its latest order.
func user1() (count int, total string, latestAt string, latestTotal string) {
	var cents, last int64
	for g := int64(1); g <= numOrders; g++ {
		if orderUserID(g) == 1 {
			count++
			cents += (g * 37) % 100000
			last = g
		}
	}
	at := epoch.Add(time.Duration(last) * 3 * time.Minute).Format("2006-01-02 15:04")
	return count, fmt.Sprintf("%d.%02d", cents/100, cents%100), at,
		fmt.Sprintf("%d.%02d", (last*37)%100000/100, (last*37)%100000%100)
}

func TestDemo(t *testing.T) {
	out := runDemoOutput(t)
	secs := sections(t, out)
	count, total, latestAt, latestTotal := user1()

	checks := []struct {
		pattern  int
		contains []string
		rows     [][]string
	}{
		{1, []string{
			"sqlite:   SELECT users.id, users.email, count(orders.id) AS order_count, round(sum(orders.total), ?) AS total_spent FROM users JOIN orders ON orders.user_id = users.id GROUP BY users.id, users.email HAVING count(orders.id) >= ?",
			"args:     [2, 10]",
			"engine.ScanAll[userTotal]: 18 structs",
			"(18 rows, first 10 shown)",
		}, [][]string{
			{"id", "email", "order_count", "total_spent"},
			{"1", "user1@example.com", fmt.Sprint(count), total},
		}},
		{2, []string{
			"postgres: SELECT u.id, u.email, latest_ord.created_at, latest_ord.total FROM users AS u LEFT OUTER JOIN LATERAL (SELECT orders.user_id, orders.created_at, orders.total FROM orders WHERE orders.user_id = u.id ORDER BY orders.created_at DESC LIMIT $1) AS latest_ord ON latest_ord.user_id = u.id",
			"sqlite:   error: retort: unsupported by dialect: LATERAL is not supported by sqlite",
			"row_number() OVER (PARTITION BY orders.user_id ORDER BY orders.created_at DESC, orders.id DESC) AS rn",
			"(50 rows, first 10 shown)",
		}, [][]string{
			{"1", "user1@example.com", latestAt, latestTotal},
		}},
		{3, []string{
			"row_number() OVER (PARTITION BY users.department_id ORDER BY users.created_at ASC, users.id ASC) AS dept_rank",
			"args:     (none)",
			"(43 rows, first 10 shown)", // 50 users, 7 of them inactive
		}, [][]string{
			{"dept-1", "1", "5", "user5@example.com", "2024-01-01", "01:25"},
			{"dept-2", "1", "1", "user1@example.com", "2024-01-01", "00:17"},
		}},
		{4, []string{
			"sqlite:   WITH RECURSIVE tree(id, parent_id, name, depth) AS (SELECT categories.id, categories.parent_id, categories.name, ? AS depth FROM categories WHERE categories.parent_id IS NULL UNION ALL SELECT categories.id, categories.parent_id, categories.name, (tree.depth + ?) FROM categories JOIN tree ON categories.parent_id = tree.id)",
			"(31 rows, first 10 shown)",
		}, [][]string{
			{"1", "cat-1", "NULL", "0"},
			{"10", "cat-10", "5", "3"},
		}},
		{5, []string{
			"sqlite:   INSERT INTO departments (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name",
			`args:     [3, "dept-3 (renamed)", 6, "dept-6"]`,
			"(2 rows)",
			"(6 rows)",
		}, [][]string{
			{"3", "dept-3", "(renamed)"},
			{"6", "dept-6"},
		}},
		{6, []string{
			`error: retort: cartesian product: SELECT has a cartesian product between FROM element(s) "orders" and "users"`,
			"errors.Is(err, core.ErrCartesianProduct) == true",
			"FROM users JOIN orders ON orders.user_id = users.id WHERE orders.total > ?",
			"(14 rows, first 10 shown)",
		}, [][]string{
			{"user1@example.com", "185.00"},
		}},
	}
	// Every step's statements, as the Recorder counted them: the shop is
	// orm.DropAll's and orm.CreateAll's 25 statements (tables looked
	// for, created, indexed) and 24 multi-row INSERTs (one per 100 rows
	// of each table); pattern 2's PostgreSQL SQL is only compiled, and
	// pattern 5 runs its upsert, then a SELECT. The strategies section
	// counts its own.
	checks = append(checks, struct {
		pattern  int
		contains []string
		rows     [][]string
	}{0, []string{
		"Counted by a retorttest.Recorder registered at engine.Open.",
	}, [][]string{
		{"step", "transaction", "statements"},
		{"schema", "and", "data", "(orm.CreateAll)", "read-write", "49"},
		{"1.", "aggregate", "(JOIN,", "GROUP", "BY,", "HAVING)", "read-only", "1"},
		{"2.", "latest", "order", "per", "user", "read-only", "1"},
		{"3.", "window", "function", "read-only", "1"},
		{"4.", "recursive", "CTE", "read-only", "1"},
		{"5.", "upsert", "read-write", "2"},
		{"6.", "cartesian", "product", "refused", "read-only", "1"},
		{"total", "56"},
	}})
	for _, c := range checks {
		sec := secs[c.pattern]
		for _, s := range c.contains {
			if !strings.Contains(sec, s) {
				t.Errorf("pattern %d: output lacks %q; section:\n%s", c.pattern, s, sec)
			}
		}
		for _, r := range c.rows {
			if !hasRow(sec, r...) {
				t.Errorf("pattern %d: no row %q; section:\n%s", c.pattern, r, sec)
			}
		}
	}
	checkStrategies(t, secs[7])
	if t.Failed() {
		return
	}
	if again := runDemoOutput(t); untimed(again) != untimed(out) {
		t.Errorf("a second run printed something else than times: the demo is not deterministic")
	}
}

// duration matches a time the strategies table prints.
var duration = regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s)\b`)

// rule matches a table's header rule, whose width follows the times'.
var rule = regexp.MustCompile(`-{2,}`)

// untimed is the demo's output without its times and the spaces and rules
// that align them.
func untimed(out string) string {
	out = rule.ReplaceAllString(duration.ReplaceAllString(out, "T"), "-")
	return strings.Join(strings.Fields(out), " ")
}

// checkStrategies checks the strategies section: every strategy loaded the
// same 703 objects (10 users, 5 departments, 172 orders, 516 items), in
// the round trips and rows each should take.
func checkStrategies(t *testing.T, sec string) {
	t.Helper()
	for _, want := range []struct {
		name             string
		roundTrips, rows string
		sql              string
	}{
		// Users, then departments, orders and items by select-in.
		{"select-in", "4", "703", "FROM orders WHERE orders.user_id "},
		// One statement, a row per item (and per order without any),
		// the limited users in a subquery.
		{"joined", "1", "516", "FROM (SELECT users.id"},
		{"joined + select-in", "3", "698", "LEFT OUTER JOIN departments AS departments_1"},
		{"explicit orm.Load", "4", "703", ""},
		// Users, 5 distinct departments, 10 users' orders, 172 orders' items.
		{"N+1 (a query per object)", "188", "703", "172× SELECT items.id"},
	} {
		var fields []string
		for _, line := range strings.Split(sec, "\n") {
			if rest, ok := strings.CutPrefix(line, want.name+"  "); ok {
				fields = strings.Fields(rest)
				break
			}
		}
		if len(fields) != 4 || fields[0] != want.roundTrips || fields[1] != want.rows || fields[3] != "703" {
			t.Errorf("strategy %s: %q, want %s round trips, %s rows, 703 objects; section:\n%s", want.name, fields, want.roundTrips, want.rows, sec)
		}
		if !strings.Contains(sec, want.sql) {
			t.Errorf("strategy %s: the section lacks %q", want.name, want.sql)
		}
	}
}

// TestDemoPostgres runs the demo on PostgreSQL with -dsn: the same rows,
// NUMERIC totals printed as numbers, the LATERAL query run rather than
// refused, every SQL and error labelled postgres, and the same strategy
// figures.
func TestDemoPostgres(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	out := runDemoOutput(t, "-dsn", dsn)
	if !strings.Contains(out, "run\nthrough the engine on postgres") {
		t.Errorf("the demo does not say it ran on postgres:\n%s", out[:200])
	}
	if strings.Contains(out, "sqlite:") {
		t.Errorf("a line is labelled sqlite on PostgreSQL:\n%s", out)
	}
	secs := sections(t, out)
	count, total, latestAt, latestTotal := user1()
	if !hasRow(secs[1], "1", "user1@example.com", fmt.Sprint(count), total) {
		t.Errorf("pattern 1: no row for user 1 with %d orders and %s:\n%s", count, total, secs[1])
	}
	lateral, fallback, ok := strings.Cut(secs[2], "Without LATERAL")
	if !ok || !strings.Contains(lateral, "LEFT OUTER JOIN LATERAL") || !strings.Contains(fallback, "row_number() OVER") {
		t.Fatalf("pattern 2: want the LATERAL query, then the ROW_NUMBER() one:\n%s", secs[2])
	}
	for _, half := range []string{lateral, fallback} {
		if !hasRow(half, "1", "user1@example.com", latestAt, latestTotal) || !strings.Contains(half, "(50 rows, first 10 shown)") {
			t.Errorf("pattern 2: user 1's latest order (%s, %s) missing:\n%s", latestAt, latestTotal, half)
		}
	}
	if !strings.Contains(secs[6], `postgres: error: retort: cartesian product`) {
		t.Errorf("pattern 6: the refusal is not labelled postgres:\n%s", secs[6])
	}
	if !hasRow(secs[0], "2.", "latest", "order", "per", "user", "read-only", "2") {
		t.Errorf("pattern 2 should run two statements on PostgreSQL:\n%s", secs[0])
	}
	checkStrategies(t, secs[7])
}

// TestDemoEcho checks that -echo logs the engine's statements to stderr
// and leaves stdout as it is without it.
func TestDemoEcho(t *testing.T) {
	plain := runDemoOutput(t)
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"demo", "-echo"}, &out, &errb); code != 0 {
		t.Fatalf("retort demo -echo exited %d; stderr:\n%s", code, errb.String())
	}
	if untimed(out.String()) != untimed(plain) {
		t.Errorf("retort demo -echo printed something else on stdout than retort demo")
	}
	for _, s := range []string{
		"level=INFO msg=BEGIN",
		`msg="CREATE TABLE departments (\n    id INTEGER NOT NULL PRIMARY KEY,\n    name TEXT NOT NULL\n)" kind=exec`,
		`msg="INSERT INTO departments (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name" kind=query`,
		"level=INFO msg=COMMIT",
	} {
		if !strings.Contains(errb.String(), s) {
			t.Errorf("retort demo -echo: stderr lacks %q:\n%s", s, errb.String())
		}
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{nil, 2, "", "demo    run the canonical query patterns"},
		{[]string{"help"}, 0, "retort <command> [flags]", ""},
		{[]string{"-h"}, 0, "demo    run the canonical query patterns", ""},
		{[]string{"frob"}, 2, "", `retort: unknown command "frob"`},
		{[]string{"demo", "-h"}, 0, "", "Usage: retort demo [-echo] [-dsn url]"},
		{[]string{"demo", "--dsn", "nosuch://x"}, 1, "", "retort demo: "},
		{[]string{"demo", "extra"}, 2, "", `unexpected argument "extra"`},
	} {
		var out, errb bytes.Buffer
		code := run(t.Context(), tc.args, &out, &errb)
		if code != tc.code {
			t.Errorf("retort %q: exit %d, want %d", tc.args, code, tc.code)
		}
		if tc.stdout != "" && !strings.Contains(out.String(), tc.stdout) {
			t.Errorf("retort %q: stdout lacks %q:\n%s", tc.args, tc.stdout, out.String())
		}
		if tc.stderr != "" && !strings.Contains(errb.String(), tc.stderr) {
			t.Errorf("retort %q: stderr lacks %q:\n%s", tc.args, tc.stderr, errb.String())
		}
		if tc.stdout == "" && out.Len() > 0 {
			t.Errorf("retort %q: wrote to stdout:\n%s", tc.args, out.String())
		}
	}
}
