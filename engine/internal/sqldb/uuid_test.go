package sqldb

import (
	"strings"
	"testing"
)

// TestUUIDText: the canonical text round-trips; 16 raw bytes and 32 hex
// digits read too; anything else is refused, naming the text.
func TestUUIDText(t *testing.T) {
	b := [16]byte{0x4f, 0x1c, 0x2d, 0x3e, 0xaa, 0xbb, 0x4c, 0xdd, 0x8e, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55}
	text := uuidText(b)
	if text != "4f1c2d3e-aabb-4cdd-8eff-001122334455" {
		t.Fatalf("uuidText = %q", text)
	}
	for _, in := range []string{text, strings.ToUpper(text), "4f1c2d3eaabb4cdd8eff001122334455", string(b[:])} {
		got, err := parseUUID([]byte(in))
		if err != nil || got != b {
			t.Errorf("parseUUID(%q) = %x, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "4f1c2d3e-aabb-4cdd-8eff-00112233445", "4f1c2d3e+aabb-4cdd-8eff-001122334455",
		"zf1c2d3e-aabb-4cdd-8eff-001122334455", "fleet 0"} {
		if _, err := parseUUID([]byte(in)); err == nil || !strings.Contains(err.Error(), "is not a UUID") {
			t.Errorf("parseUUID(%q): %v, want an error", in, err)
		}
	}
}
