// Command demo is the end of `pnpm demo`: it launches a packaged plugin with Grafana's own plugin
// host libraries (hashicorp/go-plugin configured as Grafana configures it, grafana-plugin-sdk-go's
// pluginv2 clients), checks its health, runs two queries, decodes the frames with the Go SDK and
// prints them the way Grafana would see them, then shuts the plugin down as Grafana does.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"dsforge.dev/tools/conformance/host"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func main() {
	bin := flag.String("plugin", "", "path of the packaged plugin executable (gpx_<id>_<os>_<arch>)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "demo: -plugin <path to gpx_..._linux_amd64> is required")
		os.Exit(2)
	}
	if err := run(*bin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		os.Exit(1)
	}
}

func run(bin string, out io.Writer) error {
	began := time.Now()
	p, err := host.Start(bin, host.Options{})
	if err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	defer p.Kill()
	fmt.Fprintf(out, "launched %s like Grafana 12.4 (no host env, go-plugin handshake, gRPC over a unix socket) in %s\n",
		bin, time.Since(began).Round(time.Millisecond))
	if err := p.Ping(); err != nil {
		return fmt.Errorf("go-plugin health ping: %w", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	now := time.Now().Truncate(time.Second)
	pc := &pluginv2.PluginContext{
		OrgId: 1, PluginId: "dsforge-example-datasource", PluginVersion: "0.1.0",
		UserAgent: "Grafana/" + host.GrafanaVersion,
		User:      &pluginv2.User{Login: "admin", Name: "Admin", Role: "Admin"},
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: 1, Uid: "demo", Name: "Example", JsonData: []byte("{}"),
			DecryptedSecureJsonData: map[string]string{"apiKey": "demo-secret"},
			LastUpdatedMS:           now.UnixMilli(),
		},
	}

	health, err := p.Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		return fmt.Errorf("CheckHealth: %w", err)
	}
	fmt.Fprintf(out, "\nCheckHealth: %s %q details=%s\n", health.Status, health.Message, health.JsonDetails)

	tr := &pluginv2.TimeRange{FromEpochMS: now.Add(-time.Minute).UnixMilli(), ToEpochMS: now.UnixMilli()}
	res, err := p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{PluginContext: pc, Queries: []*pluginv2.DataQuery{
		{RefId: "A", TimeRange: tr, MaxDataPoints: 100, IntervalMS: 1000, Json: []byte(`{"scenario":"rows","rows":5}`)},
		{RefId: "B", TimeRange: tr, MaxDataPoints: 100, IntervalMS: 1000, Json: []byte(`{"scenario":"error"}`)},
	}})
	if err != nil {
		return fmt.Errorf("QueryData: %w", err)
	}
	a, b := res.Responses["A"], res.Responses["B"]
	if a == nil || b == nil {
		return fmt.Errorf("QueryData answered refIds %v, want A and B", keys(res.Responses))
	}
	frames, err := data.UnmarshalArrowFrames(a.Frames)
	if err != nil {
		return fmt.Errorf("the Go SDK cannot decode query A's frames: %w", err)
	}
	fmt.Fprintf(out, "\nQueryData A (status %d): %d frame(s), decoded by grafana-plugin-sdk-go\n", a.Status, len(frames))
	for _, f := range frames {
		table, err := f.StringTable(-1, -1)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, table)
		js, _ := json.Marshal(f.Meta)
		fmt.Fprintf(out, "meta: %s\n", js)
	}
	fmt.Fprintf(out, "\nQueryData B: status %d, errorSource %q, error %q\n", b.Status, b.ErrorSource, b.Error)
	if a.Status != 200 || len(frames) != 1 || b.Status != 400 {
		return fmt.Errorf("unexpected answers: A status %d with %d frames, B status %d", a.Status, len(frames), b.Status)
	}

	k := p.Kill()
	fmt.Fprintf(out, "\nshutdown via GRPCController/Shutdown: graceful=%v in %s\n", k.Graceful, k.Took.Round(time.Millisecond))
	parsed := 0
	for _, e := range p.Logs.Entries() {
		if e.FromPlugin() && e.Parsed() {
			parsed++
		}
	}
	fmt.Fprintf(out, "go-plugin parsed %d hclog JSON line(s) from the plugin's stderr\n", parsed)
	if !k.Graceful {
		return fmt.Errorf("the plugin did not exit within go-plugin's 2 s grace period")
	}
	return nil
}

func keys(m map[string]*pluginv2.DataResponse) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
