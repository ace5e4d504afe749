// engine/pgx/times.go

package pgx

import (
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// A time.Time is an instant. Whatever its location, the engine binds it so
// that the database keeps that instant, and reads times back in UTC, on
// every backend: see "Times" in package engine's documentation. This is
// PostgreSQL's half.

// withUTCTimes makes m, a PostgreSQL connection's type map, read
// timestamptz values in UTC, where pgx would give them in time.Local, and
// write a time into a timestamp (without time zone) column as its UTC wall
// clock, where pgx would write its wall clock in its own location and drop
// the offset: 12:00+05:30 would be stored, and read back, as 12:00 UTC.
func withUTCTimes(m *pgtype.Map) {
	tz := &pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}}
	ts := &pgtype.Type{Name: "timestamp", OID: pgtype.TimestampOID, Codec: &utcTimestampCodec{}}
	m.RegisterType(tz)
	m.RegisterType(ts)
	// The array types hold their element's type, so they are registered
	// again with the new ones.
	m.RegisterType(&pgtype.Type{Name: "_timestamptz", OID: pgtype.TimestamptzArrayOID, Codec: &pgtype.ArrayCodec{ElementType: tz}})
	m.RegisterType(&pgtype.Type{Name: "_timestamp", OID: pgtype.TimestampArrayOID, Codec: &pgtype.ArrayCodec{ElementType: ts}})
}

// utcTimestampCodec is pgx's timestamp codec, except that a time is moved
// to UTC before it is written. It reads as pgx's does: the wall clock, as a
// UTC time.
type utcTimestampCodec struct{ pgtype.TimestampCodec }

// PlanEncode plans value's encoding as pgx's codec does, and wraps the
// plan so that it writes the time in UTC.
func (c *utcTimestampCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	next := c.TimestampCodec.PlanEncode(m, oid, format, value)
	if next == nil {
		return nil
	}
	return utcTimestampPlan{next}
}

// utcTimestampPlan encodes a pgtype.TimestampValuer, which pgx's plan
// accepts, by next after moving its time to UTC.
type utcTimestampPlan struct{ next pgtype.EncodePlan }

// Encode writes value's time in UTC.
func (p utcTimestampPlan) Encode(value any, buf []byte) ([]byte, error) {
	ts, err := value.(pgtype.TimestampValuer).TimestampValue()
	if err != nil {
		return nil, err
	}
	ts.Time = ts.Time.UTC()
	return p.next.Encode(ts, buf)
}

// utcSession sets the PostgreSQL session's TimeZone to UTC in params,
// a pgx connection's run-time parameters, unless the DSN (or PGTZ) chose
// one. The server then converts between timestamp and timestamptz, and
// writes CURRENT_TIMESTAMP into a timestamp column, as the UTC wall clock
// that the engine binds there.
func utcSession(params map[string]string) {
	for k := range params {
		if strings.EqualFold(k, "timezone") {
			return
		}
	}
	params["timezone"] = "UTC"
}
