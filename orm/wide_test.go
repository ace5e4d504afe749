package orm_test

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/orm"
)

// wide has 300 columns: more than a byte can number.
type wide struct {
	ID   int64
	C1   int64
	C2   int64
	C3   int64
	C4   int64
	C5   int64
	C6   int64
	C7   int64
	C8   int64
	C9   int64
	C10  int64
	C11  int64
	C12  int64
	C13  int64
	C14  int64
	C15  int64
	C16  int64
	C17  int64
	C18  int64
	C19  int64
	C20  int64
	C21  int64
	C22  int64
	C23  int64
	C24  int64
	C25  int64
	C26  int64
	C27  int64
	C28  int64
	C29  int64
	C30  int64
	C31  int64
	C32  int64
	C33  int64
	C34  int64
	C35  int64
	C36  int64
	C37  int64
	C38  int64
	C39  int64
	C40  int64
	C41  int64
	C42  int64
	C43  int64
	C44  int64
	C45  int64
	C46  int64
	C47  int64
	C48  int64
	C49  int64
	C50  int64
	C51  int64
	C52  int64
	C53  int64
	C54  int64
	C55  int64
	C56  int64
	C57  int64
	C58  int64
	C59  int64
	C60  int64
	C61  int64
	C62  int64
	C63  int64
	C64  int64
	C65  int64
	C66  int64
	C67  int64
	C68  int64
	C69  int64
	C70  int64
	C71  int64
	C72  int64
	C73  int64
	C74  int64
	C75  int64
	C76  int64
	C77  int64
	C78  int64
	C79  int64
	C80  int64
	C81  int64
	C82  int64
	C83  int64
	C84  int64
	C85  int64
	C86  int64
	C87  int64
	C88  int64
	C89  int64
	C90  int64
	C91  int64
	C92  int64
	C93  int64
	C94  int64
	C95  int64
	C96  int64
	C97  int64
	C98  int64
	C99  int64
	C100 int64
	C101 int64
	C102 int64
	C103 int64
	C104 int64
	C105 int64
	C106 int64
	C107 int64
	C108 int64
	C109 int64
	C110 int64
	C111 int64
	C112 int64
	C113 int64
	C114 int64
	C115 int64
	C116 int64
	C117 int64
	C118 int64
	C119 int64
	C120 int64
	C121 int64
	C122 int64
	C123 int64
	C124 int64
	C125 int64
	C126 int64
	C127 int64
	C128 int64
	C129 int64
	C130 int64
	C131 int64
	C132 int64
	C133 int64
	C134 int64
	C135 int64
	C136 int64
	C137 int64
	C138 int64
	C139 int64
	C140 int64
	C141 int64
	C142 int64
	C143 int64
	C144 int64
	C145 int64
	C146 int64
	C147 int64
	C148 int64
	C149 int64
	C150 int64
	C151 int64
	C152 int64
	C153 int64
	C154 int64
	C155 int64
	C156 int64
	C157 int64
	C158 int64
	C159 int64
	C160 int64
	C161 int64
	C162 int64
	C163 int64
	C164 int64
	C165 int64
	C166 int64
	C167 int64
	C168 int64
	C169 int64
	C170 int64
	C171 int64
	C172 int64
	C173 int64
	C174 int64
	C175 int64
	C176 int64
	C177 int64
	C178 int64
	C179 int64
	C180 int64
	C181 int64
	C182 int64
	C183 int64
	C184 int64
	C185 int64
	C186 int64
	C187 int64
	C188 int64
	C189 int64
	C190 int64
	C191 int64
	C192 int64
	C193 int64
	C194 int64
	C195 int64
	C196 int64
	C197 int64
	C198 int64
	C199 int64
	C200 int64
	C201 int64
	C202 int64
	C203 int64
	C204 int64
	C205 int64
	C206 int64
	C207 int64
	C208 int64
	C209 int64
	C210 int64
	C211 int64
	C212 int64
	C213 int64
	C214 int64
	C215 int64
	C216 int64
	C217 int64
	C218 int64
	C219 int64
	C220 int64
	C221 int64
	C222 int64
	C223 int64
	C224 int64
	C225 int64
	C226 int64
	C227 int64
	C228 int64
	C229 int64
	C230 int64
	C231 int64
	C232 int64
	C233 int64
	C234 int64
	C235 int64
	C236 int64
	C237 int64
	C238 int64
	C239 int64
	C240 int64
	C241 int64
	C242 int64
	C243 int64
	C244 int64
	C245 int64
	C246 int64
	C247 int64
	C248 int64
	C249 int64
	C250 int64
	C251 int64
	C252 int64
	C253 int64
	C254 int64
	C255 int64
	C256 int64
	C257 int64
	C258 int64
	C259 int64
	C260 int64
	C261 int64
	C262 int64
	C263 int64
	C264 int64
	C265 int64
	C266 int64
	C267 int64
	C268 int64
	C269 int64
	C270 int64
	C271 int64
	C272 int64
	C273 int64
	C274 int64
	C275 int64
	C276 int64
	C277 int64
	C278 int64
	C279 int64
	C280 int64
	C281 int64
	C282 int64
	C283 int64
	C284 int64
	C285 int64
	C286 int64
	C287 int64
	C288 int64
	C289 int64
	C290 int64
	C291 int64
	C292 int64
	C293 int64
	C294 int64
	C295 int64
	C296 int64
	C297 int64
	C298 int64
	C299 int64
}

