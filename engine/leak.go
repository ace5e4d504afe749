// engine/leak.go

package engine

import (
	"log/slog"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/retortdb/retort/engine/driver"
)

// Leak detection: Results never closed, and transactions left open.
//
// A Result records where it was opened (under CallSites: the caller's
// program counters, resolved to file:line only when reported) and registers a cleanup
// (runtime.AddCleanup) that runs if the Result becomes unreachable while
// still open; Close cancels it. The transaction refers to its open Result
// only weakly, so dropping the Result is enough for it to be reported —
// the transaction then still counts its rows as open, and Commit or
// Rollback closes them. A transaction begun with enginehook.ClosesResults skips
// all this for its Results: its caller (package orm) closes them, and a
// weak pointer and a cleanup per statement are allocations a short query
// does without (bench/, W6).
//
// Call sites are recorded only with [Config.CallSites]: runtime.Callers
// decodes each frame's tables, about 21k instructions per Begin, over a
// third of a short query's (bench/, BenchmarkFixedCost). Without it the
// reports still come, with the SQL and how long, and say how to name the
// line.
//
// The engine keeps a list of its open transactions (txWatch), which one
// goroutine looks over; a transaction still open after
// [Config.LongTransaction] is reported once, naming where it was begun
// under CallSites.
//
// Reports go to the engine's diagnostic logger (slog.Default unless set),
// at Warn level, with the attributes site (file:line of the caller outside
// packages engine and orm; with CallSites off, hint instead), sql (for a
// Result) and open_for (for a transaction).

// callSite is where a Result was opened or a transaction begun: the
// program counters of the stack above capture, resolved only when
// reported; none (n == 0) when CallSites is off. Twelve reach past the
// engine's and the orm's own frames on every path into Begin and Query
// (String skips those).
type callSite struct {
	pcs [12]uintptr
	n   int
}

// capture records its caller's stack, from the caller's frame up. It is
// not inlined, so that the frames runtime.Callers skips are its own and
// capture's, never a caller's.
//
//go:noinline
func capture() callSite {
	var s callSite
	s.n = runtime.Callers(2, s.pcs[:])
	return s
}

// siteHint stands in a report for a call site that was not recorded.
const siteHint = "engine.WithCallSites(true) names the line"

// attr is the report's attribute for s: its file:line, or, when
// none was recorded, how to have it.
func (s callSite) attr() slog.Attr {
	if s.n == 0 {
		return slog.String("hint", siteHint)
	}
	return slog.String("site", s.String())
}

// String is the first frame outside packages engine and orm, as
// file:line.
func (s callSite) String() string {
	frames := runtime.CallersFrames(s.pcs[:s.n])
	first := ""
	for {
		f, more := frames.Next()
		loc := f.File + ":" + strconv.Itoa(f.Line)
		if first == "" {
			first = loc
		}
		if !internalFrame(f) {
			return loc
		}
		if !more {
			return first
		}
	}
}

// engineDir and ormDir are the directories of packages engine and orm, as
// the runtime names source files.
var engineDir, ormDir = func() (string, string) {
	_, file, _, _ := runtime.Caller(0)
	dir := path.Dir(file)
	return dir + "/", path.Join(path.Dir(dir), "orm") + "/"
}()

// internalFrame tells a frame of package engine or orm (their tests are
// callers like any other) by its source file, not its function's name: a
// closure of the orm's inlined into the program's function is named after
// that function (Partitions' loop, for one).
func internalFrame(f runtime.Frame) bool {
	dir, file := path.Split(f.File)
	return (dir == engineDir || dir == ormDir) && !strings.HasSuffix(file, "_test.go")
}

// diagLogger is the logger leak reports go to.
func (e *Engine) diagLogger() *slog.Logger {
	if e.cfg.diagLogger != nil {
		return e.cfg.diagLogger
	}
	return slog.Default()
}

// openResult is a Result as its transaction sees it: the transaction
// holds it weakly, but the driver's rows strongly, so that a Result
// dropped unclosed can be collected (and reported) while its rows are
// still closed by Commit or Rollback.
type openResult struct {
	ref weak.Pointer[Result]
	// res is the Result itself when its caller closes it (enginehook.ClosesResults):
	// nothing is then reported, so nothing need wait for it to be collected.
	res     *Result
	rows    driver.Rows
	sql     string
	conn    *txConn
	cleanup runtime.Cleanup
}

// leakReport is what a Result's cleanup needs: nothing that refers to the
// Result.
type leakReport struct {
	site callSite
	sql  string
	log  *slog.Logger
}

