package conformance

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dsforge.dev/tools/conformance/host"
)

// hclogLevels are the level names go-plugin's parser understands (anything else is logged raw).
var hclogLevels = map[string]bool{"trace": true, "debug": true, "info": true, "warn": true, "error": true}

func TestLogging(t *testing.T) {
	t.Run("the query cancelled line reaches go-plugin's logger as an info entry with the refId", func(t *testing.T) {
		p := shared(t)
		ctx, _ := cancelAfter(200 * time.Millisecond)
		_, _ = slowQuery(ctx, t, p, "log-check")
		e, ok := p.Logs.WaitFor(func(e host.LogEntry) bool {
			return e.FromPlugin() && e.Message == "query cancelled" && e.Fields["refId"] == "log-check"
		}, 5*time.Second)
		if !ok {
			t.Fatalf("no parsed `query cancelled` entry with refId log-check; plugin lines:\n%s", pluginLines(p))
		}
		if e.Level != "info" {
			t.Errorf("level = %q, want info", e.Level)
		}
	})

	t.Run("every plugin stderr line was parsed by go-plugin as an hclog JSON entry", func(t *testing.T) {
		p := shared(t)
		lines := 0
		for _, e := range p.Logs.Entries() {
			if !e.FromPlugin() {
				continue
			}
			lines++
			if !e.Parsed() {
				t.Errorf("line treated as raw text (debug, no fields): %q", e.Message)
			} else if !hclogLevels[e.Level] {
				t.Errorf("line with unknown level %q: %q", e.Level, e.Message)
			}
		}
		if lines == 0 {
			t.Error("the plugin logged nothing on stderr (expected at least the cancelled query line)")
		}
	})

	t.Run("a completed query is logged with the Go SDK's request fields, at info", func(t *testing.T) {
		p := shared(t)
		before := len(p.Logs.Entries())
		_ = response(t, queryData(t, p, nil, dataQuery("logfields", `{"scenario":"rows","rows":1}`)), "logfields")
		var e host.LogEntry
		ok := false
		for deadline := time.Now().Add(5 * time.Second); !ok && time.Now().Before(deadline); {
			for _, c := range p.Logs.Entries()[before:] {
				if c.FromPlugin() && c.Message == "Plugin Request Completed" && c.Fields["endpoint"] == "queryData" {
					e, ok = c, true
				}
			}
			if !ok {
				time.Sleep(20 * time.Millisecond)
			}
		}
		if !ok {
			t.Fatalf("no `Plugin Request Completed` entry for queryData; plugin lines:\n%s", pluginLines(p))
		}
		if e.Level != "info" {
			t.Errorf("level = %q, want info", e.Level)
		}
		want := map[string]any{"pluginId": pluginID, "dsUid": dsUID, "uname": "Admin", "status": "ok", "statusSource": "plugin"}
		for k, v := range want {
			if e.Fields[k] != v {
				t.Errorf("field %s = %v, want %v (fields: %v)", k, e.Fields[k], v, e.Fields)
			}
		}
		if _, ok := e.Fields["duration"]; !ok {
			t.Errorf("no duration field (fields: %v)", e.Fields)
		}
	})

	t.Run("the datasource secret never appears in the plugin's logs", func(t *testing.T) {
		for _, e := range shared(t).Logs.Entries() {
			if strings.Contains(fmt.Sprint(e.Message, e.Fields), secret) {
				t.Errorf("log entry contains the secret apiKey: %q", e.Message)
			}
		}
	})
}

// pluginLines renders what the plugin logged, for failure messages.
func pluginLines(p *host.Plugin) string {
	var b strings.Builder
	for _, e := range p.Logs.Entries() {
		if e.FromPlugin() {
			fmt.Fprintf(&b, "  [%s] %s %v\n", e.Level, e.Message, e.Fields)
		}
	}
	return b.String()
}
