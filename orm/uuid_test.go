package orm_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// deviceID is a [16]byte with no methods of its own: the engine binds
// and reads it as a UUID where the driver does not.
type deviceID [16]byte

// fleet has a google/uuid key; each of its devices a deviceID key and a
// foreign key to it, and nullable UUIDs of both kinds.
type fleet struct {
	ID      uuid.UUID
	Name    string
	Devices []*device
}

type device struct {
	ID      deviceID
	FleetID uuid.UUID
	Twin    *deviceID
	Batch   *uuid.UUID
	Fleet   *fleet
}

var fleets = func() (t struct {
	*core.Table
	ID   core.Column[uuid.UUID]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("fleet")
	t.ID = core.NewColumn[uuid.UUID](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var devices = func() (t struct {
	*core.Table
	ID      core.Column[deviceID]
	FleetID core.Column[uuid.UUID]
	Twin    core.Column[deviceID]
	Batch   core.Column[uuid.UUID]
}) {
	t.Table = core.NewTable("device")
	t.ID = core.NewColumn[deviceID](t.Table, "id", core.PrimaryKey())
	t.FleetID = core.NewColumn[uuid.UUID](t.Table, "fleet_id", core.References(fleets.ID, core.OnDelete(core.FKCascade)))
	t.Twin = core.NewColumn[deviceID](t.Table, "twin", core.Nullable())
	t.Batch = core.NewColumn[uuid.UUID](t.Table, "batch", core.Nullable())
	return t
}()

var (
	fleetDevices = orm.NewRelationship[fleet, device]("Devices", "back:Fleet; cascade:all")
	deviceFleet  = orm.NewRelationship[device, fleet]("Fleet", "back:Devices")
)

func init() {
	orm.Map[fleet](fleets.Table, fleetDevices)
	orm.Map[device](devices.Table, deviceFleet)
}

// TestUUID: a [16]byte-based Go type is a UUID column without a type:
// tag, PostgreSQL's uuid and the canonical text elsewhere, whether it has
// Value and Scan methods (google/uuid) or none: as primary and foreign
// keys, nullable, in select-in and joined loads (key lists by array on
// PostgreSQL, by IN elsewhere), through InsertMany (COPY on PostgreSQL,
// for 150 devices), in comparisons, and deleted by cascade.
func TestUUID(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, fleets.Table, devices.Table); err != nil {
			t.Fatal(err)
		}
		var all []*fleet
		twin := deviceID(uuid.New())
		batch := uuid.New()
		for f := range 3 {
			fl := &fleet{ID: uuid.New(), Name: fmt.Sprint("fleet ", f)}
			for d := range 50 * (f + 1) { // 50, 100 and 150 devices: the last by InsertMany
				dv := &device{ID: deviceID(uuid.New())}
				if d%2 == 0 {
					dv.Twin, dv.Batch = &twin, &batch
				}
				fl.Devices = append(fl.Devices, dv)
			}
			all = append(all, fl)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for _, fl := range all {
				if err := s.Add(fl); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// Stored as uuid, or as the canonical text.
		rows, err := w.db.QueryStrings(ctx, "SELECT id, fleet_id, twin FROM device WHERE twin IS NOT NULL ORDER BY id")
		if err != nil || len(rows) != 150 {
			t.Fatalf("%d devices with a twin, %v", len(rows), err)
		}
		if rows[0][2] != uuid.UUID(twin).String() {
			t.Errorf("twin stored as %q, want %q", rows[0][2], uuid.UUID(twin).String())
		}

		check := func(how string, got []*fleet) {
			t.Helper()
			if len(got) != 3 {
				t.Fatalf("%s: %d fleets", how, len(got))
			}
			for i, fl := range got {
				want := all[slices.IndexFunc(all, func(f *fleet) bool { return f.ID == fl.ID })]
				if fl.Name != want.Name || len(fl.Devices) != len(want.Devices) {
					t.Fatalf("%s: fleet %d: %s with %d devices, want %s with %d", how, i, fl.Name, len(fl.Devices), want.Name, len(want.Devices))
				}
				for _, dv := range fl.Devices {
					w := want.Devices[slices.IndexFunc(want.Devices, func(d *device) bool { return d.ID == dv.ID })]
					if dv.FleetID != fl.ID || dv.Fleet != fl || (dv.Twin == nil) != (w.Twin == nil) || (dv.Batch == nil) != (w.Batch == nil) ||
						(dv.Twin != nil && (*dv.Twin != twin || *dv.Batch != batch)) {
						t.Fatalf("%s: device %x: %+v, want %+v", how, dv.ID, dv, w)
					}
				}
			}
		}
		s := w.f.New()
		defer s.Close()
		got, err := orm.All(ctx, s, orm.Select[fleet]().Options(orm.SelectInLoad(fleetDevices)))
		if err != nil {
			t.Fatal(err)
		}
		check("select-in", got)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		got, err = orm.All(ctx, s, orm.Select[fleet]().Options(orm.JoinedLoad(fleetDevices)))
		if err != nil {
			t.Fatal(err)
		}
		check("joined", got)

		one, err := orm.Get[device](ctx, s, all[1].Devices[7].ID)
		if err != nil || one.FleetID != all[1].ID {
			t.Fatalf("Get by a deviceID: %+v, %v", one, err)
		}
		n, err := orm.All(ctx, s, orm.Select[device]().Where(devices.Twin.Eq(twin), devices.FleetID.In(all[0].ID, all[2].ID)))
		if err != nil || len(n) != 100 {
			t.Errorf("devices by twin and two fleets: %d, %v; want 100", len(n), err)
		}

		// Cascade delete by the fleet's UUID key.
		if err := s.Delete(got[0]); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if c := w.count(t, "device"); c != 300-len(got[0].Devices) {
			t.Errorf("%d devices after deleting a fleet of %d, want %d", c, len(got[0].Devices), 300-len(got[0].Devices))
		}

		// Text that is not a UUID does not read into a deviceID.
		err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.QuerySQL(ctx, "SELECT name FROM fleet")
			if err != nil {
				return err
			}
			_, err = engine.Scalars[deviceID](res)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "fleet") {
			t.Errorf("a fleet's name read as a deviceID: %v", err)
		}
	})
}
