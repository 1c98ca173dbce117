package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// goldenRel is the fixture's path from the repository root. It is read at run time (not embedded)
// so the repository keeps a single copy of it.
const goldenRel = "packages/backend/src/data/testdata/all_types.golden.json"

// goldenFrame loads the all_types fixture with the Go SDK's frame JSON decoder.
func goldenFrame() (*data.Frame, error) {
	b, err := readGolden()
	if err != nil {
		return nil, err
	}
	f := &data.Frame{}
	if err := f.UnmarshalJSON(b); err != nil {
		return nil, errors.New("all_types fixture does not decode: " + err.Error())
	}
	return f, nil
}

// readGolden looks for the fixture above the executable and above this source file's build path
// (the plugin's working directory is deliberately unrelated, as under Grafana).
func readGolden() ([]byte, error) {
	var starts []string
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	if _, src, _, ok := runtime.Caller(0); ok {
		starts = append(starts, filepath.Dir(src))
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			if b, err := os.ReadFile(filepath.Join(d, goldenRel)); err == nil {
				return b, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return nil, errors.New("all_types fixture not found: expected " + goldenRel + " above the plugin binary; build refplugin inside the dsforge repository")
}
