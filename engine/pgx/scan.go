// engine/pgx/scan.go

package pgx

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/objptr"
)

// pgxScanner scans rows' raw values into destinations by pgx's scan
// plans, each planned once per column and destination type, as pgx's
// Rows.Scan does, with two differences. A *enginehook.Nullable is
// scanned into its Dest, or for NULL marked Null and skipped, where pgx
// would need it replaced by nil in a copy of the destinations every row. And a plan is
// matched to its destination by objptr.TypeOf, in the default build the
// destination's type word, not by comparing reflect.Types, a runtime call
// per value.
type pgxScanner struct {
	plans []pgtype.ScanPlan
	types []objptr.Type // the type of the destination each plan is for
}

// scan scans row, whose columns fds describes, into dest.
func (s *pgxScanner) scan(m *pgtype.Map, fds []pgconn.FieldDescription, row [][]byte, dest []any) error {
	if len(row) != len(fds) {
		return errors.New("scan: no current row")
	}
	if len(dest) > len(fds) {
		return enginehook.WidthError(len(fds), dest)
	}
	if len(s.plans) != len(fds) {
		s.plans = make([]pgtype.ScanPlan, len(fds))
		s.types = make([]objptr.Type, len(fds))
	}
	// Until a Group, destination i reads column i. A Group's type is
	// never the one planned for its column (its first Dest's), so this
	// loop meets it where it would plan, and leaves the rest to groups,
	// whose loop is this one's with Groups: the common row, without
	// them, keeps the shorter loop.
	for i, d := range dest {
		if n, ok := d.(*enginehook.Nullable); ok {
			if n.Null = row[i] == nil; n.Null {
				continue
			}
			d = n.Dest
		}
		if d == nil {
			continue
		}
		if t := objptr.TypeOf(d); t != s.types[i] {
			if _, ok := d.(*enginehook.Group); ok {
				n, err := s.groups(m, fds, row, dest, i, i, false)
				if err == errWidth || err == nil && n != len(fds) {
					return enginehook.WidthError(len(fds), dest)
				}
				return err
			}
			s.plans[i] = m.PlanScan(fds[i].DataTypeOID, fds[i].Format, d)
			s.types[i] = t
		}
		if err := s.plans[i].Scan(row[i], d); err != nil {
			return pgx.ScanArgError{ColumnIndex: i, FieldName: fds[i].Name, Err: err}
		}
	}
	if len(dest) != len(fds) {
		return enginehook.WidthError(len(fds), dest)
	}
	return nil
}

// groups scans dest from the j-th on into the columns from the i-th on:
// a Group's Dests unless its Skip says not to (and by a call of groups,
// in a Group), the others one column each. It returns the column after
// the last it read or skipped, or errWidth: a Group checks that the
// columns left hold it and one for each destination after it, so the
// others need no check.
func (s *pgxScanner) groups(m *pgtype.Map, fds []pgconn.FieldDescription, row [][]byte, dest []any, j, i int, inGroup bool) (int, error) {
	for ; j < len(dest); j++ {
		d := dest[j]
		if n, ok := d.(*enginehook.Nullable); ok {
			if n.Null = row[i] == nil; n.Null {
				i++
				continue
			}
			d = n.Dest
		} else if g, ok := d.(*enginehook.Group); ok {
			if inGroup {
				return i, enginehook.ErrNestedGroup
			}
			if i+len(g.Dests)+len(dest)-j-1 > len(fds) {
				return i, errWidth
			}
			if !g.Skip() {
				if _, err := s.groups(m, fds, row, g.Dests, 0, i, true); err != nil {
					return i, err
				}
			}
			i += len(g.Dests)
			continue
		}
		if d != nil {
			if t := objptr.TypeOf(d); t != s.types[i] {
				s.plans[i] = m.PlanScan(fds[i].DataTypeOID, fds[i].Format, d)
				s.types[i] = t
			}
			if err := s.plans[i].Scan(row[i], d); err != nil {
				return i, pgx.ScanArgError{ColumnIndex: i, FieldName: fds[i].Name, Err: err}
			}
		}
		i++
	}
	return i, nil
}

// errWidth stands for enginehook.WidthError until the whole destinations are known.
var errWidth = errors.New("engine: more destinations than columns")

// A pointer destination (a **string, for a *string field of a nullable
// column) is scanned by pgx through reflection: a dozen reflect calls per
// value, a fifth of the cost of a three-entity row. For the common types
// a typed plan does the same work, nil for NULL and a new value otherwise,
// with one allocation and no reflection. Other types keep pgx's plan.

// pointerPlan scans into a **T: nil for NULL, else a new T scanned by
// next, which pgx plans for the *T.
type pointerPlan[T any] struct{ next pgtype.ScanPlan }

func (p *pointerPlan[T]) SetNext(next pgtype.ScanPlan) { p.next = next }

func (p *pointerPlan[T]) Scan(src []byte, dst any) error {
	pp, ok := dst.(**T)
	if !ok {
		return fmt.Errorf("engine: a scan planned for %T was given %T", pp, dst)
	}
	if src == nil {
		*pp = nil
		return nil
	}
	v := new(T)
	if err := p.next.Scan(src, v); err != nil {
		return err
	}
	*pp = v
	return nil
}

// tryPointerPlan is a pgtype.TryWrapScanPlanFunc for the typed pointer
// plans. pgx asks it only when the column's codec cannot scan into the
// target itself (a json column's codec takes any target, **T included).
func tryPointerPlan(target any) (pgtype.WrappedScanPlanNextSetter, any, bool) {
	switch target.(type) {
	case **string:
		return pointerPlanOf[string]()
	case **int64:
		return pointerPlanOf[int64]()
	case **int32:
		return pointerPlanOf[int32]()
	case **int16:
		return pointerPlanOf[int16]()
	case **int:
		return pointerPlanOf[int]()
	case **float64:
		return pointerPlanOf[float64]()
	case **float32:
		return pointerPlanOf[float32]()
	case **bool:
		return pointerPlanOf[bool]()
	case **time.Time:
		return pointerPlanOf[time.Time]()
	case **[]byte:
		return pointerPlanOf[[]byte]()
	case **decimal.Decimal:
		return pointerPlanOf[decimal.Decimal]()
	}
	return nil, nil, false
}

// pointerPlanOf is tryPointerPlan's answer for a **T: the plan, and a *T
// for pgx to plan the next step by.
func pointerPlanOf[T any]() (pgtype.WrappedScanPlanNextSetter, any, bool) {
	return &pointerPlan[T]{}, (*T)(nil), true
}

// withPointerPlans puts the typed pointer plans before pgx's own in m.
func withPointerPlans(m *pgtype.Map) {
	m.TryWrapScanPlanFuncs = append([]pgtype.TryWrapScanPlanFunc{tryPointerPlan}, m.TryWrapScanPlanFuncs...)
}
