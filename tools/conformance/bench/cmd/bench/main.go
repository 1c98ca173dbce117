// Command bench measures a Grafana backend plugin binary through the conformance host (go-plugin
// configured as Grafana configures it) and prints one JSON document to stdout.
//
//	go run ./bench/cmd/bench -plugin <binary> -label ts|go [flags]
//
// Progress goes to stderr; stdout carries only the JSON result.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"dsforge.dev/tools/conformance/bench"
	"dsforge.dev/tools/conformance/host"
)

// encodeChildFlag re-runs this binary as the Arrow encoding subprocess.
const encodeChildFlag = "-encode-child"

type result struct {
	Label     string    `json:"label"`
	Plugin    string    `json:"plugin"`
	StartedAt time.Time `json:"startedAt"`
	Versions  versions  `json:"versions"`
	Machine   machine   `json:"machine"`
	QueryData struct {
		Rows    int                 `json:"rows"`
		Results []bench.QueryResult `json:"results"`
	} `json:"queryData"`
	Startup      *bench.StartupResult `json:"startup,omitempty"`
	Cancellation *bench.CancelResult  `json:"cancellation,omitempty"`
	GoSDKEncode  *bench.EncodeResult  `json:"goSdkArrowEncode,omitempty"`
}

type versions struct {
	Go        string `json:"go"`
	PluginSDK string `json:"grafanaPluginSdkGo"`
	GoPlugin  string `json:"hashicorpGoPlugin"`
}

type machine struct {
	OS    string `json:"os"`
	Arch  string `json:"arch"`
	CPUs  int    `json:"cpus"`
	Notes string `json:"notes,omitempty"`
}

func main() {
	var (
		plugin      = flag.String("plugin", "", "plugin binary to measure (required)")
		label       = flag.String("label", "", "label for this run, e.g. ts or go (required)")
		rows        = flag.Int("rows", 100, "rows per query in the `rows` scenario")
		requests    = flag.Int("requests", 2000, "QueryData requests per concurrency level")
		maxDur      = flag.Duration("max-duration", 10*time.Second, "time cap per concurrency level")
		concurrency = flag.String("concurrency", "1,64", "comma-separated concurrency levels")
		launches    = flag.Int("launches", 5, "launches for startup-to-handshake (0 skips)")
		cancels     = flag.Int("cancels", 10, "cancellations to time (0 skips)")
		encodeRows  = flag.Int("encode-rows", 1_000_000, "rows for the Go SDK Arrow encoding baseline (0 skips)")
		encodeChild = flag.Bool(strings.TrimPrefix(encodeChildFlag, "-"), false, "internal: run the encoding subprocess")
	)
	flag.Parse()
	if *encodeChild {
		exitOn(bench.EncodeChild(*encodeRows))
		return
	}
	if *plugin == "" || *label == "" {
		fmt.Fprintln(os.Stderr, "usage: bench -plugin <binary> -label <ts|go> [flags]; see -help")
		os.Exit(2)
	}
	levels, err := parseLevels(*concurrency)
	exitOn(err)

	res := result{Label: *label, Plugin: *plugin, StartedAt: time.Now().UTC(), Versions: moduleVersions(),
		Machine: machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU()}}
	res.QueryData.Rows = *rows

	progress("launching %s", *plugin)
	p, err := host.Start(*plugin, host.Options{})
	exitOn(err)
	bench.Warm(p, *rows, 100)
	for _, c := range levels {
		progress("QueryData at concurrency %d", c)
		res.QueryData.Results = append(res.QueryData.Results, bench.QueryData(p, *rows, c, *requests, *maxDur))
	}
	if *cancels > 0 {
		progress("cancellation x%d", *cancels)
		c := bench.Cancellation(p, *cancels, 50*time.Millisecond)
		res.Cancellation = &c
	}
	p.Kill()

	if *launches > 0 {
		progress("startup x%d", *launches)
		s, err := bench.Startup(*plugin, *launches)
		exitOn(err)
		res.Startup = &s
	}
	if *encodeRows > 0 {
		progress("Go SDK Arrow encode of %d rows", *encodeRows)
		e, err := bench.Encode(*encodeRows, encodeChildFlag)
		exitOn(err)
		res.GoSDKEncode = &e
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	exitOn(out.Encode(res))
}

func parseLevels(s string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-concurrency: %q is not a positive integer", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// moduleVersions reports the Go toolchain and the plugin libraries this host was built with.
func moduleVersions() versions {
	v := versions{Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/grafana/grafana-plugin-sdk-go":
				v.PluginSDK = d.Version
			case "github.com/hashicorp/go-plugin":
				v.GoPlugin = d.Version
			}
		}
	}
	return v
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
