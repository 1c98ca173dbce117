package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"dsforge.dev/tools/conformance/host"
)

const (
	pluginID = "dsforge-example-datasource"
	dsUID    = "conformance-ds"
	// secret is the datasource's decrypted apiKey; it must never come back in any output.
	secret = "s3cret-conformance-api-key"
	// defaultTSBinary is the example plugin's packaged linux/amd64 binary, relative to this package.
	defaultTSBinary = "../../examples/example-datasource/dist/gpx_dsforge_example_linux_amd64"
	refBinary       = "bin/refplugin"
	goldenJSON      = "../../packages/backend/src/data/testdata/all_types.golden.json"
)

// timeFrom is the fixed start of every query's time range.
var timeFrom = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// pluginBinary resolves the binary under test from the environment.
func pluginBinary() string {
	if b := os.Getenv("DSFORGE_PLUGIN_BIN"); b != "" {
		return b
	}
	if os.Getenv("DSFORGE_CONFORMANCE_REF") == "1" {
		return refBinary
	}
	return defaultTSBinary
}

var (
	sharedOnce   sync.Once
	sharedPlugin *host.Plugin
	sharedErr    error
)

func TestMain(m *testing.M) {
	bin := pluginBinary()
	if _, err := os.Stat(bin); err != nil {
		fmt.Fprintf(os.Stderr, "conformance: plugin binary %s not found (%v).\n"+
			"Build the TypeScript example with `pnpm exec dsforge build examples/example-datasource`,\n"+
			"or set DSFORGE_PLUGIN_BIN, or DSFORGE_CONFORMANCE_REF=1 after `go build -o bin/refplugin ./refplugin`.\n", bin, err)
		os.Exit(1)
	}
	abs, _ := filepath.Abs(bin)
	fmt.Fprintf(os.Stderr, "conformance: checking %s\n", abs)
	code := m.Run()
	if sharedPlugin != nil {
		sharedPlugin.Kill()
	}
	os.Exit(code)
}

// shared returns the plugin process most checks use (launched once, killed by TestMain).
func shared(t *testing.T) *host.Plugin {
	t.Helper()
	first := false
	sharedOnce.Do(func() { first = true; sharedPlugin, sharedErr = host.Start(pluginBinary(), host.Options{}) })
	if sharedErr != nil {
		if first {
			t.Fatalf("plugin did not start: %v", sharedErr)
		}
		t.Fatal("plugin did not start (the first failing check shows why)")
	}
	return sharedPlugin
}

// launch starts a private plugin process for checks that end it.
func launch(t *testing.T) *host.Plugin {
	t.Helper()
	p, err := host.Start(pluginBinary(), host.Options{})
	if err != nil {
		t.Fatalf("plugin did not start: %v", err)
	}
	t.Cleanup(func() { p.Kill() })
	return p
}

// pluginContext is what Grafana sends for datasource uid with the given jsonData.
func pluginContext(uid, jsonData string, grafanaConfig map[string]string) *pluginv2.PluginContext {
	cfg := map[string]string{"GF_APP_URL": "http://localhost:3000/", "GF_CONCURRENT_QUERY_COUNT": "10"}
	for k, v := range grafanaConfig {
		cfg[k] = v
	}
	return &pluginv2.PluginContext{
		OrgId:         1,
		PluginId:      pluginID,
		PluginVersion: "0.1.0",
		UserAgent:     "Grafana/" + host.GrafanaVersion + " (linux; amd64)",
		User:          &pluginv2.User{Login: "admin", Name: "Admin", Email: "admin@localhost", Role: "Admin"},
		GrafanaConfig: cfg,
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: 1, Uid: uid, Name: "Example " + uid, Url: "http://upstream.invalid",
			JsonData:                []byte(jsonData),
			DecryptedSecureJsonData: map[string]string{"apiKey": secret},
			LastUpdatedMS:           timeFrom.UnixMilli(),
		},
	}
}

// dataQuery is one query with the fixed one-hour time range.
func dataQuery(refID, model string) *pluginv2.DataQuery {
	return &pluginv2.DataQuery{
		RefId: refID, MaxDataPoints: 1000, IntervalMS: 1000, Json: []byte(model),
		TimeRange: &pluginv2.TimeRange{FromEpochMS: timeFrom.UnixMilli(), ToEpochMS: timeFrom.Add(time.Hour).UnixMilli()},
	}
}

// queryData sends queries for the default datasource and fails the check on a gRPC error.
func queryData(t *testing.T, p *host.Plugin, cfg map[string]string, queries ...*pluginv2.DataQuery) *pluginv2.QueryDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(dsUID, "{}", cfg),
		Headers:       map[string]string{"http_X-Grafana-Org-Id": "1"},
		Queries:       queries,
	})
	if err != nil {
		t.Fatalf("QueryData failed as a whole (Grafana would fail every query): %v", err)
	}
	return res
}

// response returns refID's response or fails.
func response(t *testing.T, res *pluginv2.QueryDataResponse, refID string) *pluginv2.DataResponse {
	t.Helper()
	r, ok := res.Responses[refID]
	if !ok {
		t.Fatalf("no response for refId %s (got %d responses)", refID, len(res.Responses))
	}
	return r
}

// resourceMessage is one CallResource response message.
type resourceMessage struct {
	code    int32
	headers map[string][]string
	body    []byte
}

// callResource performs a GET (or method) on path and collects every response message.
func callResource(t *testing.T, p *host.Plugin, method, path string, body []byte) []resourceMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := p.Resource.CallResource(ctx, &pluginv2.CallResourceRequest{
		PluginContext: pluginContext(dsUID, "{}", nil),
		Path:          path, Method: method, Url: path, Body: body,
		Headers: map[string]*pluginv2.StringList{"Accept": {Values: []string{"*/*"}}},
	})
	if err != nil {
		t.Fatalf("CallResource %s %s: %v", method, path, err)
	}
	var out []resourceMessage
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("CallResource %s %s: receive: %v", method, path, err)
		}
		h := map[string][]string{}
		for k, v := range m.Headers {
			h[k] = v.GetValues()
		}
		out = append(out, resourceMessage{code: m.Code, headers: h, body: m.Body})
	}
}

// stats reads the plugin's `stats` resource.
func stats(t *testing.T, p *host.Plugin) (cancelled, instances float64) {
	t.Helper()
	msgs := callResource(t, p, "GET", "stats", nil)
	if len(msgs) == 0 {
		t.Fatalf("stats resource sent no response")
	}
	var s struct {
		Cancelled *float64 `json:"cancelled"`
		Instances *float64 `json:"instances"`
	}
	if err := json.Unmarshal(joinBodies(msgs), &s); err != nil || s.Cancelled == nil || s.Instances == nil {
		t.Fatalf("stats body %q is not {cancelled, instances}: %v", joinBodies(msgs), err)
	}
	return *s.Cancelled, *s.Instances
}

func joinBodies(msgs []resourceMessage) []byte {
	var b []byte
	for _, m := range msgs {
		b = append(b, m.body...)
	}
	return b
}

// headerValue finds a header case-insensitively (HTTP semantics).
func headerValue(h map[string][]string, name string) string {
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
