package engine

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

// functions resolves pcs to the names of their functions, inlined ones
// included.
func functions(pcs []uintptr) []string {
	var out []string
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		out = append(out, f.Function)
		if !more {
			return out
		}
	}
}

//go:noinline
func bothWays() (walked, runtimes []string) {
	var pcs [32]uintptr
	s := capture()
	n := runtime.Callers(2, pcs[:])
	return functions(s.pcs[:s.n]), functions(pcs[:n])
}

func inlinedCall() ([]string, []string) { return bothWays() }

//go:noinline
func nested(depth int) ([]string, []string) {
	if depth == 0 {
		return inlinedCall()
	}
	return nested(depth - 1)
}

// TestCallersAsRuntime: capture sees from its caller up the frames
// runtime.Callers sees, inlined calls expanded, down to the test (below
// it, the walk also shows the testing package's goroutine wrapper, which
// runtime.Callers elides).
func TestCallersAsRuntime(t *testing.T) {
	walked, want := nested(3)
	upToTest := func(fns []string) []string {
		i := slices.IndexFunc(fns, func(f string) bool { return strings.HasSuffix(f, ".TestCallersAsRuntime") })
		if i < 0 {
			t.Fatalf("no test frame in %v", fns)
		}
		return fns[:i+1]
	}
	if !strings.HasSuffix(walked[0], ".bothWays") {
		t.Fatalf("capture starts at %s, want its caller, bothWays", walked[0])
	}
	if got, want := upToTest(walked[1:]), upToTest(want); !slices.Equal(got, want) {
		t.Errorf("above bothWays, capture resolved\n%v\nruntime.Callers\n%v", got, want)
	}
	if !strings.HasSuffix(walked[1], ".inlinedCall") || !strings.HasSuffix(walked[2], ".nested") {
		t.Errorf("capture resolved %v, want inlinedCall (inlined) then nested above bothWays", walked[:3])
	}
}

// TestCaptureAllocatesNothing: a call site costs no allocation per Begin.
func TestCaptureAllocatesNothing(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = capture() }); n != 0 {
		t.Errorf("capture allocates %v times", n)
	}
}

func BenchmarkCapture(b *testing.B) {
	for b.Loop() {
		_ = capture()
	}
}
