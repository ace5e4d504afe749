package orm

import "testing"

// TestEnterAllocatesNothing: every Session call enters and leaves the
// session, so doing it must cost no allocation (it cost two per call when
// it returned a closure over the operation's name).
func TestEnterAllocatesNothing(t *testing.T) {
	s := &Session{}
	n := testing.AllocsPerRun(100, func() {
		if err := s.enter(opAll); err != nil {
			t.Fatal(err)
		}
		s.leave()
	})
	if n != 0 {
		t.Errorf("enter and leave: %v allocations, want 0", n)
	}
	if err := s.enter(opFlush); err != nil {
		t.Fatal(err)
	}
	if err := s.enter(opAdd); err == nil || err.Error() != "retort: session used concurrently: Add called while Flush is running in another goroutine" {
		t.Errorf("second enter: %v", err)
	}
}
