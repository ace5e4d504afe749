package bench

import (
	"strings"
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

// TestPeerVerdict: a peer ahead of Retort on a workload its builder runs
// fails "ahead of"; one ahead only where it runs raw SQL does not, and
// its raw-SQL figure is listed beside the verdict.
func TestPeerVerdict(t *testing.T) {
	floor := Libraries[0].Name
	r := Report{Results: []Result{
		{Workload: "W3_latest_lateral", Library: floor, Paired: 1},
		{Workload: "W3_latest_lateral", Library: "retort", Paired: 1.01},
		{Workload: "W3_latest_lateral", Library: "bun", Paired: 0.97, RawSQL: true},
		{Workload: "W3_latest_lateral", Library: "gorm", Paired: 0.99, RawSQL: true},
		{Workload: "W4_ranked_window", Library: floor, Paired: 1},
		{Workload: "W4_ranked_window", Library: "retort", Paired: 1.01},
		{Workload: "W4_ranked_window", Library: "bun", Paired: 1.38},
		{Workload: "W4_ranked_window", Library: "gorm", Paired: 1.00},
	}}
	var b strings.Builder
	r.writeTargets(&b)
	out := b.String()
	for _, want := range []string{
		"| ahead of bun on every workload its builder runs | ahead on every one; through raw SQL: W3_latest_lateral 0.97× against Retort's 1.01× | yes |",
		"| ahead of gorm on every workload its builder runs | behind or level on W4_ranked_window; through raw SQL: W3_latest_lateral 0.99× against Retort's 1.01× | **no** |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("targets lack %q:\n%s", want, out)
		}
	}
}
