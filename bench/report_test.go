package bench

import (
	"testing"
	"time"
)

// TestPairedRatio: the VM slows down between rounds, by as much as the
// libraries differ. Dividing medians mixes rounds of different speeds;
// pairing each library's sample with the floor's of the same round gives
// the ratio every round agrees on.
func TestPairedRatio(t *testing.T) {
	floor := []sample{{time: 100}, {time: 200}, {time: 100}, {time: 200}, {time: 200}}
	mine := []sample{{time: 110}, {time: 220}, {time: 110}, {time: 220}, {time: 110}}
	f := func(s sample) float64 { return float64(s.time) }
	if got := pairedRatio(mine, floor, f); got != 1.1 {
		t.Errorf("paired ratio %v, want 1.1", got)
	}
	r := Report{Results: []Result{
		{Workload: "W", Library: Libraries[0].Name, Time: median(floor, func(s sample) time.Duration { return s.time })},
		{Workload: "W", Library: "retort", Time: median(mine, func(s sample) time.Duration { return s.time }), Paired: pairedRatio(mine, floor, f)},
	}}
	if got, ok := r.Ratio("W", "retort"); !ok || got != 1.1 {
		t.Errorf("Ratio = %v, %v; want the paired 1.1, not the medians' %v", got, ok, 110.0/200)
	}
}
