package mapping

import (
	"slices"
	"testing"
)

// TestVisible: Go's selector rule, as the spec's examples have it.
func TestVisible(t *testing.T) {
	fields := []Promoted{
		{"ID", 0},        // 0: own field
		{"Base", 0},      // 1: embedded struct
		{"ID", 1},        // 2: shadowed by 0
		{"CreatedAt", 1}, // 3: promoted
		{"Left", 0},      // 4
		{"Name", 1},      // 5: ambiguous with 7
		{"Right", 0},     // 6
		{"Name", 1},      // 7
		{"Deep", 1},      // 8
		{"Name", 2},      // 9: shadowed by the ambiguous pair
	}
	visible, clash := Visible(fields)
	wantVisible := []bool{true, true, false, true, true, false, true, false, true, false}
	wantClash := []int{-1, -1, -1, -1, -1, -1, -1, 5, -1, -1}
	if !slices.Equal(visible, wantVisible) || !slices.Equal(clash, wantClash) {
		t.Errorf("visible %v clash %v, want %v %v", visible, clash, wantVisible, wantClash)
	}
}
