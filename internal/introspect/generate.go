package introspect

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/codegen"
)

// ModelsFile is the file Generate writes the structs in.
const ModelsFile = "models.go"

// Generate is retort gen -from-db: it reads the schema of eng's database
// (the tables named, or all), writes the package's structs to
// dir/models.go, and then the descriptors to dir/retort_gen.go as retort
// gen does, so that the package builds at once. dir must be inside a Go
// module; it is made if missing. It returns the package retort gen loaded.
func Generate(ctx context.Context, eng *engine.Engine, dir string, tables []string, opts Options) (*codegen.Package, error) {
	s, err := Read(ctx, eng, tables)
	if err != nil {
		return nil, err
	}
	src, err := Write(s, opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// An old retort_gen.go may no longer match the new structs, and would
	// keep the package from loading.
	if err := os.Remove(filepath.Join(dir, codegen.FileName)); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, ModelsFile), src, 0o644); err != nil {
		return nil, err
	}
	pkg, err := codegen.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("introspect: the written structs: %w", err)
	}
	gen, err := pkg.Generate()
	if err != nil {
		return nil, fmt.Errorf("introspect: the written structs: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, codegen.FileName), gen, 0o644); err != nil {
		return nil, err
	}
	return pkg, nil
}
