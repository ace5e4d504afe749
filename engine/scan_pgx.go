// engine/scan_pgx.go

package engine

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

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
		return &pointerPlan[string]{}, (*string)(nil), true
	case **int64:
		return &pointerPlan[int64]{}, (*int64)(nil), true
	case **int32:
		return &pointerPlan[int32]{}, (*int32)(nil), true
	case **int16:
		return &pointerPlan[int16]{}, (*int16)(nil), true
	case **int:
		return &pointerPlan[int]{}, (*int)(nil), true
	case **float64:
		return &pointerPlan[float64]{}, (*float64)(nil), true
	case **float32:
		return &pointerPlan[float32]{}, (*float32)(nil), true
	case **bool:
		return &pointerPlan[bool]{}, (*bool)(nil), true
	case **time.Time:
		return &pointerPlan[time.Time]{}, (*time.Time)(nil), true
	case **[]byte:
		return &pointerPlan[[]byte]{}, (*[]byte)(nil), true
	}
	return nil, nil, false
}

// withPointerPlans puts the typed pointer plans before pgx's own in m.
func withPointerPlans(m *pgtype.Map) {
	m.TryWrapScanPlanFuncs = append([]pgtype.TryWrapScanPlanFunc{tryPointerPlan}, m.TryWrapScanPlanFuncs...)
}