func reportLeakedResult(l leakReport) {
	l.log.Warn("engine: a Result was never closed: close it, or read it to the end",
		l.site.attr(), "sql", shortSQL(l.sql))
}

// track registers r for leak detection; holdsConn says that r occupies
// its transaction's connection (every Result but a cursor's), which then
// refers to it.
func (r *Result) track(holdsConn bool) {
	o := &openResult{rows: r.rows, sql: r.sql, conn: r.conn}
	if r.conn.closes {
		o.res = r
	} else {
		log := r.conn.log
		if log == nil {
			log = slog.Default()
		}
		l := leakReport{sql: r.sql, log: log}
		if r.conn.sites {
			l.site = capture()
		}
		o.ref = weak.Make(r)
		o.cleanup = runtime.AddCleanup(r, reportLeakedResult, l)
	}
	r.open = o
	if holdsConn {
		r.conn.open = o
	}
}

// untrack is Close's: the Result no longer needs reporting, nor its
// transaction's connection.
func (r *Result) untrack() {
	if o := r.open; o != nil {
		o.cleanup.Stop()
		if r.conn.open == o {
			r.conn.open = nil
		}
	}
}

// end is its transaction's op (Commit or Rollback) ending the Result (see
// Result.end), or, if it was dropped unclosed (and reported), its rows.
func (o *openResult) end(op string) {
	if o.res != nil {
		o.res.end(op)
		return
	}
	if r := o.ref.Value(); r != nil {
		r.end(op)
		return
	}
	if o.conn.open == o {
		o.conn.open = nil
	}
	_ = o.rows.Close()
}

// txWatch reports transactions open longer than [Config.LongTransaction].
// One goroutine looks over the open transactions four times a period,
// rather than a timer per transaction: arming and stopping a runtime timer
// at every Begin and Commit wakes the network poller, which cost every
// query microseconds (bench/, W6). A transaction is reported between one
// and one and a quarter periods after it began.
type txWatch struct {
	d     time.Duration
	log   *slog.Logger
	sites bool // Config.CallSites: record where each transaction began

	mu         sync.Mutex
	head, tail *txConn // the open transactions, oldest first

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// watchTransactions starts e's watch, unless LongTransaction is zero.
func (e *Engine) watchTransactions() {
	d := e.cfg.LongTransaction
	if d <= 0 {
		return
	}
	w := &txWatch{d: d, log: e.diagLogger(), sites: e.cfg.CallSites, stop: make(chan struct{}), done: make(chan struct{})}
	e.watch = w
	go w.run()
}

func (w *txWatch) run() {
	defer close(w.done)
	t := time.NewTicker(w.d / 4)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case now := <-t.C:
			w.report(now)
		}
	}
}

// report warns once of each transaction begun at least a period before
// now; it logs outside the lock, so that a slow handler delays no Begin.
func (w *txWatch) report(now time.Time) {
	var late []callSite
	w.mu.Lock()
	for c := w.head; c != nil && now.Sub(c.began) >= w.d; c = c.next {
		if !c.reported {
			c.reported = true
			late = append(late, c.site)
		}
	}
	w.mu.Unlock()
	for _, site := range late {
		w.log.Warn("engine: a transaction is still open: commit or roll it back (it holds a pooled connection)",
			site.attr(), "open_for", w.d)
	}
}

// close stops the watch and waits for its goroutine; Engine.Close may be
// called twice.
func (w *txWatch) close() {
	if w != nil {
		w.stopOnce.Do(func() { close(w.stop) })
		<-w.done
	}
}

// add watches c, a transaction begun now, from Begin (its caller is found
// when reported, by skipping frames of packages engine and orm).
func (w *txWatch) add(c *txConn) {
	if w == nil {
		return
	}
	c.began = time.Now()
	if w.sites {
		c.site = capture()
	}
	w.mu.Lock()
	c.prev = w.tail
	if w.tail != nil {
		w.tail.next = c
	} else {
		w.head = c
	}
	w.tail = c
	w.mu.Unlock()
}

// remove stops watching c; Commit and Rollback call it.
func (w *txWatch) remove(c *txConn) {
	if w == nil {
		return
	}
	w.mu.Lock()
	if c.prev != nil {
		c.prev.next = c.next
	} else if w.head == c {
		w.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else if w.tail == c {
		w.tail = c.prev
	}
	c.prev, c.next = nil, nil
	w.mu.Unlock()
}
