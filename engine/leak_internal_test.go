package engine

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

//go:noinline
func captureHere() (callSite, string) {
	_, file, line, _ := runtime.Caller(0)
	s := capture()
	return s, file + ":" + strconv.Itoa(line+1)
}

// TestCaptureStartsAtCaller: capture's first frame is its caller's, at
// the line of the call, and the frames above it follow.
func TestCaptureStartsAtCaller(t *testing.T) {
	s, want := captureHere()
	if s.n < 2 {
		t.Fatalf("capture recorded %d frames", s.n)
	}
	frames := runtime.CallersFrames(s.pcs[:s.n])
	first, _ := frames.Next()
	if got := first.File + ":" + strconv.Itoa(first.Line); got != want || !strings.HasSuffix(first.Function, ".captureHere") {
		t.Errorf("first frame %s at %s, want captureHere at %s", first.Function, got, want)
	}
	second, _ := frames.Next()
	if !strings.HasSuffix(second.Function, ".TestCaptureStartsAtCaller") {
		t.Errorf("second frame %s, want the test", second.Function)
	}
	// Every frame here is a test file's, so none is internal: the site
	// is the first.
	if got := s.String(); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}

// TestCaptureAllocatesNothing: recording a call site allocates nothing.
func TestCaptureAllocatesNothing(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = capture() }); n != 0 {
		t.Errorf("capture allocates %v times", n)
	}
}

// TestWatchCapturesOnlyWithCallSites: the long-transaction watch records
// a transaction's stack only when CallSites is on.
func TestWatchCapturesOnlyWithCallSites(t *testing.T) {
	for _, on := range []bool{false, true} {
		w := &txWatch{sites: on}
		c := &txConn{}
		w.add(c)
		if got := c.site.n > 0; got != on {
			t.Errorf("CallSites %v: a stack recorded: %v", on, got)
		}
		w.remove(c)
	}
}

func BenchmarkCapture(b *testing.B) {
	for b.Loop() {
		_ = capture()
	}
}