var wides = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Cols []core.Column[int64] // c1 to c299
}) {
	t.Table = core.NewTable("wide")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	for i := 1; i < 300; i++ {
		t.Cols = append(t.Cols, core.NewColumn[int64](t.Table, "c"+strconv.Itoa(i), core.Default(int64(0))))
	}
	return t
}()

func init() { orm.Map[wide](wides.Table) }

// wideField is the field of column ci, i from 1 to 299.
func wideField(o *wide, i int) *int64 {
	return reflect.ValueOf(o).Elem().Field(i).Addr().Interface().(*int64)
}

// TestWideTable: a table of 300 columns inserts (by INSERTs, and by
// InsertMany for 100 rows and more), updates and reads back each value in
// its own column. The unit of work numbered an INSERT's columns by a
// byte, which wrapped past 255: the INSERT named c254, c255, id, c1...
func TestWideTable(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, wides.Table); err != nil {
			t.Fatal(err)
		}
		// Column i holds row*1000+i, but for each row's one column left
		// zero, which its default fills: the rows' column sets differ.
		fill := func(row int64) *wide {
			o := &wide{ID: row}
			for i := 1; i < 300; i++ {
				if int64(i) != row%299+1 {
					*wideField(o, i) = row*1000 + int64(i)
				}
			}
			return o
		}
		check := func(o *wide) {
			t.Helper()
			for i := 1; i < 300; i++ {
				want := o.ID*1000 + int64(i)
				if int64(i) == o.ID%299+1 {
					want = 0
				}
				if got := *wideField(o, i); got != want {
					t.Fatalf("row %d: c%d = %d, want %d", o.ID, i, got, want)
				}
			}
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for row := int64(1); row <= 150; row++ {
				if err := s.Add(fill(row)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// 150 rows with one zero column each share a set with at most one
		// other row: each goes by INSERT. A set of 120 rows goes by
		// InsertMany (COPY on PostgreSQL).
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			for row := int64(1001); row <= 1120; row++ {
				o := fill(row)
				o.C1 = 0
				*wideField(o, int(row%299+1)) = row*1000 + row%299 + 1
				if err := s.Add(o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		all, err := orm.All(ctx, s, orm.Select[wide]().OrderBy(wides.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 270 {
			t.Fatalf("%d rows, want 270", len(all))
		}
		for _, o := range all[:150] {
			check(o)
		}
		for _, o := range all[150:] {
			for i := 1; i < 300; i++ {
				want := o.ID*1000 + int64(i)
				if i == 1 {
					want = 0
				}
				if got := *wideField(o, i); got != want {
					t.Fatalf("row %d: c%d = %d, want %d", o.ID, i, got, want)
				}
			}
		}
		// An update of the last column only.
		all[0].C299 = -1
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s2 := w.f.New()
		defer s2.Close()
		again, err := orm.Get[wide](ctx, s2, all[0].ID)
		if err != nil || again.C299 != -1 || again.C298 != all[0].C298 {
			t.Fatalf("after the update: %v; want c299 -1, c298 %d", err, all[0].C298)
		}
	})
}
