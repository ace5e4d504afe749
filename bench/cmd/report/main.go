// Command report runs the whole benchmark suite on the shop dataset (set
// up by go run ./cmd/setup) and writes bench/results: README.md, a
// Markdown table of every workload's figures for every library with
// ratios to hand-written pgx and the targets met or missed; ratios.svg, a
// chart of the ratios; and results.json, the figures themselves.
//
//	go run ./cmd/report [-runs 5] [-out results]
//	go run ./cmd/report -rewrite results/results.json   # README.md and ratios.svg again, from the figures
//
// Workload 5 (streaming) runs in a process of its own per library and
// run, this command started again with -child, so that its peak memory is
// its own. On two cores it takes about twenty minutes with -runs 9.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/retortdb/retort/bench"
)

func main() {
	runs := flag.Int("runs", 5, "timed runs per workload and library; each figure is their median")
	out := flag.String("out", "results", "the directory the report is written to")
	child := flag.String("child", "", "internal: run workload 5 for this library in this process and print its figures")
	maxID := flag.Int64("maxid", 0, "internal: the items workload 5 streams in a -child run")
	rewrite := flag.String("rewrite", "", "measure nothing: write the report again from this results.json, into -out")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("report: ")
	ctx := context.Background()
	if *child != "" {
		if err := runChild(ctx, *child, *maxID); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *rewrite != "" {
		if err := rewriteFrom(*rewrite, *out); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := run(ctx, *runs, *out); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, runs int, out string) error {
	dsn := bench.DSN()
	machine, err := describe(ctx, dsn)
	if err != nil {
		return err
	}
	start := time.Now()
	rep := &bench.Report{Machine: machine, Command: "go run ./cmd/report -runs " + strconv.Itoa(runs), Runs: runs}
	var timedWorkloads []bench.Workload
	for _, w := range bench.Workloads {
		if !strings.HasPrefix(w.Name, "W5_") {
			timedWorkloads = append(timedWorkloads, w)
		}
	}
	res, err := bench.RunTimed(ctx, dsn, timedWorkloads, runs, log.Printf)
	if err != nil {
		return err
	}
	rep.Results = append(rep.Results, res...)
	for _, maxID := range []int64{250_000, 1_000_000} {
		res, err := streamChildren(ctx, maxID, runs)
		if err != nil {
			return err
		}
		rep.Results = append(rep.Results, res...)
	}
	res, err = bench.RunConcurrent(ctx, dsn, bench.Concurrent{Goroutines: 64, Conns: 10, Users: 50, Loads: 10}, (runs+1)/2, log.Printf)
	if err != nil {
		return err
	}
	rep.Results = append(rep.Results, res...)
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	var reqs []bench.Request
	for _, d := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond} {
		for _, joined := range []bool{false, true} {
			reqs = append(reqs, bench.Request{Users: 10, Delay: d, Joined: joined})
		}
	}
	res, err = bench.RunRequests(ctx, dsn, u.Host, reqs, 4*runs, log.Printf)
	if err != nil {
		return err
	}
	rep.Results = append(rep.Results, res...)
	log.Printf("measured in %v", time.Since(start).Round(time.Second))
	return write(rep, out)
}

// write writes the report's three files into dir.
func write(rep *bench.Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var md, svg bytes.Buffer
	rep.WriteMarkdown(&md, "ratios.svg")
	rep.WriteSVG(&svg)
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"README.md": md.Bytes(), "ratios.svg": svg.Bytes(), "results.json": append(js, '\n')} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	log.Printf("wrote %s", dir)
	return nil
}

// rewriteFrom writes the report of the figures in file (a results.json)
// into dir again: for a change of the report's text or verdicts, which
// should not cost a new measurement.
func rewriteFrom(file, dir string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var rep bench.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return write(&rep, dir)
}

// childResult is what a -child run prints.
type childResult struct {
	Result   bench.Result
	Checksum bench.Checksum
}

// runChild runs workload 5 over maxID items for lib and prints its
// figures as JSON.
func runChild(ctx context.Context, lib string, maxID int64) error {
	res, sum, err := bench.Peak(ctx, bench.DSN(), lib, bench.Stream(maxID))
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(childResult{res, sum})
}

// streamChildren runs workload 5 over maxID items runs times for every
// library, each run in a new process, the libraries interleaved: the
// median time and ratio to the floor's time in the same round, the
// largest peaks, which every library's checksum must agree on.
func streamChildren(ctx context.Context, maxID int64, runs int) ([]bench.Result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	w := bench.Stream(maxID)
	times := make([][]time.Duration, len(bench.Libraries))
	results := make([]bench.Result, len(bench.Libraries))
	var want bench.Checksum
	for r := range runs {
		for i, lib := range bench.Libraries {
			cmd := exec.CommandContext(ctx, self, "-child", lib.Name, "-maxid", strconv.FormatInt(maxID, 10))
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", w.Name, lib.Name, err)
			}
			var c childResult
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, fmt.Errorf("%s on %s: %w", w.Name, lib.Name, err)
			}
			if r == 0 && i == 0 {
				want = c.Checksum
			} else if c.Checksum != want {
				return nil, fmt.Errorf("%s on %s loaded %v, %s %v", w.Name, lib.Name, c.Checksum, bench.Libraries[0].Name, want)
			}
			times[i] = append(times[i], c.Result.Time)
			prev := results[i]
			results[i] = c.Result
			results[i].PeakHeap = max(prev.PeakHeap, c.Result.PeakHeap)
			results[i].PeakRSS = max(prev.PeakRSS, c.Result.PeakRSS)
		}
	}
	for i := range results {
		results[i].Paired = bench.PairedTimes(times[i], times[0])
	}
	for i := range results {
		ts := times[i]
		slices.Sort(ts)
		results[i].Time = ts[len(ts)/2]
	}
	line := w.Name + ":"
	for _, r := range results {
		line += fmt.Sprintf(" %s %v %s", r.Library, r.Time.Round(time.Millisecond), strconv.FormatFloat(float64(r.PeakHeap)/1e6, 'f', 1, 64)+"MB")
	}
	log.Print(line)
	return results, nil
}

// describe says what machine, Go and PostgreSQL the report runs on.
func describe(ctx context.Context, dsn string) (bench.Machine, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return bench.Machine{}, fmt.Errorf("%w (run go run ./cmd/setup first)", err)
	}
	defer conn.Close(ctx)
	if err := bench.CheckDataset(ctx, conn); err != nil {
		return bench.Machine{}, fmt.Errorf("%w (run go run ./cmd/setup first)", err)
	}
	var pg string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&pg); err != nil {
		return bench.Machine{}, err
	}
	m := bench.Machine{
		Date:       time.Now().UTC().Format("2006-01-02"),
		Cores:      runtime.NumCPU(),
		Go:         runtime.Version(),
		PostgreSQL: "PostgreSQL " + strings.Fields(pg)[0],
		OS:         runtime.GOOS + "/" + runtime.GOARCH,
		CPU:        "an unknown CPU",
		Memory:     "unknown",
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU = procField(string(b), "model name")
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb, err := strconv.ParseInt(strings.Fields(procField(string(b), "MemTotal") + " 0")[0], 10, 64); err == nil {
			m.Memory = fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS = "Linux " + strings.TrimSpace(string(b)) + " " + runtime.GOARCH
	}
	return m, nil
}

// procField returns the value of the first "key : value" line of a
// /proc file.
func procField(text, key string) string {
	for line := range strings.Lines(text) {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
